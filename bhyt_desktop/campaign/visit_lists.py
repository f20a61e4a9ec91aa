"""Door-to-door lists: the households of a village with the members to visit.

The people listed are chosen by their card state on the list's date (coverage/definitions.py,
``state_from_row``), never by a rule of this module:

- ``uninsured``: no valid card: lapsed or never insured (waiting people have a card coming);
- ``expiring``: insured, every card ends within ``days`` days;
- ``lapsed``: their card ran out;
- ``all``: the three above;
- ``elderly``: the plan of seed 002: people 60-79 with no pension or social allowance
  (``people.benefit``), whatever their card;
- ``poor``: poor and near-poor households with all their members and their cards.

Each household carries what it would pay (campaign/contribution.py) for the listed members,
12 months. Villages come from ``--village``, a committee member's villages
(``member_villages``) or all of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlite_utils

from bhyt_desktop.campaign.contribution import ELDERLY_AGES, age_on, contribution_for
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.jobs import Job, step
from bhyt_desktop.common.text import fold
from bhyt_desktop.commune import details as cm
from bhyt_desktop.coverage import definitions as defs

KINDS = ("uninsured", "expiring", "lapsed", "all", "elderly", "poor")
KIND_STATES: dict[str, tuple[str, ...]] = {
    "uninsured": ("lapsed", "never"),
    "expiring": ("expiring",),
    "lapsed": ("lapsed",),
    "all": ("lapsed", "never", "expiring"),
    "elderly": defs.CARD_STATES,
    "poor": defs.CARD_STATES,
}
MONTHS = 12


def kind_title(kind: str, days: int) -> str:
    return {
        "uninsured": _("Người chưa có thẻ BHYT còn hạn (hết hạn hoặc chưa từng có thẻ)"),
        "expiring": _("Người có thẻ BHYT sắp hết hạn trong {days} ngày").format(days=days),
        "lapsed": _("Người có thẻ BHYT đã hết hạn"),
        "all": _("Người chưa có thẻ còn hạn và người có thẻ sắp hết hạn trong {days} ngày").format(days=days),
        "elderly": _("Người từ đủ 60 đến 79 tuổi không có lương hưu, trợ cấp xã hội hằng tháng"),
        "poor": _("Hộ nghèo, hộ cận nghèo và thẻ BHYT của các thành viên"),
    }[kind]


def household_type_label(t: str) -> str:
    return {"poor": _("Hộ nghèo"), "near_poor": _("Hộ cận nghèo"),
            "farm_avg": _("Hộ nông, lâm, ngư nghiệp mức sống TB"), "other": _("Hộ gia đình")}[t]


@dataclass
class VisitPerson:
    person_id: int
    name: str
    birth_date: str | None
    birth_year: int | None
    age: int | None
    group_code: str          # of the latest card, '' when none
    state: str               # definitions.CARD_STATES
    card_to: str | None      # the latest card's end (ISO)
    cccd: str | None
    bhxh_code: str | None
    amount: int | None       # what the household would pay for this person (12 months)


@dataclass
class VisitHousehold:
    code: str
    head: str
    address: str
    phone: str
    household_type: str
    people: list[VisitPerson] = field(default_factory=list)

    @property
    def amount(self) -> int:
        return sum(p.amount or 0 for p in self.people)


@dataclass
class VisitVillage:
    name: str
    households: list[VisitHousehold] = field(default_factory=list)

    @property
    def people(self) -> int:
        return sum(len(h.people) for h in self.households)

    @property
    def amount(self) -> int:
        return sum(h.amount for h in self.households)


@dataclass
class VisitLists:
    kind: str
    as_of: dt.date
    days: int
    scope: str               # "Thôn Đông", "Thành viên BCĐ: ...", "Toàn xã"
    villages: list[VisitVillage]

    @property
    def people(self) -> int:
        return sum(v.people for v in self.villages)

    @property
    def households(self) -> int:
        return sum(len(v.households) for v in self.villages)

    @property
    def amount(self) -> int:
        return sum(v.amount for v in self.villages)


def choose_villages(db: sqlite_utils.Database, *, village: str | None = None,
                    member: str | None = None) -> tuple[list[tuple[int, str]], str]:
    """(village id, name) in the commune's order, and the scope's name. None of both: all."""
    if village:
        v = cm.village_by_name(db, village)
        return [(v.id, v.name)], v.name
    if member:
        key = fold(member)
        rows = [r for r in db.execute("SELECT id, name FROM committee_members") if fold(r[1]) == key]
        if not rows:
            raise UserError(_("Không có thành viên Ban chỉ đạo tên «{name}».").format(name=member))
        found = db.execute(
            "SELECT v.id, v.name FROM member_villages mv JOIN villages v ON v.id = mv.village_id"
            " WHERE mv.member_id = ? ORDER BY v.display_order, v.id", [rows[0][0]]).fetchall()
        if not found:
            raise UserError(_("Thành viên «{name}» chưa phụ trách thôn/xóm nào.").format(name=rows[0][1]))
        return [(r[0], r[1]) for r in found], _("Thành viên BCĐ {name} phụ trách").format(name=rows[0][1])
    return [(v.id, v.name) for v in cm.villages(db)], _("Toàn xã")


_PEOPLE_SQL = f"""
SELECT p.id, p.full_name, p.birth_date, p.birth_year, p.cccd, p.bhxh_code, p.benefit,
       h.id, h.code, h.address, h.phone, h.household_type,
       (SELECT full_name FROM people hp WHERE hp.id = h.head_person_id) AS head,
       EXISTS (SELECT 1 FROM cards c WHERE c.person_id = p.id AND {defs.card_valid_sql('c')}) AS valid_now,
       (SELECT max(valid_from) FROM cards c WHERE c.person_id = p.id) AS last_start,
       (SELECT max(valid_to) FROM cards c WHERE c.person_id = p.id) AS last_end,
       (SELECT group_code FROM cards c WHERE c.person_id = p.id ORDER BY valid_to DESC LIMIT 1) AS last_group
FROM people p JOIN households h ON h.id = p.household_id
WHERE h.village_id = :v AND {defs.counted_sql('p')} {{extra}}
ORDER BY h.code, p.id = h.head_person_id DESC, coalesce(p.birth_date, p.birth_year || '-12-31', '9999'), p.id
"""


def build_lists(db: sqlite_utils.Database, *, kind: str = "uninsured", as_of: dt.date,
                days: int = 30, village: str | None = None, member: str | None = None,
                job: Job | None = None) -> VisitLists:
    """The lists for the chosen villages (all of them when neither is given)."""
    if kind not in KINDS:
        raise UserError(_("Loại danh sách không hợp lệ: «{kind}».").format(kind=kind))
    if not 0 <= days <= 366:
        raise UserError(_("Số ngày sắp hết hạn phải từ 0 đến 366."))
    chosen, scope = choose_villages(db, village=village, member=member)
    d, soon = as_of.isoformat(), (as_of + dt.timedelta(days=days)).isoformat()
    extra = "AND h.household_type IN ('poor', 'near_poor')" if kind == "poor" else ""
    sql = _PEOPLE_SQL.replace("{extra}", extra)
    out = []
    for i, (vid, name) in enumerate(chosen):
        step(job, i, len(chosen), _("Đang lập danh sách {village}…").format(village=name))
        out.append(_village(db, sql, vid, name, kind, as_of, d, soon))
    step(job, len(chosen), len(chosen))
    return VisitLists(kind, as_of, days, scope, out)


def _village(db, sql: str, vid: int, name: str, kind: str, as_of: dt.date, d: str,
             soon: str) -> VisitVillage:
    village = VisitVillage(name)
    by_household: dict[int, VisitHousehold] = {}
    for (pid, full_name, birth_date, birth_year, cccd, bhxh, benefit, hid, code, address, phone,
         htype, head, valid_now, last_start, last_end, last_group) in db.execute(
            sql, {"v": vid, "d": d, "soon": soon}):
        state = defs.state_from_row(bool(valid_now), last_start, last_end, d, soon)
        age = age_on(birth_date, birth_year, as_of)
        if state not in KIND_STATES[kind]:
            continue
        if kind == "elderly" and not (benefit is None and age is not None
                                      and ELDERLY_AGES[0] <= age <= ELDERLY_AGES[1]):
            continue
        hh = by_household.get(hid)
        if hh is None:
            hh = by_household[hid] = VisitHousehold(code, head or "", address, phone, htype)
            village.households.append(hh)
        hh.people.append(VisitPerson(pid, full_name, birth_date, birth_year, age, last_group or "",
                                     state, last_end, cccd, bhxh, None))
    for hid, hh in by_household.items():
        _fill_amounts(db, hid, hh, as_of)
    return village


def _fill_amounts(db, household_id: int, hh: VisitHousehold, as_of: dt.date) -> None:
    """Each listed person's share of the household's contribution; None for a person already
    holding another group's card (nothing to pay) or when the rates are missing."""
    try:
        c = contribution_for(db, household_id, as_of, MONTHS)
    except UserError:
        return
    by_person = {m.person_id: m for m in c.members}
    for p in hh.people:
        m = by_person.get(p.person_id)
        if m is not None and m.scheme != "insured":
            p.amount = m.amount


def kind_label(kind: str) -> str:
    """The kind's short name for a choice list."""
    return {"uninsured": _("Chưa có thẻ còn hạn"), "expiring": _("Thẻ sắp hết hạn"),
            "lapsed": _("Thẻ đã hết hạn"), "all": _("Chưa có thẻ còn hạn và sắp hết hạn"),
            "elderly": _("Người 60-79 tuổi không có lương hưu, trợ cấp (kế hoạch)"),
            "poor": _("Hộ nghèo, hộ cận nghèo (kế hoạch)")}[kind]


def committee_member_names(db: sqlite_utils.Database) -> list[str]:
    """Active committee members who follow at least one village (for the scope's choices)."""
    return [r[0] for r in db.execute(
        "SELECT name FROM committee_members m WHERE active = 1 AND EXISTS"
        " (SELECT 1 FROM member_villages mv WHERE mv.member_id = m.id) ORDER BY name")]
