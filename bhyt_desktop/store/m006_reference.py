"""Migration 6: the reference data of 2026, dated, with its legal source.

- ``code_levels``: each participant code's group and benefit level as dated rows
  (``valid_from``) with the legal source as text. ``group_codes.grp`` and
  ``group_codes.benefit_level`` stay the values in force now (rates.codes keeps them in step);
  ``group_codes.law_order`` is the code's place in the law's order (the rule that chooses one
  of a person's overlapping cards, coverage/definitions.py), ``group_codes.source`` its source.
- Corrections (../shared DOMAIN notes; every one says "cần kiểm tra" where only secondary
  sources were seen): CT level 2 and KC level 4 since 1/12/2018 (Decree 146/2018); CN level 2
  from 1/1/2026 (Resolution 261/2025/QH15); MS in the state-budget group; new codes CS, XN,
  TV, HK, ND, LH. A row the user changed (its group or level no longer the value seeded by
  version 1) is left as the user made it: only its history row is written from it.
- ``rates.source``; the support rates' history before Decree 188/2025 and its new rates
  (near-poor in poor communes, communes leaving hardship areas), inserted only where no row
  holds that key and date.
- Columns the real forms carry: ``cards.clinic`` (nơi đăng ký KCB ban đầu) and
  ``status_proposals`` (a «Giảm» row's reason, proposed for review, never applied unasked).
- Merged communes (1/7/2025): ``former_communes``; a village may belong to one
  (``villages.former_commune_id``), its own name then in ``villages.short_name`` and its shown
  name ``villages.name`` = "Xóm 1 (Nam Hồng cũ)" (commune/former.py keeps it), so two "Xóm 1"
  of different former communes are two villages and every list tells them apart. A commune
  that never merged has no former commune and sees nothing new.
"""

from __future__ import annotations

import sqlite3

from bhyt_desktop.store.reference import GROUP_CODES as V1_CODES

BASE_DATE = "2015-01-01"
BASE_SOURCE = "Luật BHYT 2008 sửa đổi 2014; danh mục mã đối tượng (Quyết định 1351/QĐ-BHXH)"
VERIFY = " (cần kiểm tra)"
S188 = "Luật 51/2024/QH15; Nghị định 188/2025/NĐ-CP"

STATEMENTS = [
    "ALTER TABLE group_codes ADD COLUMN law_order INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE group_codes ADD COLUMN source TEXT NOT NULL DEFAULT ''",
    # Who issues the code's cards: the commune's own BHXH office, or the armed forces' and the
    # police's (seed 000 reports armed-forces relatives' cards apart). Editable data.
    """ALTER TABLE group_codes ADD COLUMN issuer TEXT NOT NULL DEFAULT 'local'
        CHECK (issuer IN ('local', 'armed_forces'))""",
    "UPDATE group_codes SET issuer = 'armed_forces' WHERE code IN ('QN', 'CA', 'CY', 'TQ', 'TA', 'TY')",
    """CREATE TABLE code_levels (
        id             INTEGER PRIMARY KEY,
        code           TEXT NOT NULL REFERENCES group_codes(code) ON DELETE CASCADE,
        valid_from     TEXT NOT NULL,
        grp            INTEGER NOT NULL CHECK (grp BETWEEN 1 AND 5),
        benefit_level  INTEGER NOT NULL CHECK (benefit_level BETWEEN 1 AND 5),
        source         TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE UNIQUE INDEX code_levels_code_date ON code_levels(code, valid_from)",
    "ALTER TABLE rates ADD COLUMN source TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE cards ADD COLUMN clinic TEXT NOT NULL DEFAULT ''",
    """CREATE TABLE status_proposals (
        id          INTEGER PRIMARY KEY,
        person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        status      TEXT NOT NULL CHECK (status IN ('resident', 'away', 'moved_out', 'deceased')),
        status_date TEXT,
        reason      TEXT NOT NULL DEFAULT '',
        source      TEXT NOT NULL DEFAULT '',
        created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
        decided     TEXT CHECK (decided IS NULL OR decided IN ('applied', 'dismissed'))
    )""",
    "CREATE INDEX status_proposals_open ON status_proposals(person_id) WHERE decided IS NULL",
    """CREATE TABLE former_communes (
        id        INTEGER PRIMARY KEY,
        name      TEXT NOT NULL,
        name_key  TEXT NOT NULL UNIQUE
    )""",
    "ALTER TABLE villages ADD COLUMN former_commune_id INTEGER REFERENCES former_communes(id)",
    "ALTER TABLE villages ADD COLUMN short_name TEXT NOT NULL DEFAULT ''",
    "CREATE INDEX villages_former ON villages(former_commune_id) WHERE former_commune_id IS NOT NULL",
]

# Changes to codes seeded by version 1: code -> [(valid_from, grp, level, source)], the first
# row being the old value. Applied only when the row still holds the old value.
DATED_CHANGES: dict[str, list[tuple[str, int, int, str]]] = {
    "CT": [(BASE_DATE, 2, 4, BASE_SOURCE),
           ("2018-12-01", 2, 2, "Nghị định 146/2018/NĐ-CP, từ 01/12/2018")],
    "KC": [(BASE_DATE, 3, 2, BASE_SOURCE),
           ("2018-12-01", 3, 4, "Nghị định 146/2018/NĐ-CP, từ 01/12/2018")],
    "CN": [(BASE_DATE, 4, 3, BASE_SOURCE),
           ("2026-01-01", 4, 2, "Nghị quyết 261/2025/QH15, từ 01/01/2026: mức hưởng 100%")],
    "MS": [(BASE_DATE, 2, 4, BASE_SOURCE),
           ("2025-07-01", 3, 4, S188 + ": nhóm do ngân sách nhà nước đóng" + VERIFY)],
}

# Codes the current list adds: (code, group, name, level, source). Names and levels of the
# last five come from secondary sources only: the user can correct them in Settings.
NEW_CODES: list[tuple[str, int, str, int, str]] = [
    ("CS", 2, "Công nhân cao su nghỉ việc hưởng trợ cấp hằng tháng", 4, S188 + VERIFY),
    ("XN", 3, "Đối tượng mã XN (ghi tên theo danh mục của BHXH)", 4, S188 + VERIFY),
    ("TV", 3, "Đối tượng mã TV (ghi tên theo danh mục của BHXH)", 4, S188 + VERIFY),
    ("HK", 3, "Đối tượng mã HK (ghi tên theo danh mục của BHXH)", 4, S188 + VERIFY),
    ("ND", 4, "Đối tượng mã ND (ghi tên theo danh mục của BHXH)", 4, S188 + VERIFY),
    ("LH", 3, "Người từ đủ 75 tuổi hưởng trợ cấp hưu trí xã hội", 4, S188 + VERIFY),
]
NEW_FROM = "2025-07-01"

SUPPORT_RATES: list[tuple[str, str, str, str, str]] = [
    ("support_near_poor_pct", BASE_DATE, "70", "NSNN hỗ trợ hộ cận nghèo",
     "Nghị định 105/2014/NĐ-CP; Nghị định 146/2018/NĐ-CP"),
    ("support_farm_avg_pct", BASE_DATE, "30", "NSNN hỗ trợ hộ nông, lâm, ngư nghiệp mức sống TB",
     "Nghị định 105/2014/NĐ-CP; Nghị định 146/2018/NĐ-CP"),
    ("support_near_poor_poor_commune_pct", "2025-07-01", "100",
     "NSNN hỗ trợ hộ cận nghèo ở xã nghèo", "Nghị định 188/2025/NĐ-CP"),
    ("support_leaving_hardship_pct", "2025-07-01", "70",
     "NSNN hỗ trợ người ở xã ra khỏi vùng khó khăn (36 tháng)", "Nghị định 188/2025/NĐ-CP"),
]

# Sources of rows seeded earlier, written where the row still holds the seeded value.
RATE_SOURCES: list[tuple[str, str, str, str]] = [
    ("base_salary", "2019-07-01", "1490000", "Nghị định 38/2019/NĐ-CP"),
    ("base_salary", "2023-07-01", "1800000", "Nghị định 24/2023/NĐ-CP"),
    ("base_salary", "2024-07-01", "2340000", "Nghị định 73/2024/NĐ-CP"),
    ("base_salary", "2026-07-01", "2530000", "Nghị định 161/2026/NĐ-CP" + VERIFY),
    ("support_near_poor_pct", "2025-07-01", "70", "Nghị định 188/2025/NĐ-CP"),
    ("support_student_pct", "2025-07-01", "50", "Nghị định 188/2025/NĐ-CP"),
    ("support_student_pct", "2015-01-01", "30", "Nghị định 105/2014/NĐ-CP; Nghị định 146/2018/NĐ-CP"),
    ("support_farm_avg_pct", "2025-07-01", "30", "Nghị định 188/2025/NĐ-CP"),
    ("new_entry_break_days", "2015-01-01", "90", "Luật BHYT, Điều 12 (sửa đổi 2014)"),
    ("household_rate_pct", "2015-01-01", "4.5", "Nghị định 105/2014/NĐ-CP; Nghị định 146/2018/NĐ-CP"),
    ("household_member2_pct", "2015-01-01", "70", "Nghị định 146/2018/NĐ-CP"),
    ("household_member3_pct", "2015-01-01", "60", "Nghị định 146/2018/NĐ-CP"),
    ("household_member4_pct", "2015-01-01", "50", "Nghị định 146/2018/NĐ-CP"),
    ("household_member5_pct", "2015-01-01", "40", "Nghị định 146/2018/NĐ-CP"),
    ("incentive_new_card", "2022-01-01", "20000", "Kế hoạch của xã (thù lao thu)"),
    ("incentive_break_months", "2022-01-01", "3", "Kế hoạch của xã (thù lao thu)"),
]


def migrate(conn: sqlite3.Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
    _codes(conn)
    conn.executemany(
        "INSERT OR IGNORE INTO rates (key, effective_from, value, note, source) VALUES (?, ?, ?, ?, ?)",
        SUPPORT_RATES)
    conn.executemany(
        "UPDATE rates SET source = ? WHERE key = ? AND effective_from = ? AND value = ? AND source = ''",
        [(src, key, day, value) for key, day, value, src in RATE_SOURCES])


def _codes(conn: sqlite3.Connection) -> None:
    seeded = {code: (grp, level) for code, grp, _name, level in V1_CODES}
    order = {code: i for i, (code, *_rest) in enumerate(V1_CODES)}
    rows = conn.execute("SELECT code, grp, benefit_level FROM group_codes").fetchall()
    for code, grp, level in rows:
        changes = DATED_CHANGES.get(code)
        if changes and seeded.get(code) == (grp, level):
            history = changes
        else:
            source = BASE_SOURCE if seeded.get(code) == (grp, level) else "Giá trị người dùng đã sửa"
            history = [(BASE_DATE, grp, level, source)]
        _write_history(conn, code, history)
        law_order = grp * 100 + order.get(code, 90)
        conn.execute("UPDATE group_codes SET law_order = ?, source = ? WHERE code = ?",
                     [law_order, history[-1][3], code])
    for code, grp, name, level, source in NEW_CODES:
        if conn.execute("SELECT 1 FROM group_codes WHERE code = ?", [code]).fetchone():
            continue
        conn.execute("INSERT INTO group_codes (code, grp, name, benefit_level, law_order, source)"
                     " VALUES (?, ?, ?, ?, ?, ?)", [code, grp, name, level, grp * 100 + 60, source])
        _write_history(conn, code, [(NEW_FROM, grp, level, source)])


def _write_history(conn: sqlite3.Connection, code: str, history: list[tuple[str, int, int, str]]) -> None:
    conn.executemany(
        "INSERT INTO code_levels (code, valid_from, grp, benefit_level, source) VALUES (?, ?, ?, ?, ?)",
        [(code, day, grp, level, source) for day, grp, level, source in history])
    _day, grp, level, _source = history[-1]
    conn.execute("UPDATE group_codes SET grp = ?, benefit_level = ? WHERE code = ?", [grp, level, code])
