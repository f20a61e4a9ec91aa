"""Cleaning one row: names, IDs, dates, sex; what is not a person; reasons in Vietnamese.

``clean_row`` turns a raw row into a :class:`Record` or says why not: a skip (blank row,
subtotal, section or village heading, signature block: not a person, not an error) or a
rejection (a person row with something wrong; the reasons are for the user to fix).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

from ..errors import UserError
from ..i18n import _
from ..identifiers import normalize_bhxh, normalize_cccd
from ..text import clean_name, fold, sort_key
from .header import Mapping, village_from_text

HEAD = "Chủ hộ"
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_TEXT = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO_TEXT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?)?$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_SUBTOTAL = re.compile(r"^(tong cong|tong so|cong\s*[:.]|cong\s+(xom|thon|to|ban|ap|khu|toan|so|danh|ho)\b|cong\s*\d|cong$|tong$)")
# "Công"/"Tổng" are also family names: alone they mean a subtotal only in a row with no birth date.
_SUBTOTAL_WEAK = re.compile(r"^(cong|tong)\b")
_SECTION = re.compile(r"^([ivx]+|[a-d]|\d{1,2})?\s*[.)/-]?\s*(tang|giam|dieu chinh|danh sach)\b")
# The signature block: markers that never appear in a person's row...
_SIGNATURE = re.compile(
    r"(ky\s*,?\s*ghi ro ho ten|ky ten|ky va ghi ro|ky\s*,?\s*dong dau|nguoi lap|lap bieu|xac nhan cua|"
    r"ngay\s+\S*\s*thang\s+\S*\s*nam|^tm\b|^kt\b|^noi nhan)")
# ...and titles, which count only where the name column is empty or holds the title itself
# (a person's row may mention "cán bộ" in a note).
_SIGNATURE_TITLE = re.compile(
    r"^(truong thon|truong xom|truong ban|truong ap|to truong|thu truong|chu tich|pho chu tich|"
    r"giam doc|can bo|xac nhan)\b")
_SEX = {"nam": "M", "m": "M", "male": "M", "trai": "M", "1": "M",
        "nu": "F", "f": "F", "female": "F", "gai": "F", "0": "F", "2": "F"}
_RELATIONS = {
    "chu ho": HEAD, "ch": HEAD, "chuho": HEAD, "chu": HEAD, "vo": "Vợ", "chong": "Chồng", "con": "Con",
    "bo": "Bố", "me": "Mẹ", "cha": "Cha", "chau": "Cháu", "ong": "Ông", "ba": "Bà", "anh": "Anh",
    "chi": "Chị", "em": "Em", "con dau": "Con dâu", "con re": "Con rể", "me chong": "Mẹ chồng",
    "bo chong": "Bố chồng", "me vo": "Mẹ vợ", "bo vo": "Bố vợ", "chau noi": "Cháu nội",
    "chau ngoai": "Cháu ngoại",
}
_DIGIT = re.compile(r"\d")
_KEYABLE = frozenset({str, dt.date, dt.datetime, type(None)})  # cells remembered by value
_CARD_NUMBER = re.compile(r"^([A-Z]{2})(\d)(\d{2})(\d{10})$")


@dataclass(slots=True)
class Record:
    """A cleaned person row (and its card period, when the row has one)."""
    row: int                      # spreadsheet row number (1-based)
    full_name: str
    name_key: str
    sort_key: str
    birth_date: str | None = None  # ISO
    birth_year: int | None = None
    sex: str | None = None
    relation: str = ""
    cccd: str | None = None
    bhxh_code: str | None = None
    household_code: str = ""
    village: str = ""
    address: str = ""
    group_code: str = ""
    valid_from: str | None = None
    valid_to: str | None = None
    card_number: str = ""

    @property
    def is_head(self) -> bool:
        return self.relation == HEAD

    @property
    def has_card(self) -> bool:
        return bool(self.group_code and self.valid_from and self.valid_to)


@dataclass(slots=True)
class RowIssue:
    row: int
    kind: str           # 'skip' (not a person) or 'reject'
    reasons: list[str] = field(default_factory=list)
    category: str = ""  # for skips: blank, subtotal, section, village, signature, numbering


def _text(value) -> str:
    """A cell as clean text (NFC, spaces collapsed); whole floats without '.0'."""
    if value.__class__ is str:
        if value.isascii() and "  " not in value and value.isprintable() and value == value.strip():
            return value  # already clean: the common case, kept fast
        return _clean_cached(value)
    if value is None:
        return ""
    cls = value.__class__
    if cls is float and value.is_integer():
        return str(int(value))
    if cls is int:
        return str(value)
    if cls is dt.date:
        return value.isoformat()
    if cls is dt.datetime:
        return value.date().isoformat()
    return clean_name(value)


_clean_cached = lru_cache(maxsize=131072)(clean_name)
_fold = lru_cache(maxsize=131072)(fold)


@lru_cache(maxsize=65536)
def name_keys(name: str) -> tuple[str, str]:
    return fold(name), sort_key(name)


def parse_cell_date(value, *, field_label: str, today: dt.date, year_ok: bool,
                    future_years: int = 0) -> tuple[str | None, int | None]:
    """(ISO date, year) from a cell; (None, year) for a year alone; raises UserError."""
    if value is None or value == "":
        return None, None
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), value.year
    if isinstance(value, dt.date):
        return value.isoformat(), value.year
    if isinstance(value, bool):
        raise UserError(_("{field} không hợp lệ: «{value}».").format(field=field_label, value=value))
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise UserError(_("{field} không hợp lệ: «{value}».").format(field=field_label, value=value))
        if isinstance(value, float) and not value.is_integer():
            value = int(value)  # a serial with a time part
        n = int(value)
        if year_ok and 1880 <= n <= today.year:
            return None, n
        if 1 <= n <= 2958465 and n not in range(1880, 2200):
            d = _EXCEL_EPOCH + dt.timedelta(days=n)
            return d.isoformat(), d.year
        raise UserError(_("{field} không hợp lệ: «{value}».").format(field=field_label, value=n))
    text = _text(value)
    if not text:
        return None, None
    m = _DATE_TEXT.match(text)
    if m:
        d, mo, y = (int(g) for g in m.groups())
        if len(m.group(3)) == 2:
            pivot = (today.year + future_years) % 100
            y += 2000 if y <= pivot else 1900
    else:
        m = _ISO_TEXT.match(text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
        else:
            m = _YEAR.match(text) or (_MONTH_YEAR.match(text) if year_ok else None)
            if m and year_ok:
                y = int(m.groups()[-1])
                if 1880 <= y <= today.year:
                    return None, y
            raise UserError(_("{field} không hợp lệ: «{value}».").format(field=field_label, value=text))
    try:
        date = dt.date(y, mo, d)
    except ValueError:
        raise UserError(_("{field} không tồn tại: «{value}».").format(field=field_label, value=text)) from None
    if date.year < 1880:
        raise UserError(_("{field} không hợp lệ: «{value}».").format(field=field_label, value=text))
    return date.isoformat(), date.year


_DATE_CACHE: dict = {}


def cell_date(value, *, field_label: str, today: dt.date, year_ok: bool,
              future_years: int = 0) -> tuple[str | None, int | None]:
    """``parse_cell_date`` remembering answers: the same dates repeat down a column."""
    key = (value.__class__, value, field_label, today, year_ok, future_years)
    try:
        hit = _DATE_CACHE.get(key)
    except TypeError:  # unhashable: never from a spreadsheet, but be safe
        return parse_cell_date(value, field_label=field_label, today=today, year_ok=year_ok,
                               future_years=future_years)
    if hit is None:
        try:
            hit = parse_cell_date(value, field_label=field_label, today=today, year_ok=year_ok,
                                  future_years=future_years)
        except UserError as exc:
            hit = exc
        if len(_DATE_CACHE) > 200_000:
            _DATE_CACHE.clear()
        _DATE_CACHE[key] = hit
    if isinstance(hit, UserError):
        raise UserError(str(hit))
    return hit


_SCIENTIFIC = re.compile(r"^\s*\d+([.,]\d+)?\s*[eE]\s*\+?\s*\d+\s*$")


def _id(raw, length: int, normalize):
    cls = raw.__class__
    if cls is str and len(raw) == length and raw.isascii() and raw.isdigit():
        return raw  # already right: the common case
    if cls is float and raw >= 0 and raw.is_integer():  # typed as a number: zeros lost
        text = str(int(raw))
        if length - 3 <= len(text) <= length:  # what normalize gives, without its regex
            return text.zfill(length)
    if raw is None or raw == "":
        return None
    if isinstance(raw, str) and _SCIENTIFIC.match(raw):
        label = _("Số CCCD") if length == 12 else _("Mã số BHXH")
        raise UserError(_("{label} đã bị Excel đổi thành «{value}» và mất chữ số. Hãy định dạng cột này "
                          "là Văn bản (Text) trong tệp gốc rồi lưu lại.").format(label=label, value=raw.strip()))
    return normalize(raw)


def _cell(row: list, col: int | None):
    if col is None or col >= len(row):
        return None
    return row[col]


def row_texts(row: list) -> list[str]:
    return [t for t in (_text(v) for v in row) if t]


def _first_text(row: list) -> str:
    for v in row:
        t = _text(v)
        if t:
            return t
    return ""


def classify_non_person(row: list, mapping: Mapping, after_signature: bool) -> tuple[str, str] | None:
    """(category, village found) when the row is not a person; None when it may be one."""
    cols = mapping.columns
    if _looks_like_id(_cell(row, cols.get("cccd"))) or _looks_like_id(_cell(row, cols.get("bhxh_code"))):
        return None  # an ID: a person (or a rejected row), never a subtotal or a signature
    has_id = False
    has_birth = any(_looks_like_date(_cell(row, cols.get(f))) for f in ("birth_date", "birth_male", "birth_female"))
    name = _text(_cell(row, cols.get("full_name")))
    if has_birth:
        first = _first_text(row)
        if _SUBTOTAL.match(_fold(name or first)) or _SUBTOTAL.match(_fold(first)):
            return "subtotal", ""
        return None
    texts = row_texts(row)
    if not texts:
        return "blank", ""
    lead = _fold(name or texts[0])
    first = _fold(texts[0])
    if not has_id and (_is_subtotal(lead, has_birth) or _is_subtotal(first, has_birth)):
        return "subtotal", ""
    if not has_id and not has_birth:
        folded = [_fold(t) for t in texts]
        if after_signature or any(_SIGNATURE.search(t) for t in folded):
            return "signature", ""
        if any(_SIGNATURE_TITLE.match(t) for t in folded) and (not name or _SIGNATURE_TITLE.match(_fold(name))):
            return "signature", ""
        if len(texts) == 1 or (len(texts) == 2 and texts[0].rstrip(".").isalnum() and len(texts[0]) <= 4):
            village = village_from_text(texts[-1])
            if village and fold(village) == fold(texts[-1]):
                return "village", village
            if _SECTION.match(fold(texts[-1])) or _SECTION.match(first):
                return "section", ""
    return None


def _looks_like_id(value) -> bool:
    if value.__class__ is str and len(value) >= 6 and value.isascii() and value.isdigit():
        return True  # a clean ID: the common case
    if value is None or value == "":
        return False
    if isinstance(value, int | float) and not isinstance(value, bool):
        return not math.isfinite(value) or abs(value) >= 100000
    return len(_DIGIT.findall(str(value))) >= 6


def _looks_like_date(value) -> bool:
    if isinstance(value, dt.date):
        return True
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value >= 1800  # a year or an Excel serial; a subtotal's count is small
    return len(_DIGIT.findall(_text(value))) >= 4


def _is_subtotal(text: str, has_birth: bool) -> bool:
    return bool(_SUBTOTAL.match(text) or (not has_birth and _SUBTOTAL_WEAK.match(text)))


def _sex(value) -> str | None:
    return _SEX.get(_fold(_text(value)))


def relation_of(value) -> str:
    return _relation(_text(value))


@lru_cache(maxsize=4096)
def _relation(text: str) -> str:
    key = fold(text)
    if not key:
        return ""
    return _RELATIONS.get(key, text[:1].upper() + text[1:])


def clean_row(row: list, number: int, mapping: Mapping, *, kind: str, today: dt.date,
              group_codes: set[str], village: str) -> Record | RowIssue:
    """Clean one row (see :class:`RowCleaner`, which does the work for a whole sheet)."""
    return RowCleaner(mapping, kind=kind, today=today, group_codes=group_codes)(row, number, village)


class RowCleaner:
    """Cleans the rows of one sheet. Column positions and labels are looked up once: this
    runs 100,000 times for a big file."""

    def __init__(self, mapping: Mapping, *, kind: str, today: dt.date, group_codes: set[str]):
        c = mapping.columns.get
        self.name, self.male, self.female, self.birth = c("full_name"), c("birth_male"), c("birth_female"), c("birth_date")
        self.sex, self.cccd, self.bhxh, self.group = c("sex"), c("cccd"), c("bhxh_code"), c("group_code")
        self.vfrom, self.vto, self.address, self.village = c("valid_from"), c("valid_to"), c("address"), c("village")
        self.household, self.relation = c("household_code"), c("relation")
        self.kind, self.today, self.today_iso, self.group_codes = kind, today, today.isoformat(), group_codes
        self.l_birth, self.l_from, self.l_to = _("Ngày sinh"), _("Hạn thẻ từ"), _("Hạn thẻ đến")
        # Every mapped cell in one C call: rows are padded with Nones (at least one) so that
        # a column past the row's end reads None, and an unmapped column reads the last pad.
        cols = (self.name, self.male, self.female, self.birth, self.sex, self.cccd, self.bhxh, self.group,
                self.vfrom, self.vto, self.address, self.village, self.household, self.relation)
        need = max((c for c in cols if c is not None), default=-1) + 2
        self._pads = [[None] * (need - n) for n in range(need)]
        self._pad1 = [None]
        self._cells = itemgetter(*(-1 if c is None else c for c in cols))
        self._births: dict = {}
        self._froms: dict = {}
        self._tos: dict = {}
        self._groups: dict = {}
        self._sexes: dict = {}
        self._relations: dict = {}
        self._places: dict = {}

    # -- one cell's answer, remembered per value -------------------------------------------
    # A column repeats its values (dates, sexes, relations, groups, villages): each distinct
    # text or date cell is worked out once per sheet. Numbers are not remembered: 1, 1.0 and
    # True are one dict key but three different cells.

    def _birth(self, value) -> tuple[str | None, int | None, str | None]:
        """(ISO date, year, reason) of a birth cell."""
        try:
            birth_date, birth_year = cell_date(value, field_label=self.l_birth, today=self.today, year_ok=True)
        except UserError as exc:
            return None, None, str(exc)
        if birth_date and birth_date > self.today_iso:
            return birth_date, birth_year, _("Ngày sinh ở tương lai: {value}.").format(
                value=dt.date.fromisoformat(birth_date).strftime("%d/%m/%Y"))
        if birth_year is not None and birth_year > self.today.year:
            return birth_date, birth_year, _("Năm sinh ở tương lai: {value}.").format(value=birth_year)
        return birth_date, birth_year, None

    def _card_date(self, value, label: str) -> tuple[bool, str | None, str | None]:
        """(present, ISO date, reason) of a card's start or end cell."""
        if value is None or _text(value) == "":
            return False, None, None
        try:
            iso, _y = cell_date(value, field_label=label, today=self.today, year_ok=False, future_years=10)
        except UserError as exc:
            return True, None, str(exc)
        return True, iso, None

    def _group(self, value) -> tuple[str, str | None]:
        group = _fold(_text(value)).upper() if value is not None and value != "" else ""
        if group and group not in self.group_codes:
            return group, _("Mã đối tượng không có trong danh mục: «{code}».").format(code=group)
        return group, None

    def _place(self, address_raw, village_raw) -> tuple[str, str]:
        """(address, village) of a row, the village read from the address when it has none."""
        address = _text(address_raw)
        row_village = _text(village_raw)
        if not row_village and address:
            row_village = village_from_text(address.split(",")[0])
        return address, row_village

    @staticmethod
    def _remember(memo: dict, fn, value, *args):
        """``fn(value, *args)``, kept in ``memo`` when ``value`` can be a key (see above)."""
        hit = fn(value, *args)
        if value.__class__ in _KEYABLE:
            memo[value] = hit
        return hit

    def __call__(self, row: list, number: int, village: str) -> Record | RowIssue:
        if row.__class__ is not list:
            row = list(row)
        n = len(row)
        (name_raw, male, female, birth_raw, sex_raw, cccd_raw, bhxh_raw, raw_group, raw_from, raw_to,
         address_raw, village_raw, household_raw, relation_raw) = self._cells(
            row + (self._pads[n] if n < len(self._pads) else self._pad1))
        remember, keyable = self._remember, _KEYABLE
        memo_births, memo_sexes, memo_groups = self._births, self._sexes, self._groups
        memo_froms, memo_tos, memo_relations = self._froms, self._tos, self._relations

        reasons: list[str] = []
        name = _text(name_raw)
        if name.isupper():  # "NGUYỄN VĂN AN" in BHXH lists
            name = name.title()
        if not name:
            reasons.append(_("Thiếu họ tên."))
        elif _DIGIT.search(name) or len(name) < 2:
            reasons.append(_("Họ tên không hợp lệ: «{value}».").format(value=name))

        birth_date = birth_year = sex = None
        male_t, female_t = (_text(male) if male is not None else ""), (_text(female) if female is not None else "")
        if male_t and female_t:
            reasons.append(_("Ngày sinh ghi ở cả cột Nam và cột Nữ."))
            raw_birth = None
        elif male_t:
            raw_birth, sex = male, "M"
        elif female_t:
            raw_birth, sex = female, "F"
        else:
            raw_birth = birth_raw
        if raw_birth is not None and raw_birth != "":
            hit = memo_births.get(raw_birth) if raw_birth.__class__ in keyable else None
            birth_date, birth_year, problem = hit or remember(memo_births, self._birth, raw_birth)
            if problem:
                reasons.append(problem)
        if sex is None and self.sex is not None:
            hit = memo_sexes.get(sex_raw) if sex_raw.__class__ in keyable else None
            sex = hit or remember(memo_sexes, _sex, sex_raw)

        card_number = ""
        hit = memo_groups.get(raw_group) if raw_group.__class__ in keyable else None
        group, group_problem = hit or remember(memo_groups, self._group, raw_group)
        cccd = bhxh = None
        raw = cccd_raw
        try:
            cccd = _id(raw, 12, normalize_cccd)
        except UserError as exc:
            reasons.append(str(exc))
        raw = bhxh_raw
        if isinstance(raw, str) and len(raw) > 10:
            m = _CARD_NUMBER.match(_text(raw).replace(" ", "").upper())
            if m:  # an old 15-character card number: group, level, province, BHXH number
                card_number, raw = m.group(0), m.group(4)
                if not group:
                    group, group_problem = self._group(m.group(1))
        try:
            bhxh = _id(raw, 10, normalize_bhxh)
        except UserError as exc:
            reasons.append(str(exc))

        hit = memo_froms.get(raw_from) if raw_from.__class__ in keyable else None
        has_from, valid_from, from_problem = hit or remember(memo_froms, self._card_date, raw_from, self.l_from)
        hit = memo_tos.get(raw_to) if raw_to.__class__ in keyable else None
        has_to, valid_to, to_problem = hit or remember(memo_tos, self._card_date, raw_to, self.l_to)
        if self.kind == "cards" or has_from or has_to:
            if from_problem:
                reasons.append(from_problem)
            if to_problem:
                reasons.append(to_problem)
            if valid_from and valid_to and valid_from > valid_to:
                reasons.append(_("Hạn thẻ: ngày bắt đầu sau ngày kết thúc."))
            if self.kind == "cards":
                if not valid_from and not from_problem:
                    reasons.append(_("Thiếu ngày bắt đầu hạn thẻ."))
                if not valid_to and not to_problem:
                    reasons.append(_("Thiếu ngày kết thúc hạn thẻ."))
                if not group:
                    reasons.append(_("Thiếu mã đối tượng."))
        if group_problem:
            reasons.append(group_problem)

        if (address_raw.__class__ is str or address_raw is None) and (village_raw.__class__ is str or village_raw is None):
            key = (address_raw, village_raw)
            place = self._places.get(key)
            if place is None:
                place = self._places[key] = self._place(address_raw, village_raw)
        else:
            place = self._place(address_raw, village_raw)
        address, row_village = place
        row_village = row_village or village

        if reasons:
            return RowIssue(number, "reject", reasons)
        name_key, skey = name_keys(name)
        hit = memo_relations.get(relation_raw) if relation_raw.__class__ in keyable else None
        relation = hit or remember(memo_relations, relation_of, relation_raw)
        return Record(
            number, name, name_key, skey, birth_date, birth_year, sex,
            relation, cccd, bhxh, _text(household_raw),
            row_village, address, group if (valid_from and valid_to) else "", valid_from, valid_to, card_number,
        )
