"""The user guide: in the Help menu, shown in the program, printable to PDF."""

from __future__ import annotations

import subprocess

from ui.help import GUIDE, GuideDialog, write_guide_pdf


def test_the_guide_covers_the_daily_work():
    text = GUIDE.read_text(encoding="utf-8")
    for heading in ("Cài đặt", "Thiết lập ban đầu", "Nhập", "Cập nhật hằng ngày", "Báo cáo tuần",
                    "Xuất", "Sao lưu"):
        assert heading in text, heading
    for image in ("screenshots/1366x768/01-dashboard.png", "screenshots/first-run-1.png"):
        assert image in text and (GUIDE.parent / image).exists()


def test_the_help_menu_opens_the_guide(qtbot, tmp_path):
    from tests.ui_shell_helpers import open_window, wait_dashboard
    w = open_window(qtbot, tmp_path / "xa.db")
    wait_dashboard(qtbot, w.page("dashboard"))
    help_menu = [a.menu() for a in w.menuBar().actions() if "giúp" in a.text()][0]
    assert [a.text() for a in help_menu.actions()][:2] == ["&Hướng dẫn sử dụng", "Thiết lập ban đầu…"]
    dialog = GuideDialog()
    qtbot.addWidget(dialog)
    assert "Thiết lập ban đầu" in dialog.browser.toPlainText()


def test_the_guide_prints_to_pdf(qapp, tmp_path):
    out = write_guide_pdf(tmp_path / "huong-dan.pdf")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Hướng dẫn sử dụng" in text and "Sao lưu" in text
