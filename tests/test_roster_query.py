"""The roster list in SQL: Vietnamese order, search without diacritics, filters, rows."""

from __future__ import annotations

import datetime as dt

import pytest

from bhyt_desktop.coverage.changes import changes
from bhyt_desktop.coverage.engine import coverage
from bhyt_desktop.roster import edits as roster
from bhyt_desktop.roster import query as rq
from tests import factories as fx
from tests.roster_helpers import AS_OF, named_roster


def names(db, **kw) -> list[str]:
    ids = rq.person_ids(db, rq.RosterFilter(as_of=kw.pop("as_of", AS_OF), **kw))
    rows = rq.fetch_rows(db, ids, AS_OF)
    return [rows[i].full_name for i in ids]


def test_vietnamese_order_given_name_first_family_name_last(db):
    hid = fx.household(db)
    for name in ["Vũ Thị Giang", "Hoàng Văn Đông", "Phạm Văn Dũng", "Trần Văn Bình", "Lê Thị Ánh",
                 "Trần Văn An", "Nguyễn Văn An", "Trần Thị An", "Đỗ Minh Yên"]:
        fx.person(db, household_id=hid, name=name)
    got = names(db)
    # An < Ánh < Bình < Dũng < Đông < Giang < Yên; among the "An": middle name, then family.
    assert got == ["Trần Thị An", "Nguyễn Văn An", "Trần Văn An", "Lê Thị Ánh", "Trần Văn Bình",
                   "Phạm Văn Dũng", "Hoàng Văn Đông", "Vũ Thị Giang", "Đỗ Minh Yên"]
    assert names(db, descending=True) == got[::-1]


@pytest.mark.parametrize("typed", ["nguyen thi huong", "Nguyen Thi Huong", "huong", "thi huo",
                                   "huong nguyen", "Nguyễn Thị Hương", "  NGUYEN   thi  "])
def test_search_names_without_diacritics(db, typed):
    named_roster(db)
    assert "Nguyễn Thị Hương" in names(db, search=typed)


def test_search_matches_word_starts_only(db):
    named_roster(db)
    assert names(db, search="uong") == []            # not the middle of a word
    assert names(db, search="dong") == ["Hoàng Văn Đông"]   # đ typed as d
    assert names(db, search="van") == ["Nguyễn Văn An", "Trần Văn Bình", "Phạm Văn Dũng", "Hoàng Văn Đông"]
    assert names(db, search="zzz") == []
    assert names(db, search="*") == names(db)        # glob characters are not patterns


def test_search_ids_and_household_code(db):
    named_roster(db)
    assert names(db, search="036180001234") == ["Nguyễn Thị Hương"]
    assert names(db, search="0361 8000") == ["Nguyễn Thị Hương"]      # typed with spaces
    assert names(db, search="1234") == ["Nguyễn Thị Hương"]           # last digits (masked print)
    assert names(db, search="3601234567") == ["Nguyễn Thị Hương"]     # BHXH number
    assert names(db, search="001099") == ["Trần Văn Bình"]            # leading zeros kept
    assert names(db, search="hgd000202") == ["Trần Văn Bình", "Phạm Văn Dũng", "Hoàng Văn Đông", "Vũ Thị Giang"]
    assert len(names(db, search="HGD0001")) == 3
    assert len(names(db, search="000101")) == 3                       # code's digits


def test_card_states_partition_the_roster(db):
    named_roster(db)
    got = {s: names(db, card_state=s) for s in rq.CARD_STATES}
    assert set(got["valid"]) == {"Nguyễn Thị Hương", "Lê Thị Ánh", "Nguyễn Văn An", "Vũ Thị Giang"}
    assert got["expiring"] == ["Lê Thị Ánh"]        # An's card is renewed already
    assert got["lapsed"] == ["Trần Văn Bình"]
    assert got["waiting"] == ["Phạm Văn Dũng"]      # only a card from 01/01/2027
    assert got["never"] == ["Hoàng Văn Đông"]
    assert sum(len(got[s]) for s in ("valid", "waiting", "lapsed", "never")) == len(names(db))
    # On another date the states move: on 15/12/2026 Ánh has lapsed.
    later = dt.date(2026, 12, 15)
    assert "Lê Thị Ánh" in names(db, card_state="lapsed", as_of=later)


def test_row_card_state_matches_filter(db):
    ids = named_roster(db)
    rows = rq.fetch_rows(db, [ids["anh"], ids["an"], ids["binh"], ids["dung"]], AS_OF)
    assert rows[ids["anh"]].card_state == "expiring" and rows[ids["anh"]].card_to == "2026-12-10"
    assert rows[ids["an"]].card_state == "valid" and rows[ids["an"]].card_group == "HT"
    assert rows[ids["binh"]].card_state == "lapsed" and rows[ids["binh"]].card_to == "2024-12-31"
    assert rows[ids["dung"]].card_state == "waiting" and rows[ids["dung"]].card_to == "2027-12-31"
    for state in rq.CARD_STATES:
        for pid in rq.person_ids(db, rq.RosterFilter(as_of=AS_OF, card_state=state)):
            row_state = rq.card_state_of(db, pid, AS_OF)
            assert row_state == state or (state == "valid" and row_state == "expiring")


def test_group_filters(db):
    named_roster(db)
    assert names(db, group_code="GD") == ["Nguyễn Thị Hương"]        # Bình's GD card lapsed
    assert set(names(db, law_group=4)) == {"Lê Thị Ánh", "Vũ Thị Giang"}   # HS, CN
    assert names(db, law_group=2) == ["Nguyễn Văn An"]
    assert names(db, law_group=1) == []                                # Dũng's DN card starts later


def test_age_bands_use_birth_date_or_year(db):
    named_roster(db)
    assert names(db, age_band="0-5") == ["Phạm Văn Dũng"]
    assert names(db, age_band="6-17") == ["Lê Thị Ánh"]
    assert set(names(db, age_band="18-59")) == {"Nguyễn Thị Hương", "Trần Văn Bình", "Vũ Thị Giang"}
    assert names(db, age_band="60-79") == ["Nguyễn Văn An"]         # year only: 2026 - 1950
    assert names(db, age_band="80+") == ["Hoàng Văn Đông"]
    # Birthday boundary: 18 on the day.
    hid = fx.household(db)
    fx.person(db, household_id=hid, name="Ngô Văn Tròn", birth=roster.Birth(dt.date(2008, 11, 22)))
    fx.person(db, household_id=hid, name="Ngô Văn Thiếu", birth=roster.Birth(dt.date(2008, 11, 23)))
    assert "Ngô Văn Tròn" in names(db, age_band="18-59")
    assert "Ngô Văn Thiếu" in names(db, age_band="6-17")


def test_status_filters(db):
    named_roster(db)
    assert names(db, status="deceased") == ["Hoàng Văn Đông"]
    assert names(db, status="away") == ["Vũ Thị Giang"]
    assert "Hoàng Văn Đông" not in names(db, status="counted")
    assert "Hoàng Văn Đông" in names(db, status="counted", as_of=dt.date(2026, 1, 1))   # died later
    assert len(names(db, status="resident")) == 5


def test_village_filter_and_combined(db):
    named_roster(db)
    x2 = fx.village(db, "Xóm 2")
    assert names(db, village_id=x2) == ["Trần Văn Bình", "Phạm Văn Dũng", "Hoàng Văn Đông", "Vũ Thị Giang"]
    assert names(db, village_id=x2, search="van d") == ["Phạm Văn Dũng", "Hoàng Văn Đông"]
    assert names(db, village_id=x2, card_state="valid") == ["Vũ Thị Giang"]


def test_other_sorts(db):
    ids = named_roster(db)
    by_birth = names(db, sort=rq.SORT_BIRTH)
    assert by_birth[0] == "Hoàng Văn Đông" and by_birth[-1] == "Phạm Văn Dũng"
    assert by_birth.index("Nguyễn Văn An") == 1            # year 1950 between 1940 and 1975
    by_household = rq.person_ids(db, rq.RosterFilter(as_of=AS_OF, sort=rq.SORT_HOUSEHOLD))
    assert by_household[0] == ids["huong"]                  # head of HGD000101 first
    by_village = names(db, sort=rq.SORT_VILLAGE, descending=True)
    assert by_village[0] == "Trần Văn Bình"                 # Xóm 2 first, names in order


def test_count_and_slice_agree(db):
    named_roster(db)
    f = rq.RosterFilter(as_of=AS_OF, search="van")
    ids = rq.person_ids(db, f)
    assert rq.count(db, f) == len(ids) == 4
    assert rq.id_slice(db, f, 1, 2) == list(ids[1:3])


def test_unknown_values_are_refused(db):
    with pytest.raises(ValueError):
        rq.person_ids(db, rq.RosterFilter(as_of=AS_OF, card_state="bogus"))
    with pytest.raises(ValueError):
        rq.person_ids(db, rq.RosterFilter(as_of=AS_OF, sort="bogus"))


def test_consistent_with_coverage_and_changes(demo_db):
    """The list's 'valid' and 'expiring' among people counted agree with the reports."""
    cov = coverage(demo_db, AS_OF)
    f = rq.RosterFilter(as_of=AS_OF, card_state="valid", status="counted")
    assert rq.count(demo_db, f) == cov.total.insured
    ch = changes(demo_db, AS_OF - dt.timedelta(days=7), AS_OF, expiring_days=30)
    f = rq.RosterFilter(as_of=AS_OF, card_state="expiring", status="counted")
    assert rq.count(demo_db, f) == ch.total.expiring


def test_household_members_and_find(db):
    ids = named_roster(db)
    members = rq.household_members(db, ids["h1"])
    assert members[0] == ids["huong"] and set(members) == {ids["huong"], ids["anh"], ids["an"]}
    found = rq.find_households(db, "hgd0001")
    assert [f[1] for f in found] == ["HGD000101"] and "Nguyễn Thị Hương" in found[0][2]
    assert [f[1] for f in rq.find_households(db, "nguyen thi huong")] == ["HGD000101"]
    assert rq.find_households(db, "") == []


@pytest.mark.parametrize("typed", ["huong", "nguyen thi", "van", "0361", "1234", "HGD0000", "hgd000012", "n"])
def test_index_and_table_scan_search_paths_agree(demo_db, monkeypatch, typed):
    """A search is run from the small indexes when few match, else by one table pass."""
    f = rq.RosterFilter(as_of=AS_OF, search=typed)
    fast = list(rq.person_ids(demo_db, f))
    monkeypatch.setattr(rq, "FEW_MATCHES", 0)
    assert list(rq.person_ids(demo_db, f)) == fast
    assert rq.count(demo_db, f) == len(fast)


@pytest.mark.parametrize("kw", [{"card_state": s} for s in rq.CARD_STATES]
                         + [{"group_code": "GD"}, {"law_group": 3}, {"law_group": 4}])
def test_per_person_and_set_card_conditions_agree(demo_db, kw):
    """Within a village the card filters look cards up per person; over the commune they
    build sets; both must pick the same people."""
    if kw.get("card_state") == "waiting":      # the demo has no card bought ahead: add a few
        lapsed = list(rq.person_ids(demo_db, rq.RosterFilter(as_of=AS_OF, card_state="lapsed")))
        for pid in lapsed[::7]:
            roster.add_card(demo_db, pid, "GD", dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    everyone = set(rq.person_ids(demo_db, rq.RosterFilter(as_of=AS_OF, **kw)))
    assert everyone
    total = 0
    for (vid,) in demo_db.execute("SELECT id FROM villages"):
        members = {r[0] for r in demo_db.execute("SELECT id FROM people WHERE village_id = ?", [vid])}
        narrow = set(rq.person_ids(demo_db, rq.RosterFilter(as_of=AS_OF, village_id=vid, **kw)))
        assert narrow == everyone & members
        total += len(narrow)
    assert total == len(everyone)
