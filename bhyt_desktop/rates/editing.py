"""The settings page's rates table: labels, formats, add, delete (the commune form saves with
commune.details.set_commune, which holds its rules).

Values stay decimal strings in the file (see rates.py); this module only names and formats
them and checks what the user types.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import sqlite_utils

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import fmt_int
from bhyt_desktop.common.i18n import _
from bhyt_desktop.rates import amounts as rates
from bhyt_desktop.store.audit import log_change

# Keys the program uses, with a label for people. Other keys found in a file are shown
# with their note.
RATE_LABELS = {
    "base_salary": "Lương cơ sở (đồng/tháng)",
    "household_rate_pct": "Mức đóng hộ gia đình (% lương cơ sở)",
    "household_member2_pct": "Người thứ 2 (% mức người thứ nhất)",
    "household_member3_pct": "Người thứ 3 (% mức người thứ nhất)",
    "household_member4_pct": "Người thứ 4 (% mức người thứ nhất)",
    "household_member5_pct": "Người thứ 5 trở đi (% mức người thứ nhất)",
    "support_near_poor_pct": "NSNN hỗ trợ hộ cận nghèo (%)",
    "support_student_pct": "NSNN hỗ trợ học sinh, sinh viên (%)",
    "support_farm_avg_pct": "NSNN hỗ trợ hộ nông, lâm, ngư nghiệp mức sống TB (%)",
    "support_near_poor_poor_commune_pct": "NSNN hỗ trợ hộ cận nghèo ở xã nghèo (%)",
    "support_leaving_hardship_pct": "NSNN hỗ trợ người ở xã ra khỏi vùng khó khăn, 36 tháng (%)",
    "new_entry_break_days": "Gián đoạn tính là tham gia mới (ngày)",
    "incentive_new_card": "Thù lao mỗi thẻ mới (đồng)",
}
MONEY_KEYS = {"base_salary", "incentive_new_card"}


@dataclass(frozen=True)
class RateRow:
    id: int
    key: str
    label: str
    effective_from: dt.date
    value: Decimal
    note: str
    source: str = ""

    @property
    def value_text(self) -> str:
        return format_value(self.key, self.value)


def label(key: str, note: str = "") -> str:
    return _(RATE_LABELS[key]) if key in RATE_LABELS else (note or key)


def format_value(key: str, value: Decimal) -> str:
    """2340000 -> '2.340.000'; 4.5 -> '4,5'."""
    if value == value.to_integral_value():
        return fmt_int(int(value))
    return f"{value.normalize():f}".replace(".", ",")


def parse_value(key: str, text: str) -> Decimal:
    """What a person types: '2.340.000', '2340000', '4,5', '4.5' -> Decimal."""
    raw = (text or "").replace("\u00a0", "").replace(" ", "").strip()
    if key in MONEY_KEYS or re.fullmatch(r"\d{1,3}(\.\d{3})+", raw):
        raw = raw.replace(".", "").replace(",", ".")
    else:
        raw = raw.replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise UserError(_("Giá trị không hợp lệ: «{value}».").format(value=text)) from None
    if not value.is_finite() or value < 0:
        raise UserError(_("Giá trị không hợp lệ: «{value}».").format(value=text))
    return value


def rate_rows(db: sqlite_utils.Database) -> list[RateRow]:
    """Known keys first in the order of RATE_LABELS, then others; each by date."""
    order = {k: i for i, k in enumerate(RATE_LABELS)}
    rows = [
        RateRow(r["id"], r["key"], label(r["key"], r["note"]),
                dt.date.fromisoformat(r["effective_from"]), Decimal(r["value"]), r["note"],
                r.get("source") or "")
        for r in rates.rates_table(db)
    ]
    rows.sort(key=lambda r: (order.get(r.key, len(order)), r.key, r.effective_from))
    return rows


def rate_keys(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """(key, label) for every key known to the program or present in the file."""
    keys = dict.fromkeys(RATE_LABELS)
    for (key,) in db.execute("SELECT DISTINCT key FROM rates ORDER BY key"):
        keys.setdefault(key)
    notes = {k: n for k, n in db.execute("SELECT key, note FROM rates GROUP BY key")}
    return [(k, label(k, notes.get(k, ""))) for k in keys]


def save_rate(db: sqlite_utils.Database, key: str, effective_from: dt.date, text: str,
              note: str = "", operator: str = "") -> None:
    value = parse_value(key, text)
    with db.atomic():
        old = db.execute("SELECT value FROM rates WHERE key = ? AND effective_from = ?",
                         [key, effective_from.isoformat()]).fetchone()
        rates.set_rate(db, key, effective_from, f"{value.normalize():f}", note)
        log_change(db, "set_rate", "rate", None, {"value": old[0] if old else None},
                   {"value": f"{value.normalize():f}"}, operator, key=key, effective_from=effective_from.isoformat())


def delete_rate(db: sqlite_utils.Database, rate_id: int, operator: str = "") -> None:
    row = db.execute("SELECT key, effective_from, value FROM rates WHERE id = ?", [rate_id]).fetchone()
    if row is None:
        return
    with db.atomic():
        db.execute("DELETE FROM rates WHERE id = ?", [rate_id])
        log_change(db, "delete_rate", "rate", rate_id, {"value": row[2]}, {}, operator,
                   key=row[0], effective_from=row[1])

