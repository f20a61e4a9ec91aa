"""The household contribution: tiers at both base salaries, supported groups, the CLI's JSON."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from bhyt_desktop.campaign.contribution import household_contribution
from bhyt_desktop.cli import main
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.rates.amounts import set_rate
from bhyt_desktop.roster import edits as roster
from tests import factories as f

BEFORE, AFTER = dt.date(2026, 6, 30), dt.date(2026, 7, 1)
# By hand: 4.5% of the base salary, then 70%, 60%, 50%, 40%, 40%, 40% of that, a month.
BY_HAND = {
    2_340_000: [105_300, 73_710, 63_180, 52_650, 42_120, 42_120, 42_120],
    2_530_000: [113_850, 79_695, 68_310, 56_925, 45_540, 45_540, 45_540],
}


def _household(db, size: int, household_type: str = "other", code: str = "HGD1") -> int:
    hid = roster.add_household(db, code, f.village(db), household_type=household_type)
    for i in range(size):      # adults 30-45, none with a card
        roster.add_person(db, hid, f"Người {i + 1}", birth=roster.Birth(dt.date(1981 + 2 * i, 3, 1)))
    return hid


@pytest.mark.parametrize("size", range(1, 8))
@pytest.mark.parametrize(("on", "base"), [(BEFORE, 2_340_000), (AFTER, 2_530_000)])
def test_tiers_for_households_of_one_to_seven(db, size, on, base):
    _household(db, size)
    for months in (3, 6, 12):
        c = household_contribution(db, "HGD1", on, months)
        assert c.base_salary == base
        assert [m.tier for m in c.members] == list(range(1, size + 1))
        assert {m.scheme for m in c.members} == {"household"}
        assert [m.amount for m in c.members] == [a * months for a in BY_HAND[base][:size]]
        assert c.total == sum(BY_HAND[base][:size]) * months


def test_members_with_a_card_of_another_group_are_not_counted_in_the_tiers(db):
    hid = _household(db, 3)
    pid = db.execute("SELECT id FROM people WHERE full_name = 'Người 1'").fetchone()[0]
    roster.add_card(db, pid, "DN", dt.date(2026, 1, 1), dt.date(2027, 12, 31))
    # a household card (GD) of the 2nd does not take them out of the tiers
    pid2 = db.execute("SELECT id FROM people WHERE full_name = 'Người 2'").fetchone()[0]
    roster.add_card(db, pid2, "GD", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    c = household_contribution(db, "HGD1", AFTER, 12)
    assert [(m.name, m.scheme, m.tier) for m in c.members] == [
        ("Người 1", "insured", None), ("Người 2", "household", 1), ("Người 3", "household", 2)]
    assert c.total == (113_850 + 79_695) * 12
    assert hid


@pytest.mark.parametrize(("kind", "topup", "monthly"), [
    ("near_poor", None, 34_155),     # 113,850 × (100 − 70)%
    ("near_poor", "20", 11_385),     # seed 003: + 20% from the province
    ("farm_avg", None, 79_695),      # 113,850 × (100 − 30)%
    ("farm_avg", "10", 68_310),      # seed 003: + 10%
    ("poor", None, 0),               # the state pays all
])
def test_supported_households_with_and_without_a_topup(db, kind, topup, monthly):
    _household(db, 2, household_type=kind)
    if topup:
        set_rate(db, f"topup_{kind}_pct", dt.date(2025, 7, 1), topup)
    c = household_contribution(db, "HGD1", AFTER, 12)
    assert [m.scheme for m in c.members] == ["supported", "supported"]
    assert [m.tier for m in c.members] == [None, None]
    assert [m.amount for m in c.members] == [monthly * 12] * 2


def test_supported_never_below_zero_and_students_and_children(db):
    hid = _household(db, 1)
    student = roster.add_person(db, hid, "Học Sinh", birth=roster.Birth(dt.date(2010, 5, 1)))
    roster.add_card(db, student, "HS", dt.date(2025, 1, 1), dt.date(2025, 12, 31))   # lapsed
    roster.add_person(db, hid, "Em Bé", birth=roster.Birth(dt.date(2023, 5, 1)))
    c = household_contribution(db, "HGD1", AFTER, 12)
    by = {m.name: m for m in c.members}
    assert (by["Học Sinh"].scheme, by["Học Sinh"].reason, by["Học Sinh"].amount) == ("supported", "student", 56_925 * 12)
    assert (by["Em Bé"].scheme, by["Em Bé"].amount) == ("supported", 0)
    set_rate(db, "topup_student_pct", dt.date(2025, 7, 1), "70")     # 50 + 70 > 100
    c = household_contribution(db, "HGD1", AFTER, 12)
    assert {m.name: m.amount for m in c.members}["Học Sinh"] == 0


def test_elderly_without_pension_are_supported_only_with_the_province_topup(db):
    hid = _household(db, 1)
    old = roster.add_person(db, hid, "Cụ Ông", birth=roster.Birth(dt.date(1956, 1, 1)))      # 70
    pensioner = roster.add_person(db, hid, "Cụ Bà", birth=roster.Birth(dt.date(1955, 1, 1)))
    db.execute("UPDATE people SET benefit = 'pension' WHERE id = ?", [pensioner])
    c = household_contribution(db, "HGD1", AFTER, 12)
    assert {m.name: m.scheme for m in c.members}["Cụ Ông"] == "household"
    set_rate(db, "topup_elderly_pct", dt.date(2025, 7, 1), "50")    # seed 002: the city pays part
    c = household_contribution(db, "HGD1", AFTER, 12)
    by = {m.name: m for m in c.members}
    assert (by["Cụ Ông"].scheme, by["Cụ Ông"].amount) == ("supported", 56_925 * 12)
    assert by["Cụ Bà"].tier == 1 and by["Người 1"].tier == 2      # oldest first (no head set)
    assert old


def test_rounding_is_half_up_once_per_member(db):
    _household(db, 2)
    set_rate(db, "base_salary", dt.date(2026, 7, 1), "2530001")
    c = household_contribution(db, "HGD1", AFTER, 3)
    # 2,530,001 × 4.5% × 3 = 341,550.135 -> 341,550; × 70% = 239,085.0945 -> 239,085
    assert [m.amount for m in c.members] == [341_550, 239_085]


def test_bad_input_is_a_clear_message(db):
    _household(db, 1)
    with pytest.raises(UserError, match="Không có hộ"):
        household_contribution(db, "NOPE", AFTER)
    with pytest.raises(UserError, match="3, 6 hoặc 12"):
        household_contribution(db, "HGD1", AFTER, 5)
    db.execute("DELETE FROM rates WHERE key = 'base_salary'")
    with pytest.raises(UserError, match="base_salary"):
        household_contribution(db, "HGD1", AFTER)


def test_cli_json_shape(db, db_path, capsys):
    hid = _household(db, 2)
    pid = roster.add_person(db, hid, "Có Thẻ", birth=roster.Birth(dt.date(1990, 1, 1)))
    roster.add_card(db, pid, "DN", dt.date(2026, 1, 1), dt.date(2027, 12, 31))
    db.conn.commit()
    assert main(["contribution", "--db", str(db_path), "--household", "HGD1", "--months", "6",
                 "--on", "01/07/2026", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {"household": "HGD1", "on": "2026-07-01", "months": 6, "members": [
        {"name": "Người 1", "scheme": "household", "tier": 1, "share_pct": "4.5", "amount": 683_100},
        {"name": "Người 2", "scheme": "household", "tier": 2, "share_pct": "3.15", "amount": 478_170},
        {"name": "Có Thẻ", "scheme": "insured", "tier": None, "share_pct": "0", "amount": 0}],
        "total": 1_161_270}
    assert main(["contribution", "--db", str(db_path), "--household", "HGD1"]) == 0
    out = capsys.readouterr().out
    assert "1.366.200 đ" in out and "Tổng cộng: 2.322.540 đ" in out
    assert main(["contribution", "--db", str(db_path), "--household", "X"]) == 1
    assert "Không có hộ gia đình mã «X»" in capsys.readouterr().err
