"""Vietnamese formats for dates, numbers, rates; parsing of dates typed by users."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VN = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")


def parse_date(text: str | dt.date | None, *, field: str = "") -> dt.date:
    """Accept YYYY-MM-DD or dd/mm/yyyy (also dd-mm-yyyy, dd.mm.yyyy)."""
    if isinstance(text, dt.date):
        return text
    raw = (text or "").strip()
    m = _ISO.match(raw)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _VN.match(raw)
        if not m:
            raise UserError(_("Ngày không hợp lệ: «{value}». Hãy nhập dd/mm/yyyy hoặc YYYY-MM-DD.").format(value=raw))
        d, mo, y = (int(g) for g in m.groups())
    try:
        return dt.date(y, mo, d)
    except ValueError:
        raise UserError(_("Ngày không tồn tại: «{value}».").format(value=raw)) from None


def iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def fmt_date(d: dt.date | str | None) -> str:
    """dd/mm/yyyy; '' for None."""
    if d is None or d == "":
        return ""
    if isinstance(d, str):
        d = dt.date.fromisoformat(d)
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def fmt_datetime(at: str | None) -> str:
    """A stored time ('2026-11-22T10:05:00' or '2026-11-22 10:05:00') -> '22/11/2026 10:05'."""
    date, _sep, time = (at or "").replace(" ", "T", 1).partition("T")
    parts = date.split("-")
    return f"{parts[2]}/{parts[1]}/{parts[0]} {time[:5]}".strip() if len(parts) == 3 else (at or "")


def fmt_int(n: int | None) -> str:
    """4591 -> '4.591'."""
    if n is None:
        return ""
    return f"{n:,}".replace(",", ".")


def rate_pct(part: int, whole: int) -> Decimal | None:
    """part/whole as a percentage with 2 decimals, rounded half up; None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def fmt_pct(value: Decimal | float | None, decimals: int = 2) -> str:
    """Decimal('86.91') -> '86,91%'."""
    if value is None:
        return ""
    q = Decimal(value).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    whole, _sep, frac = f"{q:f}".partition(".")
    whole = fmt_int(int(whole)) if whole.lstrip("-").isdigit() else whole
    return f"{whole},{frac}%" if frac else f"{whole}%"


def parse_rate_bp(text: str | float | Decimal) -> int:
    """'95', '95.5', '95,5', '95%' -> basis points (hundredths of a percent)."""
    raw = str(text).strip().rstrip("%").strip().replace(",", ".")
    if not raw:
        raise UserError(_("Hãy nhập tỷ lệ, ví dụ 95 hoặc 95,5."))
    try:
        value = Decimal(raw)
    except Exception:
        raise UserError(_("Tỷ lệ không hợp lệ: «{value}».").format(value=text)) from None
    if not (0 <= value <= 100):
        raise UserError(_("Tỷ lệ phải từ 0 đến 100%: «{value}».").format(value=text))
    bp = value * 100
    if bp != bp.to_integral_value():
        raise UserError(_("Tỷ lệ chỉ có tối đa 2 chữ số thập phân: «{value}».").format(value=text))
    return int(bp)


def bp_to_pct(bp: int | None) -> Decimal | None:
    return None if bp is None else (Decimal(bp) / 100).quantize(Decimal("0.01"))


def add_months(d: dt.date, months: int) -> dt.date:
    """Same day ``months`` later (or earlier), clamped to the end of a shorter month."""
    m = d.month - 1 + months
    y, m = d.year + m // 12, m % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return dt.date(y, m, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def ceil_div(a: int, b: int) -> int:
    return -(-a // b)
