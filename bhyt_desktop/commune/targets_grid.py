"""The village × year grids of the "Thôn & chỉ tiêu" page: targets and statistical population.

A grid has one row for the whole commune and one per active village, one column per year.
Cells hold a target (basis points, shown "95" or "95,5") or a population ("4.591").
Users type into cells or paste a block copied from Excel (tab-separated text). Pasting is
all or nothing: every cell is checked first, and any bad cell stops the paste with a
Vietnamese message naming the village, the year and the value. An empty cell clears the
figure (as pasting over cells does in Excel).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import sqlite_utils

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import fmt_int, parse_rate_bp
from bhyt_desktop.common.i18n import _
from bhyt_desktop.commune import details as cm

TARGET, POPULATION = "target", "population"
KINDS = (TARGET, POPULATION)
MAX_ERRORS_SHOWN = 8
MAX_POPULATION = 10_000_000

_THOUSANDS = re.compile(r"^\d{1,3}([.,]\d{3})+$")
_WHOLE_FLOAT = re.compile(r"^(\d+)[.,]0+$")       # Excel numbers copied as "4591.0"


@dataclass(frozen=True)
class GridRow:
    village_id: int | None          # None = the whole commune
    name: str


@dataclass
class Grid:
    kind: str
    years: list[int]
    rows: list[GridRow]
    values: dict[tuple[int | None, int], int] = field(default_factory=dict)  # (village, year)

    def value(self, row: int, col: int) -> int | None:
        return self.values.get((self.rows[row].village_id, self.years[col]))

    def text(self, row: int, col: int) -> str:
        return format_cell(self.kind, self.value(row, col))


@dataclass(frozen=True)
class CellChange:
    village_id: int | None
    year: int
    value: int | None               # None clears the figure


def default_years(year: int) -> list[int]:
    """Two years back, the year itself and the next one."""
    return list(range(year - 2, year + 2))


def load_grid(db: sqlite_utils.Database, kind: str, years: list[int]) -> Grid:
    if kind not in KINDS:
        raise ValueError(kind)
    rows = [GridRow(None, _("Toàn xã"))] + [GridRow(v.id, v.name) for v in cm.villages(db)]
    table, column = ("targets", "rate_bp") if kind == TARGET else ("population_stats", "population")
    grid = Grid(kind, list(years), rows)
    if years:
        marks = ", ".join("?" for _y in years)
        for vid, year, value in db.execute(
                f"SELECT village_id, year, {column} FROM {table} WHERE year IN ({marks})", years):
            grid.values[(vid, year)] = value
    return grid


def format_cell(kind: str, value: int | None) -> str:
    if value is None:
        return ""
    if kind == TARGET:
        whole, frac = divmod(value, 100)
        return f"{whole},{frac:02d}".rstrip("0").rstrip(",") if frac else str(whole)
    return fmt_int(value)


def parse_cell(kind: str, text: str) -> int | None:
    """A cell's text -> basis points (targets) or people (population); '' -> None."""
    raw = (text or "").replace("\u00a0", " ").strip()
    if not raw:
        return None
    if kind == TARGET:
        return parse_rate_bp(raw)
    compact = raw.replace(" ", "")
    if _THOUSANDS.match(compact):
        number = int(re.sub(r"[.,]", "", compact))
    elif compact.isdigit():
        number = int(compact)
    elif whole := _WHOLE_FLOAT.match(compact):
        number = int(whole.group(1))
    elif compact.startswith("-") and compact[1:].replace(".", "").isdigit():
        raise UserError(_("Dân số không được âm: «{value}».").format(value=raw))
    else:
        raise UserError(_("Dân số phải là số người (số nguyên, ví dụ 4591 hoặc 4.591): «{value}».")
                        .format(value=raw))
    if number > MAX_POPULATION:
        raise UserError(_("Dân số quá lớn: «{value}».").format(value=raw))
    return number


def split_clipboard(text: str) -> list[list[str]]:
    """Excel's clipboard text (tab-separated, quoted cells with line breaks) -> cells."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    if not text.strip():
        return []
    return [row for row in csv.reader(io.StringIO(text), delimiter="\t")]


def parse_paste(grid: Grid, text: str, top: int, left: int) -> list[CellChange]:
    """Check a pasted block placed with its top-left cell at (``top``, ``left``).

    Returns the changes; raises ``UserError`` listing the bad cells (nothing is changed).
    A single copied cell pasted over a selection is handled by the caller (fill).
    """
    block = split_clipboard(text)
    if not block:
        raise UserError(_("Bộ nhớ tạm không có ô nào để dán."))
    height, width = len(block), max(len(r) for r in block)
    if top + height > len(grid.rows) or left + width > len(grid.years):
        raise UserError(_(
            "Khối dán có {h} dòng × {w} cột, nhưng từ ô đang chọn bảng chỉ còn {rows} dòng × "
            "{cols} cột. Hãy chọn ô trên cùng bên trái khác, hoặc thêm năm/thôn trước.").format(
                h=height, w=width, rows=len(grid.rows) - top, cols=len(grid.years) - left))
    changes: list[CellChange] = []
    errors: list[str] = []
    for r, cells in enumerate(block):
        for c in range(width):
            raw = cells[c] if c < len(cells) else ""
            row, year = grid.rows[top + r], grid.years[left + c]
            try:
                changes.append(CellChange(row.village_id, year, parse_cell(grid.kind, raw)))
            except UserError as exc:
                errors.append(_("{village}, năm {year}: {error}").format(
                    village=row.name, year=year, error=exc))
    if errors:
        shown = "\n".join(f"• {e}" for e in errors[:MAX_ERRORS_SHOWN])
        more = len(errors) - MAX_ERRORS_SHOWN
        if more > 0:
            shown += "\n" + _("… và {n} ô khác.").format(n=more)
        raise UserError(_("Không dán được: {n} ô không hợp lệ. Chưa có gì thay đổi.\n{cells}")
                        .format(n=len(errors), cells=shown))
    return changes


def apply_changes(db: sqlite_utils.Database, kind: str, changes: list[CellChange],
                  source: str = "") -> int:
    """Write the changes in one transaction; returns how many cells were written."""
    with db.atomic():
        for ch in changes:
            if kind == TARGET:
                # parse_rate_bp accepts a percentage: basis points / 100, exact as text.
                rate = None if ch.value is None else f"{ch.value // 100}.{ch.value % 100:02d}"
                cm.set_target(db, ch.year, rate, ch.village_id)
            else:
                cm.set_population(db, ch.year, ch.value, ch.village_id, source=source)
    return len(changes)


def set_cell(db: sqlite_utils.Database, grid: Grid, row: int, col: int, text: str) -> int | None:
    """Check and save one typed cell; returns the stored value (None when cleared)."""
    value = parse_cell(grid.kind, text)
    change = CellChange(grid.rows[row].village_id, grid.years[col], value)
    apply_changes(db, grid.kind, [change])
    grid.values.pop((change.village_id, change.year), None)
    if value is not None:
        grid.values[(change.village_id, change.year)] = value
    return value


def fill_changes(grid: Grid, text: str, cells: list[tuple[int, int]]) -> list[CellChange]:
    """One copied cell pasted over several selected cells: the same value in each."""
    block = split_clipboard(text)
    if len(block) != 1 or len(block[0]) != 1:
        raise ValueError("fill needs exactly one cell")
    errors = []
    out = []
    for row, col in cells:
        r, year = grid.rows[row], grid.years[col]
        try:
            out.append(CellChange(r.village_id, year, parse_cell(grid.kind, block[0][0])))
        except UserError as exc:
            errors.append(_("{village}, năm {year}: {error}").format(village=r.name, year=year, error=exc))
            break
    if errors:
        raise UserError(_("Không dán được: {n} ô không hợp lệ. Chưa có gì thay đổi.\n{cells}")
                        .format(n=len(cells), cells="• " + errors[0]))
    return out


def is_single_cell(text: str) -> bool:
    block = split_clipboard(text)
    return len(block) == 1 and len(block[0]) == 1


def copy_text(grid: Grid, cells: list[tuple[int, int]]) -> str:
    """Selected cells as tab-separated text (Excel pastes it back into a block)."""
    if not cells:
        return ""
    rows = sorted({r for r, _c in cells})
    cols = sorted({c for _r, c in cells})
    chosen = set(cells)
    return "\n".join("\t".join(grid.text(r, c) if (r, c) in chosen else "" for c in cols)
                     for r in rows) + "\n"
