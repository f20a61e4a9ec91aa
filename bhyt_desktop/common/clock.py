"""Today's date and the time of day, from one place.

Every "today" the program uses (the default "as of" date, the date of a document, checks
such as "a birth date is not in the future") comes from here, so tests and the screenshot
script can fix the day instead of depending on when they run.

- ``BHYT_DESKTOP_TODAY=2026-11-22`` fixes the day for a whole process (screenshots, demos).
- ``fix_today(day)`` fixes it in this process (tests); ``fix_today(None)`` releases it.
"""

from __future__ import annotations

import datetime as dt
import os

_fixed: dt.date | None = None


def fix_today(day: dt.date | None) -> None:
    """Make :func:`today` return ``day`` (None: the real date again)."""
    global _fixed
    _fixed = day


def today() -> dt.date:
    if _fixed is not None:
        return _fixed
    text = os.environ.get("BHYT_DESKTOP_TODAY", "").strip()
    if text:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass   # a malformed override is ignored: the real date is always a safe answer
    return dt.date.today()


def now() -> dt.datetime:
    """The local time; on a fixed day, that day at the current time of day."""
    real = dt.datetime.now()
    day = today()
    return real if day == real.date() else dt.datetime.combine(day, real.time())
