"""What a workbook holds, looked at before python-calamine loads it.

python-calamine builds a sheet as one dense grid from A1 to its last cell holding data
(in Rust, about 32 bytes a cell, then a Python list per row): one stray value at XFD5000
asks for 82 million cells, an .ods row repeated a million times for as many rows, and an
allocation that fails aborts the whole program. So the file is scanned first, streaming,
in bounded memory:

- ``.xlsx``/``.xlsm``: each worksheet's XML for the last row and column of a cell holding a
  value (empty formatted cells do not count: calamine skips them), for error cells
  (``#SPILL!``, ``#CALC!``, ``#FIELD!``… — calamine refuses a whole sheet for those it does
  not know; each is read as empty, with a warning naming it) and the 1904 date system;
- ``.ods``: the repeat counts of rows and cells holding content.

A sheet over :data:`MAX_CELLS` (rows × columns from A1 to its last value) is refused with a
message naming the farthest cell. ``.xls`` cannot exceed 65,536 × 256 cells; every sheet is
also checked once loaded, before it becomes Python rows.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import fmt_int
from bhyt_desktop.common.i18n import _

MAX_CELLS = 10_000_000   # rows x columns, A1 to the last cell holding a value
_CHUNK = 1 << 22
_OVERLAP = 1024
_FILLED_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>/]*>')
_ERROR_CELL = re.compile(rb'<(?:\w+:)?c\s([^>]*\bt="e"[^>]*)>(.*?)</(?:\w+:)?c>', re.S)
_REF = re.compile(rb'\br="([A-Z]{1,3}[0-9]{1,7})"')
_VALUE = re.compile(rb'<(?:\w+:)?v>([^<]*)<')
_ODS_REPEAT = re.compile(rb'number-(?:rows|columns)-repeated="([0-9]+)"')


@dataclass
class SheetScan:
    rows: int = 0
    cols: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)   # (cell, error text)


@dataclass
class WorkbookScan:
    sheets: dict[str, SheetScan] = field(default_factory=dict)
    date1904: bool = False
    patched: bytes | None = None     # the workbook with its error cells emptied


def column_letters(n: int) -> str:
    """1 -> A, 16384 -> XFD."""
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def too_big(sheet: str, file_name: str, rows: int, cols: int) -> UserError:
    return UserError(_(
        "Trang «{sheet}» của tệp {name} có dữ liệu đến ô {cell} ({rows} dòng × {cols} cột = {n} ô), "
        "quá giới hạn {max} ô chương trình đọc được. Thường do một ô lạc ở xa bảng: hãy xóa các "
        "dòng, cột thừa bên ngoài bảng (hoặc chép riêng bảng sang tệp mới) rồi lưu lại.").format(
        sheet=sheet, name=file_name, cell=f"{column_letters(cols)}{rows}", rows=fmt_int(rows),
        cols=fmt_int(cols), n=fmt_int(rows * cols), max=fmt_int(MAX_CELLS)))


def check_size(sheet: str, file_name: str, rows: int, cols: int) -> None:
    if rows * cols > MAX_CELLS:
        raise too_big(sheet, file_name, rows, cols)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _xlsx_sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part in the zip (xl/worksheets/sheet1.xml)."""
    book = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter() if _local(r.tag) == "Relationship"}
    parts = {}
    for el in book.iter():
        if _local(el.tag) == "sheet":
            rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
            target = targets.get(rid, "")
            if not target:
                continue
            path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            parts[el.get("name", "")] = path
    return parts


def _date1904(z: zipfile.ZipFile) -> bool:
    head = z.read("xl/workbook.xml")[:4096]
    return re.search(rb'date1904="(1|true)"', head) is not None


def scan_xlsx(path: Path) -> WorkbookScan:
    out = WorkbookScan()
    try:
        with zipfile.ZipFile(path) as z:
            out.date1904 = _date1904(z)
            parts = _xlsx_sheet_parts(z)
            for name, part in parts.items():
                if part in z.namelist():
                    out.sheets[name] = _scan_sheet(z, part)
            if any(s.errors for s in out.sheets.values()):
                out.patched = _without_errors(z, {p for n, p in parts.items() if out.sheets.get(n) and out.sheets[n].errors})
    except (zipfile.BadZipFile, KeyError, ET.ParseError, OSError):
        return WorkbookScan()   # calamine will say what is wrong with it
    return out


def _scan_sheet(z: zipfile.ZipFile, part: str) -> SheetScan:
    scan = SheetScan()
    max_col = b""
    with z.open(part) as fh:
        tail = b""
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            data = tail + chunk
            refs = _FILLED_REF.findall(data)
            if refs:
                cols = {c for c, _r in refs}
                top = max(cols, key=lambda c: (len(c), c))
                if (len(top), top) > (len(max_col), max_col):
                    max_col = top
                scan.rows = max(scan.rows, max(int(r) for _c, r in refs))
            if b't="e"' in data:
                for m in _ERROR_CELL.finditer(data):
                    ref = _REF.search(m.group(1))
                    value = _VALUE.search(m.group(2))
                    item = (ref.group(1).decode() if ref else "?",
                            value.group(1).decode("utf-8", "replace") if value else "#?")
                    if item not in scan.errors:
                        scan.errors.append(item)
            tail = data[-_OVERLAP:]
    scan.cols = _col_number(max_col) if max_col else 0
    return scan


def _without_errors(z: zipfile.ZipFile, parts: set[str]) -> bytes:
    """The workbook with every error cell of ``parts`` made an empty cell, in memory."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
        for item in z.infolist():
            data = z.read(item.filename)
            if item.filename in parts:
                data = _ERROR_CELL.sub(lambda m: b"<c " + re.sub(rb'\s*\bt="e"', b"", m.group(1)) + b"/>", data)
            zout.writestr(item, data)
    return buf.getvalue()


def scan_ods(path: Path, file_name: str) -> None:
    """Refuse an .ods whose repeated rows or cells with content go past :data:`MAX_CELLS`."""
    try:
        with zipfile.ZipFile(path) as z, z.open("content.xml") as fh:
            big = False
            tail = b""
            while not big:
                chunk = fh.read(_CHUNK)
                if not chunk:
                    break
                big = any(int(n) > 1000 for n in _ODS_REPEAT.findall(tail + chunk))
                tail = chunk[-_OVERLAP:]
            if not big:
                return   # without big repeats the grid is bounded by the file's own size
        with zipfile.ZipFile(path) as z, z.open("content.xml") as fh:
            _ods_extent(fh, file_name)
    except (zipfile.BadZipFile, KeyError, ET.ParseError, OSError):
        return


def _ods_extent(fh, file_name: str) -> None:
    table = ""
    rows = cols = row_pos = col_pos = row_cols = 0
    row_rep = 1
    for event, el in ET.iterparse(fh, events=("start", "end")):
        tag = _local(el.tag)
        if event == "start":
            if tag == "table":
                table = next((v for k, v in el.attrib.items() if _local(k) == "name"), "")
                rows = cols = row_pos = 0
            elif tag == "table-row":
                row_rep = int(_attr(el, "number-rows-repeated") or 1)
                col_pos = row_cols = 0
            continue
        if tag in ("table-cell", "covered-table-cell"):
            rep = int(_attr(el, "number-columns-repeated") or 1)
            if _attr(el, "value-type") or len(el):
                row_cols = col_pos + rep
            col_pos += rep
            el.clear()
        elif tag == "table-row":
            if row_cols:
                rows, cols = row_pos + row_rep, max(cols, row_cols)
                check_size(table, file_name, rows, cols)
            row_pos += row_rep
            el.clear()
        elif tag == "table":
            el.clear()


def _attr(el, name: str) -> str | None:
    for k, v in el.attrib.items():
        if _local(k) == name:
            return v
    return None
