"""Reporting periods: an ISO week (Monday-Sunday), a month, a quarter, a half, a year.

``period_of(kind, as_of)`` gives the period that contains the as-of date. A week takes its
ISO number and ISO year: 31/12/2026 is in "tuần 53" of 2026, 01/01/2027 too (week 53 runs
28/12/2026 - 03/01/2027); 29/12/2025 is in "tuần 1" of 2026.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import fmt_date
from bhyt_desktop.common.i18n import _

KINDS = ("week", "month", "quarter", "half", "year")
KIND_LABELS = {"week": "Tuần", "month": "Tháng", "quarter": "Quý", "half": "6 tháng",
               "year": "Năm"}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Period:
    kind: str            # one of KINDS
    year: int            # ISO year for weeks, calendar year otherwise
    index: int           # week 1-53, month 1-12, quarter 1-4, half 1-2, 1 for a year
    start: dt.date
    end: dt.date

    @property
    def name(self) -> str:
        """'tuần 47', 'tháng 11 năm 2026', 'quý IV năm 2026', '6 tháng đầu năm 2026'."""
        if self.kind == "week":
            return f"tuần {self.index}"
        if self.kind == "month":
            return f"tháng {self.index} năm {self.year}"
        if self.kind == "quarter":
            return f"quý {ROMAN[self.index]} năm {self.year}"
        if self.kind == "half":
            return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
        return f"năm {self.year}"

    @property
    def dates(self) -> str:
        """'(từ ngày 16/11/2026 đến ngày 22/11/2026)'."""
        return f"(từ ngày {fmt_date(self.start)} đến ngày {fmt_date(self.end)})"

    @property
    def key(self) -> str:
        """A short stable key: '2026-W47', '2026-M11', '2026-Q4', '2026-H2', '2026'."""
        prefix = {"week": "W", "month": "M", "quarter": "Q", "half": "H"}.get(self.kind)
        return f"{self.year}-{prefix}{self.index:02d}" if prefix else str(self.year)

    def to_json(self) -> dict:
        return {"kind": self.kind, "year": self.year, "index": self.index,
                "start": self.start.isoformat(), "end": self.end.isoformat()}

    @staticmethod
    def from_json(data: dict) -> Period:
        return Period(data["kind"], data["year"], data["index"],
                      dt.date.fromisoformat(data["start"]), dt.date.fromisoformat(data["end"]))


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def period_of(kind: str, as_of: dt.date) -> Period:
    """The period of ``kind`` that contains ``as_of``."""
    if kind == "week":
        iso_year, week, weekday = as_of.isocalendar()
        start = as_of - dt.timedelta(days=weekday - 1)
        return Period("week", iso_year, week, start, start + dt.timedelta(days=6))
    y = as_of.year
    if kind == "month":
        return Period("month", y, as_of.month, as_of.replace(day=1), _month_end(y, as_of.month))
    if kind == "quarter":
        q = (as_of.month - 1) // 3 + 1
        return Period("quarter", y, q, dt.date(y, 3 * q - 2, 1), _month_end(y, 3 * q))
    if kind == "half":
        h = 1 if as_of.month <= 6 else 2
        return Period("half", y, h, dt.date(y, 6 * h - 5, 1), _month_end(y, 6 * h))
    if kind == "year":
        return Period("year", y, 1, dt.date(y, 1, 1), dt.date(y, 12, 31))
    raise UserError(_("Kỳ báo cáo không hợp lệ: «{kind}» (chọn week, month, quarter, half "
                      "hoặc year).").format(kind=kind))
