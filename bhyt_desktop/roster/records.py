"""One household or one person as the roster's dialogs and household panel show them.

Reads only (writes are in roster.edits, list filters in roster.query).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _


@dataclass(frozen=True)
class HouseholdRecord:
    id: int
    code: str
    village_id: int
    village_name: str
    address: str
    phone: str
    household_type: str
    head_name: str | None       # None while the household has no head


@dataclass(frozen=True)
class PersonRecord:
    id: int
    full_name: str
    birth_date: str | None      # ISO, or None when only the year (or nothing) is known
    birth_year: int | None
    sex: str | None
    relation: str
    cccd: str | None
    bhxh_code: str | None
    status: str
    status_date: str | None     # ISO
    household_id: int
    household_code: str


def household_record(db: sqlite_utils.Database, household_id: int) -> HouseholdRecord:
    row = db.execute(
        """SELECT h.id, h.code, h.village_id, v.name, h.address, h.phone, h.household_type, p.full_name
           FROM households h JOIN villages v ON v.id = h.village_id
           LEFT JOIN people p ON p.id = h.head_person_id WHERE h.id = ?""", [household_id]).fetchone()
    if row is None:
        raise UserError(_("Không tìm thấy hộ gia đình."))
    return HouseholdRecord(*row)


def person_record(db: sqlite_utils.Database, person_id: int) -> PersonRecord:
    row = db.execute(
        """SELECT p.id, p.full_name, p.birth_date, p.birth_year, p.sex, p.relation, p.cccd,
                  p.bhxh_code, p.status, p.status_date, p.household_id, h.code
           FROM people p JOIN households h ON h.id = p.household_id WHERE p.id = ?""",
        [person_id]).fetchone()
    if row is None:
        raise UserError(_("Không tìm thấy nhân khẩu."))
    return PersonRecord(*row)


def household_code(db: sqlite_utils.Database, household_id: int) -> str:
    row = db.execute("SELECT code FROM households WHERE id = ?", [household_id]).fetchone()
    if row is None:
        raise UserError(_("Không tìm thấy hộ gia đình."))
    return row[0]


def household_of(db: sqlite_utils.Database, person_id: int) -> int:
    """The id of the household the person belongs to."""
    return person_record(db, person_id).household_id
