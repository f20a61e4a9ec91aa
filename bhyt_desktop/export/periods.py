"""Report periods for exports: the calendar week, month, quarter, half-year or year that
contains the as-of date, cut at that date.

Temporary: the weekly report (branch ``report``) has ``bhyt_desktop/reports/periods.py``;
the two should become one module when both are merged (see docs/export-format.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..errors import UserError
from ..formats import fmt_date
from ..i18n import _

KINDS = ("week", "month", "quarter", "half", "year")
KIND_LABELS = {"week": "Tuần", "month": "Tháng", "quarter": "Quý", "half": "6 tháng",
               "year": "Năm"}


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date     # first day of the period
    end: dt.date       # last day counted (the as-of date, or the period's last day)
    code: str          # 2026-W47, 2026-11, 2026-Q4, 2026-H2, 2026

    @property
    def label(self) -> str:
        """'Tháng 11/2026 (01/11/2026 – 22/11/2026)'; always Vietnamese (written into files)."""
        y = self.start.year
        head = {
            "week": f"Tuần {self.start.isocalendar()[1]}/{self.start.isocalendar()[0]}",
            "month": f"Tháng {self.start.month:02d}/{y}",
            "quarter": f"Quý {(self.start.month - 1) // 3 + 1}/{y}",
            "half": f"6 tháng {'đầu' if self.start.month == 1 else 'cuối'} năm {y}",
            "year": f"Năm {y}",
        }[self.kind]
        return f"{head} ({fmt_date(self.start)} – {fmt_date(self.end)})"


def period_of(kind: str, as_of: dt.date) -> Period:
    """The period of ``kind`` containing ``as_of``, ending on ``as_of``."""
    y, m = as_of.year, as_of.month
    if kind == "week":
        start = as_of - dt.timedelta(days=as_of.weekday())
        iy, iw, _d = as_of.isocalendar()
        code = f"{iy}-W{iw:02d}"
    elif kind == "month":
        start, code = dt.date(y, m, 1), f"{y}-{m:02d}"
    elif kind == "quarter":
        q = (m - 1) // 3
        start, code = dt.date(y, 3 * q + 1, 1), f"{y}-Q{q + 1}"
    elif kind == "half":
        h = 0 if m <= 6 else 1
        start, code = dt.date(y, 6 * h + 1, 1), f"{y}-H{h + 1}"
    elif kind == "year":
        start, code = dt.date(y, 1, 1), f"{y}"
    else:
        raise UserError(_("Kỳ báo cáo không hợp lệ: «{kind}» (chọn week, month, quarter, half hoặc year).")
                        .format(kind=kind))
    return Period(kind, start, as_of, code)
