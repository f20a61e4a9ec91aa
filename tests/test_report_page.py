"""The reports page, offscreen: preview, draft, issue, history, reopen, save, print."""

import datetime as dt

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from report_helpers import pdf_text, seed004

from bhyt_desktop.preferences.user import Settings
from bhyt_desktop.reports.history import list_reports, load_draft
from bhyt_desktop.reports.periods import period_of
from ui.context import AppContext
from ui.reports.page import HAVE_QTPDF, ReportsPage

AS_OF = dt.date(2026, 11, 22)


@pytest.fixture
def page(qtbot, db, db_path):
    from bhyt_desktop.reports.letterhead import set_letterhead
    seed004(db)
    set_letterhead(db, signer="Nguyễn Văn Hùng")
    ctx = AppContext(db, db_path, Settings(operator="Nguyễn Thị Lan"), as_of=AS_OF)
    w = ReportsPage(ctx)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    return w


def _wait_pdf(qtbot, page, old=None):
    qtbot.waitUntil(lambda: page.current_pdf is not None and page.current_pdf is not old,
                    timeout=20000)


def test_preview_shows_the_report_and_saves_the_draft(qtbot, page, db):
    assert "tuần 47" in page.period_label.text()
    assert page.number.text() == "01"
    page.results.setPlainText("Đã họp dân ở 2 xóm.")
    page.preview_btn.click()
    _wait_pdf(qtbot, page)
    text = pdf_text(page.current_pdf)
    assert "86,91%" in text and "Đã họp dân ở 2 xóm." in text
    assert load_draft(db, period_of("week", AS_OF)).results == "Đã họp dân ở 2 xóm."
    if HAVE_QTPDF:
        qtbot.waitUntil(lambda: page.pdf_doc.pageCount() >= 2, timeout=5000)


def test_period_change_loads_its_own_draft(qtbot, page):
    page.proposals.setPlainText("Đề nghị hỗ trợ in thẻ.")
    page.save_draft_btn.click()
    page.kind.setCurrentIndex(page.kind.findData("month"))
    assert "tháng 11 năm 2026" in page.period_label.text()
    assert page.proposals.toPlainText() == ""
    page.kind.setCurrentIndex(page.kind.findData("week"))
    assert page.proposals.toPlainText() == "Đề nghị hỗ trợ in thẻ."


def test_issue_then_reopen_and_save(qtbot, page, db, tmp_path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    page.difficulties.setPlainText("Hộ nghèo chưa có tiền đóng.")
    page.issue_btn.click()
    qtbot.waitUntil(lambda: page.history.rowCount() == 1, timeout=20000)
    [info] = list_reports(db)
    assert info.number == "01" and info.issued_by == "Nguyễn Thị Lan"
    assert page.number.text() == "02"                       # the next number is proposed
    issued = page.current_pdf
    assert "Số: 01/BC-BCĐ" in pdf_text(issued)
    assert page.difficulties.toPlainText() == "Hộ nghèo chưa có tiền đóng."   # the typed text stays
    assert load_draft(db, period_of("week", AS_OF)).difficulties == "Hộ nghèo chưa có tiền đóng."

    page.results.setPlainText("Một bản xem trước khác.")
    page.preview_btn.click()
    _wait_pdf(qtbot, page, old=issued)
    page.history.selectRow(0)
    assert page.reopen()
    assert page.current_pdf == issued                        # exactly as sent

    out = tmp_path / "so-01.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    page.resave_btn.click()
    assert out.read_bytes() == issued


def test_issuing_the_same_period_again_asks_first(qtbot, page, db, monkeypatch):
    asked = []

    def answer(_parent, _title, text, *a, **k):
        asked.append(text)
        return QMessageBox.No if "đã có báo cáo số" in text else QMessageBox.Yes
    monkeypatch.setattr(QMessageBox, "question", answer)
    page.issue_btn.click()
    qtbot.waitUntil(lambda: page.history.rowCount() == 1, timeout=20000)
    page.issue_btn.click()                                   # same week: asked, answered No
    assert any("01/BC-BCĐ" in t and "Vẫn phát hành" in t for t in asked)
    assert len(list_reports(db)) == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    page.issue_btn.click()
    qtbot.waitUntil(lambda: page.history.rowCount() == 2, timeout=20000)
    assert [r.number for r in list_reports(db)] == ["02", "01"]


def test_nothing_to_print_or_save_says_so(qtbot, page, monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: said.append(a[2]))
    page.print_btn.click()
    page.save_btn.click()
    page.reopen_btn.click()
    assert len(said) == 3 and "Xem trước" in said[0]


@pytest.mark.skipif(not HAVE_QTPDF, reason="PySide6-Pdf not installed")
def test_pages_render_onto_a_printer(qtbot, page, tmp_path):
    from PySide6.QtPrintSupport import QPrinter
    page.preview_btn.click()
    _wait_pdf(qtbot, page)
    qtbot.waitUntil(lambda: page.pdf_doc.pageCount() >= 2, timeout=5000)
    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    printer.setResolution(100)
    page.paint_pages(printer)
    from pypdf import PdfReader
    assert len(PdfReader(out).pages) == page.pdf_doc.pageCount()


def test_screenshot(qtbot, page, tmp_path):
    page.results.setPlainText("Các xóm đã tổ chức tuyên truyền.")
    page.preview_btn.click()
    _wait_pdf(qtbot, page)
    qtbot.wait(300)
    assert page.grab().save(str(tmp_path / "reports-page.png"))


def test_printing_a_preview_asks_first(qtbot, page, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.No)
    page.preview_btn.click()
    _wait_pdf(qtbot, page)
    assert not page.current_issued
    page.print_btn.click()
    assert asked and "chưa phát hành" in asked[0]
