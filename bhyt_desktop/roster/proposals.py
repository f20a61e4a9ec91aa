"""Status changes proposed by an import («Giảm» rows of D03-TS with a reason: chết, chuyển đi…),
waiting for someone to apply or dismiss them. Nothing changes a person's status unasked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.roster.edits import set_status
from bhyt_desktop.store.audit import log


@dataclass(frozen=True)
class Proposal:
    id: int
    person_id: int
    name: str
    village: str
    current_status: str
    status: str
    status_date: dt.date | None
    reason: str
    source: str


def open_proposals(db: sqlite_utils.Database) -> list[Proposal]:
    rows = db.execute(
        "SELECT s.id, s.person_id, p.full_name, v.name, p.status, s.status, s.status_date, s.reason, s.source"
        " FROM status_proposals s JOIN people p ON p.id = s.person_id JOIN villages v ON v.id = p.village_id"
        " WHERE s.decided IS NULL ORDER BY s.id").fetchall()
    return [Proposal(r[0], r[1], r[2], r[3], r[4], r[5], dt.date.fromisoformat(r[6]) if r[6] else None,
                     r[7], r[8]) for r in rows]


def open_count(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT count(*) FROM status_proposals WHERE decided IS NULL").fetchone()[0]


def _get(db: sqlite_utils.Database, proposal_id: int) -> tuple[int, str, str | None]:
    row = db.execute("SELECT person_id, status, status_date FROM status_proposals WHERE id = ? AND decided IS NULL",
                     [proposal_id]).fetchone()
    if row is None:
        raise UserError(_("Đề nghị này đã được xử lý."))
    return row[0], row[1], row[2]


def apply_proposal(db: sqlite_utils.Database, proposal_id: int, on: dt.date | None = None,
                   operator: str = "") -> None:
    """Set the person's status as proposed, from ``on`` (else the proposal's own date)."""
    person_id, status, day = _get(db, proposal_id)
    when = on or (dt.date.fromisoformat(day) if day else None)
    with db.atomic():
        set_status(db, person_id, status, when)
        db.execute("UPDATE status_proposals SET decided = 'applied' WHERE id = ?", [proposal_id])
        log(db, "apply_status_proposal", "person", person_id, f"{status} {when}", operator)


def dismiss_proposal(db: sqlite_utils.Database, proposal_id: int, operator: str = "") -> None:
    person_id, status, _day = _get(db, proposal_id)
    with db.atomic():
        db.execute("UPDATE status_proposals SET decided = 'dismissed' WHERE id = ?", [proposal_id])
        log(db, "dismiss_status_proposal", "person", person_id, status, operator)
