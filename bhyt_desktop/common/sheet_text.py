"""Text written into a workbook stays text: never a formula, never a link, never evaluated.

Every workbook the program writes (the import's rejects workbook, the commune export, the
consolidation) stores its cells through :func:`text_cell` or, for raw SpreadsheetML,
:func:`needs_quote` and :func:`xml_text`:

- text that a spreadsheet would take for a formula or a command when the cell is edited or
  pasted (it begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, e.g.
  ``=HYPERLINK("http://x","y")``, ``=cmd|' /C calc'!A0``, ``+1+1``, ``@SUM(A1)``) is stored
  as a *string cell* (``t="inlineStr"``, never ``<f>``) with Excel's **quote prefix** style
  (``quotePrefix="1"``): Excel and LibreOffice show it as typed, and editing the cell keeps it
  text. The prefix is a style, not a character: reading the file back (python-calamine,
  openpyxl) gives exactly the original text, and the export checksum is unchanged;
- characters a workbook cannot hold (NUL and the other C0 controls but tab, LF and CR) are
  dropped; a CR is written as ``&#13;`` in raw XML so that it reads back as a CR.

openpyxl would write any string starting with "=" as a formula: :func:`text_cell` forces the
cell's type to string. See docs/export-format.md («Text that looks like a formula»).
"""

from __future__ import annotations

import re

# What makes Excel, LibreOffice or a CSV consumer read a cell as a formula or a command.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 cannot hold these (openpyxl's ILLEGAL_CHARACTERS_RE, without importing openpyxl).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def needs_quote(value: object) -> bool:
    """True for text a spreadsheet could evaluate (see the module's docstring)."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def storable(value: str) -> str:
    """``value`` without the characters a workbook cannot store."""
    return _ILLEGAL.sub("", value)


def xml_text(value: str) -> str:
    """``value`` escaped for a ``<t>`` element of raw SpreadsheetML (CR kept as ``&#13;``)."""
    value = storable(value)
    if "&" in value or "<" in value or ">" in value:
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    return value


def text_cell(ws, value: object, template=None):
    """A write-only cell of ``ws`` for ``value``: text that :func:`needs_quote` is a string
    cell with the quote prefix; ``template`` (a cell) gives its style. Other values are
    returned as a plain cell (or as they are when there is no template)."""
    from copy import copy

    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        value = storable(value)
    if not needs_quote(value):
        if template is None:
            return value
        c = WriteOnlyCell(ws, value)
        c._style = copy(template._style)
        return c
    c = WriteOnlyCell(ws, value)
    if template is not None:
        c._style = copy(template._style)
    c.data_type = "s"          # openpyxl made "=..." a formula
    c.quotePrefix = True
    return c
