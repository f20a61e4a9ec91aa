"""Seed 000's 2021 table comes out of a roster with the same counts: 155.163 people with a
card not issued by another province (85,1% of 182.330), 153.953 issued by the district's
BHXH (99,2%) by group with shares over them, 1.210 armed-forces relatives' cards (0,8%) apart,
and cards issued by other provinces apart again.

The seed prints 17,2% for the household group; 26.735 / 153.953 is 17,37% (17,2% is its
share of 155.163): every other share of the seed is over 153.953, so this one is a misprint."""

from __future__ import annotations

import datetime as dt

from export_helpers import sheet_rows
from report_helpers import pdf_text

from bhyt_desktop.common.text import fold, sort_key
from bhyt_desktop.commune import details as cm
from bhyt_desktop.coverage.engine import coverage
from bhyt_desktop.export.workbook import ExportOptions, export_workbook
from bhyt_desktop.reports.history import build_report
from bhyt_desktop.store.bulk import deferred_indexes, words_at_end

AS_OF = dt.date(2021, 12, 31)
LOCAL = {"DN": 8541, "HT": 5374, "HN": 4154, "DT": 38658, "BT": 37373, "CN": 6198, "HS": 24746,
         "GB": 2174, "GD": 26735}
ARMED = {"TQ": 1210}
OTHER_PROVINCES = 420


def _seed000(db) -> None:
    cm.set_commune(db, name="Huyện Ví Dụ", code="00000", place_name="Ví Dụ")
    vid = cm.add_village(db, "Toàn huyện")
    cm.set_population(db, 2021, 182330)
    conn = db.conn
    cards = [(code, 1) for code, n in {**LOCAL, **ARMED}.items() for _ in range(n)]
    cards += [("GD", 0)] * OTHER_PROVINCES
    name = "Người Tham Gia"
    key, order = fold(name), sort_key(name)
    with db.atomic(), deferred_indexes(conn, ["people", "cards"]), words_at_end(conn, 1):
        conn.execute("INSERT INTO households (id, code, village_id) VALUES (1, 'H', ?)", [vid])
        conn.executemany(
            "INSERT INTO people (id, household_id, village_id, full_name, name_key, sort_key, birth_year)"
            " VALUES (?, 1, ?, ?, ?, ?, 1980)",
            [(i, vid, name, key, order) for i in range(1, len(cards) + 1)])
        # the derived columns given, as the demo does: one card each, none overlapping
        conn.executemany(
            "INSERT INTO cards (id, person_id, group_code, valid_from, valid_to, issued_here, village_id,"
            " count_from, count_to, overlaps) VALUES (?, ?, ?, '2021-07-01', '2022-06-30', ?, ?, NULL, NULL, 0)",
            [(i, i, code, here, vid) for i, (code, here) in enumerate(cards, start=1)])


def test_seed_000_table_from_a_roster_with_its_counts(db, tmp_path):
    _seed000(db)
    cov = coverage(db, AS_OF)
    b = cov.by_issuer()
    assert (b.local, b.armed_forces, b.other_province, b.without_other_provinces) == (153953, 1210, 420, 155163)
    assert b.local_by_group == {1: 8541, 2: 5374, 3: 80185, 4: 33118, 5: 26735}
    assert round(b.without_other_provinces / 182330 * 100, 1) == 85.1
    assert cov.total.insured == 155583                        # every valid card counts in coverage

    out = tmp_path / "seed000.xlsx"
    export_workbook(db, out, ExportOptions(as_of=AS_OF))
    rows = sheet_rows(out, "Theo nhóm đối tượng")
    start = next(i for i, r in enumerate(rows) if r and r[0] and str(r[0]).startswith("THEO NƠI CẤP THẺ"))
    got = [(r[3], r[4], r[5]) for r in rows[start + 1:start + 10]]
    assert got == [
        ("Thẻ do BHXH địa phương cấp", 153953, 0.9922),
        ("Nhóm do người lao động và người sử dụng lao động đóng", 8541, 0.0555),
        ("Nhóm do cơ quan bảo hiểm xã hội đóng", 5374, 0.0349),
        ("Nhóm do ngân sách nhà nước đóng", 80185, 0.5208),
        ("Nhóm được ngân sách nhà nước hỗ trợ mức đóng", 33118, 0.2151),
        ("Nhóm tham gia theo hộ gia đình", 26735, 0.1737),
        ("Thẻ do quân đội, công an cấp (quân nhân, công an, thân nhân)", 1210, 0.0078),
        ("Cộng (không kể thẻ do tỉnh khác cấp)", 155163, 1.0),
        ("Thẻ do tỉnh khác cấp (báo cáo riêng)", 420, None)]

    text = " ".join(pdf_text(build_report(db, "week", AS_OF).pdf).split())
    assert "Bảng 2a. Số thẻ theo nơi cấp" in text
    assert "Thẻ do BHXH địa phương cấp 153.953 99,22%" in text
    assert "52,08%" in text and "21,51%" in text and "5,55%" in text
    assert "Thẻ do quân đội, công an cấp 1.210 0,78%" in text
    assert "Cộng (không kể thẻ do tỉnh khác cấp) 155.163 100%" in text
