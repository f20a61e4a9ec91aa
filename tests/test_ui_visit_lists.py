"""The door-to-door lists window and the household panel's contribution, offscreen."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from PySide6.QtWidgets import QMessageBox

from bhyt_desktop.common.i18n import _
from tests.conftest import DEMO_ANCHOR
from tests.roster_helpers import make_ctx
from ui.roster.page import RosterPage


@pytest.fixture
def page(demo_db, tmp_path, qtbot):
    ctx = make_ctx(demo_db, tmp_path / "demo.db")
    p = RosterPage(ctx)
    qtbot.addWidget(p)
    p.resize(1366, 700)
    p.show()
    return p


def test_household_panel_shows_what_the_household_would_pay(page, qtbot):
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=3000)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.panel.household_id is not None, timeout=2000)
    text = page.panel.contribution.text()
    assert text.startswith("BHYT hộ gia đình 12 tháng cho") and text.endswith("đ (đã trừ hỗ trợ)")
    assert "—" in page.panel.contribution.toolTip()
    if os.environ.get("BHYT_SHOTS"):
        page.grab().save(os.path.join(os.environ["BHYT_SHOTS"], "roster-panel.png"))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_dialog_writes_one_village_list_through_an_operation(page, qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    dialog = page.visit_lists_dialog()
    qtbot.addWidget(dialog)
    assert dialog.as_of.date().toPython() == DEMO_ANCHOR
    dialog.scope.setCurrentIndex(1)             # the first village
    village = dialog.scope.currentText()
    out = tmp_path / "thon.pdf"
    op = dialog.save(str(out))
    with qtbot.waitSignal(op.done, timeout=20000):
        pass
    qtbot.waitUntil(lambda: bool(shown), timeout=2000)
    lists, path = dialog.last_result
    assert path == out and [v.name for v in lists.villages] == [village]
    assert _("Đã lưu danh sách") in shown[0]
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert village in text and "TRƯỞNG THÔN" in text
    if os.environ.get("BHYT_SHOTS"):
        dialog.show()
        dialog.grab().save(os.path.join(os.environ["BHYT_SHOTS"], "visit-dialog.png"))
