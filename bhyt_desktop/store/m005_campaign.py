"""Migration 5: what the campaign's daily work needs.

- ``committee_members``: the steering committee's members (position, phone); each follows
  villages through ``member_villages``.
- ``collectors``: collection agents, village heads and mass-organisation staff who sell
  cards, with a code; ``cards.collector_id`` credits a card to one of them.
- ``people.benefit``: 'pension' or 'social_allowance' when the person draws one (lists of
  people 60-79 without either, seed 002).
- Dated rates for the incentive's own break (seed 004: a renewal after more than 3 months
  counts as a new card) and the province's top-ups of the state support (seed 003), 0 until
  the commune enters its province's figures; students' support before Decree 188/2025.
"""

from __future__ import annotations

import sqlite3

STATEMENTS = [
    """CREATE TABLE committee_members (
        id        INTEGER PRIMARY KEY,
        name      TEXT NOT NULL,
        position  TEXT NOT NULL DEFAULT '',
        phone     TEXT NOT NULL DEFAULT '',
        active    INTEGER NOT NULL DEFAULT 1
    )""",
    """CREATE TABLE member_villages (
        member_id   INTEGER NOT NULL REFERENCES committee_members(id) ON DELETE CASCADE,
        village_id  INTEGER NOT NULL REFERENCES villages(id) ON DELETE CASCADE,
        PRIMARY KEY (member_id, village_id)
    )""",
    """CREATE TABLE collectors (
        id          INTEGER PRIMARY KEY,
        code        TEXT NOT NULL UNIQUE,
        name        TEXT NOT NULL,
        kind        TEXT NOT NULL DEFAULT 'agent'
            CHECK (kind IN ('agent', 'village_head', 'mass_org')),
        village_id  INTEGER REFERENCES villages(id) ON DELETE SET NULL,
        phone       TEXT NOT NULL DEFAULT '',
        active      INTEGER NOT NULL DEFAULT 1
    )""",
    "ALTER TABLE cards ADD COLUMN collector_id INTEGER REFERENCES collectors(id) ON DELETE SET NULL",
    "CREATE INDEX cards_collector ON cards(collector_id, valid_from) WHERE collector_id IS NOT NULL",
    """ALTER TABLE people ADD COLUMN benefit TEXT
        CHECK (benefit IS NULL OR benefit IN ('pension', 'social_allowance'))""",
]

RATES = [
    ("incentive_break_months", "2022-01-01", "3",
     "Thù lao thu: thẻ gia hạn sau khi gián đoạn quá số tháng này tính là thẻ mới (kế hoạch của xã)"),
    ("support_student_pct", "2015-01-01", "30",
     "NSNN hỗ trợ học sinh, sinh viên (trước Nghị định 188/2025/NĐ-CP)"),
    ("topup_near_poor_pct", "2025-07-01", "0",
     "Ngân sách tỉnh hỗ trợ thêm hộ cận nghèo, % mức đóng (theo nghị quyết HĐND tỉnh)"),
    ("topup_student_pct", "2025-07-01", "0",
     "Ngân sách tỉnh hỗ trợ thêm học sinh, sinh viên, % mức đóng (theo nghị quyết HĐND tỉnh)"),
    ("topup_farm_avg_pct", "2025-07-01", "0",
     "Ngân sách tỉnh hỗ trợ thêm hộ nông, lâm, ngư nghiệp mức sống TB, % (theo nghị quyết HĐND tỉnh)"),
    ("topup_elderly_pct", "2025-07-01", "0",
     "Ngân sách tỉnh hỗ trợ người 60-79 tuổi không có lương hưu, trợ cấp, % (theo nghị quyết HĐND tỉnh)"),
]


def migrate(conn: sqlite3.Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
    conn.executemany(
        "INSERT OR IGNORE INTO rates (key, effective_from, value, note) VALUES (?, ?, ?, ?)", RATES)
