"""The card the roster proposes when one is added (the «Thêm thẻ BHYT» dialog), and the reads
that dialog needs.

The proposal for a person on date ``on``:

- no earlier card: group «GD» (household), from ``on``, for 12 months;
- the last card ended less than ``new_entry_break_days`` days before ``on`` (the dated rate;
  90 days by law), or is still valid: the same group, from the day after it ended, so the
  renewal continues it. The gap is counted as coverage.changes counts it (days without a
  card): a gap of the full break or more is a new entry;
- the last card ended longer ago: the same group, from ``on``.

A last card that still runs more than a year after ``on`` is most likely a typing mistake
(2029 for 2026): the proposal still starts the day after it but says so in its reason, and
:func:`check_card_start` (the rule of the roster and of the import alike: a card starts at
most a year after today) refuses to save it until the dates are corrected.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils

from bhyt_desktop.common import clock
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import fmt_date
from bhyt_desktop.common.i18n import _
from bhyt_desktop.rates.amounts import rate_on
from bhyt_desktop.roster.validation import card_end_for

DEFAULT_GROUP = "GD"
BREAK_RATE = "new_entry_break_days"
DEFAULT_BREAK_DAYS = 90
CARD_MONTHS = 12
FAR_AHEAD_DAYS = 366

# Reasons of a proposal.
FIRST = "first"                 # no earlier card
RENEWAL = "renewal"             # continues the last card
AFTER_BREAK = "after_break"     # the last card ended the break or more before
FAR_AHEAD = "far_ahead"         # continues a card that runs more than a year after the date


@dataclass(frozen=True)
class LastCard:
    group_code: str
    valid_from: dt.date
    valid_to: dt.date


@dataclass(frozen=True)
class CardProposal:
    group_code: str
    valid_from: dt.date
    valid_to: dt.date
    reason: str                 # FIRST, RENEWAL, AFTER_BREAK or FAR_AHEAD
    last: LastCard | None = None
    break_days: int = DEFAULT_BREAK_DAYS

    @property
    def needs_checking(self) -> bool:
        return self.reason == FAR_AHEAD

    def explain(self) -> str:
        """One line for the dialog."""
        if self.last is None:
            return _("Chưa có thẻ nào: đề xuất thẻ mới từ ngày {d}.").format(d=fmt_date(self.valid_from))
        end = fmt_date(self.last.valid_to)
        if self.reason == FAR_AHEAD:
            return _("Thẻ gần nhất còn hạn đến {end}, hơn một năm nữa: hãy kiểm tra lại hạn thẻ đó.").format(end=end)
        if self.reason == RENEWAL:
            return _("Gia hạn nối tiếp thẻ gần nhất (hết hạn {end}).").format(end=end)
        return _("Thẻ gần nhất hết hạn {end}, đã gián đoạn từ {n} ngày trở lên: thẻ mới tính từ ngày {d}.").format(
            end=end, n=self.break_days, d=fmt_date(self.valid_from))


def latest_card_start(today: dt.date | None = None) -> dt.date:
    """The latest start a card may have: one year after today (cards are bought ahead for
    months, never years; 29/02 gives 28/02 of the next year)."""
    today = today or clock.today()
    if (today.month, today.day) == (2, 29):
        return dt.date(today.year + 1, 2, 28)
    return today.replace(year=today.year + 1)


def card_start_problem(valid_from: dt.date, today: dt.date | None = None) -> str | None:
    """Why a card may not start on ``valid_from`` (too far ahead), or None."""
    if valid_from > latest_card_start(today):
        return _("Hạn thẻ bắt đầu quá xa trong tương lai: {value} (quá một năm kể từ hôm nay).").format(
            value=fmt_date(valid_from))
    return None


def check_card_start(valid_from: dt.date, today: dt.date | None = None) -> None:
    """Refuse (UserError) a card starting more than a year after today."""
    problem = card_start_problem(valid_from, today)
    if problem:
        raise UserError(problem)


def last_card(db: sqlite_utils.Database, person_id: int) -> LastCard | None:
    """The person's card that ends last (the later record on a tie)."""
    row = db.execute(
        "SELECT group_code, valid_from, valid_to FROM cards WHERE person_id = ?"
        " ORDER BY valid_to DESC, id DESC LIMIT 1", [person_id]).fetchone()
    if row is None:
        return None
    return LastCard(row[0], dt.date.fromisoformat(row[1]), dt.date.fromisoformat(row[2]))


def break_days_on(db: sqlite_utils.Database, on: dt.date) -> int:
    """The ``new_entry_break_days`` rate in force on ``on`` (90 when none is set)."""
    value = rate_on(db, BREAK_RATE, on)
    return DEFAULT_BREAK_DAYS if value is None else int(value)


def propose_card(db: sqlite_utils.Database, person_id: int, on: dt.date,
                 months: int = CARD_MONTHS) -> CardProposal:
    """The card to propose for ``person_id`` when one is added on ``on``."""
    brk = break_days_on(db, on)
    last = last_card(db, person_id)
    if last is None:
        return CardProposal(DEFAULT_GROUP, on, card_end_for(on, months), FIRST, None, brk)
    after = last.valid_to + dt.timedelta(days=1)
    gap = (on - after).days                     # days without a card before ``on``
    if gap >= brk:
        return CardProposal(last.group_code, on, card_end_for(on, months), AFTER_BREAK, last, brk)
    reason = FAR_AHEAD if (after - on).days > FAR_AHEAD_DAYS else RENEWAL
    return CardProposal(last.group_code, after, card_end_for(after, months), reason, last, brk)


def group_codes(db: sqlite_utils.Database) -> list[tuple[str, int, str]]:
    """(code, group 1-5, name) of the active group codes, by group then code (the roster's
    filter; commune.details.group_code_choices gives (code, name) for the card dialog)."""
    return [(r[0], r[1], r[2]) for r in db.execute(
        "SELECT code, grp, name FROM group_codes WHERE active = 1 ORDER BY grp, code")]
