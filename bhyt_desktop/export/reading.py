"""Read an export file back and verify it: is it ours, which version, is it unaltered?

    f = read_export(path)        # UserError when it is not a readable export
    f.checksum_ok                # recorded SHA-256 == recomputed
    f.total["insured"], f.villages, f.groups

Uses python-calamine (fast; also what a consolidation of 200 files needs).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from python_calamine import CalamineWorkbook

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import parse_date
from bhyt_desktop.common.i18n import _
from bhyt_desktop.export.format import (
    CHECKSUM_KEY,
    CONSOLIDATED_ID,
    FORMAT_ID,
    INFO_KEY_COLUMN,
    LEGACY_LABELS,
    SHEET_GROUPS,
    SHEET_INFO,
    SHEET_SUMMARY,
    SUPPORTED_VERSIONS,
    Checksum,
)
from bhyt_desktop.export.workbook import CHANGE_COLUMNS, GROUP_COLUMNS, SUMMARY_COLUMNS, TOTAL_LABEL

NUMERIC_KEYS = {c[0] for c in SUMMARY_COLUMNS + CHANGE_COLUMNS
                if c[3] in ("int", "pct") and c[0] != "stt"}


@dataclass
class ExportFile:
    path: Path
    info: dict[str, str]
    format_version: int
    recorded_sha256: str
    computed_sha256: str
    file_sha256: str                       # of the file's bytes, to name the exact file
    villages: list[dict] = field(default_factory=list)
    total: dict = field(default_factory=dict)
    groups: list[dict] = field(default_factory=list)     # per code: group, code, name, insured
    columns: list[str] = field(default_factory=list)     # summary column keys present

    @property
    def checksum_ok(self) -> bool:
        return self.recorded_sha256 == self.computed_sha256

    @property
    def commune_code(self) -> str:
        return self.info.get("commune_code", "")

    @property
    def commune_name(self) -> str:
        return self.info.get("commune_name", "")

    @property
    def as_of(self) -> dt.date:
        return parse_date(self.info.get("as_of", ""))

    @property
    def period_code(self) -> str:
        return self.info.get("period_code", "")

    @property
    def period_key(self) -> str:
        """What "the same period" means: the period's code, else the as-of date."""
        return self.period_code or self.as_of.isoformat()

    @property
    def has_changes(self) -> bool:
        return "new" in self.columns


def _num(value: object) -> int | float | None:
    if value in ("", None):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int | float):
        return value
    raise ValueError(value)


def _not_ours(path: Path, why: str = "") -> UserError:
    msg = _("«{name}» không phải tệp xuất của BHYT Desktop").format(name=path.name)
    return UserError(msg + (f" ({why})." if why else "."))


def _load(path: Path) -> tuple[list[str], dict[str, list[list]]]:
    try:
        wb = CalamineWorkbook.from_path(str(path))
        names = list(wb.sheet_names)
        return names, {n: wb.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in names}
    except OSError as exc:
        raise UserError(_("Không mở được «{name}»: {err}").format(name=path.name, err=exc.strerror or exc)) from None
    except Exception:
        raise _not_ours(path, _("không đọc được như một bảng tính Excel")) from None


def read_info(rows: list[list]) -> dict[str, str]:
    info: dict[str, str] = {}
    k = INFO_KEY_COLUMN - 1
    for row in rows:
        if len(row) > k and isinstance(row[k], str) and row[k]:
            value = row[1] if len(row) > 1 else ""
            info[row[k]] = value if isinstance(value, str) else str(value)
    return info


def compute_checksum(names: list[str], sheets: dict[str, list[list]]) -> str:
    c = Checksum()
    k = INFO_KEY_COLUMN - 1
    for name in names:
        c.sheet(name)
        for row in sheets[name]:
            if name == SHEET_INFO and len(row) > k and row[k] == CHECKSUM_KEY:
                continue
            c.row(row)
    return c.hexdigest()


def _table(rows: list[list], columns) -> tuple[list[str], list[dict]]:
    """Rows below the header row (first cell 'STT') as dicts keyed by column key."""
    by_label = {c[1]: c[0] for c in columns}
    by_label.update((label, key) for label, key in LEGACY_LABELS.items() if key in by_label.values())
    for i, row in enumerate(rows):
        if row and row[0] == "STT":
            keys = [by_label.get(h) if isinstance(h, str) else None for h in row]
            out = []
            for r in rows[i + 1:]:
                if not any(v not in ("", None) for v in r):
                    break
                out.append({key: r[j] if j < len(r) else "" for j, key in enumerate(keys) if key})
            return [k for k in keys if k], out
    return [], []


def read_export(path: str | os.PathLike, *, allow_consolidated: bool = False) -> ExportFile:
    """Open and check an export. Raises UserError for a file that is not ours or of a
    format version this program does not know; a checksum mismatch is reported, not raised
    (see ``ExportFile.checksum_ok``)."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise _not_ours(path, _("không phải tệp .xlsx"))
    names, sheets = _load(path)
    if SHEET_INFO not in sheets:
        raise _not_ours(path, _("không có trang «{sheet}»").format(sheet=SHEET_INFO))
    info = read_info(sheets[SHEET_INFO])
    fmt = info.get("format")
    if fmt == CONSOLIDATED_ID and not allow_consolidated:
        raise UserError(_("«{name}» là tệp tổng hợp, không phải tệp xuất của một xã.").format(name=path.name))
    if fmt not in (FORMAT_ID, CONSOLIDATED_ID):
        raise _not_ours(path)
    try:
        version = int(info.get("format_version", ""))
    except ValueError:
        version = -1
    if version not in SUPPORTED_VERSIONS:
        raise UserError(_("«{name}» có phiên bản định dạng «{v}» mà chương trình này chưa biết. "
                          "Hãy cập nhật BHYT Desktop.").format(name=path.name, v=info.get("format_version", "")))
    for key in ("commune_code", "as_of", CHECKSUM_KEY):
        if fmt == FORMAT_ID and not info.get(key):
            raise _not_ours(path, _("thiếu mục «{key}» trong trang Thông tin").format(key=key))
    out = ExportFile(
        path=path, info=info, format_version=version,
        recorded_sha256=info.get(CHECKSUM_KEY, "").strip().lower(),
        computed_sha256=compute_checksum(names, sheets),
        file_sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
    )
    if fmt == CONSOLIDATED_ID:
        return out
    try:
        parse_date(info["as_of"])
        out.columns, rows = _table(sheets.get(SHEET_SUMMARY, []), SUMMARY_COLUMNS + CHANGE_COLUMNS)
        for r in rows:
            for key in NUMERIC_KEYS & r.keys():
                r[key] = _num(r[key])
            if r.get("village") == TOTAL_LABEL and r.get("stt") in ("", None):
                out.total = r
                break
            out.villages.append(r)
        _cols, groups = _table(sheets.get(SHEET_GROUPS, []), GROUP_COLUMNS)
        for g in groups:
            if g.get("code"):
                out.groups.append({"group": _num(g["group"]), "code": g["code"],
                                   "name": g["name"], "insured": _num(g["insured"]) or 0})
    except (ValueError, KeyError, TypeError, UserError):
        if out.checksum_ok:   # our own file that we cannot parse: a bug, not the user's
            raise
        raise _not_ours(path, _("bảng số liệu bị sửa, không đọc được")) from None
    if not out.total or "insured" not in out.total:
        raise _not_ours(path, _("không tìm thấy dòng «{label}»").format(label=TOTAL_LABEL))
    return out
