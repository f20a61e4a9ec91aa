"""The card columns the triggers keep, checked against their one definition.

``cards.village_id``, ``count_from``, ``count_to`` and ``overlaps`` are copies of facts
about the holder and their other cards (coverage reads them without a join). A file
edited outside the program, or a bug, could leave them out of step; ``check`` reports
how many cards disagree with coverage/definitions.py's Python twins.
"""

from __future__ import annotations

import sqlite3

from bhyt_desktop.common.i18n import _
from bhyt_desktop.coverage.definitions import count_from, count_to


def derived_problems(conn: sqlite3.Connection) -> list[str]:
    wrong = 0
    rows = conn.execute(
        "SELECT c.village_id, c.count_from, c.count_to, p.village_id, p.in_date, p.birth_date,"
        " p.status, p.status_date FROM cards c JOIN people p ON p.id = c.person_id")
    for cv, cf, ct, pv, in_date, birth, status, status_date in rows:
        if cv != pv or cf != count_from(in_date, birth) or ct != count_to(status, status_date):
            wrong += 1
    overlaps = conn.execute(
        "SELECT count(*) FROM cards c WHERE c.overlaps != EXISTS (SELECT 1 FROM cards o"
        " WHERE o.person_id = c.person_id AND o.id != c.id AND o.valid_from <= c.valid_to"
        " AND o.valid_to >= c.valid_from)").fetchone()[0]
    out = []
    if wrong:
        out.append(_("{n} thẻ có thôn hoặc ngày tính của người giữ thẻ không khớp với hồ sơ người đó.")
                   .format(n=wrong))
    if overlaps:
        out.append(_("{n} thẻ ghi sai việc trùng thời hạn với thẻ khác.").format(n=overlaps))
    return out
