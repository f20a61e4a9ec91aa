"""When the dashboard may answer from its coverage timeline, and when it must go back to SQL.

A :class:`~bhyt_desktop.coverage.timeline.Timeline` is a snapshot of the file: it answers
any date (it holds every day), but only while nothing has been written to the file since
it was read. The file's *data version* (:func:`data_version`) says that: it changes with
every write, by this connection (``total_changes``) or by any other one (``PRAGMA
data_version``), and not with reads.

The rule, for the window and anyone else keeping a timeline:

- a timeline read at version V answers while the file is still at V;
- after any write it is dropped, the figures come from SQL, and a new timeline is built;
- a timeline whose reading started before a write that landed during the build is
  refused (it would already be stale).
"""

from __future__ import annotations

import sqlite_utils

from bhyt_desktop.coverage.timeline import Timeline


def data_version(db: sqlite_utils.Database) -> tuple[int, int]:
    """Changes whenever anything was written to the file (by any connection); reads keep it."""
    conn = db.conn
    return (conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes)


class TimelineCache:
    """One timeline and the data version it was read at."""

    def __init__(self) -> None:
        self.timeline: Timeline | None = None
        self.read_at: tuple | None = None

    def answer(self, version: tuple) -> Timeline | None:
        """The timeline when the file is still at the version it was read at; else None
        (a stale timeline is dropped: go back to SQL, then build a new one)."""
        if self.timeline is not None and self.read_at == version:
            return self.timeline
        self.drop()
        return None

    def keep(self, timeline: Timeline, read_at: tuple, version: tuple) -> bool:
        """Keep a timeline just built from the file at ``read_at``, unless the file has
        changed since (``version`` is the version now). Says whether it was kept."""
        if read_at != version:
            return False
        self.timeline, self.read_at = timeline, read_at
        return True

    def drop(self) -> None:
        """Forget the timeline (the file was written, or is being closed)."""
        self.timeline, self.read_at = None, None
