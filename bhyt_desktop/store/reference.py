"""Reference data seeded into a new file: participant groups and dated rates.

All of it is editable data (tables ``group_codes`` and ``rates``), never constants used by
the code. Figures marked "(verify)" in docs come from secondary sources.

These lists are what version 1 seeded and must stay as they are: migration 6
(m006_reference.py) compares a file's rows with them to tell the user's edits from the old
seed, then brings the codes to 2026 as dated rows (table ``code_levels``).
"""

from __future__ import annotations

import sqlite3

GROUP_NAMES = {
    1: "Nhóm do người lao động và người sử dụng lao động đóng",
    2: "Nhóm do cơ quan bảo hiểm xã hội đóng",
    3: "Nhóm do ngân sách nhà nước đóng",
    4: "Nhóm được ngân sách nhà nước hỗ trợ mức đóng",
    5: "Nhóm tham gia theo hộ gia đình",
}

# (code, group 1-5, name, benefit level 1-5)
GROUP_CODES: list[tuple[str, int, str, int]] = [
    ("DN", 1, "Người lao động trong doanh nghiệp", 4),
    ("HX", 1, "Người lao động trong hợp tác xã", 4),
    ("CH", 1, "Người lao động trong cơ quan nhà nước, đơn vị sự nghiệp", 4),
    ("NN", 1, "Người lao động trong tổ chức nước ngoài", 4),
    ("TK", 1, "Người lao động trong tổ chức khác", 4),
    ("HC", 1, "Cán bộ, công chức, viên chức", 4),
    ("XK", 1, "Người hoạt động không chuyên trách ở cấp xã", 4),
    ("HT", 2, "Người hưởng lương hưu, trợ cấp mất sức lao động", 3),
    ("TB", 2, "Người hưởng trợ cấp tai nạn lao động, bệnh nghề nghiệp hằng tháng", 4),
    ("NO", 2, "Người nghỉ việc hưởng trợ cấp ốm đau dài ngày", 4),
    ("CT", 2, "Người từ đủ 80 tuổi hưởng trợ cấp tuất hằng tháng", 4),
    ("XB", 2, "Cán bộ xã hưởng trợ cấp bảo hiểm xã hội hằng tháng", 4),
    ("TN", 2, "Người hưởng trợ cấp thất nghiệp", 4),
    ("MS", 2, "Người hưởng trợ cấp mất sức lao động", 4),
    ("QN", 3, "Sĩ quan, quân nhân chuyên nghiệp, hạ sĩ quan, binh sĩ quân đội", 5),
    ("CA", 3, "Sĩ quan, hạ sĩ quan, chiến sĩ công an nhân dân", 5),
    ("CY", 3, "Người làm công tác cơ yếu", 5),
    ("CC", 3, "Người có công với cách mạng", 1),
    ("CK", 3, "Người có công với cách mạng (nhóm khác)", 2),
    ("CB", 3, "Cựu chiến binh", 2),
    ("KC", 3, "Người tham gia kháng chiến", 2),
    ("HD", 3, "Đại biểu Quốc hội, đại biểu Hội đồng nhân dân", 4),
    ("BT", 3, "Người hưởng trợ cấp bảo trợ xã hội hằng tháng", 2),
    ("HN", 3, "Người thuộc hộ nghèo", 2),
    ("DT", 3, "Người dân tộc thiểu số ở vùng khó khăn", 2),
    ("DK", 3, "Người sống ở vùng đặc biệt khó khăn", 2),
    ("XD", 3, "Người sống ở xã đảo, huyện đảo", 2),
    ("TS", 3, "Thân nhân liệt sĩ", 2),
    ("TC", 3, "Thân nhân người có công với cách mạng", 3),
    ("TQ", 3, "Thân nhân quân nhân", 4),
    ("TA", 3, "Thân nhân công an nhân dân", 4),
    ("TY", 3, "Thân nhân người làm công tác cơ yếu", 4),
    ("TE", 3, "Trẻ em dưới 6 tuổi", 1),
    ("HG", 3, "Người đã hiến bộ phận cơ thể", 4),
    ("LS", 3, "Lưu học sinh nước ngoài được cấp học bổng", 4),
    ("PV", 3, "Người phục vụ người có công", 4),
    ("CN", 4, "Người thuộc hộ cận nghèo", 3),
    ("HS", 4, "Học sinh", 4),
    ("SV", 4, "Sinh viên", 4),
    ("GB", 4, "Hộ gia đình làm nông, lâm, ngư, diêm nghiệp có mức sống trung bình", 4),
    ("NV", 4, "Nhân viên y tế thôn, bản; cô đỡ thôn, bản", 4),
    ("GD", 5, "Người tham gia theo hộ gia đình", 4),
]

# (key, effective from, value, note). Values are decimal strings.
RATES: list[tuple[str, str, str, str]] = [
    ("base_salary", "2019-07-01", "1490000", "Lương cơ sở (đồng/tháng) — Nghị định 38/2019/NĐ-CP"),
    ("base_salary", "2023-07-01", "1800000", "Lương cơ sở (đồng/tháng) — Nghị định 24/2023/NĐ-CP"),
    ("base_salary", "2024-07-01", "2340000", "Lương cơ sở (đồng/tháng) — Nghị định 73/2024/NĐ-CP"),
    ("base_salary", "2026-07-01", "2530000",
     "Lương cơ sở (đồng/tháng) — Nghị định 161/2026/NĐ-CP (cần kiểm tra); Luật 51/2024/QH15 gọi là mức tham chiếu"),
    ("household_rate_pct", "2015-01-01", "4.5",
     "Mức đóng BHYT hộ gia đình, % lương cơ sở — Luật BHYT Điều 13; Nghị định 146/2018/NĐ-CP, 188/2025/NĐ-CP"),
    ("household_member2_pct", "2015-01-01", "70", "Người thứ 2, % mức người thứ nhất — Luật BHYT Điều 13"),
    ("household_member3_pct", "2015-01-01", "60", "Người thứ 3, % mức người thứ nhất — Luật BHYT Điều 13"),
    ("household_member4_pct", "2015-01-01", "50", "Người thứ 4, % mức người thứ nhất — Luật BHYT Điều 13"),
    ("household_member5_pct", "2015-01-01", "40", "Người thứ 5 trở đi, % mức người thứ nhất — Luật BHYT Điều 13"),
    ("support_near_poor_pct", "2025-07-01", "70", "NSNN hỗ trợ hộ cận nghèo — Nghị định 188/2025/NĐ-CP"),
    ("support_student_pct", "2025-07-01", "50", "NSNN hỗ trợ học sinh, sinh viên — Nghị định 188/2025/NĐ-CP"),
    ("support_farm_avg_pct", "2025-07-01", "30",
     "NSNN hỗ trợ hộ nông, lâm, ngư nghiệp mức sống TB — Nghị định 188/2025/NĐ-CP"),
    ("incentive_new_card", "2022-01-01", "20000",
     "Thù lao mỗi thẻ mới (đồng): hỗ trợ đại lý thu, trưởng thôn vận động mua thẻ BHYT, "
     "thẻ tăng mới hoặc tham gia lại sau gián đoạn quá 3 tháng (Kế hoạch phát triển tỷ lệ bao phủ "
     "BHYT của UBND xã, nguồn ngân sách địa phương)"),
    ("new_entry_break_days", "2015-01-01", "90",
     "Gián đoạn từ số ngày này trở lên tính là tham gia mới — Luật BHYT (sửa đổi bởi Luật 51/2024/QH15)"),
]


def seed_reference(conn: sqlite3.Connection) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO group_codes (code, grp, name, benefit_level) VALUES (?, ?, ?, ?)",
        GROUP_CODES,
    )
    conn.executemany(
        "INSERT OR IGNORE INTO rates (key, effective_from, value, note) VALUES (?, ?, ?, ?)",
        RATES,
    )
