"""Which sheet holds the table, when the user named none.

Workbooks often open on a sheet of instructions or a note ("Hướng dẫn", "Ghi chú") and keep
the list on the next one. When the sheet read first has no recognisable table, the next
sheets are tried in order and the first with one is used, saying so. The command line and
the wizard (its «Tự chọn» sheet choice) share this.
"""

from __future__ import annotations

from pathlib import Path

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.importing.header import Mapping, detect_mapping
from bhyt_desktop.importing.reading import Table, read_table


def recognised(mapping: Mapping) -> bool:
    """A header was found and its columns read (not a guess the user must make)."""
    return bool(mapping.columns) and not mapping.notes


def table_on_a_later_sheet(path: str | Path, table: Table, db, kind: str) -> tuple[Table, Mapping, str] | None:
    """The first sheet after ``table``'s that holds a recognisable table: (table, mapping,
    a note for the user naming both sheets); None when no later sheet has one."""
    first = table.sheet
    later = table.sheets[table.sheets.index(first) + 1:] if first in table.sheets else []
    for name in later:
        try:
            other = read_table(path, sheet=name)
        except UserError:  # an empty sheet
            continue
        found = detect_mapping(other, db, kind)
        if recognised(found):
            return other, found, _("Dùng trang «{sheet}»: trang «{first}» không có bảng danh sách.").format(
                sheet=name, first=first)
    return None
