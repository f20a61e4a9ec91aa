"""Dashboard figures are coverage()'s figures; the 7-day change is changes()'s net."""

from __future__ import annotations

import datetime as dt

import pytest

from bhyt_desktop import commune as cm
from bhyt_desktop.changes import changes
from bhyt_desktop.coverage import coverage, weekly_pace
from bhyt_desktop.dashboard import dashboard, insured_by_village
from tests.factories import person

DATES = [dt.date(2026, 11, 22), dt.date(2026, 1, 1), dt.date(2025, 6, 30), dt.date(2026, 12, 31),
         dt.date(2024, 3, 1)]


@pytest.mark.parametrize("on", DATES)
def test_dashboard_equals_coverage_and_changes(demo_db, on):
    board = dashboard(demo_db, on)
    cov = coverage(demo_db, on)
    net = changes(demo_db, on - dt.timedelta(days=7), on)
    assert [v.village_id for v in board.villages] == [u.village_id for u in cov.villages]
    for row, u in zip(board.villages, cov.villages, strict=True):
        assert (row.name, row.population, row.insured, row.rate_pct, row.target_pct, row.needed,
                row.population_source) == (u.name, u.population, u.insured, u.rate_pct,
                                           u.target_pct, u.needed, u.population_source)
        assert row.change == net.villages[row.village_id].net
        assert row.behind == u.behind
    t = cov.total
    assert (board.total.population, board.total.insured, board.total.rate_pct,
            board.total.needed) == (t.population, t.insured, t.rate_pct, t.needed)
    assert board.total.change == net.total.net
    assert board.weekly_pace == weekly_pace(t.needed, on)


def test_insured_by_village_counts_people_not_cards(db):
    # two overlapping cards: one person; a moved-out person with a valid card: not counted
    person(db, ("GD", "2026-01-01", "2026-12-31"), ("HS", "2026-06-01", "2027-05-31"))
    person(db, ("GD", "2026-01-01", "2026-12-31"), status="moved_out",
           status_date=dt.date(2026, 3, 1))
    vid = cm.find_village(db, "Xóm 1").id
    assert insured_by_village(db, dt.date(2026, 7, 1)) == {vid: 1}
    assert insured_by_village(db, dt.date(2026, 2, 1)) == {vid: 2}
    assert coverage(db, dt.date(2026, 7, 1)).villages[0].insured == 1


def test_campaign_running_on_date(demo_db):
    board = dashboard(demo_db, dt.date(2026, 11, 22))
    assert [c.name for c in board.campaigns] == ["Tháng cao điểm vận động BHYT"]
    assert dashboard(demo_db, dt.date(2026, 1, 5)).campaigns == []
