"""The log of what was exported, when and for which period.

Kept in the commune file's ``audit_log`` (action ``export``, detail = JSON), so no schema
change is needed and the entries sit with the rest of the file's history.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from bhyt_desktop.common.formats import fmt_datetime
from bhyt_desktop.export.workbook import ExportOptions, ExportResult
from bhyt_desktop.store.audit import log, recent

ACTION = "export"


@dataclass
class ExportLogEntry:
    at: str                 # local time, 'YYYY-MM-DDTHH:MM:SS'
    operator: str
    path: str
    as_of: str              # ISO date
    period: str             # period code, or ''
    period_label: str
    with_lists: bool
    full_ids: bool
    sha256: str

    @property
    def at_text(self) -> str:
        """'22/11/2026 10:05' (stored as ISO)."""
        return fmt_datetime(self.at)

    @property
    def period_text(self) -> str:
        """The period as a person reads it ('Tháng 11 năm 2026 (01/11/2026 – 22/11/2026)'),
        never its key ('2026-M11')."""
        return self.period_label or self.period


def log_export(db: sqlite_utils.Database, result: ExportResult, opts: ExportOptions) -> None:
    detail = {
        "path": str(Path(result.path).resolve()), "as_of": result.as_of.isoformat(),
        "period": result.period.code if result.period else "",
        "period_label": result.period.label if result.period else "",
        "with_lists": opts.with_lists, "full_ids": opts.full_ids, "sha256": result.sha256,
    }
    with db.atomic():
        log(db, ACTION, "export", None, json.dumps(detail, ensure_ascii=False), operator=opts.operator)


def export_history(db: sqlite_utils.Database, limit: int = 50) -> list[ExportLogEntry]:
    out = []
    for line in recent(db, limit, action=ACTION):
        at, operator, detail = line["at"], line["operator"], line["detail"]
        try:
            d = json.loads(detail)
        except ValueError:
            continue
        out.append(ExportLogEntry(at, operator, d.get("path", ""), d.get("as_of", ""),
                                  d.get("period", ""), d.get("period_label", ""),
                                  bool(d.get("with_lists")), bool(d.get("full_ids")),
                                  d.get("sha256", "")))
    return out
