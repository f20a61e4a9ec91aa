"""Writing streamed (write-only) sheets that print well and cannot carry formulas.

Shared by the commune export and the consolidation workbook. Every value written is also
fed to the file's :class:`~.format.Checksum`, so the checksum is exactly what a reader
sees.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import zipfile
from collections.abc import Iterable, Sequence
from copy import copy
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.properties import PageSetupProperties

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.scratch import scratch_file, sweep
from bhyt_desktop.common.sheet_text import needs_quote, storable, text_cell, xml_text
from bhyt_desktop.export.format import Checksum

FONT = "Times New Roman"
INT_FMT = "[$-42A]#,##0"      # Vietnamese locale tag: LibreOffice shows 4.591
PCT_FMT = "[$-42A]0.00%"
DATE_FMT = "dd/mm/yyyy"
TEXT_FMT = "@"

_thin = Side(style="thin", color="808080")
_box = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)

# name -> (font kwargs, number format, alignment kwargs, fill colour, border)
_STYLES: dict[str, tuple[dict, str | None, dict | None, str | None, bool]] = {
    "title": ({"bold": True, "size": 14}, None, None, None, False),
    "subtitle": ({"italic": True, "size": 11}, None, None, None, False),
    "warning": ({"bold": True, "size": 11, "color": "C00000"}, None, None, None, False),
    "header": ({"bold": True, "size": 11}, None,
               {"horizontal": "center", "vertical": "center", "wrap_text": True}, "D9E1F2", True),
    "text": ({"size": 11}, None, None, None, True),
    "id": ({"size": 11}, TEXT_FMT, None, None, True),
    "int": ({"size": 11}, INT_FMT, None, None, True),
    "pct": ({"size": 11}, PCT_FMT, None, None, True),
    "date": ({"size": 11}, DATE_FMT, {"horizontal": "center"}, None, True),
    "total_text": ({"bold": True, "size": 11}, None, None, "F2F2F2", True),
    "total_int": ({"bold": True, "size": 11}, INT_FMT, None, "F2F2F2", True),
    "total_pct": ({"bold": True, "size": 11}, PCT_FMT, None, "F2F2F2", True),
    "key": ({"size": 9, "color": "808080"}, None, None, None, False),
    "hash": ({"size": 8}, None, None, None, True),
    "plain": ({"size": 11}, None, None, None, False),
    "list_text": ({"size": 10}, None, None, None, False),
    "list_id": ({"size": 10}, TEXT_FMT, None, None, False),
    "list_date": ({"size": 10}, DATE_FMT, {"horizontal": "center"}, None, False),
}


def clean_text(value: str) -> str:
    """Drop control characters that cannot be stored in a workbook."""
    return storable(value)


def print_setup(ws, *, landscape: bool = True, header_row: int | None = None,
                fit_width: bool = True) -> None:
    """A sheet that prints as a person expects: A4, as wide as the page, the header row
    frozen and repeated on every page, «Trang N / M» at the foot."""
    ps = ws.page_setup
    ps.paperSize = "9"  # A4
    ps.orientation = "landscape" if landscape else "portrait"
    if fit_width:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ps.fitToWidth, ps.fitToHeight = 1, 0
    m = ws.page_margins
    m.left, m.right, m.top, m.bottom = 0.6, 0.4, 0.6, 0.9      # inches
    # LibreOffice draws the footer inside the bottom margin: 0.3 in below it left half of
    # «Trang N / 83» cut off; 0.6 in between the footer line and the table holds it whole.
    m.footer, m.header = 0.3, 0.3
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "Trang &P / &N"
    ws.oddFooter.center.font = FONT
    if header_row:
        ws.freeze_panes = f"A{header_row + 1}"
        ws.print_title_rows = f"{header_row}:{header_row}"


class SheetWriter:
    """One write-only sheet: A4 landscape, header row frozen and repeated on every page."""

    def __init__(self, wb: Workbook, title: str, widths: Sequence[float], checksum: Checksum,
                 *, header_row: int | None = 4, landscape: bool = True, fit_width: bool = True):
        self.ws = wb.create_sheet(title)
        self.checksum = checksum
        checksum.sheet(title)
        self.rows_written = 0
        for i, w in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = w
        print_setup(self.ws, landscape=landscape, header_row=header_row, fit_width=fit_width)
        self._templates: dict[str, WriteOnlyCell] = {}

    def _template(self, name: str) -> WriteOnlyCell:
        t = self._templates.get(name)
        if t is None:
            font, fmt, align, fill, border = _STYLES[name]
            t = WriteOnlyCell(self.ws)
            t.font = Font(name=FONT, **font)
            if fmt:
                t.number_format = fmt
            if align:
                t.alignment = Alignment(**align)
            if fill:
                t.fill = PatternFill("solid", fgColor=fill)
            if border:
                t.border = _box
            self._templates[name] = t
        return t

    def cell(self, value: object, style: str | None) -> object:
        """A cell for ``value``; text that could be evaluated (``=…``, ``+…``, ``@…``) stays
        text with a quote prefix (bhyt_desktop/common/sheet_text.py)."""
        if isinstance(value, str):
            value = clean_text(value)
        if style is None:
            if isinstance(value, dt.date):
                style = "list_date"
            elif needs_quote(value):
                style = "list_text"
            else:
                return value
        return text_cell(self.ws, value, self._template(style))

    def row(self, values: Sequence[object], styles: Sequence[str | None] | str | None = None,
            *, height: float | None = None) -> None:
        if isinstance(styles, str) or styles is None:
            styles = [styles] * len(values)
        values = [clean_text(v) if isinstance(v, str) else v for v in values]
        self.checksum.row(values)
        if height is not None:
            self.ws.row_dimensions[self.rows_written + 1].height = height
        self.ws.append([self.cell(v, s) for v, s in zip(values, styles, strict=True)])
        self.rows_written += 1

    def blank(self) -> None:
        self.ws.append([])
        self.rows_written += 1

    def rows(self, rows: Iterable[Sequence[object]], styles: Sequence[str | None]) -> int:
        n = 0
        for values in rows:
            self.row(values, styles)
            n += 1
        return n


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


def check_target(out_path: str | os.PathLike) -> Path:
    """The workbook to write: an .xlsx in a folder that exists (else ``UserError``). Scratch
    files left there by a killed run are removed (common/scratch.py)."""
    out = Path(out_path)
    if out.suffix.lower() != ".xlsx":
        raise UserError(_("Tệp xuất phải có đuôi .xlsx: «{name}».").format(name=out.name))
    if not out.parent.is_dir():
        raise UserError(_("Thư mục không tồn tại: «{path}».").format(path=out.parent))
    sweep(out.parent)
    return out


def save_atomically(wb: Workbook, out_path: str | os.PathLike,
                    bulk: Sequence[BulkRows] = ()) -> Path:
    """Save next to the target under a temporary name (splicing in the bulk rows), then
    rename over it."""
    out = check_target(out_path)
    tmp = scratch_file(out.parent, "xlsx")
    try:
        wb.save(tmp)
        if bulk:
            _splice(tmp, bulk)
        os.replace(tmp, out)
    except PermissionError:
        Path(tmp).unlink(missing_ok=True)
        raise UserError(_("Không ghi được «{name}»: tệp đang mở trong Excel hoặc không có quyền "
                          "ghi. Hãy đóng tệp rồi thử lại.").format(name=out.name)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def discard(wb: Workbook) -> None:
    """Close a write-only workbook that will not be saved and remove its temp files."""
    for ws in wb.worksheets:
        try:
            if not ws.closed:
                ws.close()
        except Exception:  # noqa: BLE001 - best effort cleanup after a failure
            pass
        writer = getattr(ws, "_writer", None)
        if writer is not None:
            try:
                writer.cleanup()
            except (OSError, ValueError):
                pass


# --- bulk rows ------------------------------------------------------------------------
#
# openpyxl spends ~25 us per cell even in write-only mode (measured: 28 s for 100,000 rows
# x 12 columns, with lxml). The named lists can be that big, so their data rows are written
# as plain SpreadsheetML (inline strings, numbers, date serials with openpyxl's own style
# ids) into a temp file, and spliced into the sheet openpyxl wrote (title, header, page
# setup, styles) when the workbook is saved. Same XML openpyxl writes, about 6x faster.

_EPOCH_ORDINAL = dt.date(1899, 12, 30).toordinal()
_MARCH_1900 = dt.date(1900, 3, 1)


class BulkRows:
    """Data rows appended to a :class:`SheetWriter` after its header, written fast."""

    def __init__(self, sheet: SheetWriter, styles: Sequence[str | None], folder: str | os.PathLike):
        self.sheet = sheet
        wb = sheet.ws.parent
        self.row_idx = sheet.rows_written
        self.sids = [self._sid(wb, s or "list_text") for s in styles]
        self.quote_sid = self._sid(wb, "list_text", quote=True)
        self.letters = [get_column_letter(i + 1) for i in range(len(styles))]
        # Personal data: beside the target, under a name the next run removes if this one
        # is killed (common/scratch.py), never in the system's temp folder.
        self.tmp = str(scratch_file(folder, "rows", ".xml"))
        self.fh = open(self.tmp, "w", encoding="utf-8", buffering=1 << 20)

    def _sid(self, wb, style: str, quote: bool = False) -> int:
        cell = copy(self.sheet._template(style))
        style_array = copy(cell._style)
        if quote:
            style_array.quotePrefix = 1
        return wb._cell_styles.add(style_array)

    def row(self, values: Sequence[object]) -> None:
        self.sheet.checksum.row(values)
        self.row_idx += 1
        r = self.row_idx
        parts = [f'<row r="{r}">']
        for col, v in enumerate(values):
            if v is None or v == "":
                continue
            ref = f"{self.letters[col]}{r}"
            s_attr = f' s="{self.sids[col]}"'
            if isinstance(v, str):
                if needs_quote(v):
                    s_attr = f' s="{self.quote_sid}"'
                space = ' xml:space="preserve"' if v[:1].isspace() or v[-1:].isspace() else ""
                parts.append(f'<c r="{ref}"{s_attr} t="inlineStr"><is><t{space}>{xml_text(v)}</t></is></c>')
            elif isinstance(v, bool):
                parts.append(f'<c r="{ref}"{s_attr} t="b"><v>{int(v)}</v></c>')
            elif isinstance(v, int):
                parts.append(f'<c r="{ref}"{s_attr}><v>{v}</v></c>')
            elif isinstance(v, float):
                parts.append(f'<c r="{ref}"{s_attr}><v>{v!r}</v></c>')
            elif isinstance(v, dt.date) and not isinstance(v, dt.datetime) and v >= _MARCH_1900:
                parts.append(f'<c r="{ref}"{s_attr}><v>{v.toordinal() - _EPOCH_ORDINAL}</v></c>')
            elif isinstance(v, dt.date):
                parts.append(f'<c r="{ref}"{s_attr}><v>{to_excel(v)!r}</v></c>')
            else:
                raise TypeError(f"cannot write {type(v).__name__} in a bulk row")
        parts.append("</row>")
        self.fh.write("".join(parts))
        self.sheet.rows_written = r

    @property
    def path(self) -> str:
        """xl/worksheets/sheetN.xml (openpyxl numbers the sheets when it saves)."""
        return self.sheet.ws.path.lstrip("/")

    def close(self) -> None:
        if not self.fh.closed:
            self.fh.close()

    def discard(self) -> None:
        self.close()
        try:
            os.unlink(self.tmp)
        except OSError:
            pass


def _splice(xlsx: str | os.PathLike[str], bulk: Sequence[BulkRows]) -> None:
    """Insert each BulkRows' XML before ``</sheetData>`` of its sheet, in a rewritten zip."""
    by_path = {b.path: b for b in bulk}
    for b in bulk:
        b.close()
    out = str(scratch_file(os.path.dirname(xlsx) or ".", "splice", ".xlsx"))
    try:
        with zipfile.ZipFile(xlsx) as zin, \
                zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
            for item in zin.infolist():
                data = zin.read(item.filename)
                part = by_path.get(item.filename)
                if part is None:
                    zout.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
                    continue
                cut = data.rfind(b"</sheetData>")
                if cut < 0:
                    raise RuntimeError(f"no sheetData in {item.filename}")
                info = zipfile.ZipInfo(item.filename, date_time=item.date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
                with zout.open(info, "w", force_zip64=False) as dst, open(part.tmp, "rb") as rows:
                    dst.write(data[:cut])
                    shutil.copyfileobj(rows, dst, 1 << 20)
                    dst.write(data[cut:])
        os.replace(out, xlsx)
    finally:
        if os.path.exists(out):
            os.unlink(out)
        for b in bulk:
            b.discard()
