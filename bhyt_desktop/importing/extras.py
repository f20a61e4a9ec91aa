"""The columns the real forms carry besides the person and the card period.

- "Mã số nhân viên thu" (D03-TS of Decision 490/QĐ-BHXH): the collector credited with the card.
- "Nơi đăng ký KCB ban đầu": the card's clinic of first registration.
- "Ghi chú" / "Lý do": under "Giảm", why the person leaves (:func:`proposed_status`).
- The household's type (poor, near-poor, average-living farm household), a person's pension
  or social allowance, and whether the card was issued by another province or agency.
"""

from __future__ import annotations

import re

from bhyt_desktop.common.text import fold
from bhyt_desktop.importing.cells import _text

EXTRA_FIELDS = ("collector", "clinic", "note", "household_type", "benefit", "issued_elsewhere")
_MARKS = frozenset({"x", "co", "1", "v", "yes", "dung", "*"})
_NO = frozenset({"", "0", "khong", "no", "-"})


def household_type_of(text: str) -> str | None:
    key = fold(text)
    if not key:
        return None
    if "can ngheo" in key:
        return "near_poor"
    if "ngheo" in key:
        return "poor"
    if "trung binh" in key or "nong" in key or "lam nghiep" in key or "ngu nghiep" in key:
        return "farm_avg"
    return "other"


def benefit_of(text: str) -> str | None:
    key = fold(text)
    if key in _NO:
        return None
    if "tro cap" in key or "bao tro" in key:
        return "social_allowance"
    if "huu" in key or key in _MARKS:
        return "pension"
    return None


def issued_elsewhere_of(text: str) -> bool:
    key = fold(text)
    return key in _MARKS or bool(re.search(r"ngoai tinh|tinh khac|noi khac|quan doi|cong an|bo quoc phong", key))


def read_extra(record, cells: tuple) -> None:
    """Fill ``record``'s extra fields from the cells of EXTRA_FIELDS (in that order)."""
    if not isinstance(cells, tuple):
        cells = (cells,)
    collector, clinic, note, htype, benefit, elsewhere = (_text(v) if v is not None else "" for v in cells)
    record.collector = collector.upper()
    record.clinic = clinic
    record.note = note
    record.household_type = household_type_of(htype)
    record.benefit = benefit_of(benefit)
    record.issued_elsewhere = issued_elsewhere_of(elsewhere)


# A "Giảm" row's reason -> the status it proposes (never applied without review).
_REASONS = [
    (re.compile(r"\b(chet|da mat|mat|tu vong|qua doi|tu tran)\b"), "deceased"),
    (re.compile(r"\b(chuyen di|chuyen khau|chuyen ho khau|chuyen noi|chuyen den|chuyen cu tru|di noi khac)\b"),
     "moved_out"),
    (re.compile(r"\b(lam an xa|di lam|xuat khau lao dong|di hoc xa)\b"), "away"),
]


def proposed_status(reason: str) -> str | None:
    key = fold(reason)
    for pattern, status in _REASONS:
        if pattern.search(key):
            return status
    return None


def leaving_month(row: list, mapping, today) -> str | None:
    """The first day of a "Giảm" row's month ("Từ tháng") or its start date, ISO; None when
    the row gives none or it cannot be read."""
    from bhyt_desktop.common.errors import UserError
    from bhyt_desktop.importing.cells import cell_date, month_start

    for field, by_month in (("from_month", True), ("valid_from", False)):
        col = mapping.columns.get(field)
        if col is None or col >= len(row) or row[col] in (None, ""):
            continue
        try:
            if by_month:
                return month_start(row[col], field_label="", today=today)
            return cell_date(row[col], field_label="", today=today, year_ok=False, card=True)[0]
        except UserError:
            return None
    return None
