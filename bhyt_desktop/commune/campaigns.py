"""Campaign periods (đợt vận động) with their own targets: the one campaign type, and its
list, add and delete.

A campaign covers the whole commune (``village_id`` None) or one village, from ``start`` to
``end`` inclusive, with its own target rate. The coverage engine measures the campaigns
running on a date on their unit and returns the same :class:`Campaign` with ``population``
and ``insured`` filled in (coverage.engine.running_campaigns); ``needed`` is then the people
still lacking, as for a yearly target.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import sqlite_utils

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import bp_to_pct, ceil_div, parse_rate_bp
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.text import clean_name
from bhyt_desktop.store.audit import log


@dataclass(frozen=True)
class Campaign:
    id: int
    name: str
    village_id: int | None          # None for the whole commune
    village_name: str               # '' for the whole commune
    start: dt.date
    end: dt.date
    rate_bp: int                    # the campaign's target, hundredths of a percent
    population: int | None = None   # set when measured on a date (coverage)
    insured: int | None = None

    @property
    def target_pct(self) -> Decimal | None:
        return bp_to_pct(self.rate_bp)

    @property
    def needed(self) -> int | None:
        """People still lacking to reach the campaign's target (None when not measured)."""
        if self.population is None or self.insured is None:
            return None
        return max(0, ceil_div(self.rate_bp * self.population, 10000) - self.insured)


_SELECT = ("SELECT c.id, c.name, c.village_id, ifnull(v.name, ''), c.start_date, c.end_date, c.rate_bp"
           " FROM campaigns c LEFT JOIN villages v ON v.id = c.village_id")


def _campaigns(db: sqlite_utils.Database, where_order: str, params: dict | None = None) -> list[Campaign]:
    return [
        Campaign(cid, name, vid, vname, dt.date.fromisoformat(s), dt.date.fromisoformat(e), bp)
        for cid, name, vid, vname, s, e, bp in db.execute(f"{_SELECT} {where_order}", params or {})
    ]


def list_campaigns(db: sqlite_utils.Database) -> list[Campaign]:
    """Every campaign, the latest first."""
    return _campaigns(db, "ORDER BY c.start_date DESC, c.id")


def running_on(db: sqlite_utils.Database, on: dt.date, *, commune_only: bool = False) -> list[Campaign]:
    """Campaigns running on ``on`` (start and end days included), by start date."""
    scope = " AND c.village_id IS NULL" if commune_only else ""
    return _campaigns(db, f"WHERE c.start_date <= :d AND c.end_date >= :d{scope} ORDER BY c.start_date, c.id",
                      {"d": on.isoformat()})


def active_campaigns(db: sqlite_utils.Database, on: dt.date) -> list[Campaign]:
    """Commune-wide campaigns running on ``on`` (the dashboard's note)."""
    return running_on(db, on, commune_only=True)


def add_campaign(db: sqlite_utils.Database, name: str, start: dt.date, end: dt.date,
                 rate: str | float | int, village_id: int | None = None, operator: str = "") -> int:
    """Check the fields, add the campaign and log it."""
    name = clean_name(name)
    if not name:
        raise UserError(_("Hãy đặt tên cho đợt vận động."))
    if start > end:
        raise UserError(_("Ngày bắt đầu đợt vận động phải trước ngày kết thúc."))
    bp = parse_rate_bp(rate)
    with db.atomic():
        cid = db.table("campaigns").insert({
            "name": name, "village_id": village_id,
            "start_date": start.isoformat(), "end_date": end.isoformat(), "rate_bp": bp,
        }).last_pk
        log(db, "add_campaign", "campaign", cid, name, operator)
    assert cid is not None
    return int(cid)


def delete_campaign(db: sqlite_utils.Database, campaign_id: int, operator: str = "") -> None:
    with db.atomic():
        db.execute("DELETE FROM campaigns WHERE id = ?", [campaign_id])
        log(db, "delete_campaign", "campaign", campaign_id, "", operator)
