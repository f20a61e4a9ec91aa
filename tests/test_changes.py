"""Changes between two dates: new cards, renewals, lapses, expiring soon, net."""

from __future__ import annotations

from bhyt_desktop.coverage.changes import changes
from bhyt_desktop.roster import edits as roster
from tests.factories import D, person


def week(db, start="2026-03-01", end="2026-03-08", **kw):
    return changes(db, D(start), D(end), **kw).total


def test_new_card_in_the_period(db):
    person(db, ("GD", "2026-03-05", "2027-03-04"))
    t = week(db)
    assert (t.new, t.renewals, t.lapses, t.net) == (1, 0, 0, 1)


def test_card_starting_on_the_first_day_belongs_to_the_previous_period(db):
    person(db, ("GD", "2026-03-01", "2027-02-28"))
    assert week(db).new == 0
    assert week(db, "2026-02-22", "2026-03-01").new == 1


def test_on_time_renewal_is_a_renewal_not_new(db):
    person(db, ("GD", "2025-03-03", "2026-03-02"), ("GD", "2026-03-03", "2027-03-02"))
    t = week(db)
    assert (t.new, t.renewals, t.renewals_after_break, t.lapses, t.net) == (0, 1, 0, 0, 0)


def test_renewal_after_a_long_break_is_flagged(db):
    person(db, ("GD", "2025-01-01", "2025-11-30"), ("GD", "2026-03-05", "2027-03-04"))
    person(db, ("GD", "2025-01-01", "2026-02-01"), ("GD", "2026-03-05", "2027-03-04"))
    t = week(db)
    assert t.renewals == 2
    assert t.renewals_after_break == 1      # 94 days without a card; the other 31 days
    assert t.net == 2


def test_lapse_in_the_period(db):
    person(db, ("GD", "2025-03-04", "2026-03-03"))
    person(db, ("GD", "2025-03-01", "2026-03-01"))        # last day = start: lapses in the period
    person(db, ("GD", "2025-02-28", "2026-02-27"))        # lapsed before: not counted
    t = week(db)
    assert t.lapses == 2
    assert t.net == -2


def test_renewed_in_the_period_is_not_a_lapse(db):
    person(db, ("GD", "2025-03-04", "2026-03-03"), ("GD", "2026-03-06", "2027-03-05"))
    t = week(db)
    assert (t.lapses, t.renewals, t.net) == (0, 1, 0)


def test_people_who_left_are_not_counted(db):
    a = person(db, ("GD", "2026-03-05", "2027-03-04"))
    roster.set_status(db, a, "moved_out", D("2026-03-07"))
    assert week(db).new == 0


def test_expiring_within_n_days(db):
    person(db, ("GD", "2025-04-01", "2026-03-31"))              # ends 23 days after
    person(db, ("GD", "2025-05-01", "2026-04-30"))              # ends 53 days after
    person(db, ("GD", "2025-04-01", "2026-03-31"), ("GD", "2026-04-01", "2027-03-31"))  # renewed
    assert week(db).expiring == 1
    assert week(db, expiring_days=60).expiring == 2


def test_per_village_totals_add_up(demo_db):
    ch = changes(demo_db, D("2026-10-01"), D("2026-11-22"))
    for name in ("new", "renewals", "lapses", "expiring", "net"):
        assert getattr(ch.total, name) == sum(getattr(u, name) for u in ch.villages.values())
    assert ch.total.renewals > 0 and ch.total.lapses > 0 and ch.total.expiring > 0


# The obvious per-person formulation of each figure; the engine must agree with it.
REFERENCE = {
    "new": """
        SELECT p.village_id, count(*) FROM people p
        JOIN (SELECT person_id, min(valid_from) AS first FROM cards GROUP BY person_id) f
             ON f.person_id = p.id
        WHERE f.first > :s AND f.first <= :d AND {counted} GROUP BY p.village_id""",
    "lapses": """
        SELECT p.village_id, count(*) FROM people p
        JOIN (SELECT person_id, max(valid_to) AS last FROM cards
              WHERE valid_from <= :d GROUP BY person_id) l ON l.person_id = p.id
        WHERE l.last >= :s AND l.last < :d AND {counted} GROUP BY p.village_id""",
    "expiring": """
        SELECT p.village_id, count(*) FROM people p
        JOIN (SELECT person_id, max(valid_to) AS last, min(valid_from) AS first
              FROM cards WHERE valid_to >= :d GROUP BY person_id) x ON x.person_id = p.id
        WHERE x.last <= :soon AND x.first <= :d AND {counted} GROUP BY p.village_id""",
    "renewals": """
        SELECT p.village_id, count(DISTINCT p.id) FROM people p JOIN cards c ON c.person_id = p.id
        WHERE c.valid_from > :s AND c.valid_from <= :d AND {counted}
          AND EXISTS (SELECT 1 FROM cards e WHERE e.person_id = p.id AND e.valid_from < c.valid_from)
        GROUP BY p.village_id""",
}


def test_engine_equals_reference_on_demo(demo_db):
    import datetime as dt

    from bhyt_desktop.coverage.engine import COUNTED_ON
    from tests.conftest import DEMO_ANCHOR
    roster.add_card(demo_db, 5, "GD", DEMO_ANCHOR - dt.timedelta(days=3), DEMO_ANCHOR + dt.timedelta(days=10))
    roster.set_status(demo_db, 9, "moved_out", DEMO_ANCHOR - dt.timedelta(days=2))
    for days in (7, 30, 120):
        start = DEMO_ANCHOR - dt.timedelta(days=days)
        ch = changes(demo_db, start, DEMO_ANCHOR)
        p = {"s": start.isoformat(), "d": DEMO_ANCHOR.isoformat(),
             "soon": (DEMO_ANCHOR + dt.timedelta(days=30)).isoformat()}
        for name, sql in REFERENCE.items():
            ref = {v: n for v, n in demo_db.execute(sql.format(counted=COUNTED_ON), p)}
            got = {v: getattr(u, name) for v, u in ch.villages.items() if getattr(u, name)}
            assert got == ref, (name, days)
