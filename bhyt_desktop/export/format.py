"""The export file format: names, version, the canonical checksum, safe cell values.

Everything a reader needs to verify a file is defined here and repeated in
docs/export-format.md. Change the format only by raising ``FORMAT_VERSION``.

Checksum (format version 1)
---------------------------
SHA-256, lower-case hex, over a byte string built from every sheet of the workbook in
workbook order (the ``Thông tin`` sheet included, without its ``sha256`` row):

- per sheet: the sheet name, then ``\\x1d`` (group separator);
- per row, top to bottom, skipping rows whose cells are all empty: the canonical text of
  each cell joined with ``\\x1f`` (unit separator), trailing empty cells dropped, then
  ``\\x1e`` (record separator);
- the whole string encoded as UTF-8.

Canonical text of a cell value: empty / None -> ``""``; text -> itself; a number -> fixed
point with 6 decimals, trailing zeros and a trailing point removed (``4591``, ``0.8691``;
``-0`` becomes ``0``); a date or a date-time at midnight -> ``YYYY-MM-DD``; another
date-time -> ``YYYY-MM-DDTHH:MM:SS``; true/false -> ``TRUE``/``FALSE``.
The numeric rule makes the sum independent of the reader (python-calamine gives 4591.0,
openpyxl 4591) and of how a spreadsheet program re-serialises floating point numbers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from decimal import Decimal

from bhyt_desktop.common.sheet_text import FORMULA_TRIGGERS, needs_quote
from bhyt_desktop.coverage.definitions import UNINSURED_POPULATION_VI, WITHOUT_VALID_CARD_VI

FORMAT_ID = "BHYT-Desktop/xuat-xa"           # a commune export
CONSOLIDATED_ID = "BHYT-Desktop/tong-hop"    # a consolidation of several exports
# 2: the population-minus-insured column is "Chưa tham gia BHYT (dân số − có thẻ)" and the
# list of people without a valid card is the sheet "Không có thẻ còn hạn" (both were
# "Chưa có thẻ", a name that also meant "never insured"). Version 1 files are still read.
FORMAT_VERSION = 2
SUPPORTED_VERSIONS = (1, 2)

SHEET_SUMMARY = "Tổng hợp"
SHEET_GROUPS = "Theo nhóm đối tượng"
SHEET_INFO = "Thông tin"
SHEET_UNINSURED = WITHOUT_VALID_CARD_VI
SHEET_EXPIRING = "Sắp hết hạn"
SHEET_FILES = "Tệp nguồn"
SHEET_GROUPS_BY_COMMUNE = "Nhóm theo xã"
UNINSURED_LABEL = UNINSURED_POPULATION_VI
# Column labels of older format versions, read as the key they had (label -> key).
LEGACY_LABELS = {"Chưa có thẻ": "uninsured"}

# Machine keys of the ``Thông tin`` sheet (column C), with their Vietnamese labels (A).
INFO_FIELDS: list[tuple[str, str]] = [
    ("format", "Định dạng tệp"),
    ("format_version", "Phiên bản định dạng"),
    ("commune_name", "Tên xã"),
    ("commune_code", "Mã xã"),
    ("upper_name", "Đơn vị cấp trên"),
    ("upper_code", "Mã đơn vị cấp trên"),
    ("period", "Kỳ báo cáo"),
    ("period_code", "Mã kỳ"),
    ("period_start", "Từ ngày"),
    ("period_end", "Đến ngày"),
    ("as_of", "Số liệu tính đến ngày"),
    ("generated_at", "Thời điểm tạo tệp"),
    ("operator", "Người lập"),
    ("app_version", "Phiên bản BHYT Desktop"),
    ("personal_data", "Có dữ liệu cá nhân"),
    ("ids", "Số định danh"),
    ("sheets", "Các trang dữ liệu"),
    ("sha256", "Mã kiểm tra SHA-256"),
]
CHECKSUM_KEY = "sha256"
INFO_KEY_COLUMN = 3   # C: machine key; A: label; B: value

FORMULA_PREFIXES = FORMULA_TRIGGERS

US, RS, GS = "\x1f", "\x1e", "\x1d"


def canonical(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        text = f"{Decimal(str(value)) if isinstance(value, float) else Decimal(value):.6f}"
        text = text.rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    return str(value)


class Checksum:
    """Incremental form of the checksum above (feed sheets and rows as they are written)."""

    def __init__(self) -> None:
        self._h = hashlib.sha256()

    def sheet(self, name: str) -> None:
        self._h.update((name + GS).encode("utf-8"))

    def row(self, values: Iterable[object]) -> None:
        cells = [canonical(v) for v in values]
        while cells and cells[-1] == "":
            cells.pop()
        if cells:
            self._h.update((US.join(cells) + RS).encode("utf-8"))

    def hexdigest(self) -> str:
        return self._h.hexdigest()


def checksum_of(sheets: Iterable[tuple[str, Iterable[Iterable[object]]]]) -> str:
    """The checksum of ``(sheet name, rows)`` pairs, rows already without the sha256 row."""
    c = Checksum()
    for name, rows in sheets:
        c.sheet(name)
        for row in rows:
            c.row(row)
    return c.hexdigest()


def is_formula_like(value: object) -> bool:
    """Text a spreadsheet could evaluate: stored with a quote prefix (common/sheet_text.py)."""
    return needs_quote(value)
