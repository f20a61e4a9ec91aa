"""Small builders for tests: a village, a household, a person with cards, in one call."""

from __future__ import annotations

import datetime as dt
import itertools

from bhyt_desktop.commune import details as cm
from bhyt_desktop.roster import edits as roster

_seq = itertools.count(1)


def D(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def village(db, name: str = "Xóm 1") -> int:
    found = cm.find_village(db, name)
    return found.id if found else cm.add_village(db, name)


def household(db, village_name: str = "Xóm 1", code: str | None = None) -> int:
    return roster.add_household(db, code or f"H{next(_seq):05d}", village(db, village_name))


def person(db, *cards: tuple, village_name: str = "Xóm 1", household_id: int | None = None,
           name: str | None = None, birth: roster.Birth | None = None, **fields) -> int:
    """``cards`` are (group_code, 'YYYY-MM-DD' from, 'YYYY-MM-DD' to[, issued_here])."""
    hid = household_id or household(db, village_name)
    pid = roster.add_person(db, hid, name or f"Nguyễn Văn {next(_seq)}", birth=birth, **fields)
    for card in cards:
        code, start, end, *rest = card
        roster.add_card(db, pid, code, D(start), D(end), issued_here=rest[0] if rest else True)
    return pid
