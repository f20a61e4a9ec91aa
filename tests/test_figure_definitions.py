"""Every path that counts people agrees with coverage/definitions.py, on many dates.

A commune with tricky card histories (gaps, cards bought ahead, overlapping cards of two
groups, people who arrive, move out or die, babies born during the period, birth years
only) is built through the core's own writes. For each date, the Python twins of the
definitions give the reference sets of ids; then coverage, the timeline, the dashboard,
the roster filters and rows, the report's lapsed count, the export's lists and counts and
the changes over a period must count exactly those people.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest

from bhyt_desktop.coverage import definitions as defs
from bhyt_desktop.coverage.changes import changes
from bhyt_desktop.coverage.engine import coverage
from bhyt_desktop.coverage.timeline import build_timeline
from bhyt_desktop.dashboard.figures import insured_by_village
from bhyt_desktop.export import data as export_data
from bhyt_desktop.reports.figures import lapsed_by_village
from bhyt_desktop.roster import edits as roster
from bhyt_desktop.roster import query as rq
from tests import factories as fx

D = dt.date
DAYS = 30
PERIOD = 45
GROUPS = ("GD", "HS", "HT", "TE", "CN", "DN")


def _tricky_commune(db, seed: int = 11, people: int = 160) -> None:
    rng = random.Random(seed)
    villages = ["Xóm 1", "Xóm 2", "Thôn Đông"]
    for i in range(people):
        hid = fx.household(db, villages[i % 3], code=f"HT{i:04d}")
        roll = rng.random()
        birth = (roster.Birth(year=rng.randint(1940, 2010)) if roll < 0.15 else
                 roster.Birth(D(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 300))) if roll < 0.22 else
                 roster.Birth(D(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 25000))))
        in_date = D(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 700)) if rng.random() < 0.1 else None
        status = "away" if rng.random() < 0.08 else "resident"
        pid = roster.add_person(db, hid, f"Người Thử {i}", birth=birth, status=status, in_date=in_date)
        start = D(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 500))
        for _n in range(rng.choice((0, 0, 1, 2, 3, 4))):
            months = rng.choice((3, 6, 12, 12))
            end = start + dt.timedelta(days=months * 30 - 1)
            roster.add_card(db, pid, rng.choice(GROUPS), start, end)
            if rng.random() < 0.15:         # a second card of another group, overlapping
                roster.add_card(db, pid, "DN", start + dt.timedelta(days=rng.randint(0, 60)),
                                end + dt.timedelta(days=rng.randint(-30, 60)))
            gap = rng.choice((-10, 0, 0, 1, 5, 30, 89, 90, 91, 200, 400))
            start = end + dt.timedelta(days=gap + 1)
        later = rng.random()
        if later < 0.06:
            roster.set_status(db, pid, "moved_out", D(2025, 6, 1) + dt.timedelta(days=rng.randint(0, 600)))
        elif later < 0.11:
            roster.set_status(db, pid, "deceased", D(2025, 6, 1) + dt.timedelta(days=rng.randint(0, 600)))


def _dates(db) -> list[dt.date]:
    """Every 29 days over five years, and days around card starts and ends."""
    out = {D(2024, 1, 1) + dt.timedelta(days=29 * k) for k in range(64)}
    rng = random.Random(3)
    edges = [r for r in db.execute("SELECT valid_from, valid_to FROM cards")]
    for start, end in rng.sample(edges, 25):
        for text, shift in ((start, 0), (start, -1), (end, 0), (end, 1)):
            out.add(D.fromisoformat(text) + dt.timedelta(days=shift))
    return sorted(out)


class Reference:
    """The definitions' Python twins over the raw rows."""

    def __init__(self, db):
        self.people = {pid: row for pid, *row in db.execute(
            "SELECT id, village_id, status, status_date, in_date, birth_date FROM people")}
        self.cards: dict[int, list[tuple[str, str]]] = {pid: [] for pid in self.people}
        for pid, f, t in db.execute("SELECT person_id, valid_from, valid_to FROM cards"):
            self.cards[pid].append((f, t))
        self.names = dict(db.execute("SELECT full_name, id FROM people"))

    def on(self, d: dt.date) -> tuple[set[int], dict[int, str]]:
        iso, soon = d.isoformat(), (d + dt.timedelta(days=DAYS)).isoformat()
        counted = {pid for pid, (_v, st, sd, ind, bd) in self.people.items()
                   if defs.is_counted(st, sd, ind, bd, iso)}
        states = {pid: defs.card_state(self.cards[pid], iso, soon) for pid in self.people}
        return counted, states

    def by_village(self, ids) -> Counter:
        return Counter(self.people[pid][0] for pid in ids)

    def starts(self, s: dt.date, e: dt.date, counted: set[int], break_days: int) -> dict[str, set[int]]:
        lo, hi = s.isoformat(), e.isoformat()
        out: dict[str, set[int]] = {"new": set(), "renewal": set(), "renewal_after_break": set()}
        for pid in counted:
            cards = self.cards[pid]
            for f, _t in cards:
                if lo < f <= hi:
                    earlier = [t for f2, t in cards if f2 < f]
                    kind = defs.start_kind(earlier, f, break_days)
                    if kind == "new" and any(f2 <= lo for f2, _t2 in cards):
                        continue        # an earlier card started before the period
                    out[kind].add(pid)
                    if kind == "renewal_after_break":
                        out["renewal"].add(pid)
        return out


def _without_zeros(counter) -> dict:
    return {k: v for k, v in dict(counter).items() if v}


@pytest.fixture(scope="module")
def tricky(tmp_path_factory):
    from bhyt_desktop.store import open_db
    path = tmp_path_factory.mktemp("tricky") / "xa.db"
    db = open_db(path, create=True)
    from bhyt_desktop.common import clock
    was = clock.today()
    clock.fix_today(D(2028, 12, 31))    # histories entered over the years, cards up to 2029
    try:
        _tricky_commune(db)
    finally:
        clock.fix_today(was)
    yield db
    db.close()


def test_every_path_counts_the_same_people_on_many_dates(tricky):
    db = tricky
    ref = Reference(db)
    timeline = build_timeline(db)
    states_seen: Counter = Counter()
    for d in _dates(db):
        counted, states = ref.on(d)
        insured = {p for p in counted if states[p] in ("valid", "expiring")}
        of = {s: {p for p in counted if states[p] == s} for s in defs.CARD_STATES}
        states_seen.update(states[p] for p in counted)

        cov = coverage(db, d)
        assert _without_zeros({u.village_id: u.residents for u in cov.villages}) == \
            _without_zeros(ref.by_village(counted)), d
        assert _without_zeros({u.village_id: u.insured for u in cov.villages}) == \
            _without_zeros(ref.by_village(insured)), d
        assert timeline.residents_on(d) == _without_zeros(ref.by_village(counted)), d
        assert timeline.insured_on(d) == _without_zeros(ref.by_village(insured)), d
        assert insured_by_village(db, d) == _without_zeros(ref.by_village(insured)), d
        assert lapsed_by_village(db, d) == _without_zeros(ref.by_village(of["lapsed"])), d

        for state in defs.CARD_STATES:
            want = insured if state == "valid" else of[state]
            got = set(rq.person_ids(db, rq.RosterFilter(as_of=d, status="counted", card_state=state,
                                                         expiring_days=DAYS)))
            assert got == want, (d, state)
            everyone = {p for p, s in states.items()
                        if s == state or (state == "valid" and s == "expiring")}
            assert set(rq.person_ids(db, rq.RosterFilter(as_of=d, card_state=state,
                                                          expiring_days=DAYS))) == everyone, (d, state)
        rows = rq.fetch_rows(db, list(ref.people), d, DAYS)
        assert {p: r.card_state for p, r in rows.items()} == states, d

        without = {ref.names[r[2]] for r in export_data.uninsured_rows(db, d)}
        assert without == counted - insured and export_data.count_uninsured(db, d) == len(without), d
        expiring = {ref.names[r[2]] for r in export_data.expiring_rows(db, d, DAYS)}
        assert expiring == of["expiring"] and export_data.count_expiring(db, d, DAYS) == len(expiring), d

        start = d - dt.timedelta(days=PERIOD)
        ch = changes(db, start, d, expiring_days=DAYS)
        kinds = ref.starts(start, d, counted, defs.DEFAULT_BREAK_DAYS)
        assert _without_zeros({v: u.expiring for v, u in ch.villages.items()}) == \
            _without_zeros(ref.by_village(of["expiring"])), d
        assert ch.total.new == len(kinds["new"]), d
        assert ch.total.renewals == len(kinds["renewal"]), d
        assert ch.total.renewals_after_break == len(kinds["renewal_after_break"]), d
        assert ch.total.lapses <= len(of["lapsed"]), d
    # The commune really is tricky: every state occurs, on some date.
    assert all(states_seen[s] > 20 for s in defs.CARD_STATES), states_seen


def test_the_triggers_derive_counted_days_from_the_definitions(tricky):
    sql = " ".join(r[0] for r in tricky.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'"))
    assert sql.count(defs.COUNT_FROM_SQL) == 3 and sql.count(defs.COUNT_TO_SQL) == 3
    people = tricky.execute("SELECT id, village_id, status, status_date, in_date, birth_date"
                            " FROM people").fetchall()
    for pid, village, status, status_date, in_date, birth in people:
        want = (village, defs.count_from(in_date, birth), defs.count_to(status, status_date))
        for row in tricky.execute("SELECT village_id, count_from, count_to FROM cards"
                                  " WHERE person_id = ?", [pid]):
            assert row == want, pid


def test_a_card_bought_ahead_is_waiting_not_lapsed_on_every_path(db):
    """The case that made the roster and the report disagree: a 2025 card and a card already
    registered from 01/03/2026, on 01/02/2026."""
    pid = fx.person(db, ("GD", "2025-01-01", "2025-12-31"), ("GD", "2026-03-01", "2027-02-28"))
    d = D(2026, 2, 1)
    assert rq.fetch_rows(db, [pid], d)[pid].card_state == "waiting"
    assert list(rq.person_ids(db, rq.RosterFilter(as_of=d, card_state="lapsed"))) == []
    assert lapsed_by_village(db, d) == {}
    assert defs.card_state([("2025-01-01", "2025-12-31"), ("2026-03-01", "2027-02-28")],
                           "2026-02-01", "2026-03-03") == "waiting"
    # Once the new card starts the person is insured; had it never come, lapsed.
    assert rq.fetch_rows(db, [pid], D(2026, 3, 1))[pid].card_state == "valid"
    assert defs.card_state([("2025-01-01", "2025-12-31")], "2026-02-01", "2026-03-03") == "lapsed"
