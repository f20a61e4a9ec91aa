"""Reading a spreadsheet into plain rows: .xlsx/.xlsm/.xls/.ods with python-calamine, .csv by hand.

The result is a :class:`Table`: every row of one sheet as a list of cell values
(``str``, ``float``, ``int``, ``bool``, ``date``, ``datetime`` or ``''`` for empty), plus
what a wizard needs to know about the file (its sheets, its SHA-256).
"""

from __future__ import annotations

import contextlib
import csv
import gc
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import fmt_int
from bhyt_desktop.common.i18n import _

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class Table:
    """One sheet of a file, as read. Row ``i`` of ``rows`` is spreadsheet row ``i + 1``."""
    path: Path
    sheet: str
    sheets: list[str]
    rows: list[list]
    sha256: str
    width: int = 0
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    hidden_sheets: list[str] = field(default_factory=list)   # skipped: hidden or very hidden
    warnings: list[str] = field(default_factory=list)        # e.g. error cells read as empty
    date1904: bool = False    # numbers in date columns count days from 1904-01-01 (old Mac Excel)

    @property
    def file_name(self) -> str:
        return self.path.name


@contextlib.contextmanager
def gc_paused():
    """No cyclic garbage collection while building 100,000s of small objects: it would scan
    them again and again (seconds on a big file). Plain reference counting still frees."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _check_file(path: Path) -> bytes:
    if not path.exists():
        raise UserError(_("Không tìm thấy tệp: {path}").format(path=path))
    if path.is_dir():
        raise UserError(_("Đây là một thư mục, không phải tệp bảng tính: {path}").format(path=path))
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise UserError(_("Không mở được tệp {name}: {err}").format(name=path.name, err=exc.strerror)) from None
    if not head:
        raise UserError(_("Tệp {name} rỗng (0 byte).").format(name=path.name))
    return head


def list_sheets(path: str | Path) -> list[str]:
    """Names of the sheets a user can pick (a .csv has one, named after the file)."""
    path = Path(path)
    head = _check_file(path)
    if _is_csv(path, head):
        return [path.stem]
    wb = _open_workbook(path, head)
    try:
        return _visible_sheets(wb)
    finally:
        wb.close()


def read_table(path: str | Path, sheet: str | None = None) -> Table:
    """Read one sheet (by name; default: the first visible sheet that holds data).

    Raises ``UserError`` (Vietnamese) for a missing, empty, encrypted, damaged or
    unsupported file, or an unknown sheet name.
    """
    with gc_paused():  # 1,000,000s of cells, no cycles: collecting would only rescan them
        return _read_table(Path(path), sheet)


def _read_table(path: Path, sheet: str | None) -> Table:
    head = _check_file(path)
    digest = file_sha256(path)
    if _is_csv(path, head):
        rows = _read_csv(path)
        table = Table(path, path.stem, [path.stem], rows, digest)
    else:
        table = _read_workbook(path, head, sheet, digest)
    table.width = max((len(r) for r in table.rows), default=0)
    if not any(any(_filled(c) for c in r) for r in table.rows):
        raise UserError(_("Trang «{sheet}» của tệp {name} không có dữ liệu.").format(
            sheet=table.sheet, name=path.name))
    return table


def _filled(value) -> bool:
    return value is not None and value != "" and not (isinstance(value, str) and not value.strip())


def _is_csv(path: Path, head: bytes) -> bool:
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return True
    if suffix in SPREADSHEET_SUFFIXES:
        return False
    if head.startswith(_OLE_MAGIC) or head.startswith(_ZIP_MAGIC):
        return False
    raise UserError(_("Không đọc được tệp {name}: chỉ nhận .xlsx, .xls, .ods hoặc .csv.").format(name=path.name))


def _open_workbook(path: Path, head: bytes, data: bytes | None = None):
    import python_calamine as pc

    if path.suffix.lower() in (".xlsx", ".xlsm") and head.startswith(_OLE_MAGIC):
        # An encrypted .xlsx is an OLE container, not a zip.
        raise UserError(_("Tệp {name} được đặt mật khẩu. Hãy mở bằng Excel, bỏ mật khẩu "
                          "(Tệp > Thông tin > Bảo vệ sổ làm việc) rồi thử lại.").format(name=path.name))
    try:
        if data is not None:  # the same workbook with its error cells emptied (guard.py)
            return pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        return pc.CalamineWorkbook.from_path(str(path))
    except pc.PasswordError:
        raise UserError(_("Tệp {name} được đặt mật khẩu. Hãy bỏ mật khẩu rồi thử lại.").format(
            name=path.name)) from None
    except Exception as exc:  # calamine raises several kinds for damaged files
        text = str(exc).lower()
        if "password" in text or "encrypt" in text:
            raise UserError(_("Tệp {name} được đặt mật khẩu. Hãy bỏ mật khẩu rồi thử lại.").format(
                name=path.name)) from None
        raise UserError(_("Không đọc được tệp {name}: tệp hỏng hoặc không phải bảng tính.").format(
            name=path.name)) from None


def _visible_sheets(wb) -> list[str]:
    """The worksheets a user sees (hidden and very hidden ones left out; the enum is
    compared, not its text: "Visible" is part of "SheetVisibleEnum.VeryHidden")."""
    import python_calamine as pc

    names = []
    for meta in wb.sheets_metadata:
        if meta.visible == pc.SheetVisibleEnum.Visible and meta.typ == pc.SheetTypeEnum.WorkSheet:
            names.append(meta.name)
    return names or list(wb.sheet_names)


def _hidden_sheets(wb) -> list[str]:
    import python_calamine as pc

    return [m.name for m in wb.sheets_metadata if m.visible != pc.SheetVisibleEnum.Visible]


def _read_workbook(path: Path, head: bytes, sheet: str | None, digest: str) -> Table:
    from bhyt_desktop.importing import guard

    scan = guard.WorkbookScan()
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm") and head.startswith(_ZIP_MAGIC):
        scan = guard.scan_xlsx(path)
    elif suffix == ".ods":
        guard.scan_ods(path, path.name)
    wb = _open_workbook(path, head, scan.patched)
    try:
        sheets = _visible_sheets(wb)
        hidden = _hidden_sheets(wb)
        if sheet is not None:
            match = [s for s in wb.sheet_names if s == sheet] or \
                    [s for s in wb.sheet_names if s.strip().lower() == sheet.strip().lower()]
            if not match:
                raise UserError(_("Tệp {name} không có trang «{sheet}». Các trang: {sheets}.").format(
                    name=path.name, sheet=sheet, sheets=", ".join(sheets)))
            candidates = match[:1]
        else:
            candidates = sheets
        first = None
        for name in candidates:
            found = scan.sheets.get(name)
            if found is not None:
                guard.check_size(name, path.name, found.rows, found.cols)
            try:
                ws = wb.get_sheet_by_name(name)
            except Exception:
                raise UserError(_("Không đọc được trang «{sheet}» của tệp {name}.").format(
                    sheet=name, name=path.name)) from None
            guard.check_size(name, path.name, ws.height, ws.width)
            try:
                rows = ws.to_python(skip_empty_area=False)
                merged = list(ws.merged_cell_ranges or [])
            except Exception:
                raise UserError(_("Không đọc được trang «{sheet}» của tệp {name}.").format(
                    sheet=name, name=path.name)) from None
            table = Table(path, name, sheets, rows, digest, merged=merged, hidden_sheets=hidden,
                          date1904=scan.date1904, warnings=_error_warnings(found))
            if first is None:
                first = table
            if any(any(_filled(c) for c in r) for r in rows):
                return table
        if first is None:
            raise UserError(_("Tệp {name} không có trang nào.").format(name=path.name))
        return first
    finally:
        wb.close()


def _error_warnings(found) -> list[str]:
    if found is None or not found.errors:
        return []
    shown = ", ".join(f"{cell} ({text})" for cell, text in found.errors[:10])
    more = len(found.errors) - 10
    return [_("{n} ô có lỗi công thức được đọc như ô trống: {cells}{more}. Hãy kiểm tra các ô này "
              "trong tệp gốc.").format(n=len(found.errors), cells=shown,
                                       more=_(" và {n} ô khác").format(n=more) if more > 0 else "")]


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if len(data) >= 4 and data[1:4:2] == b"\x00\x00" and data[0] != 0:
        return data.decode("utf-16-le", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Older Vietnamese Windows software writes Windows-1258.
    return data.decode("cp1258", errors="replace")


def _read_csv(path: Path) -> list[list]:
    data = path.read_bytes()
    text = _decode(data, path.name)
    if "\x00" in text:
        raise UserError(_("Không đọc được tệp {name}: không phải tệp văn bản CSV.").format(name=path.name))
    sep = _guess_separator(text[:50000])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    rows: list[list] = []
    start = 1
    try:
        for row in reader:
            if reader.line_num - start >= MAX_LINES_IN_CELL:
                raise _unbalanced_quote(path.name, start)
            rows.append(row)
            start = reader.line_num + 1
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise UserError(_("Tệp {name}, dòng {line}: một ô dài hơn {limit} ký tự. Thường do một dấu "
                              "ngoặc kép (\") mở mà không đóng ở dòng này; hãy sửa dòng đó trong tệp "
                              "rồi thử lại.").format(name=path.name, line=start,
                                                     limit=fmt_int(csv.field_size_limit()))) from None
        raise _unbalanced_quote(path.name, start) from None
    return rows


# A cell of a CSV may hold line breaks (an address on two lines), never this many: a row
# that swallows more lines has a quote that was opened and not closed.
MAX_LINES_IN_CELL = 10


def _unbalanced_quote(name: str, line: int) -> UserError:
    return UserError(_("Tệp {name}, dòng {line}: có dấu ngoặc kép (\") mở mà không đóng, nên các dòng "
                       "sau bị đọc lẫn vào một ô. Hãy sửa dòng {line} trong tệp (xóa dấu \" thừa hoặc "
                       "thêm dấu đóng) rồi thử lại.").format(name=name, line=line))


def _guess_separator(sample: str) -> str:
    """The separator that splits the sample's lines into the most consistent columns.

    Counting characters is not enough: addresses hold commas in ';' files.
    """
    from collections import Counter

    best, best_score = ",", -1.0
    lines = sample.splitlines()[:60]
    for sep in (";", ",", "\t"):
        try:
            rows = list(csv.reader(lines, delimiter=sep))
        except csv.Error:
            continue
        widths = Counter(len(r) for r in rows if any(c.strip(" ;,\t\"") for c in r))
        if not widths:
            continue
        width, n = max(widths.items(), key=lambda kv: (kv[1], kv[0]))
        score = n * (width - 1) + sample.count(sep) / (10 * len(sample) + 1)
        if score > best_score:
            best, best_score = sep, score
    if best_score < 0:  # no line holds data: go by the characters
        best = max((";", ",", "\t"), key=sample.count)
    return best
