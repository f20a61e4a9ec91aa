"""Amounts and rates by effective date (table ``rates``): base salary, contribution shares."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

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


def household_contribution(db: sqlite_utils.Database, on: dt.date, member_index: int,
                           months: int = 12) -> int:
    """What the ``member_index``-th member (1-based) of a household pays for ``months`` (đồng).

    4.5% of the base salary a month for the first; 70/60/50% of that for the 2nd-4th;
    40% from the 5th. Every figure comes from the dated rates.
    """
    base = rate_on(db, "base_salary", on)
    pct = rate_on(db, "household_rate_pct", on)
    if base is None or pct is None:
        raise UserError(_("Chưa có lương cơ sở hoặc mức đóng áp dụng cho ngày {d}.").format(d=on.strftime("%d/%m/%Y")))
    first = base * pct / 100
    if member_index > 1:
        key = f"household_member{min(member_index, 5)}_pct"
        first = first * (rate_on(db, key, on) or Decimal(100)) / 100
    return int((first * months).to_integral_value())
