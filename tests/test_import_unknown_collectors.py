"""An imported card whose «Mã số nhân viên thu» matches no collector is named: the plan lists
the unknown codes with their cards (the card still goes to the village head by default), and
the command line's summary and JSON say so."""

from __future__ import annotations

import datetime as dt
import json

from factories import person, village
from import_helpers import save

from bhyt_desktop.campaign import collectors as col
from bhyt_desktop.cli import main
from bhyt_desktop.importing import commit_import, detect_mapping, plan_import, read_table
from bhyt_desktop.roster.edits import Birth
from bhyt_desktop.store import open_db

HEAD = ["STT", "Họ và tên", "Mã số BHXH", "Ngày tháng năm sinh", "Giới tính", "Địa chỉ", "Từ tháng",
        "Số tháng", "Mã số nhân viên thu", "Ghi chú"]
PEOPLE = [("Nguyễn Văn An", "0101234567", dt.date(1958, 3, 4)), ("Trần Thị Bình", "0101234568", dt.date(1962, 6, 5)),
          ("Lê Văn Cường", "0101234569", dt.date(1980, 4, 5)), ("Phạm Thị Dung", "0101234570", dt.date(1990, 1, 2))]
CODES = ["nv0012", "NV09", "nv09", "X7"]      # one known (any case), NV09 on two cards, X7 on one


def _setup(db, tmp_path):
    v1 = village(db, "Xóm 1")
    head = col.add_collector(db, "TT01", "Trần Văn Trưởng", kind="village_head", village_id=v1)
    col.add_collector(db, "NV0012", "Lê Thị Thu")
    for name, bhxh, born in PEOPLE:
        person(db, name=name, bhxh_code=bhxh, birth=Birth(born))
    rows = [HEAD] + [[i + 1, name, bhxh, born.strftime("%d/%m/%Y"), "Nam", "Xóm 1", "10/2026", 12, code, None]
                     for i, ((name, bhxh, born), code) in enumerate(zip(PEOPLE, CODES, strict=True))]
    return save(rows, tmp_path / "d03.xlsx", sheet="D03-TS"), head


def test_plan_names_the_unknown_codes(db, tmp_path):
    src, head = _setup(db, tmp_path)
    table = read_table(src)
    plan = plan_import(db, table, detect_mapping(table, db, "cards").with_group("GD"), "cards",
                       today=dt.date(2026, 11, 22))
    assert plan.counts["new_cards"] == 4
    assert plan.unknown_collectors == {"NV09": 2, "X7": 1}
    commit_import(db, plan)
    credited = [col.credited_collector(db, cid).code
                for (cid,) in db.execute("SELECT c.id FROM cards c JOIN people p ON p.id = c.person_id"
                                         " ORDER BY p.bhxh_code")]
    assert credited == ["NV0012", "TT01", "TT01", "TT01"]       # the fallback, now named
    # once the collector is added, the same file's codes are all known
    col.add_collector(db, "NV09", "Đỗ Văn Chín")
    col.add_collector(db, "x7", "Vũ Thị Bảy")
    assert plan_import(db, table, detect_mapping(table, db, "cards").with_group("GD"), "cards",
                       today=dt.date(2026, 11, 22)).unknown_collectors == {}


def test_cli_summary_lists_the_unknown_codes(tmp_path, capsys):
    path = tmp_path / "x.db"
    db = open_db(path, create=True)
    src, _head = _setup(db, tmp_path)
    db.close()
    assert main(["import", "cards", str(src), "--db", str(path), "--group", "GD", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert ("Mã số nhân viên thu chưa có trong danh sách người thu (NV09: 2 thẻ; X7: 1 thẻ): các thẻ này "
            "được tính cho trưởng thôn/xóm") in out
    assert main(["import", "cards", str(src), "--db", str(path), "--group", "GD", "--dry-run", "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["unknown_collectors"] == [{"code": "NV09", "cards": 2}, {"code": "X7", "cards": 1}]
