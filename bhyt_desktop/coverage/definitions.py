"""The one definition of every figure: SQL fragments and their Python twins.

Coverage, the roster filters, the dashboard and its timeline, the weekly report, the export,
the import's commit, the triggers and the demo all take their rules from here, and
tests/test_figure_definitions.py checks on a commune with tricky card histories, for many
dates, that every path counts the same people. docs/data-model.md says the same in words.

On a date D (SQL binds it as ``:d``, ISO text; ``:soon`` is D + the expiring window):

- **counted** on D: on the roster on D: born and arrived on or before D, and either living
  here (resident, or working away) or moved out / died after D.
- **insured** on D: holds a card valid on D (valid_from <= D <= valid_to). Coverage counts
  the insured among the counted.
- **expiring** within N days: insured on D, and every card they hold ends by D + N days.
- **waiting** on D: not insured on D, but holds a card that starts after D (bought or
  renewed, not yet in force): nobody needs to visit them.
- **lapsed** on D: held a card, and every card they hold ended before D (no card valid on
  or after D): their card ran out and was not renewed.
- **never insured**: no card at all.
  Insured, waiting, lapsed and never insured split everyone; expiring is part of insured.
- **uninsured (population)**: the unit's population minus its insured, a number with no
  names (population may be the statistical figure).
- **without a valid card**: the counted people who are not insured on D, by name.
- **kept card**: a person holding several cards valid on D is insured once; the group
  breakdown counts the one card chosen by :data:`KEPT_CARD_ORDER_SQL` (twin
  :func:`kept_card`): the highest benefit on D first (level 5, then 1, 2, 3, 4; the dated
  ``code_levels``), then the law's order (group 1 to 5, then the code's place in the law's
  list, ``group_codes.law_order``), then the card that started last, then the later record.
  Seed 002 says the card with the highest benefit is the one issued; BHXH writes the first
  group in the law's order: the two agree once benefit is compared first.
- **overlapping cards of different groups**: a person with two cards of different codes
  valid on some same day (:func:`overlapping_groups_sql`): flagged for review in the roster.
- **issued by**: a card marked issued elsewhere (``cards.issued_here = 0``) is another
  province's; else the code's issuer (``group_codes.issuer``): the armed forces and the police
  issue their own and their relatives' cards (QN, CA, CY, TQ, TA, TY), the local BHXH office
  the rest (:func:`issuer_of`). Seed 000's table: its total leaves other provinces' cards out,
  and each group's share is over the cards issued locally.
- A card **starting** in a period is a **new card** when its holder had no earlier card, else
  a **renewal**; a renewal is **after the law's break** when the days between the previous
  card's end and its start are at least the dated rate ``new_entry_break_days`` (90 by law:
  a new entry, ``LAW_BREAK_RATE``).
- A card is **new for the incentive** (the collectors' pay, seed 004) when its holder had no
  card valid during the incentive's break before it: every earlier card ended more than
  ``incentive_break_months`` (dated rate, 3 in seed 004: ``INCENTIVE_BREAK_RATE``) before
  its start, i.e. before ``incentive_cutoff(start)`` = start − N months − 1 day (a gap of
  exactly N months is a renewal, one day more is new). A first card ever is new too.
  The two breaks differ on purpose (90 days vs. 3 calendar months, "at least" vs. "more
  than"): reports of renewals use the law's, the collectors' pay uses the incentive's.
- A member **renewed** in a period when a card of theirs that starts in it is a renewal. A
  household **renews** in a month when at least one member renewed; it **renewed in full**
  when, besides, every member who was **due** renewed: counted on the month's last day,
  whose latest card started before the month ran out before that last day and no longer
  ago than the law's break.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Literal

from bhyt_desktop.common.i18n import _

CardState = Literal["valid", "expiring", "waiting", "lapsed", "never"]
CARD_STATES: tuple[CardState, ...] = ("valid", "expiring", "waiting", "lapsed", "never")
LIVING_HERE = ("resident", "away")          # statuses counted whatever the status date
GONE = ("moved_out", "deceased")            # counted only before their status date

# --- counted ------------------------------------------------------------------------------

# The first day a person is counted (SQL over people ``p``; NULL: from the beginning).
COUNT_FROM_SQL = ("CASE WHEN p.in_date IS NULL THEN p.birth_date WHEN p.birth_date IS NULL"
                  " THEN p.in_date ELSE max(p.in_date, p.birth_date) END")
# The first day a person is no longer counted (NULL: still counted). A move or a death
# without a date counts them nowhere.
NOWHERE = "0000-00-00"
COUNT_TO_SQL = f"CASE WHEN p.status IN {GONE!r} THEN ifnull(p.status_date, '{NOWHERE}') END"


def counted_sql(p: str = "p") -> str:
    """Person row ``p`` is counted on :d."""
    return (f"({p}.status IN {LIVING_HERE!r} OR {p}.status_date > :d)"
            f" AND ({p}.in_date IS NULL OR {p}.in_date <= :d)"
            f" AND ({p}.birth_date IS NULL OR {p}.birth_date <= :d)")


def count_from(in_date: str | None, birth_date: str | None) -> str | None:
    """Python twin of COUNT_FROM_SQL (ISO text in, ISO text out)."""
    if in_date is None:
        return birth_date
    if birth_date is None:
        return in_date
    return max(in_date, birth_date)


def count_to(status: str, status_date: str | None) -> str | None:
    """Python twin of COUNT_TO_SQL."""
    return (status_date or NOWHERE) if status in GONE else None


def is_counted(status: str, status_date: str | None, in_date: str | None,
               birth_date: str | None, d: str) -> bool:
    """Python twin of :func:`counted_sql` (dates as ISO text)."""
    start, stop = count_from(in_date, birth_date), count_to(status, status_date)
    return (start is None or start <= d) and (stop is None or stop > d)


# --- cards on D ---------------------------------------------------------------------------

def card_valid_sql(c: str = "c") -> str:
    """Card row ``c`` is valid on :d."""
    return f"{c}.valid_from <= :d AND {c}.valid_to >= :d"


def card_holder_counted_sql(c: str = "") -> str:
    """The holder of card row ``c`` is counted on :d, read from the card's own derived
    columns (kept by the triggers below), so coverage needs no join to people."""
    q = f"{c}." if c else ""
    return f"({q}count_from IS NULL OR {q}count_from <= :d) AND ({q}count_to IS NULL OR {q}count_to > :d)"


def _any_card(p: str, cond: str) -> str:
    return f"EXISTS (SELECT 1 FROM cards c WHERE c.person_id = {p}.id AND {cond})"


def insured_sql(p: str = "p") -> str:
    return _any_card(p, card_valid_sql("c"))


def expiring_sql(p: str = "p") -> str:
    return f"{insured_sql(p)} AND NOT {_any_card(p, 'c.valid_to > :soon')}"


def waiting_sql(p: str = "p") -> str:
    return f"NOT {insured_sql(p)} AND {_any_card(p, 'c.valid_from > :d')}"


def lapsed_sql(p: str = "p") -> str:
    return f"NOT {_any_card(p, 'c.valid_to >= :d')} AND {_any_card(p, '1')}"


def never_insured_sql(p: str = "p") -> str:
    return f"NOT {_any_card(p, '1')}"


STATE_SQL = {"valid": insured_sql, "expiring": expiring_sql, "waiting": waiting_sql,
             "lapsed": lapsed_sql, "never": never_insured_sql}

# The same sets as person ids from the card indexes, for queries over the whole roster.
INSURED_IDS = ("SELECT person_id FROM cards INDEXED BY cards_person"
               " WHERE valid_from <= :d AND valid_to >= :d")
EXPIRING_IDS = ("SELECT person_id FROM cards INDEXED BY cards_valid"
                " WHERE valid_to >= :d AND valid_to <= :soon AND valid_from <= :d"
                " AND NOT EXISTS (SELECT 1 FROM cards c2 INDEXED BY cards_person"
                " WHERE c2.person_id = cards.person_id AND c2.valid_to > :soon)")
STARTING_LATER_IDS = "SELECT person_id FROM cards INDEXED BY cards_start WHERE valid_from > :d"
LAPSED_IDS = ("SELECT person_id FROM cards INDEXED BY cards_person GROUP BY person_id"
              " HAVING max(valid_to) < :d")
HOLDERS_IDS = "SELECT DISTINCT person_id FROM cards INDEXED BY cards_person"

Period = tuple[str, str]          # (valid_from, valid_to), ISO text


def card_state(cards: Iterable[Period], d: str, soon: str) -> CardState:
    """Python twin of the four states above, for one person's cards."""
    cards = list(cards)
    if any(f <= d <= t for f, t in cards):
        return "expiring" if all(t <= soon for _f, t in cards) else "valid"
    if any(f > d for f, _t in cards):
        return "waiting"
    return "lapsed" if cards else "never"


def state_from_row(valid_now: bool, last_start: str | None, last_end: str | None, d: str,
                   soon: str) -> CardState:
    """The same state from what a row query reads: whether a card is valid on D, and the
    latest start and the latest end among all the person's cards."""
    if valid_now:
        return "expiring" if last_end is not None and last_end <= soon else "valid"
    if last_start is None:
        return "never"
    return "waiting" if last_start > d else "lapsed"


# --- the card kept when several are valid on D -------------------------------------------

# Benefit levels from the widest: 5 (armed forces, 100% also outside the lists), 1 (100%
# with no cap), 2 (100% within the cap), 3 (95%), 4 (80%).
BENEFIT_RANK = {5: 0, 1: 1, 2: 2, 3: 3, 4: 4}


def code_on_sql(column: str, code: str) -> str:
    """``column`` (grp or benefit_level) of participant code ``code`` on :d: the dated row in
    force, else the code's earliest row, else the current value in group_codes."""
    return (f"coalesce((SELECT l.{column} FROM code_levels l WHERE l.code = {code}"
            f" AND l.valid_from <= :d ORDER BY l.valid_from DESC LIMIT 1),"
            f" (SELECT l.{column} FROM code_levels l WHERE l.code = {code} ORDER BY l.valid_from LIMIT 1),"
            f" (SELECT g.{column} FROM group_codes g WHERE g.code = {code}))")


def _rank_case(level_sql: str) -> str:
    whens = " ".join(f"WHEN {lvl} THEN {rank}" for lvl, rank in BENEFIT_RANK.items())
    return f"CASE {level_sql} {whens} ELSE 9 END"


def kept_card_order_sql(c: str = "c") -> str:
    """ORDER BY terms putting first the card kept among one person's cards ``c`` on :d."""
    code = f"{c}.group_code"
    return (f"{_rank_case(code_on_sql('benefit_level', code))}, {code_on_sql('grp', code)},"
            f" (SELECT g.law_order FROM group_codes g WHERE g.code = {code}),"
            f" {c}.valid_from DESC, {c}.id DESC")


KEPT_CARD_ORDER_SQL = kept_card_order_sql("c")


def kept_card(cards: Iterable[tuple[int, int, int, int, str, int]]) -> int | None:
    """Python twin: the id of the card kept among (id, level on D, group on D, law order,
    valid_from, ...) tuples of one person's cards valid on D; None when there are none."""
    best = None
    for card_id, level, grp, law_order, valid_from, *_rest in cards:
        key = (BENEFIT_RANK.get(level, 9), grp, law_order, _desc(valid_from), -card_id)
        if best is None or key < best[0]:
            best = (key, card_id)
    return best[1] if best else None


def _desc(iso: str) -> tuple[int, ...]:
    return tuple(-int(part) for part in iso.split("-"))


def overlapping_groups_sql(p: str = "p") -> str:
    """Person ``p`` holds two cards of different codes valid on some same day."""
    return (f"EXISTS (SELECT 1 FROM cards a INDEXED BY cards_overlapping JOIN cards b"
            f" ON b.person_id = a.person_id AND b.id != a.id AND b.group_code != a.group_code"
            f" AND b.valid_from <= a.valid_to AND b.valid_to >= a.valid_from"
            f" WHERE a.person_id = {p}.id AND a.overlaps = 1)")


def overlapping_label() -> str:
    return _("Có nhiều thẻ trùng thời gian")


# --- who issued a card -------------------------------------------------------------------

ISSUERS = ("local", "armed_forces", "other_province")


def issuer_of(issued_here: bool, code_issuer: str) -> str:
    return "other_province" if not issued_here else ("armed_forces" if code_issuer == "armed_forces" else "local")


# --- cards starting in a period -----------------------------------------------------------

# Days between a card's start and the previous card's end (SQL over ``valid_from`` and
# ``prev_end``; 0 when the new card starts the day after).
GAP_DAYS_SQL = "julianday(valid_from) - julianday(prev_end) - 1"


def gap_days(prev_end: str, start: str) -> int:
    return (dt.date.fromisoformat(start) - dt.date.fromisoformat(prev_end)).days - 1


def start_kind(earlier_ends: Sequence[str], start: str, break_days: int) -> str:
    """'new', 'renewal' or 'renewal_after_break' for a card starting on ``start``, given the
    ends of the holder's cards that started before it."""
    if not earlier_ends:
        return "new"
    return "renewal_after_break" if gap_days(max(earlier_ends), start) >= break_days else "renewal"


DEFAULT_BREAK_DAYS = 90        # Law on Health Insurance; used only when the rate is missing
LAW_BREAK_RATE = "new_entry_break_days"


# --- new card for the collection incentive (seed 004) ------------------------------------

INCENTIVE_BREAK_RATE = "incentive_break_months"
DEFAULT_INCENTIVE_BREAK_MONTHS = 3     # seed 004; used only when the rate is missing


def incentive_cutoff(start: dt.date, months: int) -> dt.date:
    """An earlier card ending on or after this day makes a card starting on ``start`` a
    renewal for the incentive: ``start`` less ``months`` calendar months (clamped to the end
    of a shorter month), less one day."""
    m = start.month - 1 - months
    y, m = start.year + m // 12, m % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return dt.date(y, m, day) - dt.timedelta(days=1)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def incentive_cutoff_sql(start: str) -> str:
    """SQL twin of :func:`incentive_cutoff` over the date column ``start``, with the break in
    months bound as ``:brk_months``. SQLite's '-N months' rolls an overflow into the next month
    (31/05 - 3 months = 03/03); the min() with the target month's last day clamps it back."""
    back = "'-' || :brk_months || ' months'"
    return (f"date(min(date({start}, 'start of month', {back}, '+1 month', '-1 day'),"
            f" date({start}, {back})), '-1 day')")


def incentive_new_sql(c: str = "c") -> str:
    """Card row ``c`` is new for the incentive (bind ``:brk_months``)."""
    return (f"NOT EXISTS (SELECT 1 FROM cards e WHERE e.person_id = {c}.person_id"
            f" AND e.valid_from < {c}.valid_from"
            f" AND e.valid_to >= {incentive_cutoff_sql(c + '.valid_from')})")


def is_new_for_incentive(earlier: Iterable[Period], start: str, months: int) -> bool:
    """Python twin of :func:`incentive_new_sql`: ``earlier`` are the holder's other cards
    (ISO (from, to)); only those starting before ``start`` matter."""
    cutoff = incentive_cutoff(dt.date.fromisoformat(start), months).isoformat()
    return not any(f < start and t >= cutoff for f, t in earlier)


def renewal_sql(c: str = "c") -> str:
    """Card row ``c`` is a renewal: its holder has a card that started before it."""
    return (f"EXISTS (SELECT 1 FROM cards e WHERE e.person_id = {c}.person_id"
            f" AND e.valid_from < {c}.valid_from)")


# --- names ----------------------------------------------------------------------------------

# In files (exports, consolidations), always Vietnamese; the same words as the labels below.
UNINSURED_POPULATION_VI = "Chưa tham gia BHYT (dân số − có thẻ)"
WITHOUT_VALID_CARD_VI = "Không có thẻ còn hạn"

def card_state_label(state: str) -> str:
    """The state's name on screen and paper (the roster filter, lists, exports)."""
    return {"valid": _("Còn hạn"), "expiring": _("Sắp hết hạn"),
            "waiting": _("Chờ thẻ có hiệu lực"), "lapsed": _("Hết hạn"),
            "never": _("Chưa từng có thẻ")}[state]


def uninsured_population_label() -> str:
    """Population minus insured: a number with no names."""
    return _("Chưa tham gia BHYT (dân số − có thẻ)")


def without_valid_card_label() -> str:
    """Counted people with no card valid on the date, by name."""
    return _("Không có thẻ còn hạn")
