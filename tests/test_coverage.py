"""The coverage engine: who is counted and who is insured on a date, with edge cases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bhyt_desktop.common.formats import fmt_int, fmt_pct
from bhyt_desktop.common.text import fold, sort_key
from bhyt_desktop.commune import campaigns
from bhyt_desktop.commune import details as cm
from bhyt_desktop.coverage.engine import coverage, weekly_pace, weeks_left
from bhyt_desktop.roster import edits as roster
from tests.factories import D, person, village


def insured(db, on: str) -> int:
    return coverage(db, D(on)).total.insured


def test_card_boundaries_are_inclusive(db):
    person(db, ("GD", "2026-01-01", "2026-06-30"))
    assert insured(db, "2025-12-31") == 0
    assert insured(db, "2026-01-01") == 1
    assert insured(db, "2026-06-30") == 1
    assert insured(db, "2026-07-01") == 0


def test_leap_day(db):
    person(db, ("GD", "2024-02-29", "2024-02-29"))
    person(db, ("HS", "2023-03-01", "2024-02-28"))
    assert insured(db, "2024-02-28") == 1
    assert insured(db, "2024-02-29") == 1
    assert insured(db, "2024-03-01") == 0


def test_moved_out_or_deceased_before_the_date_not_counted(db):
    a = person(db, ("GD", "2026-01-01", "2026-12-31"))
    b = person(db, ("GD", "2026-01-01", "2026-12-31"))
    roster.set_status(db, a, "moved_out", D("2026-03-10"))
    roster.set_status(db, b, "deceased", D("2026-05-01"))
    before = coverage(db, D("2026-03-09")).total
    assert (before.residents, before.insured) == (2, 2)
    mid = coverage(db, D("2026-03-10")).total      # moved out on that day: gone
    assert (mid.residents, mid.insured) == (1, 1)
    after = coverage(db, D("2026-06-01")).total
    assert (after.residents, after.insured) == (0, 0)


def test_working_away_is_counted(db):
    a = person(db, ("DN", "2026-01-01", "2026-12-31", False))
    roster.set_status(db, a, "away", D("2025-01-01"))
    person(db)
    t = coverage(db, D("2026-05-01")).total
    assert (t.residents, t.insured) == (2, 1)


def test_cards_issued_elsewhere_are_counted_and_reported(db):
    person(db, ("DN", "2026-01-01", "2026-12-31", False))
    person(db, ("GD", "2026-01-01", "2026-12-31", True))
    t = coverage(db, D("2026-05-01")).total
    assert t.insured == 2
    assert t.insured_elsewhere == 1


def test_born_after_the_date_not_counted(db):
    person(db, ("TE", "2026-04-01", "2032-03-31"), birth=roster.Birth(date=D("2026-04-01")))
    assert coverage(db, D("2026-03-31")).total.residents == 0
    assert coverage(db, D("2026-04-01")).total.insured == 1


def test_year_only_birth_is_counted(db):
    person(db, ("HT", "2020-01-01", "2030-12-31"), birth=roster.Birth(year=1948))
    t = coverage(db, D("2026-01-01")).total
    assert (t.residents, t.insured) == (1, 1)


def test_overlapping_cards_count_the_person_once_under_the_kept_card(db):
    """The rule of definitions.kept_card_order_sql: highest benefit on the date, then the
    law's order, then the card that started last."""
    # HS and GD both level 4: the law's order puts group 4 (HS) before group 5 (GD)
    person(db, ("HS", "2025-09-01", "2026-08-31"), ("GD", "2026-06-01", "2027-05-31"))
    # CN is level 3 in 2025 and level 2 from 1/1/2026 (Resolution 261/2025/QH15); HN is 2
    person(db, ("HN", "2025-01-01", "2026-12-31"), ("CN", "2025-06-01", "2026-12-31"))
    # two cards of one code: the one that started last
    person(db, ("GD", "2025-01-01", "2026-12-31"), ("GD", "2025-06-01", "2026-12-31"))
    # TE (level 1) beats HN (level 2) whatever the start
    person(db, ("HN", "2026-01-01", "2026-12-31"), ("TE", "2025-01-01", "2026-12-31"))
    cov = coverage(db, D("2026-07-01"))
    assert cov.total.insured == 4
    assert cov.total.by_group == {"HS": 1, "HN": 1, "GD": 1, "TE": 1}
    # in 2025 HN (level 2) beats CN (level 3); from 2026 both are level 2 and HN, group 3,
    # comes first in the law's order too
    assert coverage(db, D("2025-07-01")).total.by_group["HN"] == 1


def test_statistical_population_versus_roster(db):
    v1 = village(db, "Xóm 1")
    village(db, "Xóm 2")
    for _ in range(3):
        person(db, ("GD", "2026-01-01", "2026-12-31"), village_name="Xóm 1")
    person(db, village_name="Xóm 2")
    cm.set_population(db, 2026, 10, v1, "Thống kê")
    cov = coverage(db, D("2026-05-01"))
    x1, x2 = cov.villages
    assert (x1.population, x1.population_source, x1.residents, x1.insured) == (10, "statistical", 3, 3)
    assert (x2.population, x2.population_source, x2.residents) == (1, "roster", 1)
    assert (cov.total.population, cov.total.population_source) == (11, "mixed")
    # another year has no statistical figure: the roster counts
    assert coverage(db, D("2025-05-01")).villages[0].population_source == "roster"
    # the commune's own statistical figure wins over the villages' sum
    cm.set_population(db, 2026, 50, None)
    assert coverage(db, D("2026-05-01")).total.population == 50


def test_village_target_inherits_the_commune_target(db):
    v1 = village(db, "Xóm 1")
    village(db, "Xóm 2")
    person(db, village_name="Xóm 2")
    cm.set_target(db, 2026, "95")
    cm.set_target(db, 2026, "97,5", v1)
    cov = coverage(db, D("2026-05-01"))
    assert cov.villages[0].target_pct == Decimal("97.50")
    assert not cov.villages[0].target_inherited
    assert cov.villages[1].target_pct == Decimal("95.00")
    assert cov.villages[1].target_inherited
    assert coverage(db, D("2027-01-01")).total.target_pct is None


def test_needed_is_never_below_zero(db):
    person(db, ("GD", "2026-01-01", "2026-12-31"))
    cm.set_target(db, 2026, 50)
    assert coverage(db, D("2026-05-01")).total.needed == 0


def test_group_breakdown(db):
    person(db, ("TE", "2024-01-01", "2029-12-31"))
    person(db, ("HS", "2026-01-01", "2026-12-31"))
    person(db, ("HS", "2026-01-01", "2026-12-31"))
    person(db, ("HT", "2020-01-01", "2030-12-31"))
    cov = coverage(db, D("2026-05-01"))
    assert {g.code: g.insured for g in cov.groups} == {"TE": 1, "HS": 2, "HT": 1}
    assert cov.by_law_group() == {1: 0, 2: 1, 3: 1, 4: 2, 5: 0}


def test_seed_004_arithmetic(db):
    """Nam Toàn, 15/03/2022: 3,990 insured of 4,591 = 86.91%, 601 without, 372 more for 95%."""
    cm.set_commune(db, name="Xã Nam Toàn")
    vid = village(db, "Xóm 1")
    hid = roster.add_household(db, "NT0001", vid)
    names = [f"Trần Thị {i}" for i in range(4000)]
    with db.atomic():               # the 4,000 people and their cards in one bulk transaction
        db.conn.executemany(
            "INSERT INTO people (household_id, village_id, full_name, name_key, sort_key)"
            " VALUES (?, ?, ?, ?, ?)", [(hid, vid, n, fold(n), sort_key(n)) for n in names])
        pids = [r[0] for r in db.execute("SELECT id FROM people WHERE household_id = ? ORDER BY id", [hid])]
        db.conn.executemany(
            "INSERT INTO cards (person_id, group_code, valid_from, valid_to) VALUES (?,?,?,?)",
            [(pid, "GD", "2022-01-01", "2022-12-31") for pid in pids[:3990]])
    cm.set_population(db, 2022, 4591, None, "Thống kê 2022")
    cm.set_target(db, 2022, 95)
    t = coverage(db, D("2022-03-15")).total
    assert t.population == 4591
    assert t.insured == 3990
    assert fmt_pct(t.rate_pct) == "86,91%"
    assert t.uninsured == 601
    assert t.needed == 372
    assert fmt_int(t.population) == "4.591"


@pytest.mark.parametrize(("as_of", "weeks"), [("2026-12-31", 1), ("2026-12-24", 1),
                                               ("2026-12-23", 2), ("2026-01-01", 52)])
def test_weeks_left(as_of, weeks):
    assert weeks_left(D(as_of)) == weeks


def test_weekly_pace():
    assert weekly_pace(372, dt.date(2022, 3, 15)) == 9    # 42 weeks left
    assert weekly_pace(None, dt.date(2022, 3, 15)) is None


def test_campaign_running_on_the_date(db):
    vid = village(db, "Xóm 1")
    for _ in range(10):
        person(db, ("GD", "2026-01-01", "2026-12-31"))
    for _ in range(10):
        person(db)
    campaigns.add_campaign(db, "Tháng cao điểm", D("2026-10-01"), D("2026-10-31"), 80)
    campaigns.add_campaign(db, "Thôn 1 về đích", D("2026-10-15"), D("2026-11-15"), "90", vid)
    assert coverage(db, D("2026-09-30")).campaigns == []
    camps = coverage(db, D("2026-10-20")).campaigns
    assert [(c.name, c.village_id, c.needed) for c in camps] == [
        ("Tháng cao điểm", None, 6), ("Thôn 1 về đích", vid, 8)]
