"""Finding the table in a sheet: the header row(s), the numbering row, the columns.

Real files have a title block above the header, two-row merged headers ("Ngày sinh" over
"Nam" | "Nữ", "Hạn thẻ" over "Từ ngày" | "Đến ngày"), and a numbering row under the header
("(1) (2) (3)" or "A B 1 2 3"). Header names are matched folded (no diacritics, any case).
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass, field, replace

from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.text import clean_name, fold
from bhyt_desktop.importing.header_words import SYNONYMS
from bhyt_desktop.importing.reading import Table
from bhyt_desktop.importing.titles import household_from_text, village_from_text
from bhyt_desktop.importing.unread import unread_columns

# Field -> label shown to the user (Vietnamese source strings; translate with _()).
FIELDS: dict[str, str] = {
    "stt": "STT",
    "full_name": "Họ và tên",
    "given_name": "Tên (cột riêng)",
    "birth_date": "Ngày sinh",
    "birth_male": "Ngày sinh (cột Nam)",
    "birth_female": "Ngày sinh (cột Nữ)",
    "sex": "Giới tính",
    "cccd": "Số CCCD/ĐDCN",
    "bhxh_code": "Mã số BHXH",
    "relation": "Quan hệ với chủ hộ",
    "household_code": "Mã hộ",
    "village": "Thôn/xóm",
    "address": "Địa chỉ",
    "group_code": "Mã đối tượng",
    "valid_from": "Hạn thẻ từ",
    "valid_to": "Hạn thẻ đến",
    "from_month": "Từ tháng",
    "months": "Số tháng",
    "collector": "Mã số nhân viên thu",
    "clinic": "Nơi đăng ký KCB ban đầu",
    "note": "Ghi chú",
    "household_type": "Loại hộ",
    "benefit": "Lương hưu/trợ cấp",
    "issued_elsewhere": "Thẻ cấp nơi khác",
}
# A card period is either "Hạn thẻ từ" + "Hạn thẻ đến", or (form D03-TS) "Từ tháng" + "Số tháng".
PERIOD_ALTERNATIVES = {"valid_from": "from_month", "valid_to": "months"}
CARD_FIELDS = ("group_code", "valid_from", "valid_to", "from_month", "months", "collector", "clinic",
               "issued_elsewhere")
REQUIRED = {"roster": ("full_name",), "cards": ("full_name", "valid_from", "valid_to")}

_SYNONYMS = SYNONYMS
_VALIDITY_PARENTS = ["", "han the", "han the bhyt", "thoi han the", "gia tri su dung", "han su dung",
                     "thoi han", "hieu luc", "gia tri the", "thoi han su dung", "han the gia tri",
                     "thoi han su dung the", "han su dung the", "gia tri su dung the", "thoi han the bhyt",
                     "thoi han gia tri", "thoi han hieu luc"]
_FROM = ["tu ngay", "tu", "han the tu", "gia tri tu", "hieu luc tu", "han tu", "bat dau"]
_TO = ["den ngay", "den", "han the den", "gia tri den", "hieu luc den", "han den", "ket thuc", "het han"]
_SYNONYMS["valid_from"] = [f"{p} {s}".strip() for p, s in itertools.product(_VALIDITY_PARENTS, _FROM)]
_SYNONYMS["valid_to"] = [f"{p} {s}".strip() for p, s in itertools.product(_VALIDITY_PARENTS, _TO)]
_SYNONYMS["birth_male"] = [f"{p} nam" for p in _SYNONYMS["birth_date"]]
_SYNONYMS["birth_female"] = [f"{p} nu" for p in _SYNONYMS["birth_date"]]

# "Họ và tên" split in two columns: "Họ đệm" (or "Họ", "Họ và chữ đệm") | "Tên". The first is the
# full_name column, the second given_name; the cleaner joins them ("Tống Văn" + "Bình").
_NAME_PARENTS = ["", "ho va ten", "ho ten"]
_FAMILY_PARTS = ["ho dem", "ho", "ho va dem", "ho va chu dem", "ho chu dem", "ho va ten dem", "ho lot",
                 "ho va ten lot", "ho va chu lot"]
_GIVEN_PARTS = ["ten", "ten goi"]
_FAMILY_KEYS = frozenset(f"{p} {s}".strip() for p, s in itertools.product(_NAME_PARENTS, _FAMILY_PARTS))
_SYNONYMS["full_name"] += sorted(_FAMILY_KEYS - {"ho"})  # "Hộ" (household) folds to "ho" too
_SYNONYMS["given_name"] = [f"{p} {s}" for p, s in itertools.product(_NAME_PARENTS[1:], _GIVEN_PARTS)]

_LOOKUP: dict[str, str] = {}
for _field, _names in _SYNONYMS.items():
    for _name in _names:
        _LOOKUP.setdefault(_name, _field)
for _bare, _field in (("tu ngay", "valid_from"), ("den ngay", "valid_to")):
    _LOOKUP[_bare] = _field

# ASCII headers of collection agents' software ("HoTen", "MasoBHXH", "Maho_Giadinh"): the
# known names with their spaces removed.
_COMPACT: dict[str, str] = {}
for _name, _field in _LOOKUP.items():
    if len(_name.replace(" ", "")) >= 4:
        _COMPACT.setdefault(_name.replace(" ", ""), _field)
_ASCII_HEADER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")

_PUNCT = re.compile(r"[^\w]+")
_NUMBERING_CELL = re.compile(r"^\(?\s*[0-9]{1,2}\s*\)?$|^\(?[a-zA-Z]\)?$|^\(?[0-9]{1,2}\s*[=+x*/-]\s*[0-9]{1,2}.*\)?$")
MAX_HEADER_SCAN = 40


def label_key(value) -> str:
    """Folded header text: no diacritics, lower case, punctuation -> spaces."""
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _PUNCT.sub(" ", fold(value).replace("_", " ")).strip()


def match_label(value) -> str | None:
    """The field a header cell names, or None. 'HỌ VÀ TÊN', 'Ho ten' -> 'full_name'."""
    key = label_key(value)
    if not key:
        return None
    found = _LOOKUP.get(key)
    if found:
        return found
    if isinstance(value, str) and _ASCII_HEADER.match(value.strip()):
        found = _COMPACT.get(key.replace(" ", ""))
        if found:
            return found
    # "Họ và tên (ghi chữ in hoa)", "Số CCCD (12 số)": drop a trailing remark.
    for cut in (key.split(" ghi ")[0], re.sub(r"\s+\d+\s*(so|chu so)$", "", key)):
        if cut != key and cut in _LOOKUP:
            return _LOOKUP[cut]
    return None


@dataclass
class Mapping:
    """Where the table is and which column holds which field (0-based column indexes).

    ``header_row`` is the 0-based index of the first header row; ``data_start`` the
    0-based index of the first data row. ``source`` says where the mapping came from:
    'detected', 'remembered' (a corrected mapping saved for this layout) or 'user'.
    """
    header_row: int
    header_rows: int
    data_start: int
    columns: dict[str, int]
    headers: list[str]
    layout_key: str
    default_village: str = ""
    default_group: str = ""       # group code for rows whose file gives none (form D03-TS has no column)
    default_household: str = ""   # "Mã số hộ gia đình: …" in the title block (TK1-TS annex)
    source: str = "detected"
    notes: list[str] = field(default_factory=list)
    # True when default_village comes from the file a remembered layout was corrected on
    # (this file's title names no village): the user should check it.
    village_remembered: bool = False
    # Columns with no field whose cells look like IDs or dates: named in the summary.
    column_notes: list[str] = field(default_factory=list)

    def field_of(self, col: int) -> str | None:
        for name, c in self.columns.items():
            if c == col:
                return name
        return None

    def with_column(self, field_name: str, col: int | None) -> Mapping:
        """A copy with ``field_name`` read from ``col`` (None = not in the file)."""
        if field_name not in FIELDS:
            raise ValueError(f"unknown field {field_name}")
        columns = {k: v for k, v in self.columns.items() if v != col and k != field_name}
        if col is not None:
            columns[field_name] = col
        return replace(self, columns=columns, source="user")

    def with_rows(self, table: Table, header_row: int, header_rows: int = 1,
                  data_start: int | None = None) -> Mapping:
        """A copy whose header is rows ``header_row`` .. + ``header_rows`` (0-based); the
        header texts and layout key are read again, the column choices kept."""
        labels = _header_labels(table.rows, header_row, header_rows, table.width)
        start = header_row + header_rows if data_start is None else data_start
        return replace(self, header_row=header_row, header_rows=header_rows, data_start=start,
                       headers=labels, layout_key=layout_key(labels), source="user")

    def with_village(self, name: str) -> Mapping:
        return replace(self, default_village=clean_name(name), source="user")

    def with_group(self, code: str) -> Mapping:
        """A copy giving group ``code`` to rows with no group code of their own ('' = none)."""
        return replace(self, default_group=fold(code).upper(), source="user")

    def missing(self, kind: str) -> list[str]:
        """Required fields with no column (labels, in the user's language)."""
        out = [_(FIELDS[f]) for f in REQUIRED[kind]
               if f not in self.columns and PERIOD_ALTERNATIVES.get(f) not in self.columns]
        has_birth = {"birth_date", "birth_male", "birth_female"} & set(self.columns)
        if kind == "cards" and not has_birth and "bhxh_code" not in self.columns and "cccd" not in self.columns:
            out.append(_("Ngày sinh hoặc Mã số BHXH hoặc Số CCCD"))
        if kind != "cards" and self._periods_without_group():
            # A roster with card dates and no group: ask before running, never drop the dates.
            out.append(_("Mã đối tượng (tệp có hạn thẻ: chọn cột Mã đối tượng hoặc một mã cho cả tệp)"))
        return out

    def _periods_without_group(self) -> bool:
        has_period = any(f in self.columns for f in ("valid_from", "valid_to", "from_month", "months"))
        return has_period and "group_code" not in self.columns and not self.default_group

    def group_hint(self, kind: str) -> str:
        """For any file with card dates but no group column and no group chosen for the file
        (form D03-TS, a village roster with «Hạn thẻ từ | đến»): what to do. '' otherwise."""
        if not self._periods_without_group() and not (kind == "cards" and "group_code" not in self.columns
                                                       and not self.default_group):
            return ""
        if kind != "cards":
            return _("Tệp có hạn thẻ nhưng không có cột Mã đối tượng: hãy chọn một mã cho cả tệp (ví dụ GD) "
                     "để giữ hạn thẻ của từng người; chưa chọn thì chưa nhập được.")
        return _("Tệp không có cột Mã đối tượng: hãy chọn một mã cho cả tệp (ví dụ GD), nếu không mỗi dòng "
                 "không ghi mã sẽ bị loại.")

    def describe(self) -> list[tuple[str, str, str]]:
        """[(column letter, header text, field label)] for every column, for display."""
        out = []
        for col, text in enumerate(self.headers):
            f = self.field_of(col)
            out.append((column_letter(col), text, _(FIELDS[f]) if f else ""))
        return out

    def to_dict(self) -> dict:
        return {"header_row": self.header_row, "header_rows": self.header_rows,
                "data_start": self.data_start, "columns": dict(self.columns),
                "default_village": self.default_village, "default_group": self.default_group,
                "default_household": self.default_household}


def column_letter(col: int) -> str:
    out = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def column_index(letter: str) -> int:
    """'A' -> 0, 'AB' -> 27; a number '3' -> 2 (1-based)."""
    text = letter.strip().upper()
    if text.isdigit():
        return int(text) - 1
    if not text or not text.isalpha():
        raise ValueError(letter)
    n = 0
    for ch in text:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_name(value)


def _row_cells(rows: list[list], r: int, width: int) -> list[str]:
    return [_cell_text(rows[r][c]) if c < len(rows[r]) else "" for c in range(width)]


def _header_labels(rows: list[list], top: int, n: int, width: int) -> list[str]:
    """Combined label of each column over ``n`` header rows (1-3), carrying merged parents right."""
    labels = _row_cells(rows, top, width)
    for k in range(1, n):
        labels = _combine(labels, _row_cells(rows, top + k, width), remark_row=k >= 2)
    return labels


def _combine(first: list[str], sub: list[str], remark_row: bool) -> list[str]:
    """The labels of the rows above (``first``) joined with the row under them (``sub``).
    In a third row, a note under a field ("Từ tháng" over "(tháng/năm)") keeps the field."""
    labels, parent = [], ""
    for c in range(len(first)):
        if first[c] or sub[c]:
            if first[c]:
                parent = first[c]
            label = f"{parent} {sub[c]}".strip()
            # a lone sub label that is a field by itself ("Từ ngày") wins over its parent
            if sub[c] and match_label(label) is None:
                if match_label(sub[c]):
                    label = sub[c]
                elif remark_row and first[c] and match_label(first[c]):
                    label = first[c]
            labels.append(label)
        else:
            labels.append("")
            parent = ""
    return labels


_MANY_DIGITS = re.compile(r"\d{3}")


def _continues_header(row: list, columns: dict[str, int]) -> bool:
    """Whether ``row``, under a two-row header, is its third row (D03-TS of Decision 490:
    "Số | Ngày" under "Biên lai", "(tháng/năm)" under "Từ tháng"): no name, no numbering, no
    number or long digits, at least two cells, none naming a village or a section."""
    name_col = columns.get("full_name")
    if name_col is not None and name_col < len(row) and _cell_text(row[name_col]):
        return False
    cells = [v for v in row if _cell_text(v)]
    if len(cells) < 2 or is_numbering_row(row, columns):
        return False
    return all(isinstance(v, str) and not _MANY_DIGITS.search(v) and not village_from_text(v)
               and not re.match(r"^([ivx]+|[a-d])?\s*[.)]?\s*(tang|giam)\b", label_key(v)) for v in cells)


def _assign(labels: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for c, text in enumerate(labels):
        f = match_label(text)
        if f is None and text:
            # "Ngày sinh Nam" when the lone word is the sub-header
            words = label_key(text).split(" ")
            if words[-1] in ("nam", "nu") and match_label(" ".join(words[:-1])) == "birth_date":
                f = "birth_male" if words[-1] == "nam" else "birth_female"
        if f and f not in columns:
            columns[f] = c
    if {"birth_male", "birth_female"} & set(columns):
        columns.pop("birth_date", None)
    _split_name(labels, columns)
    return columns


def _split_name(labels: list[str], columns: dict[str, int]) -> None:
    """A name in two columns, "Họ đệm" | "Tên": full_name is the first, given_name the second."""
    name = columns.get("full_name")
    if name and label_key(labels[name]) == "ten" and labels[name - 1].lower() in ("họ", "ho") \
            and name - 1 not in columns.values():
        columns["full_name"] = name = name - 1  # "Họ" | "Tên" (a "Hộ" column is the household)
    if name is None or label_key(labels[name]) not in _FAMILY_KEYS:
        columns.pop("given_name", None)  # a given name alone is not a name
    elif "given_name" not in columns:  # "Họ đệm" | "Tên" in a one-row header
        given = next((c for c in range(name + 1, len(labels)) if label_key(labels[c]) in _GIVEN_PARTS), None)
        if given is not None and given not in columns.values():
            columns["given_name"] = given


def _score(columns: dict[str, int]) -> int:
    score = len(columns) - (1 if "stt" in columns else 0)
    return score + (3 if "full_name" in columns else 0)


def is_numbering_row(row: list, columns: dict[str, int]) -> bool:
    cells = [_cell_text(v) for v in row if _cell_text(v)]
    if len(cells) < max(3, len(columns) // 2):
        return False
    if not all(_NUMBERING_CELL.match(c) for c in cells):
        return False
    name_col = columns.get("full_name")
    if name_col is not None and name_col < len(row):
        name = _cell_text(row[name_col])
        if len(name) > 4:
            return False
    return True


def layout_key(labels: list[str]) -> str:
    text = "|".join(label_key(x) for x in labels).rstrip("|")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def detect_mapping(table: Table, db=None, kind: str | None = None) -> Mapping:
    """Find the header and map its columns. With ``db``, a mapping remembered for this
    layout (see :func:`remember_mapping`) is used instead of the detected one.

    Never raises: a table with no recognisable header gives a mapping with no columns
    (``mapping.missing(kind)`` then lists what the user must choose).
    """
    rows, width = table.rows, table.width
    if db is not None:
        remembered = _remembered(db, table, kind)
        if remembered is not None:
            # Files of one layout come from many villages: this file's own title wins over
            # the village of the file the layout was corrected on.
            own = detect_mapping(table, None, kind).default_village
            if own:
                return replace(remembered, default_village=own)
            return replace(remembered, village_remembered=bool(remembered.default_village))
    best: tuple[int, int, int] | None = None  # (score, top, n)
    for top, n, labels in _header_candidates(table):
        if n == 2 and not _names_a_column(rows[top]):
            continue  # a title ("DANH SÁCH … XÓM 10") right above a one-row header
        score = _score(_assign(labels))
        if best is None or score > best[0]:
            best = (score, top, n)
    if best is None or best[0] < 5:  # at least the name column and one more field
        # Guess the first filled row as the header; the user corrects it (Mapping.with_rows).
        top = next((i for i, r in enumerate(rows) if any(_cell_text(v) for v in r)), 0)
        labels = _header_labels(rows, top, 1, width) if rows else []
        cols = _assign(labels) if best is not None and best[0] > 0 else {}
        return Mapping(top, 1, top + 1, cols, labels, layout_key(labels),
                       notes=[_("Không nhận ra dòng tiêu đề của bảng.")])
    _score_value, top, n = best
    if n == 2 and top + 2 < len(rows):
        columns = _assign(_header_labels(rows, top, 2, width))
        if _continues_header(rows[top + 2], columns) and \
                _score(_assign(_header_labels(rows, top, 3, width))) >= _score(columns):
            n = 3
    village = household = ""  # the last title line naming a village: "DANH SÁCH ... THÔN ĐÔNG HÀ"
    for r in rows[:top]:
        for v in r:
            if isinstance(v, str):
                village = village_from_text(v) or village
                household = household_from_text(v) or household
    mapping = mapping_at(table, top, n)
    return replace(mapping, default_village=village, default_household=household, source="detected",
                   column_notes=unread_columns(table, mapping))


def mapping_at(table: Table, header_row: int, header_rows: int = 1) -> Mapping:
    """The mapping read from a header the user pointed at (0-based row, 1 to 3 rows); the
    data starts under it, after up to two numbering rows ("(1) (2) (3)")."""
    labels = _header_labels(table.rows, header_row, header_rows, table.width)
    start = header_row + header_rows
    cols = _assign(labels)
    while start < len(table.rows) and start < header_row + header_rows + 2 and \
            is_numbering_row(table.rows[start], cols):
        start += 1
    return Mapping(header_row, header_rows, start, cols, labels, layout_key(labels), source="user")


_PARENT_KEYS = frozenset(_VALIDITY_PARENTS[1:]) | {"ho va ten", "ho ten", "ngay sinh", "ngay thang nam sinh"}


def _names_a_column(row: list) -> bool:
    """Whether ``row`` could be the upper row of a two-row header: one of its cells is a header
    name ("STT", "Họ và tên") or a merged parent ("Hạn thẻ"), not only a title's text."""
    return any(match_label(v) or label_key(v) in _PARENT_KEYS for v in row if v is not None and v != "")


def _header_candidates(table: Table, depths: tuple[int, ...] = (1, 2)):
    """(top, rows, header labels) for every header of ``depths`` rows the first rows could hold
    (a third row is only ever added under a two-row header found, see detect_mapping)."""
    rows = table.rows
    for top in range(min(len(rows), MAX_HEADER_SCAN)):
        if not any(_cell_text(v) for v in rows[top]):
            continue
        for n in depths:
            if top + n <= len(rows):
                yield top, n, _header_labels(rows, top, n, table.width)


def _remembered(db, table: Table, kind: str | None) -> Mapping | None:
    """A saved mapping whose header cells are found in the first rows of ``table``."""
    import json
    sql, args = "SELECT layout_key, mapping FROM import_mappings", []
    if kind:
        sql += " WHERE kind = ?"
        args.append(kind)
    saved = {k: json.loads(m) for k, m in db.execute(sql, args)}
    if not saved:
        return None
    for top, n, labels in _header_candidates(table, (1, 2, 3)):
        key = layout_key(labels)
        if key in saved and saved[key]["header_rows"] == n:
            s = saved[key]
            shift = top - s["header_row"]
            return Mapping(top, n, s["data_start"] + shift,
                           {k: int(v) for k, v in s["columns"].items() if k in FIELDS}, labels, key,
                           default_village=s.get("default_village", ""),
                           default_group=s.get("default_group", ""),
                           default_household=s.get("default_household", ""), source="remembered")
    return None


def remember_mapping(db, mapping: Mapping, kind: str) -> None:
    """Save a (corrected) mapping so files of the same layout are read the same way."""
    import json
    with db.atomic():
        db.execute(
            """INSERT INTO import_mappings (layout_key, kind, mapping) VALUES (?, ?, ?)
               ON CONFLICT(layout_key, kind) DO UPDATE SET mapping = excluded.mapping,
               updated_at = strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')""",
            [mapping.layout_key, kind, json.dumps(mapping.to_dict(), ensure_ascii=False)])
