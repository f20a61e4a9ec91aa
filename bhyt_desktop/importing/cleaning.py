"""Cleaning one person row: names, IDs, dates, sex, card period; reasons in Vietnamese.

``RowCleaner`` turns a raw row into a :class:`Record` or a rejection (a person row with
something wrong; the reasons are for the user to fix). What is not a person at all (blank
rows, subtotals, headings, the signature block) is told apart before, in ``skipping``;
each cell is read by the functions of ``cells``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from operator import itemgetter

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import fmt_date
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.identifiers import normalize_bhxh, normalize_cccd
from bhyt_desktop.common.text import ID_TEXT_MARKS, ascii_digits
from bhyt_desktop.importing.cells import (
    _DIGIT,
    _KEYABLE,
    HEAD,
    _fold,
    _id,
    _sex,
    _text,
    cell_date,
    month_count,
    month_start,
    name_keys,
    period_end,
    relation_of,
)
from bhyt_desktop.importing.extras import EXTRA_FIELDS, read_extra
from bhyt_desktop.importing.header import Mapping
from bhyt_desktop.importing.titles import village_from_text
from bhyt_desktop.roster.cards import latest_card_start

_CARD_NUMBER = re.compile(r"^([A-Z]{2})(\d)(\d{2})(\d{10})$", re.ASCII)
OLDEST = 120  # years: an older birth year is a typing mistake


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
    decrease: bool = False        # under a "Giảm" heading (D03-TS): a person leaving, no card
    collector: str = ""           # "Mã số nhân viên thu" (D03-TS of Decision 490)
    clinic: str = ""              # "Nơi đăng ký KCB ban đầu"
    note: str = ""                # "Ghi chú": a "Giảm" row's reason
    household_type: str | None = None   # poor, near_poor, farm_avg, other
    benefit: str | None = None          # pension, social_allowance
    issued_elsewhere: bool = False      # the card was issued by another province or agency
    leaving_from: str | None = None     # a "Giảm" row's month (ISO first day), for its proposal

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


class _Pads(dict):
    """``pads[n]``: the Nones that make a row of length ``n`` ``need`` long."""

    def __init__(self, need: int):
        super().__init__()
        self.need = need

    def __missing__(self, n: int) -> list:
        self[n] = pad = [None] * (self.need - n)
        return pad


class RowCleaner:
    """Cleans the rows of one sheet. Column positions and labels are looked up once: this
    runs 100,000 times for a big file."""

    def __init__(self, mapping: Mapping, *, kind: str, today: dt.date, group_codes: set[str],
                 date1904: bool = False):
        c = mapping.columns.get
        self.name, self.male, self.female, self.birth = c("full_name"), c("birth_male"), c("birth_female"), c("birth_date")
        self.sex, self.cccd, self.bhxh, self.group = c("sex"), c("cccd"), c("bhxh_code"), c("group_code")
        self.vfrom, self.vto, self.address, self.village = c("valid_from"), c("valid_to"), c("address"), c("village")
        self.household, self.relation = c("household_code"), c("relation")
        self.given = c("given_name")  # "Họ đệm" | "Tên" in two columns: the name is both, joined
        self.kind, self.today, self.today_iso, self.group_codes = kind, today, today.isoformat(), group_codes
        self.l_birth, self.l_from, self.l_to = _("Ngày sinh"), _("Hạn thẻ từ"), _("Hạn thẻ đến")
        # A card may start at most a year from today (cards are bought ahead, never decades).
        self.latest_start = latest_card_start(today).isoformat()
        # Form D03-TS gives a period as "Từ tháng" (01/2026) and "Số tháng" (12) instead.
        self.by_month = self.vfrom is None and c("from_month") is not None
        self.by_count = self.vto is None and c("months") is not None
        if self.by_month:
            self.vfrom, self.l_from = c("from_month"), _("Từ tháng")
        if self.by_count:
            self.vto, self.l_to = c("months"), _("Số tháng")
        self._ends: dict = {}
        self.date1904 = date1904   # numbers in date columns count from 1904 (the table's workbook)
        self.default_group = mapping.default_group
        # Every mapped cell in one C call: rows are padded with Nones (at least one) so that
        # a column past the row's end reads None, and an unmapped column reads the last pad.
        cols = (self.name, self.male, self.female, self.birth, self.sex, self.cccd, self.bhxh, self.group,
                self.vfrom, self.vto, self.address, self.village, self.household, self.relation)
        need = max((c for c in cols if c is not None), default=-1) + 2
        # (each pad made when a row of that length is first met: rows are all of one or two
        # lengths, and a table thousands of columns wide must not cost width² cells)
        self._pads = _Pads(need)
        self._pad1 = [None]
        self._cells = itemgetter(*(-1 if c is None else c for c in cols))
        self._births: dict = {}
        self._froms: dict = {}
        self._tos: dict = {}
        self._groups: dict = {}
        self._sexes: dict = {}
        self._relations: dict = {}
        self._places: dict = {}
        extra = [c(f) for f in EXTRA_FIELDS]
        self._extra = itemgetter(*(-1 if x is None else x for x in extra)) if any(x is not None for x in extra) else None
        self.default_household = mapping.default_household
        self._extra_need = max((x for x in extra if x is not None), default=-1) + 2

    # -- one cell's answer, remembered per value -------------------------------------------
    # A column repeats its values (dates, sexes, relations, groups, villages): each distinct
    # text or date cell is worked out once per sheet. Numbers are not remembered: 1, 1.0 and
    # True are one dict key but three different cells.

    def _birth(self, value) -> tuple[str | None, int | None, str | None]:
        """(ISO date, year, reason) of a birth cell."""
        try:
            birth_date, birth_year = cell_date(value, field_label=self.l_birth, today=self.today, year_ok=True,
                                               date1904=self.date1904)
        except UserError as exc:
            return None, None, str(exc)
        if birth_date and birth_date > self.today_iso:
            return birth_date, birth_year, _("Ngày sinh ở tương lai: {value}.").format(
                value=dt.date.fromisoformat(birth_date).strftime("%d/%m/%Y"))
        if birth_year is not None and birth_year > self.today.year:
            return birth_date, birth_year, _("Năm sinh ở tương lai: {value}.").format(value=birth_year)
        if birth_year is not None and birth_year < self.today.year - OLDEST:
            return birth_date, birth_year, _("Năm sinh không hợp lý: {value}.").format(value=birth_year)
        return birth_date, birth_year, None

    def _card_date(self, value, end: bool) -> tuple[bool, str | int | None, str | None]:
        """(present, ISO date, reason) of a card's start or end cell (for "Từ tháng": the
        month's first day; for "Số tháng": the number of months)."""
        if value is None or _text(value) == "":
            return False, None, None
        label = self.l_to if end else self.l_from
        try:
            if not end and self.by_month:
                return True, month_start(value, field_label=label, today=self.today, date1904=self.date1904), None
            if end and self.by_count:
                return True, month_count(value, field_label=label), None
            iso, _y = cell_date(value, field_label=label, today=self.today, year_ok=False, card=True,
                              date1904=self.date1904)
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
            row + (self._pads[n] if n < self._pads.need else self._pad1))
        remember, keyable = self._remember, _KEYABLE
        memo_births, memo_sexes, memo_groups = self._births, self._sexes, self._groups
        memo_froms, memo_tos, memo_relations = self._froms, self._tos, self._relations

        reasons: list[str] = []
        name = _text(name_raw)
        if self.given is not None:
            name = f"{name} {_text(row[self.given]) if self.given < n else ''}".strip()
        if name.isupper() or name.islower():  # "NGUYỄN VĂN AN" in BHXH lists, "nguyễn thị dung"
            name = name.title()
        if not name:
            reasons.append(_("Thiếu họ tên."))
        elif "(" in name or ")" in name or "[" in name:  # "Đặng Văn Út (đã chết)": not a resident's name
            reasons.append(_("Họ tên có ghi chú trong ngoặc: «{value}». Ghi chú (đã chết, chuyển đi…) phải ghi "
                             "ở cột riêng (Ghi chú), ô Họ tên chỉ ghi họ tên; sửa rồi nhập lại.").format(value=name))
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
            m = _CARD_NUMBER.match(ascii_digits(_text(raw)).replace(" ", "").lstrip(ID_TEXT_MARKS).upper())
            if m:  # an old 15-character card number: group, level, province, BHXH number
                card_number, raw = m.group(0), m.group(4)
                if not group:
                    group, group_problem = self._group(m.group(1))
        if not group and self.default_group:  # the group chosen for the whole file
            group, group_problem = self._group(self.default_group)
        try:
            bhxh = _id(raw, 10, normalize_bhxh)
        except UserError as exc:
            reasons.append(str(exc))

        hit = memo_froms.get(raw_from) if raw_from.__class__ in keyable else None
        has_from, valid_from, from_problem = hit or remember(memo_froms, self._card_date, raw_from, False)
        hit = memo_tos.get(raw_to) if raw_to.__class__ in keyable else None
        has_to, valid_to, to_problem = hit or remember(memo_tos, self._card_date, raw_to, True)
        if self.by_count and valid_to is not None:  # a number of months from the start
            key = (valid_from, valid_to)
            end = self._ends.get(key)
            if end is None:
                end = self._ends[key] = period_end(valid_from, valid_to) if valid_from else None
            valid_to = end
        if self.kind == "cards" or has_from or has_to:
            if from_problem:
                reasons.append(from_problem)
            if to_problem:
                reasons.append(to_problem)
            if valid_from and valid_to and valid_from > valid_to:
                reasons.append(_("Hạn thẻ: ngày bắt đầu sau ngày kết thúc."))
            if valid_from and valid_from > self.latest_start:
                reasons.append(_("Hạn thẻ bắt đầu quá xa trong tương lai: {value} (quá một năm kể từ hôm nay).").format(
                    value=fmt_date(valid_from)))
            if valid_to and birth_year is not None and (
                    valid_to < birth_date if birth_date else int(valid_to[:4]) < birth_year):
                reasons.append(_("Hạn thẻ kết thúc ({end}) trước khi người này sinh ra ({birth}).").format(
                    end=fmt_date(valid_to), birth=fmt_date(birth_date) if birth_date else birth_year))
            if self.kind == "cards":
                if not valid_from and not from_problem:
                    reasons.append(_("Thiếu tháng bắt đầu (Từ tháng).") if self.by_month else
                                   _("Thiếu ngày bắt đầu hạn thẻ."))
                if self.by_count and not has_to:
                    reasons.append(_("Thiếu số tháng."))
                elif not valid_to and not to_problem and not self.by_count:
                    reasons.append(_("Thiếu ngày kết thúc hạn thẻ."))
                if not group:
                    reasons.append(_("Thiếu mã đối tượng."))
            elif valid_from and valid_to and not group and not group_problem:
                # Never drop a card period quietly: the row waits for its group in the rejects.
                reasons.append(_("Có hạn thẻ nhưng thiếu mã đối tượng: ghi mã rồi nhập lại dòng này."))
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
        record = Record(
            number, name, name_key, skey, birth_date, birth_year, sex,
            relation, cccd, bhxh, _text(household_raw) or self.default_household,
            row_village, address, group if (valid_from and valid_to) else "", valid_from, valid_to, card_number,
        )
        if self._extra is not None:
            # padded so that a column past the row's end, and the unmapped -1, read None
            read_extra(record, self._extra(row + [None] * max(1, self._extra_need - n)))
        return record
