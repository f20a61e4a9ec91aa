"""What changed between two dates, per village: new cards, renewals, lapses, expiring.

The period is (start, end]: the day after ``start`` up to and including ``end``. Everything
is counted per person (one person with two card records is one renewal), among the people
counted on ``end``:

- *new*: the person's first card ever starts in the period.
- *renewal*: a card starts in the period and the person had an earlier card (an on-time
  extension, or valid again after a gap). ``renewals_after_break`` are the renewals whose
  gap since the previous card is at least the ``new_entry_break_days`` rate (90 days by
  law: a new entry). The collectors' incentive uses its own break, not this one
  (``incentive_break_months``, definitions.incentive_new_sql; bhyt_desktop/campaign/incentive.py).
- *lapse*: a card ended in the period (last valid day in [start, end)) and its holder is
  lapsed on ``end`` (no card valid on or after it: definitions.py).
- *expiring*: insured on ``end`` and every card they hold ends within ``days`` after it.
- *net*: insured on ``end`` minus insured on ``start`` (also moves the population).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlite_utils

from bhyt_desktop.coverage import definitions as defs
from bhyt_desktop.coverage.engine import Coverage, coverage
from bhyt_desktop.rates.amounts import rate_on


@dataclass
class UnitChanges:
    new: int = 0
    renewals: int = 0
    renewals_after_break: int = 0
    lapses: int = 0
    expiring: int = 0
    net: int = 0

    def add(self, other: UnitChanges) -> None:
        for name in ("new", "renewals", "renewals_after_break", "lapses", "expiring", "net"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Changes:
    start: dt.date
    end: dt.date
    expiring_days: int
    total: UnitChanges = field(default_factory=UnitChanges)
    villages: dict[int, UnitChanges] = field(default_factory=dict)


# The card's holder is counted on :d (columns kept on every card by triggers).
CARD_COUNTED = defs.card_holder_counted_sql("c")


def _per_village(db, sql: str, params: dict) -> dict[int, int]:
    return {vid: n for vid, n in db.execute(sql, params)}


def changes(db: sqlite_utils.Database, start: dt.date, end: dt.date, *,
            expiring_days: int = 30, at_start: Coverage | None = None,
            at_end: Coverage | None = None) -> Changes:
    """Changes over (start, end]. Pass coverage already computed for either date to save
    recomputing it (``at_start.as_of`` must be ``start``, ``at_end.as_of`` must be ``end``)."""
    if start > end:
        start, end = end, start
    if at_start is not None and at_start.as_of != start:
        raise ValueError("at_start is for another date")
    if at_end is not None and at_end.as_of != end:
        raise ValueError("at_end is for another date")
    break_days = int(rate_on(db, "new_entry_break_days", end) or defs.DEFAULT_BREAK_DAYS)
    p = {"s": start.isoformat(), "d": end.isoformat(),
         "soon": (end + dt.timedelta(days=expiring_days)).isoformat(), "brk": break_days}

    # Every query starts from the few cards that start or end near the period (indexes
    # cards_start, cards_valid) and reads the holder's village and counted days from the
    # card row itself (kept by triggers), so the cost follows the activity, not the roster.
    new = _per_village(db, f"""
        SELECT c.village_id, count(DISTINCT c.person_id) FROM cards c INDEXED BY cards_start
        WHERE c.valid_from > :s AND c.valid_from <= :d AND {CARD_COUNTED}
          AND NOT EXISTS (SELECT 1 FROM cards e WHERE e.person_id = c.person_id AND e.valid_from <= :s)
        GROUP BY c.village_id""", p)

    renew_rows = db.execute(f"""
        WITH starts AS (
            SELECT c.person_id, c.village_id, c.valid_from,
                   (SELECT max(e.valid_to) FROM cards e
                     WHERE e.person_id = c.person_id AND e.valid_from < c.valid_from) AS prev_end
            FROM cards c INDEXED BY cards_start
            WHERE c.valid_from > :s AND c.valid_from <= :d AND {CARD_COUNTED}
        ), per_person AS (
            SELECT person_id, village_id,
                   max({defs.GAP_DAYS_SQL} >= :brk) AS after_break
            FROM starts WHERE prev_end IS NOT NULL GROUP BY person_id
        )
        SELECT village_id, count(*), sum(after_break) FROM per_person GROUP BY village_id""", p).fetchall()

    lapses = _per_village(db, f"""
        SELECT c.village_id, count(DISTINCT c.person_id) FROM cards c INDEXED BY cards_valid
        WHERE c.valid_to >= :s AND c.valid_to < :d AND {CARD_COUNTED}
          AND NOT EXISTS (SELECT 1 FROM cards e WHERE e.person_id = c.person_id
                          AND e.valid_to >= :d)
        GROUP BY c.village_id""", p)

    expiring = _per_village(db, f"""
        SELECT c.village_id, count(DISTINCT c.person_id) FROM cards c INDEXED BY cards_valid
        WHERE c.valid_to >= :d AND c.valid_to <= :soon AND c.valid_from <= :d AND {CARD_COUNTED}
          AND NOT EXISTS (SELECT 1 FROM cards e WHERE e.person_id = c.person_id AND e.valid_to > :soon)
        GROUP BY c.village_id""", p)

    before = {u.village_id: u.insured for u in (at_start or coverage(db, start)).villages
              if u.village_id is not None}
    after = {u.village_id: u.insured for u in (at_end or coverage(db, end)).villages
             if u.village_id is not None}

    out = Changes(start, end, expiring_days)
    vids = set(new) | set(lapses) | set(expiring) | set(before) | set(after) | {r[0] for r in renew_rows}
    for vid in vids:
        out.villages[vid] = UnitChanges(
            new=new.get(vid, 0), lapses=lapses.get(vid, 0), expiring=expiring.get(vid, 0),
            net=after.get(vid, 0) - before.get(vid, 0))
    for vid, n, after_break in renew_rows:
        out.villages[vid].renewals = n
        out.villages[vid].renewals_after_break = after_break or 0
    for u in out.villages.values():
        out.total.add(u)
    return out
