"""The window's incentive and households-renewing dialog: the month chosen in Vietnamese, the
figures of the core (`incentive`, `renewals`), the sheet saved as PDF and Excel on a worker;
opened from the villages page's staff tab and from the reports page; it fits 1366×768."""

from __future__ import annotations

import datetime as dt
import os

from openpyxl import load_workbook
from PySide6.QtWidgets import QMessageBox
from report_helpers import pdf_text

from bhyt_desktop.campaign.incentive import incentive_sheet
from bhyt_desktop.campaign.renewals import renewals
from bhyt_desktop.common.formats import fmt_int
from bhyt_desktop.preferences.user import Settings
from ui.campaign.incentive_dialog import IncentiveDialog
from ui.context import AppContext
from ui.reports.page import ReportsPage
from ui.villages.page import VillagesPage


def _ctx(demo_db, tmp_path, as_of=dt.date(2026, 10, 20)):
    return AppContext(demo_db, tmp_path / "demo.db", Settings(), as_of)


def _wait(qtbot, dialog, month):
    qtbot.waitUntil(lambda: dialog.sheet is not None and dialog.sheet.month == month, timeout=20000)


def test_month_figures_are_the_cores(qtbot, demo_db, tmp_path):
    d = IncentiveDialog(_ctx(demo_db, tmp_path))
    qtbot.addWidget(d)
    assert d.month.currentText() == "Tháng 10" and d.year.value() == 2026
    _wait(qtbot, d, "2026-10")
    core, ren = incentive_sheet(demo_db, "2026-10"), renewals(demo_db, "2026-10")
    assert core.total_cards > 0 and ren.total.households_renewing > 0
    assert (f"Tháng 10/2026: {fmt_int(core.total_cards)} thẻ mới, tổng số tiền "
            f"{fmt_int(core.total_amount)} đ") in d.totals.text()
    assert (f"{fmt_int(ren.total.households_renewing)} hộ có người gia hạn, trong đó "
            f"{fmt_int(ren.total.households_all_renewed)} hộ gia hạn đủ") in d.totals.text()
    t = d.collector_table
    assert t.rowCount() == len(core.collectors) + 1
    assert [t.item(r, 0).text() for r in range(len(core.collectors))] == [c.code for c in core.collectors]
    assert t.item(t.rowCount() - 1, 4).text() == fmt_int(core.total_amount)
    assert "20.000 đ cho mỗi thẻ mới" in d.rule.text()
    r = d.renewal_table
    assert r.rowCount() == len(ren.villages) + 1
    assert r.item(r.rowCount() - 1, 2).text() == fmt_int(ren.total.households_renewing)
    assert r.item(r.rowCount() - 1, 3).text() == fmt_int(ren.total.households_all_renewed)
    # another month
    d.month.setCurrentIndex(8)
    _wait(qtbot, d, "2026-09")
    assert d.totals.text().startswith(
        f"Tháng 09/2026: {fmt_int(incentive_sheet(demo_db, '2026-09').total_cards)} thẻ mới")


def test_saves_pdf_and_excel(qtbot, demo_db, tmp_path, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    d = IncentiveDialog(_ctx(demo_db, tmp_path))
    qtbot.addWidget(d)
    _wait(qtbot, d, "2026-10")
    core = incentive_sheet(demo_db, "2026-10")
    d.save(str(tmp_path / "tl.pdf"))
    qtbot.waitUntil(lambda: d.saved is not None, timeout=20000)
    assert shown[-1].startswith("Đã lưu bảng thù lao tháng 10/2026 vào:")
    text = " ".join(pdf_text((tmp_path / "tl.pdf").read_bytes()).split())
    assert f"Tổng cộng {fmt_int(core.total_cards)} thẻ mới, số tiền {fmt_int(core.total_amount)} đ" in text
    assert "Thù lao vận động người tham gia BHYT" in text and "10/2026" in text
    d.saved = None
    d.save(str(tmp_path / "tl.xlsx"))
    qtbot.waitUntil(lambda: d.saved is not None, timeout=20000)
    rows = list(load_workbook(tmp_path / "tl.xlsx").worksheets[0].iter_rows(values_only=True))
    assert rows[-1][4] == core.total_cards and rows[-1][6] == core.total_amount


def test_a_month_without_a_rate_says_so(qtbot, demo_db, tmp_path):
    d = IncentiveDialog(_ctx(demo_db, tmp_path))
    qtbot.addWidget(d)
    _wait(qtbot, d, "2026-10")
    d.year.setValue(2000)
    qtbot.waitUntil(lambda: d.error.text() != "", timeout=20000)
    assert "Chưa có mức thù lao" in d.error.text()
    assert not d.btn_pdf.isEnabled() and d.collector_table.rowCount() == 0


def _dialog_of(widget):
    return next(c for c in widget.findChildren(IncentiveDialog))


def test_opened_from_staff_tab_and_reports_page_and_fits(qtbot, demo_db, tmp_path):
    ctx = _ctx(demo_db, tmp_path)
    villages = VillagesPage(ctx)
    qtbot.addWidget(villages)
    villages.staff.incentive_button.click()
    d = _dialog_of(villages.staff)
    _wait(qtbot, d, "2026-10")
    reports = ReportsPage(ctx)
    qtbot.addWidget(reports)
    reports.resize(1366, 700)
    reports.show()
    reports.campaign.incentive_button.click()
    d2 = _dialog_of(reports)
    _wait(qtbot, d2, "2026-10")
    assert d2.width() <= 1366 and d2.height() <= 700
    assert d2.minimumSizeHint().width() <= 1366 and d2.minimumSizeHint().height() <= 700
    out = os.environ.get("BHYT_SHOTS", str(tmp_path))
    assert d2.grab().save(os.path.join(out, "incentive-dialog.png"))
    d2.tabs.setCurrentIndex(1)
    assert d2.grab().save(os.path.join(out, "incentive-renewals.png"))
    assert reports.grab().save(os.path.join(out, "reports-page-campaign.png"))
    villages.resize(1366, 700)
    villages.tabs.setCurrentWidget(villages.staff)
    villages.show()
    assert villages.grab().save(os.path.join(out, "villages-staff.png"))
