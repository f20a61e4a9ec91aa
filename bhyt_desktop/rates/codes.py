"""Participant codes (mã đối tượng) with their group and benefit level as dated rows.

Table ``code_levels`` holds each code's group (1-5 of the law) and benefit level (mức hưởng
1-5) from a date, with the legal source as text (migration 6). ``group_codes`` keeps the
code's name, whether it is offered, its place in the law's order, and a copy of the values
in force today, refreshed here after every edit. Coverage asks :func:`codes_on` for the
values on its own date, so a report of 2024 shows MS in the group it was in then.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import sqlite_utils

from bhyt_desktop.common import clock
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.coverage.definitions import code_on_sql
from bhyt_desktop.store.audit import log

LEVEL_LABELS = {
    1: "Mức 1: 100%, không giới hạn tỷ lệ thanh toán",
    2: "Mức 2: 100%, có giới hạn tỷ lệ thanh toán",
    3: "Mức 3: 95%",
    4: "Mức 4: 80%",
    5: "Mức 5: 100%, kể cả ngoài danh mục (lực lượng vũ trang)",
}


@dataclass(frozen=True)
class CodeOnDate:
    code: str
    name: str
    grp: int
    benefit_level: int
    law_order: int
    active: bool
    issuer: str = "local"


@dataclass(frozen=True)
class LevelRow:
    id: int
    code: str
    name: str
    valid_from: dt.date
    grp: int
    benefit_level: int
    source: str
    issuer: str = "local"


def codes_on(db: sqlite_utils.Database, on: dt.date) -> dict[str, CodeOnDate]:
    """Every code with the group and level in force on ``on``."""
    rows = db.execute(
        f"SELECT g.code, g.name, {code_on_sql('grp', 'g.code')}, {code_on_sql('benefit_level', 'g.code')},"
        " g.law_order, g.active, g.issuer FROM group_codes g ORDER BY g.law_order, g.code", {"d": on.isoformat()})
    return {r[0]: CodeOnDate(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6]) for r in rows}


def level_rows(db: sqlite_utils.Database) -> list[LevelRow]:
    """The whole history, by the law's order then date."""
    return [
        LevelRow(r[0], r[1], r[2], dt.date.fromisoformat(r[3]), r[4], r[5], r[6], r[7])
        for r in db.execute(
            "SELECT l.id, l.code, g.name, l.valid_from, l.grp, l.benefit_level, l.source, g.issuer"
            " FROM code_levels l JOIN group_codes g ON g.code = l.code"
            " ORDER BY g.grp, g.law_order, l.code, l.valid_from")
    ]


def _check(code: str, grp: int, level: int) -> str:
    code = (code or "").strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise UserError(_("Mã đối tượng phải gồm 2 chữ cái, ví dụ HN: «{code}».").format(code=code))
    if grp not in range(1, 6):
        raise UserError(_("Nhóm phải từ 1 đến 5."))
    if level not in range(1, 6):
        raise UserError(_("Mức hưởng phải từ 1 đến 5."))
    return code


def save_level(db: sqlite_utils.Database, code: str, valid_from: dt.date, grp: int, level: int,
               source: str, name: str = "", operator: str = "") -> None:
    """Add or correct the row of ``code`` from ``valid_from``; a new code needs its name."""
    code = _check(code, grp, level)
    source = (source or "").strip()
    if not source:
        raise UserError(_("Hãy ghi căn cứ (văn bản quy định) của mức này."))
    with db.atomic():
        exists = db.execute("SELECT 1 FROM group_codes WHERE code = ?", [code]).fetchone()
        if not exists:
            if not (name or "").strip():
                raise UserError(_("Mã {code} mới: hãy ghi tên đối tượng.").format(code=code))
            db.execute("INSERT INTO group_codes (code, grp, name, benefit_level, law_order, source)"
                       " VALUES (?, ?, ?, ?, ?, ?)", [code, grp, name.strip(), level, grp * 100 + 90, source])
        elif (name or "").strip():
            db.execute("UPDATE group_codes SET name = ? WHERE code = ?", [name.strip(), code])
        db.execute(
            """INSERT INTO code_levels (code, valid_from, grp, benefit_level, source) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT(code, valid_from) DO UPDATE SET grp = excluded.grp,
               benefit_level = excluded.benefit_level, source = excluded.source""",
            [code, valid_from.isoformat(), grp, level, source])
        _refresh(db, code)
        log(db, "set_code_level", "group_code", None,
            f"{code} {valid_from.isoformat()}: nhóm {grp}, mức {level} ({source})", operator)


def set_issuer(db: sqlite_utils.Database, code: str, armed_forces: bool, operator: str = "") -> None:
    """Whether the armed forces or the police issue the code's cards (seed 000 reports them
    apart, definitions.issuer_of); else the local BHXH office."""
    issuer = "armed_forces" if armed_forces else "local"
    with db.atomic():
        db.execute("UPDATE group_codes SET issuer = ? WHERE code = ?", [issuer, code])
        log(db, "set_code_issuer", "group_code", None, f"{code}: {issuer}", operator)


def delete_level(db: sqlite_utils.Database, level_id: int, operator: str = "") -> None:
    row = db.execute("SELECT code, valid_from FROM code_levels WHERE id = ?", [level_id]).fetchone()
    if row is None:
        return
    code, day = row
    (n,) = db.execute("SELECT count(*) FROM code_levels WHERE code = ?", [code]).fetchone()
    if n <= 1:
        raise UserError(_("Mã {code} chỉ còn một dòng: không xóa được (có thể ngừng dùng mã).").format(code=code))
    with db.atomic():
        db.execute("DELETE FROM code_levels WHERE id = ?", [level_id])
        _refresh(db, code)
        log(db, "delete_code_level", "group_code", level_id, f"{code} {day}", operator)


def _refresh(db: sqlite_utils.Database, code: str) -> None:
    """Copy the values in force today into group_codes."""
    now = codes_on(db, clock.today())[code]
    db.execute("UPDATE group_codes SET grp = ?, benefit_level = ? WHERE code = ?",
               [now.grp, now.benefit_level, code])


def level_label(level: int) -> str:
    return _(LEVEL_LABELS[level]) if level in LEVEL_LABELS else str(level)
