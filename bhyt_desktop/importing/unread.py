"""Columns the import does not read but whose cells look like IDs or dates.

A header the program does not know ("NgayLap", "Số định danh cũ") may still hold something
the user cares about: such a column is named in the summary, never dropped without a word.
"""

from __future__ import annotations

import datetime as dt
import re

from bhyt_desktop.common.i18n import _

_DATE_TEXT = re.compile(r"^\d{1,2}[/.\-]\d{1,2}[/.\-](19|20)\d\d$")
_ID_TEXT = re.compile(r"^[A-Z]{0,2}\d{9,15}$")
SAMPLE = 200


def _kind(value) -> str | None:
    if isinstance(value, (dt.date, dt.datetime)):
        return "date"
    if isinstance(value, float) and value.is_integer() and value >= 1e8:
        return "id"
    if isinstance(value, int) and not isinstance(value, bool) and value >= 10**8:
        return "id"
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        if _DATE_TEXT.match(text):
            return "date"
        if _ID_TEXT.match(text.upper()):
            return "id"
    return None


def unread_columns(table, mapping) -> list[str]:
    """Messages naming each unmapped column (with a header) whose filled cells, among the
    first data rows, are mostly IDs or dates."""
    from bhyt_desktop.importing.header import column_letter

    used = set(mapping.columns.values())
    rows = table.rows[mapping.data_start:mapping.data_start + SAMPLE]
    out = []
    for col, header in enumerate(mapping.headers):
        if col in used or not header:
            continue
        kinds = [_kind(r[col]) for r in rows if col < len(r) and r[col] not in (None, "")]
        if len(kinds) < 2:
            continue
        for kind, what in (("id", _("mã số hoặc số giấy tờ")), ("date", _("ngày tháng"))):
            if kinds.count(kind) * 2 > len(kinds):
                out.append(_("Cột {col} «{header}» có {what} nhưng không được nhập (không nhận ra tiêu "
                             "đề). Nếu cần, hãy chọn mục cho cột này.").format(
                    col=column_letter(col), header=header, what=what))
                break
    return out
