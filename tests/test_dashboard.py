"""Dashboard figures are coverage()'s figures; the 7-day change is changes()'s net."""

from __future__ import annotations

import datetime as dt

import pytest

from bhyt_desktop.commune import details as cm
from bhyt_desktop.coverage.changes import changes
from bhyt_desktop.coverage.engine import coverage, weekly_pace
from bhyt_desktop.dashboard.figures import dashboard, insured_by_village
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


def _same(a, b):
    assert a.total == b.total and a.villages == b.villages and a.weekly_pace == b.weekly_pace


def test_timeline_gives_the_same_dashboard_on_many_dates(demo_db):
    from bhyt_desktop.coverage.timeline import build_timeline
    tl = build_timeline(demo_db)
    day = dt.date(2023, 1, 1)
    while day <= dt.date(2027, 3, 1):
        _same(dashboard(demo_db, day, timeline=tl), dashboard(demo_db, day))
        day += dt.timedelta(days=23)


def test_timeline_edge_cases_match_coverage(db):
    from bhyt_desktop.coverage.timeline import build_timeline
    from bhyt_desktop.roster import edits as roster
    # overlapping, touching and gapped cards; born mid-card; moved in; moved out; died
    person(db, ("GD", "2026-01-01", "2026-06-30"), ("GD", "2026-07-01", "2026-12-31"))
    person(db, ("HS", "2025-09-01", "2026-08-31"), ("GD", "2026-03-01", "2027-02-28"))
    person(db, ("GD", "2024-01-01", "2024-12-31"), ("GD", "2025-06-01", "2026-05-31"))
    person(db, ("TE", "2026-01-01", "2031-12-31"), birth=roster.Birth(dt.date(2026, 3, 10)))
    person(db, ("GD", "2026-01-01", "2026-12-31"), in_date=dt.date(2026, 5, 1),
           village_name="Xóm 2")
    person(db, ("GD", "2026-01-01", "2026-12-31"), status="moved_out",
           status_date=dt.date(2026, 4, 15), village_name="Xóm 2")
    person(db, ("HT", "2020-01-01", "2030-12-31"), status="deceased",
           status_date=dt.date(2026, 9, 1))
    person(db, status="away")
    db.execute("UPDATE people SET status = 'moved_out', status_date = NULL WHERE id = "
               "(SELECT max(id) FROM people)")
    cm.set_population(db, 2026, 10, cm.find_village(db, "Xóm 2").id)
    cm.set_target(db, 2026, "90")
    tl = build_timeline(db)
    day = dt.date(2023, 12, 25)
    while day <= dt.date(2027, 3, 5):
        _same(dashboard(db, day, timeline=tl), dashboard(db, day))
        day += dt.timedelta(days=3)


def test_unusual_stored_dates_are_refused_by_the_timeline(db):
    from bhyt_desktop.coverage.timeline import UnusualDates, build_timeline
    pid = person(db, ("GD", "2026-01-01", "2026-12-31"))
    db.execute("UPDATE people SET in_date = '2026-1-5' WHERE id = ?", [pid])
    with pytest.raises(UnusualDates):
        build_timeline(db)
