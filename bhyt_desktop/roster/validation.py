"""Field checks for entry forms, as the user types (CCCD, BHXH number, dates, names).

Each ``check_*`` returns a :class:`Check`: the parsed value when the text is acceptable,
else a short Vietnamese message to show next to the field. They never raise. The rules
are the ones bhyt_desktop.roster applies on save (identifiers, formats.parse_date), made
strict for typing: a CCCD typed by hand must have all 12 digits.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from bhyt_desktop.common import clock
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import add_months, parse_date
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.identifiers import BHXH_LENGTH, CCCD_LENGTH
from bhyt_desktop.common.text import clean_name
from bhyt_desktop.roster.edits import Birth

_SEPARATORS = re.compile(r"[\s.\-]")
_YEAR = re.compile(r"^\d{4}$")
MIN_YEAR = 1900


@dataclass(frozen=True)
class Check:
    ok: bool
    value: Any = None
    message: str = ""


def _digits(text: str, length: int, label: str) -> Check:
    raw = _SEPARATORS.sub("", text or "")
    if not raw:
        return Check(True, None)
    if not raw.isdigit():
        return Check(False, None, _("{label} chỉ gồm chữ số.").format(label=label))
    if len(raw) != length:
        return Check(False, None, _("{label} cần đủ {n} chữ số (đang có {k}).").format(
            label=label, n=length, k=len(raw)))
    return Check(True, raw)


def check_cccd(text: str) -> Check:
    """'' is fine (not known); else exactly 12 digits (spaces and dots ignored)."""
    return _digits(text, CCCD_LENGTH, _("Số CCCD"))


def check_bhxh(text: str) -> Check:
    return _digits(text, BHXH_LENGTH, _("Mã số BHXH"))


def check_name(text: str) -> Check:
    name = clean_name(text)
    if not name:
        return Check(False, None, _("Hãy nhập họ tên."))
    if any(ch.isdigit() for ch in name):
        return Check(False, None, _("Họ tên không chứa chữ số."))
    return Check(True, name)


def check_date(text: str, *, required: bool = True, today: dt.date | None = None,
               not_future: bool = False) -> Check:
    """A date typed as dd/mm/yyyy (also YYYY-MM-DD). Value: datetime.date or None."""
    raw = (text or "").strip()
    if not raw:
        return Check(not required, None, _("Hãy nhập ngày (dd/mm/yyyy).") if required else "")
    try:
        value = parse_date(raw)
    except UserError as exc:
        return Check(False, None, str(exc))
    if value.year < MIN_YEAR:
        return Check(False, None, _("Năm phải từ {y} trở đi.").format(y=MIN_YEAR))
    if not_future and value > (today or clock.today()):
        return Check(False, None, _("Ngày ở tương lai."))
    return Check(True, value)


def check_birth(text: str, today: dt.date | None = None) -> Check:
    """dd/mm/yyyy, or the year only (old records). Value: roster.Birth (empty if blank)."""
    raw = (text or "").strip()
    today = today or clock.today()
    if not raw:
        return Check(True, Birth())
    if _YEAR.match(raw):
        year = int(raw)
        if not MIN_YEAR <= year <= today.year:
            return Check(False, None, _("Năm sinh phải từ {lo} đến {hi}.").format(lo=MIN_YEAR, hi=today.year))
        return Check(True, Birth(year=year))
    c = check_date(raw, today=today, not_future=True)
    if not c.ok:
        return Check(False, None, c.message if raw.count("/") == 2 or "-" in raw else
                     _("Nhập ngày sinh dd/mm/yyyy hoặc chỉ năm sinh (yyyy)."))
    return Check(True, Birth(date=c.value))


def check_card_period(start_text: str, end_text: str) -> tuple[Check, Check]:
    """Checks for a card's 'from' and 'to' fields (the 'to' one also checks the order)."""
    start = check_date(start_text)
    end = check_date(end_text)
    if start.ok and end.ok and start.value > end.value:
        end = Check(False, None, _("Hạn thẻ đến phải sau ngày bắt đầu."))
    return start, end


def card_end_for(start: dt.date, months: int) -> dt.date:
    """Last valid day of a card of ``months`` months starting on ``start``."""
    return add_months(start, months) - dt.timedelta(days=1)


def check_unique_id(db, column: str, value: str | None, person_id: int | None) -> Check:
    """A CCCD / BHXH number already held by someone else (message names them)."""
    if column not in ("cccd", "bhxh_code"):
        raise ValueError(column)
    if not value:
        return Check(True, value)
    row = db.execute(f"SELECT full_name FROM people WHERE {column} = ? AND id IS NOT ?",
                     [value, person_id]).fetchone()
    if row:
        return Check(False, None, _("Đã thuộc về {name}.").format(name=row[0]))
    return Check(True, value)


def check_household_code(db, text: str, household_id: int | None) -> Check:
    code = clean_name(text)
    if not code:
        return Check(False, None, _("Hãy nhập mã hộ."))
    row = db.execute("SELECT id FROM households WHERE code = ? AND id IS NOT ?", [code, household_id]).fetchone()
    if row:
        return Check(False, None, _("Mã hộ này đã có."))
    return Check(True, code)


def suggest_household_code(db) -> str:
    """The next code after the highest 'PREFIX000123'-style code (e.g. HGD000124)."""
    row = db.execute("SELECT code FROM households ORDER BY length(code) DESC, code DESC LIMIT 1").fetchone()
    if not row:
        return "HGD000001"
    m = re.match(r"^(.*?)(\d+)$", row[0])
    if not m:
        return ""
    prefix, num = m.groups()
    candidate = f"{prefix}{int(num) + 1:0{len(num)}d}"
    return "" if db.execute("SELECT 1 FROM households WHERE code = ?", [candidate]).fetchone() else candidate
