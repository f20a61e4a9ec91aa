"""The rejected rows as a workbook to fix and import again: the original rows plus a reason.

Written with openpyxl (write-only) to a temporary file next to the target, then moved into
place with ``os.replace``: a failure never leaves a half-written file, and the rows (personal
data) never go to the system's temp folder (common/scratch.py: a killed run's leftovers are
removed by the next one). The target is checked first (:func:`rejects_destination`): never
the file being imported. Cells that look like formulas (``=HYPERLINK(…)``, ``+1+1``,
``@SUM(A1)``) are written as text with a quote prefix (common/sheet_text.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.scratch import openpyxl_scratch_in, scratch_file, sweep
from bhyt_desktop.common.sheet_text import text_cell
from bhyt_desktop.importing.plan import REJECTED, UNMATCHED, ImportPlan


def _value(v):
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return int(v)
    if isinstance(v, dt.time):
        return v.isoformat()
    return None if v == "" else v


def rejected_rows(plan: ImportPlan, *, include_unmatched: bool = True) -> list[tuple[int, list, str, str]]:
    """[(row number, original cells, reason, village)] for every rejected (and unmatched) row.

    Rows under a "Giảm" heading are left out: they never add anything, and fixed and imported
    again without their heading they would be read as people joining."""
    wanted = {REJECTED, UNMATCHED} if include_unmatched else {REJECTED}
    leaving = set(plan.decrease_rows)
    rows = plan.table.rows
    return [(o.row, rows[o.row - 1], o.reason, o.village) for o in plan.rows
            if o.status in wanted and o.row not in leaving]


def rejects_destination(path: str | Path, source: str | Path | None = None) -> Path:
    """The file the rejects workbook would be written to: ``path``, with ``.xlsx`` as its
    extension (a ``.xls`` or ``.csv`` name is changed). Raises ``UserError`` (nothing
    written) when its folder does not exist, it is a folder, it is ``source`` (the file being
    imported), or the changed name is another file that already exists."""
    given = Path(path)
    out = given if given.suffix.lower() == ".xlsx" else given.with_suffix(".xlsx")
    if not out.parent.exists():
        raise UserError(_("Thư mục không tồn tại: {path}").format(path=out.parent))
    if out.is_dir():
        raise UserError(_("Đây là một thư mục, không phải tệp: {path}").format(path=out))
    if source is not None and (_same_file(out, Path(source)) or _same_file(given, Path(source))):
        raise UserError(_("Không thể ghi các dòng bị loại vào chính tệp đang nhập ({name}): tệp gốc sẽ bị "
                          "ghi đè. Hãy chọn tên khác, ví dụ {suggest}.").format(
            name=out.name, suggest=Path(source).stem + "_dong_bi_loai.xlsx"))
    if out != given and out.exists():
        raise UserError(_("Tệp các dòng bị loại được ghi dạng .xlsx, nhưng {name} đã có: hãy ghi tên tệp "
                          ".xlsx khác.").format(name=out.name))
    return out


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def write_rejects(plan: ImportPlan, path: str | Path, *, include_unmatched: bool = True) -> int:
    """Save the rejected rows to :func:`rejects_destination` of ``path``; returns how many.
    Raises ``UserError`` if it cannot be written (never over the file being imported)."""
    from openpyxl import Workbook

    path = rejects_destination(path, plan.table.path)
    items = rejected_rows(plan, include_unmatched=include_unmatched)
    sweep(path.parent)
    with openpyxl_scratch_in(path.parent):
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(_("Dòng bị loại"))
        try:
            _fill(ws, plan, items)
            tmp = _new_temp(path.parent)
            try:
                wb.save(tmp)
                os.replace(tmp, path)
            except PermissionError:
                raise UserError(_("Không ghi được {name}: tệp đang mở trong Excel hoặc không có quyền ghi.").format(
                    name=path.name)) from None
            finally:
                tmp.unlink(missing_ok=True)
        finally:
            _discard(ws)
    return len(items)


def _new_temp(folder: Path) -> Path:
    """An empty temporary file next to the target, made like any new file (mode 0666 less
    the umask, not mkstemp's 0600), so the renamed workbook has the usual permissions."""
    try:
        return scratch_file(folder, "rejects", ".xlsx")
    except PermissionError:
        raise UserError(_("Không ghi được vào thư mục {path}: không có quyền ghi.").format(path=folder)) from None


def _discard(ws) -> None:
    """Close a write-only sheet that was not saved (an error): else its row writer is closed
    by the garbage collector after its file, printing a traceback."""
    if not ws.closed:
        with contextlib.suppress(Exception):
            ws.close()
    writer = getattr(ws, "_writer", None)
    if writer is not None:  # its rows' temporary file (personal data)
        with contextlib.suppress(OSError, ValueError):
            writer.cleanup()


def _fill(ws, plan: ImportPlan, items) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    width = max([len(plan.mapping.headers)] + [len(cells) for _n, cells, _r, _v in items])
    # A village known only from the title block or a heading row goes in a column of its own,
    # so the fixed rows can be imported again on their own.
    add_village = "village" not in plan.mapping.columns and any(v for *_x, v in items)
    ws.freeze_panes = "A2"
    # printable as it is: landscape, all columns on one page width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = "1:1"
    bold = Font(bold=True)
    plain = WriteOnlyCell(ws)
    fill = PatternFill("solid", fgColor="FFF2CC")
    headers = list(plan.mapping.headers) + [""] * (width - len(plan.mapping.headers))
    head_cells = []
    extra = [_("Thôn/xóm")] if add_village else []
    for text in [*headers, *extra, _("Dòng trong tệp gốc"), _("Lý do")]:
        c = text_cell(ws, text or None, WriteOnlyCell(ws))
        c.font = bold
        head_cells.append(c)
    from openpyxl.utils import get_column_letter
    for i in range(width):
        ws.column_dimensions[get_column_letter(i + 1)].width = 16
    ws.column_dimensions[get_column_letter(width + len(extra) + 1)].width = 18
    ws.column_dimensions[get_column_letter(width + len(extra) + 2)].width = 110
    ws.append(head_cells)
    for number, cells, reason, village in items:
        values = [_value(v) for v in cells] + [None] * (width - len(cells))
        out = []
        for v in values:
            c = text_cell(ws, v, plain)
            if isinstance(v, dt.date):
                c.number_format = "DD/MM/YYYY"
            out.append(c)
        n = WriteOnlyCell(ws, value=number)
        r = text_cell(ws, reason, plain)
        r.fill = fill
        r.alignment = Alignment(vertical="top")
        ws.append([*out, *([text_cell(ws, village or None, plain)] if add_village else []), n, r])
