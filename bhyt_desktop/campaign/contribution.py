"""What a household would pay for its members' cards, after state and province support.

For a household's members counted on a date (coverage/definitions.py):

- **insured**: holds a card of another group than GD (household) valid on the date or
  starting later: not counted in the tiers, pays nothing here.
- **supported**: belongs to a group the state pays for in full (poor household: HN; child
  under 6: TE) or in part (near-poor household: CN; average-living farm household: GB;
  student: last card HS or SV, aged 6-24; a person 60-79 with no pension or social allowance while the
  province's top-up for them is above 0, seed 002). Pays 4.5% of the base salary less the
  state's support less the province's top-up, never below 0. Several groups: the one that
  leaves the least to pay (seed 002: the card with the highest benefit).
- **household**: everyone else, in tiers: the 1st pays 4.5% of the base salary a month,
  the 2nd 70%, 3rd 60%, 4th 50% of that, the 5th and later 40% (head of household first,
  then the oldest).

Every figure is a dated row of table ``rates`` (rates/amounts.py). Rounding: each member's
amount for the months is computed exactly and rounded once to the whole đồng, half up
(docs/data-model.md, «Household contribution»).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import sqlite_utils

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import fmt_int
from bhyt_desktop.common.i18n import _
from bhyt_desktop.coverage import definitions as defs
from bhyt_desktop.rates.amounts import amount_for, household_share_pct, rate_on, required_rate

MONTHS = (3, 6, 12)
HOUSEHOLD_CODE = "GD"
STUDENT_CODES = ("HS", "SV")
STUDENT_MAX_AGE = 24          # an old HS/SV card of an older person says nothing now
ELDERLY_AGES = (60, 79)
CHILD_AGE = 6

# reason -> (state support rate key or None for the state paying all, province top-up key)
SUPPORT_KEYS: dict[str, tuple[str | None, str | None]] = {
    "poor": (None, None),
    "child": (None, None),
    "near_poor": ("support_near_poor_pct", "topup_near_poor_pct"),
    "farm_avg": ("support_farm_avg_pct", "topup_farm_avg_pct"),
    "student": ("support_student_pct", "topup_student_pct"),
    "elderly": (None, "topup_elderly_pct"),
}
# The card a supported member would get (the group code shown on lists).
SUPPORT_CODES = {"poor": "HN", "child": "TE", "near_poor": "CN", "farm_avg": "GB",
                 "student": "HS", "elderly": ""}


@dataclass(frozen=True)
class Member:
    person_id: int
    name: str
    scheme: str                  # 'household' | 'supported' | 'insured'
    tier: int | None             # 1-based tier in the household scheme
    share_pct: Decimal           # % of the base salary a month this member pays
    amount: int                  # đồng for the months
    reason: str = ""             # supported: SUPPORT_KEYS key; insured: the card's group code


@dataclass(frozen=True)
class Contribution:
    household: str
    on: dt.date
    months: int
    base_salary: int
    members: tuple[Member, ...]

    @property
    def total(self) -> int:
        return sum(m.amount for m in self.members)

    def to_json(self) -> dict:
        return {"household": self.household, "on": self.on.isoformat(), "months": self.months,
                "members": [{"name": m.name, "scheme": m.scheme, "tier": m.tier,
                             "share_pct": pct_text(m.share_pct), "amount": m.amount}
                            for m in self.members],
                "total": self.total}


def pct_text(value: Decimal) -> str:
    """'4.5', '3.15', '0' (no exponent, no trailing zeros)."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def reason_label(reason: str) -> str:
    return {"poor": _("Hộ nghèo (NSNN đóng)"), "child": _("Trẻ em dưới 6 tuổi (NSNN đóng)"),
            "near_poor": _("Hộ cận nghèo"), "farm_avg": _("Hộ nông, lâm, ngư nghiệp mức sống TB"),
            "student": _("Học sinh, sinh viên"),
            "elderly": _("Người 60-79 tuổi không có lương hưu, trợ cấp")}.get(reason, reason)


def scheme_label(scheme: str) -> str:
    return {"household": _("Hộ gia đình"), "supported": _("Được hỗ trợ"),
            "insured": _("Đã có thẻ nhóm khác")}[scheme]


def age_on(birth_date: str | None, birth_year: int | None, on: dt.date) -> int | None:
    """Age in whole years on ``on`` (birth year only: the year's difference)."""
    if birth_date:
        b = dt.date.fromisoformat(birth_date)
        return on.year - b.year - ((on.month, on.day) < (b.month, b.day))
    return on.year - birth_year if birth_year else None


def paying_pct(db: sqlite_utils.Database, reason: str, on: dt.date) -> Decimal:
    """% of the full contribution a supported member still pays (0-100)."""
    support_key, topup_key = SUPPORT_KEYS[reason]
    if support_key is None and topup_key is None:
        return Decimal(0)
    support = required_rate(db, support_key, on) if support_key else Decimal(0)
    topup = (rate_on(db, topup_key, on) or Decimal(0)) if topup_key else Decimal(0)
    return max(Decimal(0), Decimal(100) - support - topup)


def supported_reasons(*, household_type: str, age: int | None, last_group: str | None,
                      benefit: str | None, elderly_topup: bool) -> list[str]:
    """The supported groups a member belongs to (may be several, or none)."""
    out = []
    if household_type in ("poor", "near_poor", "farm_avg"):
        out.append(household_type)
    if age is not None and age < CHILD_AGE:
        out.append("child")
    if last_group in STUDENT_CODES and (age is None or CHILD_AGE <= age <= STUDENT_MAX_AGE):
        out.append("student")
    if (elderly_topup and benefit is None and age is not None
            and ELDERLY_AGES[0] <= age <= ELDERLY_AGES[1]):
        out.append("elderly")
    return out


_MEMBERS_SQL = f"""
SELECT p.id, p.full_name, p.birth_date, p.birth_year, p.benefit,
       (SELECT c.group_code FROM cards c WHERE c.person_id = p.id AND c.group_code != '{HOUSEHOLD_CODE}'
          AND c.valid_to >= :d ORDER BY c.valid_from LIMIT 1) AS other_card,
       (SELECT c.group_code FROM cards c WHERE c.person_id = p.id
          ORDER BY c.valid_to DESC LIMIT 1) AS last_group,
       p.id = h.head_person_id AS is_head
FROM people p JOIN households h ON h.id = p.household_id
WHERE p.household_id = :hid AND {defs.counted_sql('p')}
ORDER BY is_head DESC, coalesce(p.birth_date, p.birth_year || '-12-31', '9999'), p.id
"""


def household_contribution(db: sqlite_utils.Database, code: str, on: dt.date,
                           months: int = 12) -> Contribution:
    """The contribution of household ``code`` on ``on`` for ``months`` (3, 6 or 12)."""
    row = db.execute("SELECT id, household_type FROM households WHERE code = ?", [code]).fetchone()
    if row is None:
        raise UserError(_("Không có hộ gia đình mã «{code}».").format(code=code))
    return contribution_for(db, row[0], on, months, code=code, household_type=row[1])


def contribution_for(db: sqlite_utils.Database, household_id: int, on: dt.date, months: int = 12,
                     *, code: str | None = None, household_type: str | None = None) -> Contribution:
    if months not in MONTHS:
        raise UserError(_("Số tháng đóng phải là 3, 6 hoặc 12 (không phải {n}).").format(n=months))
    if code is None or household_type is None:
        code, household_type = db.execute(
            "SELECT code, household_type FROM households WHERE id = ?", [household_id]).fetchone()
    base = required_rate(db, "base_salary", on)
    full_pct = required_rate(db, "household_rate_pct", on)
    elderly_topup = (rate_on(db, "topup_elderly_pct", on) or Decimal(0)) > 0
    rows = db.execute(_MEMBERS_SQL, {"hid": household_id, "d": on.isoformat()}).fetchall()
    members: list[Member] = []
    tier = 0
    for pid, name, birth_date, birth_year, benefit, other_card, last_group, _head in rows:
        if other_card:
            members.append(Member(pid, name, "insured", None, Decimal(0), 0, other_card))
            continue
        reasons = supported_reasons(household_type=household_type,
                                    age=age_on(birth_date, birth_year, on), last_group=last_group,
                                    benefit=benefit, elderly_topup=elderly_topup)
        if reasons:
            reason = min(reasons, key=lambda r: paying_pct(db, r, on))
            share = full_pct * paying_pct(db, reason, on) / 100
            members.append(Member(pid, name, "supported", None, share,
                                  amount_for(db, on, share, months), reason))
            continue
        tier += 1
        share = household_share_pct(db, on, tier)
        members.append(Member(pid, name, "household", tier, share, amount_for(db, on, share, months)))
    return Contribution(code, on, months, int(base), tuple(members))


def money_text(amount: int) -> str:
    """1.234.567 đ"""
    return f"{fmt_int(amount)} đ"


def summary_lines(c: Contribution) -> list[str]:
    """The contribution in words, one line per member, for the screen and the command line."""
    lines = []
    for m in c.members:
        if m.scheme == "insured":
            what = _("đã có thẻ {code}, không tính").format(code=m.reason)
        elif m.scheme == "supported":
            what = _("{reason}: {pct}% lương cơ sở/tháng").format(
                reason=reason_label(m.reason), pct=pct_text(m.share_pct).replace(".", ","))
        else:
            what = _("người thứ {n}: {pct}% lương cơ sở/tháng").format(
                n=m.tier, pct=pct_text(m.share_pct).replace(".", ","))
        lines.append(f"{m.name} — {what} — {money_text(m.amount)}")
    return lines
