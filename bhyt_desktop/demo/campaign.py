"""The demo commune's campaign staff: committee members following villages, a head for each
village, two collection agents and a mass-organisation collector, and some recent cards
credited to the agents, so that the incentive sheet and the members' table have content.

Drawn from its own random stream (seed + 1): the roster and cards of a given seed stay as
they were before this existed.
"""

from __future__ import annotations

import datetime as dt
import random

import sqlite_utils

from bhyt_desktop.campaign import collectors as col
from bhyt_desktop.campaign import members as mem

POSITIONS = [
    "Phó Chủ tịch UBND xã, Trưởng ban",
    "Công chức Văn hóa - Xã hội, Phó ban thường trực",
    "Trạm trưởng Trạm Y tế xã, thành viên",
    "Chủ tịch Hội Nông dân xã, thành viên",
]


def add_campaign_staff(db: sqlite_utils.Database, seed: int, anchor: dt.date, vids: list[int],
                       name) -> None:
    """``name(rng, sex)`` gives a Vietnamese full name. Call inside the generator's transaction."""
    rng = random.Random(seed + 1)
    share = max(1, -(-len(vids) // len(POSITIONS)))
    for i, position in enumerate(POSITIONS):
        followed = vids[i * share:(i + 1) * share]
        if followed:
            mem.add_member(db, name(rng, rng.choice("MF")), position=position,
                           phone=f"09{rng.randint(10_000_000, 99_999_999)}", village_ids=followed)
    for i, vid in enumerate(vids, start=1):
        col.add_collector(db, f"TT{i:02d}", name(rng, "M" if rng.random() < 0.7 else "F"),
                          kind="village_head", village_id=vid,
                          phone=f"09{rng.randint(10_000_000, 99_999_999)}")
    agents = [col.add_collector(db, f"DL{i:02d}", name(rng, "F"), kind="agent") for i in (1, 2)]
    col.add_collector(db, "HPN01", name(rng, "F"), kind="mass_org")
    # About a third of the household cards of the last year were sold by an agent.
    since = (anchor - dt.timedelta(days=365)).isoformat()
    rows = [(rng.choice(agents), cid) for (cid,) in db.execute(
        "SELECT c.id FROM cards c JOIN group_codes g ON g.code = c.group_code"
        " WHERE g.grp IN (4, 5) AND c.valid_from >= ? ORDER BY c.id", [since])
        if rng.random() < 0.35]
    db.conn.executemany("UPDATE cards SET collector_id = ? WHERE id = ?", rows)
