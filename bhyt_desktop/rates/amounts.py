"""Amounts and rates by effective date (table ``rates``): base salary, contribution shares."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import sqlite_utils

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _


def rate_on(db: sqlite_utils.Database, key: str, on: dt.date) -> Decimal | None:
    """The value in force on ``on``: the latest one whose effective date is not after it."""
    row = db.execute(
        "SELECT value FROM rates WHERE key = ? AND effective_from <= ? ORDER BY effective_from DESC LIMIT 1",
        [key, on.isoformat()],
    ).fetchone()
    return Decimal(row[0]) if row else None


def set_rate(db: sqlite_utils.Database, key: str, effective_from: dt.date, value: str | Decimal,
             note: str = "") -> None:
    try:
        Decimal(str(value).replace(",", "."))
    except Exception:
        raise UserError(_("Giá trị không hợp lệ: «{value}».").format(value=value)) from None
    with db.atomic():
        db.execute(
            """INSERT INTO rates (key, effective_from, value, note) VALUES (?, ?, ?, ?)
               ON CONFLICT(key, effective_from) DO UPDATE SET value = excluded.value,
               note = CASE WHEN excluded.note = '' THEN note ELSE excluded.note END""",
            [key, effective_from.isoformat(), str(value).replace(",", "."), note],
        )


def rates_table(db: sqlite_utils.Database) -> list[dict]:
    return [dict(r) for r in db.query("SELECT * FROM rates ORDER BY key, effective_from")]


def required_rate(db: sqlite_utils.Database, key: str, on: dt.date) -> Decimal:
    """The rate in force on ``on``; a clear message when none is entered for that date."""
    value = rate_on(db, key, on)
    if value is None:
        raise UserError(_("Chưa có mức «{key}» áp dụng cho ngày {d}: hãy nhập trong Danh mục mức đóng.")
                        .format(key=key, d=on.strftime("%d/%m/%Y")))
    return value


def household_share_pct(db: sqlite_utils.Database, on: dt.date, member_index: int) -> Decimal:
    """% of the base salary a month the ``member_index``-th member (1-based) of a household pays:
    4.5% for the first; 70/60/50% of that for the 2nd-4th; 40% from the 5th."""
    pct = required_rate(db, "household_rate_pct", on)
    if member_index > 1:
        pct = pct * required_rate(db, f"household_member{min(member_index, 5)}_pct", on) / 100
    return pct


def amount_for(db: sqlite_utils.Database, on: dt.date, share_pct: Decimal, months: int) -> int:
    """base salary × ``share_pct``% × ``months``, rounded once to the whole đồng, half up
    (docs/data-model.md, «Household contribution»)."""
    base = required_rate(db, "base_salary", on)
    return int((base * share_pct / 100 * months).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def household_contribution(db: sqlite_utils.Database, on: dt.date, member_index: int,
                           months: int = 12) -> int:
    """What the ``member_index``-th member (1-based) of a household pays for ``months`` (đồng).
    Every figure comes from the dated rates."""
    return amount_for(db, on, household_share_pct(db, on, member_index), months)
