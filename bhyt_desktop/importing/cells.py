"""One cell: text, dates, month periods, IDs, sex and relation, as the import reads them.

Pure functions of a cell's value (and today's date): the cleaner remembers their answers per
value, so each must give the same answer for the same cell.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from functools import lru_cache

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.identifiers import restores
from bhyt_desktop.common.text import ascii_digits, clean_name, fold, sort_key

HEAD = "Chủ hộ"
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EPOCH_1904 = dt.date(1904, 1, 1)   # workbooks in the 1904 date system (old Mac Excel)
# Dates are read after ascii_digits, and every pattern is ASCII-only: \d is 0-9, never "０".
_DATE_TEXT = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$", re.ASCII)
_ISO_TEXT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?)?$", re.ASCII)
_YMD_TEXT = re.compile(r"^(\d{4})\s*[/.]\s*(\d{1,2})\s*[/.]\s*(\d{1,2})$", re.ASCII)  # 1985/03/05
_MONTH_YEAR = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{4})$", re.ASCII)
_YEAR = re.compile(r"^(\d{4})$", re.ASCII)
_SEX = {"nam": "M", "m": "M", "male": "M", "trai": "M", "1": "M",
        "nu": "F", "f": "F", "female": "F", "gai": "F", "0": "F", "2": "F"}
_RELATIONS = {
    "chu ho": HEAD, "ch": HEAD, "chuho": HEAD, "chu": HEAD, "vo": "Vợ", "chong": "Chồng", "con": "Con",
    "bo": "Bố", "me": "Mẹ", "cha": "Cha", "chau": "Cháu", "ong": "Ông", "ba": "Bà", "anh": "Anh",
    "chi": "Chị", "em": "Em", "con dau": "Con dâu", "con re": "Con rể", "me chong": "Mẹ chồng",
    "bo chong": "Bố chồng", "me vo": "Mẹ vợ", "bo vo": "Bố vợ", "chau noi": "Cháu nội",
    "chau ngoai": "Cháu ngoại",
}
_DIGIT = re.compile(r"\d")
_KEYABLE = frozenset({str, dt.date, dt.datetime, type(None)})  # cells remembered by value


def _text(value) -> str:
    """A cell as clean text (NFC, spaces collapsed); whole floats without '.0'."""
    if value.__class__ is str:
        if value.isascii() and "  " not in value and value.isprintable() and value == value.strip():
            return value  # already clean: the common case, kept fast
        return _clean_cached(value)
    if value is None:
        return ""
    cls = value.__class__
    if cls is float and value.is_integer():
        return str(int(value))
    if cls is int:
        return str(value)
    if cls is dt.date:
        return value.isoformat()
    if cls is dt.datetime:
        return value.date().isoformat()
    return clean_name(value)


_clean_cached = lru_cache(maxsize=131072)(clean_name)
_fold = lru_cache(maxsize=131072)(fold)


@lru_cache(maxsize=65536)
def name_keys(name: str) -> tuple[str, str]:
    return fold(name), sort_key(name)


def parse_cell_date(value, *, field_label: str, today: dt.date, year_ok: bool,
                    card: bool = False, date1904: bool = False) -> tuple[str | None, int | None]:
    """(ISO date, year) from a cell; (None, year) for a year alone; raises UserError.

    ``year_ok`` (birth dates): "1958", "05/1958", and a day or month written 0 ("00/00/1958",
    "0/0/1960", "00/03/1958", the usual way of writing the year only) give the year alone; a
    two-digit year is never in the future. ``card`` (card dates): a two-digit year is 20yy.
    ``date1904``: a number is a day count from 1904-01-01, not 1899-12-30."""
    if value is None or value == "":
        return None, None
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), value.year
    if isinstance(value, dt.date):
        return value.isoformat(), value.year
    if isinstance(value, bool):
        raise UserError(_("{field} không hợp lệ: «{value}».").format(field=field_label, value=value))
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise UserError(_("{field} không hợp lệ: «{value}».").format(field=field_label, value=value))
        if isinstance(value, float) and not value.is_integer():
            value = int(value)  # a serial with a time part
        n = int(value)
        if year_ok and 1880 <= n <= today.year:
            return None, n
        if 1 <= n <= 2958465 and n not in range(1880, 2200):
            serial = (_EPOCH_1904 if date1904 else _EXCEL_EPOCH) + dt.timedelta(days=n)
            return serial.isoformat(), serial.year
        raise UserError(_("{field} không hợp lệ: «{value}».").format(field=field_label, value=n))
    text = ascii_digits(_text(value))
    if not text:
        return None, None
    m = _DATE_TEXT.match(text)
    if m:
        d, mo, y = (int(g) for g in m.groups())
        if len(m.group(3)) == 2:
            y += 2000 if card or y <= today.year % 100 else 1900
        if year_ok and (d == 0 or mo == 0) and mo <= 12 and y >= 1880:
            return None, y  # 00/00/1958: the year only
    else:
        m = _ISO_TEXT.match(text) or _YMD_TEXT.match(text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
        else:
            m = _YEAR.match(text) or (_MONTH_YEAR.match(text) if year_ok else None)
            if m and year_ok:
                y = int(m.groups()[-1])
                if 1880 <= y <= today.year:
                    return None, y
            raise UserError(_("{field} không hợp lệ: «{value}».").format(field=field_label, value=text))
    try:
        date = dt.date(y, mo, d)
    except ValueError:
        raise UserError(_("{field} không tồn tại: «{value}».").format(field=field_label, value=text)) from None
    if date.year < 1880:
        raise UserError(_("{field} không hợp lệ: «{value}».").format(field=field_label, value=text))
    return date.isoformat(), date.year


_DATE_CACHE: dict = {}


def forget() -> None:
    """Empty the caches of one file's cells (names, dates), so a desktop session does not keep
    tens of MB of a big file's values after its import."""
    _DATE_CACHE.clear()
    _clean_cached.cache_clear()
    _fold.cache_clear()
    name_keys.cache_clear()


def cell_date(value, *, field_label: str, today: dt.date, year_ok: bool,
              card: bool = False, date1904: bool = False) -> tuple[str | None, int | None]:
    """``parse_cell_date`` remembering answers: the same dates repeat down a column."""
    key = (value.__class__, value, field_label, today, year_ok, card, date1904)
    try:
        hit = _DATE_CACHE.get(key)
    except TypeError:  # unhashable: never from a spreadsheet, but be safe
        return parse_cell_date(value, field_label=field_label, today=today, year_ok=year_ok, card=card,
                               date1904=date1904)
    if hit is None:
        try:
            hit = parse_cell_date(value, field_label=field_label, today=today, year_ok=year_ok, card=card,
                                  date1904=date1904)
        except UserError as exc:
            hit = exc
        if len(_DATE_CACHE) > 200_000:
            _DATE_CACHE.clear()
        _DATE_CACHE[key] = hit
    if isinstance(hit, UserError):
        raise UserError(str(hit))
    return hit


_SCIENTIFIC = re.compile(r"^\s*\d+([.,]\d+)?\s*[eE]\s*\+?\s*\d+\s*$", re.ASCII)


# The digit counts of a number (no leading zero) that pad to a real ID of each length.
_NUMBER_LENGTHS = {n: frozenset(k for k in range(1, n + 1) if restores("1" * k, n)) for n in (10, 12)}


# What village heads write in an ID column for "none (yet)": read as no ID, not as a bad one.
_NO_ID = frozenset({"chua co", "khong co", "khong", "chua", "chua cap", "chua lam", "k co", "ko co", "ko",
                    "khong ro", "-", "--", "---", "x", "/"})


def _id(raw, length: int, normalize):
    cls = raw.__class__
    if cls is str and len(raw) == length and raw.isascii() and raw.isdigit():
        return raw  # already right: the common case
    if cls is float and raw >= 0 and raw.is_integer():  # typed as a number: zeros lost
        text = str(int(raw))
        if len(text) in _NUMBER_LENGTHS[length]:  # what normalize gives, without its regex
            return text.zfill(length)
    if raw is None or raw == "":
        return None
    if cls is str and not raw.isdigit() and _fold(raw.strip(" .")) in _NO_ID:
        return None  # "chưa có", "không", "-": the person has none yet
    if isinstance(raw, str) and _SCIENTIFIC.match(raw):
        label = _("Số CCCD") if length == 12 else _("Mã số BHXH")
        raise UserError(_("{label} đã bị Excel đổi thành «{value}» và mất chữ số. Hãy định dạng cột này "
                          "là Văn bản (Text) trong tệp gốc rồi lưu lại.").format(label=label, value=raw.strip()))
    return normalize(raw)


def _sex(value) -> str | None:
    return _SEX.get(_fold(_text(value)))


def relation_of(value) -> str:
    return _relation(_text(value))


@lru_cache(maxsize=4096)
def _relation(text: str) -> str:
    key = fold(text)
    if not key:
        return ""
    return _RELATIONS.get(key, text[:1].upper() + text[1:])


# -- D03-TS periods: "Từ tháng" (01/2026) and "Số tháng" (12) ---------------------------------
_MONTH_TEXT = re.compile(r"^(?:thang|t)?\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$", re.ASCII)
_YEAR_MONTH_TEXT = re.compile(r"^(\d{4})\s*[/.\-]\s*(\d{1,2})$", re.ASCII)
_MONTHS_TEXT = re.compile(r"^(\d{1,2})(?:[.,]0+)?\s*(?:thang)?$", re.ASCII)
MAX_MONTHS = 60


def month_start(value, *, field_label: str, today: dt.date, date1904: bool = False) -> str | None:
    """ISO first day of the month a "Từ tháng" cell names ("01/2026", "T1/2026", "Tháng 1/2026",
    "2026-01", a date cell, 1.2026 typed as a number); a full date is kept as it is. None for an
    empty cell; raises UserError."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise UserError(_("{field} không hợp lệ: «{value}».").format(field=field_label, value=value))
    if value.__class__ is float and not value.is_integer() and math.isfinite(value):
        text = repr(value)  # 1.2026: "01.2026" that Excel took for a number
    else:
        text = _text(value)
    if not text:
        return None
    folded = fold(ascii_digits(text))
    m = _MONTH_TEXT.match(folded)
    if m:
        month, year = int(m.group(1)), int(m.group(2))
    else:
        m = _YEAR_MONTH_TEXT.match(folded)
        if not m:
            iso, _year = parse_cell_date(value, field_label=field_label, today=today, year_ok=False,
                                         card=True, date1904=date1904)
            return iso
        year, month = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12 or not 1900 <= year <= 2200:
        raise UserError(_("{field} không hợp lệ: «{value}». Ghi dạng tháng/năm, ví dụ 01/2026.").format(
            field=field_label, value=text))
    return dt.date(year, month, 1).isoformat()


def month_count(value, *, field_label: str) -> int | None:
    """The number of months in a "Số tháng" cell (3, "12", "12 tháng"); None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        n = int(value) if math.isfinite(value) and float(value).is_integer() else None
    else:
        m = _MONTHS_TEXT.match(fold(ascii_digits(_text(value))))
        n = int(m.group(1)) if m else None
    if n is None or not 1 <= n <= MAX_MONTHS:
        raise UserError(_("{field} không hợp lệ: «{value}» (từ 1 đến {max} tháng).").format(
            field=field_label, value=_text(value), max=MAX_MONTHS))
    return n


def period_end(start_iso: str, months: int) -> str:
    """The last day of a period of ``months`` months from ``start_iso``: the day before the
    same day ``months`` later (2026-01-01 + 12 -> 2026-12-31; 2026-03-15 + 6 -> 2026-09-14),
    that day taken as the month's last when the month is shorter."""
    start = dt.date.fromisoformat(start_iso)
    year, month0 = divmod(start.month - 1 + months, 12)
    year += start.year
    day = min(start.day, calendar.monthrange(year, month0 + 1)[1])
    return (dt.date(year, month0 + 1, day) - dt.timedelta(days=1)).isoformat()
