"""The fast coverage path (one index, trigger-kept columns) equals a plain per-person count.

The triggers keep each card's village, its holder's counted days and an overlap flag; the
card kept among overlapping ones follows definitions.kept_card_order_sql (its Python twin is
checked in test_reference_2026.py). Any
edit to people or cards must keep them right; this compares against the obvious query
after many kinds of edits.
"""

from __future__ import annotations

import datetime as dt
import random

from bhyt_desktop.coverage import definitions as defs
from bhyt_desktop.coverage.engine import COUNTED_ON, coverage
from bhyt_desktop.roster import edits as roster
from tests.conftest import DEMO_ANCHOR

REFERENCE = f"""
    SELECT p.village_id, c.group_code, count(*) FROM people p
    JOIN cards c ON c.id = (
        SELECT c2.id FROM cards c2 WHERE c2.person_id = p.id
          AND c2.valid_from <= :d AND c2.valid_to >= :d
        ORDER BY {defs.kept_card_order_sql("c2")} LIMIT 1)
    WHERE {COUNTED_ON}
    GROUP BY p.village_id, c.group_code
"""


def reference(db, on: dt.date) -> dict:
    return {(v, g): n for v, g, n in db.execute(REFERENCE, {"d": on.isoformat()})}


def fast(db, on: dt.date) -> dict:
    cov = coverage(db, on)
    return {(u.village_id, g): n for u in cov.villages for g, n in u.by_group.items()}


DATES = [DEMO_ANCHOR - dt.timedelta(days=k) for k in (0, 1, 45, 200, 400, 800)]


def check(db):
    for on in DATES:
        assert fast(db, on) == reference(db, on), on


def test_fast_path_equals_reference_on_demo(demo_db):
    check(demo_db)


def test_fast_path_survives_edits(demo_db):
    db = demo_db
    rng = random.Random(3)
    people = [r[0] for r in db.execute("SELECT id FROM people ORDER BY id")]
    households = [r[0] for r in db.execute("SELECT id FROM households ORDER BY id")]
    villages = [r[0] for r in db.execute("SELECT id FROM villages ORDER BY id")]
    for pid in rng.sample(people, 40):
        roster.set_status(db, pid, rng.choice(["moved_out", "deceased"]),
                          DEMO_ANCHOR - dt.timedelta(days=rng.randint(0, 500)))
    for pid in rng.sample(people, 20):
        roster.set_status(db, pid, "resident", None)             # came back
    for pid in rng.sample(people, 30):
        roster.move_person(db, pid, rng.choice(households))
    for hid in rng.sample(households, 10):
        roster.update_household(db, hid, village_id=rng.choice(villages))
    for pid in rng.sample(people, 60):                           # overlapping cards
        start = DEMO_ANCHOR - dt.timedelta(days=rng.randint(0, 600))
        roster.add_card(db, pid, rng.choice(["GD", "HS", "DN", "CN"]), start,
                        start + dt.timedelta(days=rng.randint(30, 400)))
    card_ids = [r[0] for r in db.execute("SELECT id FROM cards ORDER BY id")]
    for cid in rng.sample(card_ids, 50):
        roster.delete_card(db, cid)
    for cid in rng.sample([c for c in card_ids if db.execute("SELECT 1 FROM cards WHERE id=?", [c]).fetchone()], 30):
        db.execute("UPDATE cards SET valid_to = date(valid_to, '+200 days') WHERE id = ?", [cid])
    for pid in rng.sample(people, 20):
        roster.update_person(db, pid, birth=roster.Birth(date=DEMO_ANCHOR - dt.timedelta(days=rng.randint(0, 300))))
    db.execute("UPDATE people SET in_date = ? WHERE id IN (SELECT id FROM people ORDER BY id LIMIT 15)",
               [(DEMO_ANCHOR - dt.timedelta(days=100)).isoformat()])
    assert db.execute("SELECT count(*) FROM cards WHERE overlaps = 1").fetchone()[0] > 0
    check(db)


def test_overlap_flag_clears_when_the_overlapping_card_goes(db):
    from tests.factories import D, person
    pid = person(db, ("GD", "2026-01-01", "2026-12-31"))
    extra = roster.add_card(db, pid, "HS", D("2026-06-01"), D("2027-05-31"))
    assert db.execute("SELECT sum(overlaps) FROM cards").fetchone()[0] == 2
    roster.delete_card(db, extra)
    assert db.execute("SELECT sum(overlaps) FROM cards").fetchone()[0] == 0


def test_overlapping_cards_starting_the_same_day_take_the_later_record(db):
    from tests.factories import D, person
    pid = person(db, ("GD", "2026-01-01", "2026-12-31"))
    roster.add_card(db, pid, "GD", D("2026-01-01"), D("2026-06-30"))
    other = person(db, ("HS", "2026-01-01", "2026-12-31"))
    roster.add_card(db, other, "GD", D("2026-01-01"), D("2026-06-30"))
    on = D("2026-03-01")
    assert fast(db, on) == reference(db, on)
    # one code twice: the later record; HS and GD (both level 4): the law's order, HS first
    assert coverage(db, on).total.by_group == {"GD": 1, "HS": 1}
    kept = db.execute(f"SELECT c.id FROM cards c WHERE c.person_id = :p AND {defs.card_valid_sql('c')}"
                      f" ORDER BY {defs.KEPT_CARD_ORDER_SQL} LIMIT 1", {"p": pid, "d": "2026-03-01"}).fetchone()[0]
    assert kept == db.execute("SELECT max(id) FROM cards WHERE person_id = ?", [pid]).fetchone()[0]
