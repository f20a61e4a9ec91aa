"""Periods of an export: the report's period (``bhyt_desktop.reports.periods``) that
contains the as-of date, cut at that date (an export holds figures "to date").

One period definition for the weekly report and the export: the start, the ISO week and
the stable key ('2026-W47', '2026-M11', '2026-Q04', '2026-H02', '2026') come from
``reports.periods``; this module only adds the cut and the label written into files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bhyt_desktop.common.formats import fmt_date
from bhyt_desktop.reports import periods as report_periods

KINDS = report_periods.KINDS


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date     # first day of the period
    end: dt.date       # last day counted: the as-of date (or the period's last day)
    code: str          # the report period's key: 2026-W47, 2026-M11, 2026-Q04, 2026-H02, 2026
    name: str          # 'tuần 47 năm 2026', 'tháng 11 năm 2026', 'quý IV năm 2026'...

    @property
    def label(self) -> str:
        """'Tháng 11 năm 2026 (01/11/2026 – 22/11/2026)'; always Vietnamese (written into files)."""
        return f"{self.name[:1].upper()}{self.name[1:]} ({fmt_date(self.start)} – {fmt_date(self.end)})"


def period_of(kind: str, as_of: dt.date) -> Period:
    """The period of ``kind`` containing ``as_of``, ending on ``as_of``."""
    p = report_periods.period_of(kind, as_of)      # UserError for an unknown kind
    name = f"tuần {p.index} năm {p.year}" if p.kind == "week" else p.name
    return Period(p.kind, p.start, min(as_of, p.end), p.key, name)
