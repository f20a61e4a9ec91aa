"""Households renewing in a month (seed 004), in the commune and by village.

Definitions (coverage/definitions.py, «renewed», «due»): a member **renewed** in the month when
a card of theirs starting in it is a renewal (they held a card before). A household
**renews** when at least one member renewed; it **renewed in full** when, besides, every
member who was **due** renewed: a member counted on the month's last day whose latest card
started before the month ran out before that last day, no longer ago than the law's break
(``new_entry_break_days``). Members holding a card that runs on past the month are not due.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlite_utils

from bhyt_desktop.campaign.incentive import parse_month
from bhyt_desktop.coverage import definitions as defs
from bhyt_desktop.rates.amounts import rate_on


@dataclass
class RenewalCounts:
    households_renewing: int = 0       # at least one member renewed
    households_all_renewed: int = 0    # and every member due renewed
    members_renewed: int = 0

    def add(self, other: RenewalCounts) -> None:
        self.households_renewing += other.households_renewing
        self.households_all_renewed += other.households_all_renewed
        self.members_renewed += other.members_renewed


@dataclass
class Renewals:
    month: str
    start: dt.date
    end: dt.date
    total: RenewalCounts = field(default_factory=RenewalCounts)
    villages: list[tuple[int, str, RenewalCounts]] = field(default_factory=list)

    def to_json(self) -> dict:
        def counts(c: RenewalCounts) -> dict:
            return {"households_renewing": c.households_renewing,
                    "households_all_renewed": c.households_all_renewed,
                    "members_renewed": c.members_renewed}
        return {"month": self.month, **counts(self.total),
                "villages": [{"name": name, **counts(c)} for _vid, name, c in self.villages]}


def _sql() -> str:
    counted = defs.counted_sql("p")
    return f"""
        WITH renewed AS (
            SELECT DISTINCT c.person_id FROM cards c INDEXED BY cards_start
            WHERE c.valid_from >= :m0 AND c.valid_from <= :d AND {defs.renewal_sql('c')}
        ), members AS (
            SELECT p.id, p.household_id,
                   p.id IN (SELECT person_id FROM renewed) AS renewed,
                   (SELECT max(e.valid_to) FROM cards e WHERE e.person_id = p.id
                     AND e.valid_from < :m0) AS prev_end
            FROM people p WHERE {counted}
              AND p.household_id IN (SELECT p2.household_id FROM people p2
                                     WHERE p2.id IN (SELECT person_id FROM renewed))
        ), households_ AS (
            SELECT household_id, sum(renewed) AS n_renewed,
                   sum(NOT renewed AND prev_end < :d AND prev_end >= :due_from) AS n_missing
            FROM members GROUP BY household_id
        )
        SELECT h.village_id, count(*), sum(x.n_missing = 0), sum(x.n_renewed)
        FROM households_ x JOIN households h ON h.id = x.household_id
        WHERE x.n_renewed > 0 GROUP BY h.village_id"""


def renewals(db: sqlite_utils.Database, month: str, *, village_ids: list[int] | None = None) -> Renewals:
    """The month's households renewing; ``village_ids`` narrows to some villages (a member's)."""
    start, end = parse_month(month)
    break_days = int(rate_on(db, defs.LAW_BREAK_RATE, end) or defs.DEFAULT_BREAK_DAYS)
    params = {"m0": start.isoformat(), "d": end.isoformat(),
              "due_from": (start - dt.timedelta(days=break_days)).isoformat()}
    per = {r[0]: RenewalCounts(r[1], r[2] or 0, r[3] or 0) for r in db.execute(_sql(), params)}
    out = Renewals(f"{start:%Y-%m}", start, end)
    for vid, name in db.execute("SELECT id, name FROM villages WHERE active = 1 OR id IN ("
                                "SELECT village_id FROM households) ORDER BY display_order, id"):
        if village_ids is not None and vid not in village_ids:
            continue
        counts = per.get(vid, RenewalCounts())
        out.villages.append((vid, name, counts))
        out.total.add(counts)
    return out
