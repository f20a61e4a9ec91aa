"""The first run of a new file: the answers are checked in the core and saved at once; the
assistant walks through them; afterwards a report may be issued."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.commune import details as cm
from bhyt_desktop.commune.first_run import (
    FirstRun,
    apply_first_run,
    check_first_run,
    needs_first_run,
    parse_villages,
)
from bhyt_desktop.reports.history import issue_report, load_options
from tests.factories import person

GOOD = FirstRun("Xã Nam Toàn", "13675", "Nam Toàn", "Bảo hiểm xã hội cơ sở Nam Trực", "Nguyễn Văn Hùng",
                ["Xóm Đông Hạ", "Xóm Bắc Sơn"], "95")


def test_villages_typed_or_pasted_from_excel():
    assert parse_villages("Xóm Đông Hạ\n  Xóm Bắc Sơn \n\nXóm Đông Hạ\n") == ["Xóm Đông Hạ", "Xóm Bắc Sơn"]
    pasted = "STT\tTên thôn\n1\tThôn Trung\n2\tThôn Đoài\n"          # two columns copied from Excel
    assert parse_villages(pasted) == ["Thôn Trung", "Thôn Đoài"]
    assert parse_villages("Thôn A\tThôn B\tThôn C") == ["Thôn A", "Thôn B", "Thôn C"]   # a row
    assert parse_villages("") == []


def test_answers_are_checked_before_anything_is_written(db):
    assert needs_first_run(db)
    bad = FirstRun("", "abc", "", "", "", [], "120")
    problems = check_first_run(bad)
    assert set(problems) == {"name", "code", "place_name", "upper_name", "signer", "target"}
    assert "5 chữ số" in problems["code"]
    with pytest.raises(UserError):
        apply_first_run(db, replace(GOOD, code="abc"))
    assert cm.get_commune(db).name == "" and cm.villages(db) == []


def test_first_run_saves_everything_and_allows_issuing(db):
    apply_first_run(db, GOOD)
    c = cm.get_commune(db)
    assert (c.name, c.code, c.place_name, c.upper_name) == (
        GOOD.name, GOOD.code, GOOD.place_name, GOOD.upper_name)
    assert load_options(db).signer == "Nguyễn Văn Hùng"
    assert [v.name for v in cm.villages(db)] == ["Xóm Đông Hạ", "Xóm Bắc Sơn"]
    assert db.execute("SELECT rate_bp FROM targets WHERE village_id IS NULL AND year = 2026").fetchone()[0] == 9500
    assert not needs_first_run(db)
    person(db, ("GD", "2026-01-01", "2026-12-31"), village_name="Xóm Đông Hạ")
    rid, built = issue_report(db, "week", dt.date(2026, 11, 22))
    assert rid and built.options.place == "Nam Toàn"


def test_the_assistant_steps(qtbot, db):
    from ui.first_run.wizard import FirstRunWizard
    wizard = FirstRunWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    titles = [step.title() for step in wizard.steps()]
    assert titles == ["1. Thông tin xã", "2. Người ký báo cáo", "3. Thôn/xóm", "4. Chỉ tiêu năm 2026"]
    wizard.fields["name"].setText("Xã Nam Toàn")
    wizard.fields["code"].setText("abc")
    wizard.next()
    assert wizard.stack.currentIndex() == 0                          # refused: the code, the place…
    assert "5 chữ số" in wizard.currentPage().problem.text()
    for key in ("code", "place_name", "upper_name"):
        wizard.fields[key].setText(getattr(GOOD, key))
    wizard.next()
    wizard.fields["signer"].setText("Nguyễn Văn Hùng")
    wizard.next()
    wizard.villages.setPlainText("1\tThôn Trung\n2\tThôn Đoài")
    assert "2 thôn/xóm" in wizard.village_count.text()
    wizard.next()
    wizard.fields["target"].setText("95")
    assert cm.get_commune(db).name == ""                             # nothing written yet
    wizard.accept()
    assert cm.get_commune(db).code == "13675" and [v.name for v in cm.villages(db)] == ["Thôn Trung", "Thôn Đoài"]


def test_a_new_file_opens_the_assistant_without_blocking(qtbot, tmp_path):
    from tests.ui_shell_helpers import open_window, wait_dashboard
    w = open_window(qtbot, tmp_path / "moi.db")
    wait_dashboard(qtbot, w.page("dashboard"))
    w.offer_first_run()
    assert w.first_run.isVisible()
    for key, value in (("name", GOOD.name), ("code", GOOD.code), ("place_name", GOOD.place_name),
                       ("upper_name", GOOD.upper_name), ("signer", GOOD.signer)):
        w.first_run.fields[key].setText(value)
    w.first_run.accept()
    assert "Xã Nam Toàn" in w.windowTitle()
    w.first_run = None
    w.offer_first_run()                                   # complete now: not offered again
    assert w.first_run is None
