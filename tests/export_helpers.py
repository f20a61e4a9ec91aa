"""Helpers for the export tests: demo communes with their own codes, and an independent
implementation of the documented checksum (docs/export-format.md) to check ours against."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from pathlib import Path

import openpyxl

from bhyt_desktop.commune import details as cm
from bhyt_desktop.demo.generate import generate
from bhyt_desktop.export.workbook import ExportOptions, export_workbook
from bhyt_desktop.store import open_db

ANCHOR = dt.date(2026, 11, 22)


def demo_commune(folder: Path, code: str, *, seed: int, people: int = 300,
                 name: str | None = None) -> Path:
    path = folder / f"xa_{code}.db"
    db = open_db(path, create=True)
    try:
        generate(db, people=people, seed=seed, anchor=ANCHOR)
        cm.set_commune(db, code=code, name=name or f"Xã Mẫu {code}")
    finally:
        db.close()
    return path


def export_commune(db_path: Path, out: Path, **options) -> Path:
    options.setdefault("as_of", ANCHOR)
    db = open_db(db_path)
    try:
        export_workbook(db, out, ExportOptions(**options))
    finally:
        db.close()
    return out


def _canon(v) -> str:
    # Written from the documentation, independently of bhyt_desktop.export.format.
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int | float):
        s = format(Decimal(repr(v)) if isinstance(v, float) else Decimal(v), ".6f")
        s = s.rstrip("0").rstrip(".")
        return "0" if s in ("", "-0") else s
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(timespec="seconds")
    if isinstance(v, dt.date):
        return v.isoformat()
    raise TypeError(type(v))


def documented_checksum(path: Path) -> tuple[str, str]:
    """(recorded, recomputed) following docs/export-format.md with openpyxl only."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    buf, recorded = [], ""
    for ws in wb.worksheets:
        buf.append(ws.title + "\x1d")
        for row in ws.iter_rows(values_only=True):
            if ws.title == "Thông tin" and len(row) >= 3 and row[2] == "sha256":
                recorded = row[1]
                continue
            cells = [_canon(v) for v in row]
            while cells and cells[-1] == "":
                cells.pop()
            if cells:
                buf.append("\x1f".join(cells) + "\x1e")
    wb.close()
    return recorded, hashlib.sha256("".join(buf).encode("utf-8")).hexdigest()


def sheet_rows(path: Path, sheet: str) -> list[tuple]:
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = list(wb[sheet].iter_rows(values_only=True))
    wb.close()
    return rows


def table(path: Path, sheet: str) -> list[dict]:
    """Rows below the 'STT' header, as dicts keyed by header text."""
    rows = sheet_rows(path, sheet)
    i = next(i for i, r in enumerate(rows) if r and r[0] == "STT")
    head = rows[i]
    out = []
    for r in rows[i + 1:]:
        if not any(v not in (None, "") for v in r):
            break
        out.append(dict(zip(head, r, strict=False)))
    return out
