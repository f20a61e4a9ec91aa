"""The report's letterhead and signature, as the commune sets them: stored in capitals,
validated, and printed on the PDF."""

from __future__ import annotations

import datetime as dt

import pytest
from report_helpers import pdf_text

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.reports.history import build_report
from bhyt_desktop.reports.letterhead import default_letterhead, letterhead, set_letterhead


def test_defaults_come_from_the_commune(demo_db):
    d = default_letterhead(demo_db)
    assert d.parent_body.startswith("ỦY BAN NHÂN DÂN") and d.symbol == "BC-BCĐ" and d.position == "TRƯỞNG BAN"
    assert d.recipients[-1] == "Lưu: VT, BCĐ."


def test_setting_the_letterhead_keeps_capitals_and_prints_on_the_report(demo_db):
    set_letterhead(demo_db, issuing_body="UBND xã an hòa",
                   symbol=" bc - ubnd ", authority="kt. chủ tịch", position="phó chủ tịch",
                   signer="  Trần   Văn Bình ", recipients=["- BHXH cơ sở (để báo cáo);", "", "• Lưu: VT."],
                   operator="Cán bộ Thử")
    opts = letterhead(demo_db)
    assert (opts.issuing_body, opts.symbol, opts.authority, opts.position, opts.signer) == (
        "ỦY BAN NHÂN DÂN XÃ AN HÒA", "BC-UBND", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Bình")
    assert opts.recipients == ["BHXH cơ sở (để báo cáo);", "Lưu: VT."]
    assert demo_db.execute("SELECT operator FROM audit_log WHERE action = 'report_settings'"
                           " ORDER BY id DESC").fetchone()[0] == "Cán bộ Thử"
    text = pdf_text(build_report(demo_db, "week", dt.date(2026, 11, 22)).pdf)
    assert " ".join(text.split()).count("ỦY BAN NHÂN DÂN XÃ AN HÒA") == 1  # the body issuing it is not repeated as its parent
    assert "được giao, Ủy ban nhân dân xã báo cáo tiến độ" in " ".join(text.split())
    for expected in ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Bình", "/BC-UBND", "BHXH cơ sở (để báo cáo);"):
        assert expected in text, expected


@pytest.mark.parametrize("kwargs, message", [
    ({"symbol": "BC UBND?"}, "Ký hiệu văn bản"),
    ({"symbol": ""}, "Ký hiệu văn bản"),
    ({"issuing_body": "  "}, "cơ quan ban hành"),
    ({"position": ""}, "chức vụ người ký"),
    ({"signer": "x" * 200}, "dài quá"),
    ({"recipients": [f"Nơi {i}" for i in range(20)]}, "tối đa"),
])
def test_bad_values_say_why_and_save_nothing(demo_db, kwargs, message):
    before = letterhead(demo_db)
    with pytest.raises(UserError, match=message):
        set_letterhead(demo_db, **kwargs)
    assert letterhead(demo_db) == before


def test_command_line_shows_and_sets_the_letterhead(demo_db, capsys):
    from bhyt_desktop.cli import main
    path = demo_db.conn.execute("PRAGMA database_list").fetchone()[2]
    assert main(["letterhead", "--db", path]) == 0
    out = capsys.readouterr().out
    assert "BC-BCĐ" in out and "(mặc định)" in out and "- Lưu: VT, BCĐ." in out
    assert main(["letterhead", "--db", path, "--issuing-body", "UBND xã An Hòa", "--symbol", "bc ubnd",
                 "--position", "Chủ tịch", "--authority", "TM. Ủy ban nhân dân", "--recipient", "Như trên;",
                 "--recipient", "Lưu: VT."]) == 0
    out = capsys.readouterr().out
    assert "ỦY BAN NHÂN DÂN XÃ AN HÒA" in out and "BC-UBND" in out and "- Như trên;" in out
    assert "Cơ quan chủ quản : (không có)" in out  # the committee itself issues it: no parent line
    assert main(["letterhead", "--db", path, "--symbol", "bc/x"]) == 1
    assert "Ký hiệu văn bản" in capsys.readouterr().err
    assert letterhead(demo_db).symbol == "BC-UBND"
    assert main(["letterhead", "--db", path, "--default-recipients"]) == 0
    assert letterhead(demo_db).recipients == []
