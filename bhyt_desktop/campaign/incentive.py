"""The collectors' incentive for a month (seed 004): 20.000 đ for each new card.

A card counts when it starts in the month (valid_from), was issued here, belongs to a group
people buy (4, part paid by the state; 5, households: the ones a collector talks people into
buying) and is **new for the incentive** (coverage/definitions.py: the holder had no valid
card in the incentive's break before it, ``incentive_break_months``). One card per person a
month. It is credited to its collector (collectors.py: the card's own, else the head of the
holder's village); cards with neither are listed apart and not paid. The amount of each card
is the dated rate ``incentive_new_card`` in force on its start.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlite_utils

from bhyt_desktop.campaign.collectors import credited_sql, kind_label
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.identifiers import mask
from bhyt_desktop.coverage import definitions as defs
from bhyt_desktop.rates.amounts import rate_on

INCENTIVE_GROUPS = (4, 5)
RATE_KEY = "incentive_new_card"


@dataclass
class IncentiveCard:
    person: str
    birth: str               # dd/mm/yyyy or the year
    id_masked: str           # BHXH number, else CCCD, masked
    household: str
    village: str
    group_code: str
    valid_from: dt.date
    valid_to: dt.date
    after_break: bool        # renewed after the incentive's break (not a first card)
    amount: int


@dataclass
class CollectorLine:
    collector_id: int | None
    code: str
    name: str
    kind: str
    cards: list[IncentiveCard] = field(default_factory=list)

    @property
    def new_cards(self) -> int:
        return len(self.cards)

    @property
    def amount(self) -> int:
        return sum(c.amount for c in self.cards)

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind) if self.kind else ""


@dataclass
class IncentiveSheet:
    month: str                    # "YYYY-MM"
    start: dt.date
    end: dt.date
    rate: int                     # in force on the month's last day
    rate_from: dt.date | None     # since when
    rate_source: str              # the rate's note: its legal source
    break_months: int
    collectors: list[CollectorLine]
    unassigned: list[IncentiveCard]

    @property
    def total_cards(self) -> int:
        return sum(c.new_cards for c in self.collectors)

    @property
    def total_amount(self) -> int:
        return sum(c.amount for c in self.collectors)

    def to_json(self) -> dict:
        return {"month": self.month, "rate": self.rate,
                "collectors": [{"name": c.name, "code": c.code, "new_cards": c.new_cards,
                                "amount": c.amount} for c in self.collectors],
                "total_cards": self.total_cards, "total_amount": self.total_amount,
                "unassigned_cards": len(self.unassigned)}


def parse_month(text: str) -> tuple[dt.date, dt.date]:
    """'2026-10' (or '10/2026') -> first and last day of the month."""
    t = (text or "").strip()
    try:
        if "/" in t:
            m, y = t.split("/")
        else:
            y, m = t.split("-")
        start = dt.date(int(y), int(m), 1)
    except (ValueError, TypeError):
        raise UserError(_("Tháng «{text}» không hợp lệ: ghi YYYY-MM, ví dụ 2026-10.").format(text=text)) from None
    nxt = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start, nxt - dt.timedelta(days=1)


def _rate_row(db: sqlite_utils.Database, on: dt.date) -> tuple[int, dt.date | None, str]:
    row = db.execute("SELECT value, effective_from, note FROM rates WHERE key = ? AND effective_from <= ?"
                     " ORDER BY effective_from DESC LIMIT 1", [RATE_KEY, on.isoformat()]).fetchone()
    if row is None:
        raise UserError(_("Chưa có mức thù lao mỗi thẻ mới áp dụng cho tháng này (mục Mức đóng, hỗ trợ)."))
    return int(float(row[0])), dt.date.fromisoformat(row[1]), row[2]


def _birth(birth_date: str | None, birth_year: int | None) -> str:
    if birth_date:
        return dt.date.fromisoformat(birth_date).strftime("%d/%m/%Y")
    return str(birth_year or "")


def new_cards_query(db: sqlite_utils.Database, start: dt.date, end: dt.date, break_months: int) -> list:
    groups = ", ".join(map(str, INCENTIVE_GROUPS))
    return db.execute(f"""
        WITH starts AS (
            SELECT c.*, row_number() OVER (PARTITION BY c.person_id ORDER BY c.valid_from, c.id) AS rn
            FROM cards c INDEXED BY cards_start JOIN group_codes g ON g.code = c.group_code
            WHERE c.valid_from >= :m0 AND c.valid_from <= :m1 AND c.issued_here = 1
              AND g.grp IN ({groups}) AND {defs.incentive_new_sql('c')}
        )
        SELECT s.id, {credited_sql('s', 'p.village_id')}, p.full_name, p.birth_date, p.birth_year,
               p.bhxh_code, p.cccd, h.code, v.name, s.group_code, s.valid_from, s.valid_to,
               {defs.renewal_sql('s')}
        FROM starts s JOIN people p ON p.id = s.person_id
        JOIN households h ON h.id = p.household_id JOIN villages v ON v.id = p.village_id
        WHERE s.rn = 1
        ORDER BY v.display_order, v.id, p.sort_key, p.id""",
        {"m0": start.isoformat(), "m1": end.isoformat(), "brk_months": break_months}).fetchall()


def incentive_sheet(db: sqlite_utils.Database, month: str) -> IncentiveSheet:
    start, end = parse_month(month)
    rate, rate_from, source = _rate_row(db, end)
    break_months = int(rate_on(db, defs.INCENTIVE_BREAK_RATE, end) or defs.DEFAULT_INCENTIVE_BREAK_MONTHS)
    lines: dict[int, CollectorLine] = {
        r[0]: CollectorLine(r[0], r[1], r[2], r[3])
        for r in db.execute("SELECT id, code, name, kind FROM collectors ORDER BY code")}
    unassigned: list[IncentiveCard] = []
    rates: dict[str, int] = {}
    for (_cid, credited, name, bdate, byear, bhxh, cccd, hh, village, code, vfrom, vto,
         renewal) in new_cards_query(db, start, end, break_months):
        if vfrom not in rates:
            rates[vfrom] = _rate_row(db, dt.date.fromisoformat(vfrom))[0]
        card = IncentiveCard(name, _birth(bdate, byear), mask(bhxh or cccd), hh, village, code,
                             dt.date.fromisoformat(vfrom), dt.date.fromisoformat(vto), bool(renewal),
                             rates[vfrom])
        if credited is None:
            unassigned.append(card)
        else:
            lines[credited].cards.append(card)
    used = [line for line in lines.values() if line.cards]
    return IncentiveSheet(f"{start:%Y-%m}", start, end, rate, rate_from, source, break_months,
                          used, unassigned)
