"""The roster list's fast paths give exactly what a plain reading of the rules gives.

The oracle below reads every person and card into Python and applies the definitions of
docs/roster.md one by one (no SQL conditions, no index hints); the list query, on every
path it can take (ids from the small indexes, a walk of the people_roster index, a table
pass, per-person or whole-commune card conditions), must return the same ids in the same
order.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import shutil
from pathlib import Path

import pytest

from bhyt_desktop.coverage import definitions as defs
from bhyt_desktop.roster import query as rq
from tests import factories as fx
from tests.roster_helpers import AS_OF, named_roster


def oracle(db, f: rq.RosterFilter) -> list[int]:
    d, soon = f.as_of.isoformat(), (f.as_of + dt.timedelta(days=f.expiring_days)).isoformat()
    grp = dict(db.execute("SELECT code, grp FROM group_codes").fetchall())
    cards: dict[int, list[tuple[str, str, str]]] = {}
    for pid, code, start, end in db.execute("SELECT person_id, group_code, valid_from, valid_to FROM cards"):
        cards.setdefault(pid, []).append((code, start, end))
    codes = dict(db.execute("SELECT id, code FROM households").fetchall())
    digits, words, code = rq._search_terms(f.search)
    band = {k: (lo, hi) for k, lo, hi in rq.AGE_BANDS}.get(f.age_band or "")
    out = []
    for (pid, hid, vid, name_key, sort_key, birth_date, birth_year, cccd, bhxh, status, status_date,
         in_date) in db.execute("""SELECT id, household_id, village_id, name_key, sort_key, birth_date,
                                   birth_year, cccd, bhxh_code, status, status_date, in_date FROM people"""):
        mine = cards.get(pid, [])
        valid = [c for c in mine if c[1] <= d <= c[2]]
        state = defs.card_state([(c[1], c[2]) for c in mine], d, soon)
        checks = [
            f.village_id is None or vid == f.village_id,
            f.household_id is None or hid == f.household_id,
            f.card_state is None or state == f.card_state or (f.card_state == "valid" and state == "expiring"),
            not f.group_code or any(c[0] == f.group_code for c in valid),
            f.law_group is None or any(grp[c[0]] == f.law_group for c in valid),
        ]
        if digits or words or code:
            hits = []
            if digits:
                hits += [bool(cccd and cccd.startswith(digits)), bool(bhxh and bhxh.startswith(digits)),
                         len(digits) >= 3 and bool((cccd and cccd.endswith(digits))
                                                   or (bhxh and bhxh.endswith(digits)))]
            if words:
                parts = name_key.split(" ")
                hits.append(all(any(p.startswith(w) for p in parts) for w in words))
            if code:
                hits.append(codes[hid].startswith(code) or bool(digits and codes[hid].endswith(code)))
            checks.append(any(hits))
        if band:
            lo, hi = band
            if birth_date:
                born = dt.date.fromisoformat(birth_date)
                age = f.as_of.year - born.year - ((f.as_of.month, f.as_of.day) < (born.month, born.day))
            else:
                age = f.as_of.year - birth_year if birth_year is not None else None
            checks.append(age is not None and age >= lo and (hi is None or age <= hi))
        if f.status == "counted":
            checks.append((status in ("resident", "away") or bool(status_date and status_date > d))
                          and (in_date is None or in_date <= d) and (birth_date is None or birth_date <= d))
        elif f.status:
            checks.append(status == f.status)
        if all(checks):
            out.append((sort_key, pid))
    out.sort(reverse=f.descending)
    return [pid for _key, pid in out]


SEARCHES = ["", "n", "ng", "nguyen", "nguyen t", "thi huong", "van a", "h", "036", "0361", "1234",
            "HGD0000", "hgd000012", "9", "xyz"]
FILTERS = ([{}] + [{"card_state": s} for s in rq.CARD_STATES]
           + [{"group_code": "GD"}, {"law_group": 4}, {"age_band": "60-79"}, {"age_band": "0-5"},
              {"status": "counted"}, {"status": "away"}, {"card_state": "lapsed", "status": "counted"},
              {"card_state": "valid", "age_band": "18-59"}])


@pytest.mark.parametrize("few", [rq.FEW_MATCHES, 0], ids=["index-first", "walk"])
@pytest.mark.parametrize("search", SEARCHES)
def test_every_search_path_equals_the_oracle(demo_db, monkeypatch, few, search):
    monkeypatch.setattr(rq, "FEW_MATCHES", few)
    for kw, descending in itertools.product(FILTERS, (False, True)):
        f = rq.RosterFilter(as_of=AS_OF, search=search, descending=descending, **kw)
        assert list(rq.person_ids(demo_db, f)) == oracle(demo_db, f), (search, kw, descending)


@pytest.mark.parametrize("as_of", [AS_OF, dt.date(2026, 1, 1), dt.date(2025, 6, 30), dt.date(2027, 3, 1)])
def test_filters_on_other_dates_and_windows_equal_the_oracle(demo_db, as_of):
    villages = [v for (v,) in demo_db.execute("SELECT id FROM villages ORDER BY id LIMIT 2")]
    for kw, vid, days in itertools.product(FILTERS, [None, *villages], (30, 90)):
        f = rq.RosterFilter(as_of=as_of, village_id=vid, expiring_days=days, **kw)
        assert list(rq.person_ids(demo_db, f)) == oracle(demo_db, f), (as_of, kw, vid, days)


def test_hand_made_roster_equals_the_oracle(db):
    """Renewals entered early, future cards, year-only births, moved-out people."""
    named_roster(db)
    fx.person(db, ("GD", "2027-01-01", "2027-12-31"), name="Trần Văn Tương Lai")        # card not started
    for search, kw in itertools.product(["", "nguyen", "thi", "1234", "hgd"], FILTERS):
        f = rq.RosterFilter(as_of=AS_OF, search=search, **kw)
        assert list(rq.person_ids(db, f)) == oracle(db, f), (search, kw)


def test_broad_search_walks_the_roster_index(demo_db):
    """The fast path is really taken: a broad search or a residence filter walks people_roster
    in order, without a temporary sort."""
    for f in (rq.RosterFilter(as_of=AS_OF, search="n"), rq.RosterFilter(as_of=AS_OF, status="counted"),
              rq.RosterFilter(as_of=AS_OF, search="036", descending=True)):
        sql, params = rq.list_sql(f)
        plan = " | ".join(r[3] for r in demo_db.execute(f"EXPLAIN QUERY PLAN {sql}", params))
        assert "COVERING INDEX people_roster" in plan and "TEMP B-TREE" not in plan, plan


def test_sort_by_village_equals_the_oracle(demo_db):
    """Villages in display order (then id), each one's people in name order; the walk over
    migration 4's indexes and the plain sort agree, also after the villages are reordered."""
    def expected(f):
        rank = {vid: (order, vid) for vid, order in demo_db.execute("SELECT id, display_order FROM villages")}
        village = dict(demo_db.execute("SELECT id, village_id FROM people").fetchall())
        sort_key = dict(demo_db.execute("SELECT id, sort_key FROM people").fetchall())
        ids = oracle(demo_db, rq.RosterFilter(**{**f.__dict__, "sort": rq.SORT_NAME, "descending": False}))
        by_name = sorted(ids, key=lambda i: (sort_key[i], i))
        # Descending reverses the villages only; a stable sort keeps names ascending inside.
        return sorted(by_name, key=lambda i: rank[village[i]], reverse=f.descending)

    for rnd in range(2):
        if rnd:      # reverse the display order
            with demo_db.atomic():
                demo_db.execute("UPDATE villages SET display_order = 100 - display_order")
        for kw, search, descending in itertools.product(FILTERS, ["", "nguyen"], (False, True)):
            f = rq.RosterFilter(as_of=AS_OF, search=search, sort=rq.SORT_VILLAGE, descending=descending, **kw)
            assert list(rq.person_ids(demo_db, f)) == expected(f), (kw, search, descending, rnd)
    sql, params = rq.list_sql(rq.RosterFilter(as_of=AS_OF, sort=rq.SORT_VILLAGE, card_state="valid"))
    plan = " | ".join(r[3] for r in demo_db.execute(f"EXPLAIN QUERY PLAN {sql}", params))
    assert "people_village_order" in plan and "TEMP B-TREE" not in plan, plan


def test_a_version_1_file_gets_the_roster_indexes_and_the_same_lists(tmp_path):
    """Migration 4 on a real v1 file: the indexes exist and every path still equals the oracle."""
    from bhyt_desktop.store import open_db, schema_version
    path = tmp_path / "old.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "schema_v1.db", path)
    db = open_db(path)
    assert schema_version(db) >= 4
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"people_roster", "villages_order", "people_village_order"} <= names
    assert _words(db) == _words_oracle(db) and _words(db)          # filled from the old names
    fixture_figures = Path(__file__).parent / "fixtures" / "schema_v1.json"
    as_of = dt.date.fromisoformat(json.loads(fixture_figures.read_text(encoding="utf-8"))["as_of"])
    for kw, search, sort in itertools.product(FILTERS, ["", "n", "0"], (rq.SORT_NAME, rq.SORT_VILLAGE)):
        f = rq.RosterFilter(as_of=as_of, search=search, sort=sort, **kw)
        got = list(rq.person_ids(db, f))
        if sort == rq.SORT_NAME:
            assert got == oracle(db, f), (kw, search)
        else:
            assert sorted(got) == sorted(oracle(db, f)), (kw, search)
    db.close()


def _words_oracle(db) -> set[tuple[str, int]]:
    return {(w, pid) for pid, key in db.execute("SELECT id, name_key FROM people")
            for w in key.split(" ") if w}


def _words(db) -> set[tuple[str, int]]:
    return set(db.execute("SELECT word, person_id FROM people_words").fetchall())


def test_people_words_follow_every_change_of_a_name(db, demo_db):
    """people_words (kept by triggers) always equals the words of people.name_key."""
    from bhyt_desktop.roster import edits as roster
    assert _words(demo_db) == _words_oracle(demo_db) and len(_words(demo_db)) > 1500
    hid = fx.household(db, "Xóm 1")
    a = roster.add_person(db, hid, "Nguyễn Thị Hương")
    b = roster.add_person(db, hid, "Đỗ  Đức   Đông")                 # repeated words, extra spaces
    c = roster.add_person(db, hid, "Lê Văn Văn")
    assert _words(db) == _words_oracle(db)
    assert ("dong", b) in _words(db) and ("duc", b) in _words(db)
    roster.update_person(db, a, full_name="Trần Thị Hường Mai")         # rename
    roster.update_person(db, c, full_name="Lê Văn")                     # a word fewer
    roster.move_person(db, b, fx.household(db, "Xóm 2"))                 # not a name change
    roster.set_status(db, b, "moved_out", dt.date(2026, 5, 1))
    assert _words(db) == _words_oracle(db)
    with db.atomic():
        db.execute("UPDATE people SET name_key = 'o\"brien \\\\x  y', full_name = 'x' WHERE id = ?", [c])
        db.execute("UPDATE people SET id = 999 WHERE id = ?", [a])
    assert _words(db) == _words_oracle(db) and ('o"brien', c) in _words(db)
    with db.atomic():
        db.execute("DELETE FROM people WHERE id = ?", [999])
    assert _words(db) == _words_oracle(db) and not any(pid == 999 for _w, pid in _words(db))
    assert list(rq.person_ids(db, rq.RosterFilter(as_of=AS_OF, search="dong"))) == [b]
