"""Campaign periods (đợt vận động) with their own targets: list, add, delete."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import sqlite_utils

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.text import clean_name
from bhyt_desktop.commune import details as cm
from bhyt_desktop.store.audit import log


@dataclass(frozen=True)
class CampaignRow:
    id: int
    name: str
    village_id: int | None
    village_name: str               # '' for the whole commune
    start: dt.date
    end: dt.date
    rate_bp: int

    @property
    def target_pct(self) -> Decimal:
        return Decimal(self.rate_bp) / 100


def list_campaigns(db: sqlite_utils.Database) -> list[CampaignRow]:
    return [
        CampaignRow(cid, name, vid, vname or "", dt.date.fromisoformat(s),
                    dt.date.fromisoformat(e), bp)
        for cid, name, vid, vname, s, e, bp in db.execute(
            "SELECT c.id, c.name, c.village_id, v.name, c.start_date, c.end_date, c.rate_bp"
            " FROM campaigns c LEFT JOIN villages v ON v.id = c.village_id"
            " ORDER BY c.start_date DESC, c.id")
    ]


def add_campaign(db: sqlite_utils.Database, name: str, start: dt.date, end: dt.date,
                 rate: str, village_id: int | None = None, operator: str = "") -> int:
    """Check the fields, add the campaign and log it."""
    name = clean_name(name)
    if not name:
        raise UserError(_("Hãy đặt tên cho đợt vận động."))
    with db.atomic():
        cid = cm.add_campaign(db, name, start, end, rate, village_id)
        log(db, "add_campaign", "campaign", cid, name, operator)
    return cid


def delete_campaign(db: sqlite_utils.Database, campaign_id: int, operator: str = "") -> None:
    with db.atomic():
        db.execute("DELETE FROM campaigns WHERE id = ?", [campaign_id])
        log(db, "delete_campaign", "campaign", campaign_id, "", operator)
