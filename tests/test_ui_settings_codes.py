"""Settings: the participant codes' dated rows are listed and a row is saved from the form."""

from __future__ import annotations

import datetime as dt

from bhyt_desktop.preferences.user import Settings
from bhyt_desktop.rates import codes
from ui.context import AppContext
from ui.settings.page import SettingsPage


def test_the_codes_box_lists_history_and_saves_a_row(qtbot, db, db_path):
    ctx = AppContext(db, db_path, Settings(), dt.date(2026, 11, 22))
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    box = page.codes_box
    texts = [(box.table.item(r, 0).text(), box.table.item(r, 1).text(), box.table.item(r, 3).text())
             for r in range(box.table.rowCount())]
    assert ("CN", "01/01/2026", "2") in texts and ("CN", "01/01/2015", "3") in texts
    row = next(r for r in range(box.table.rowCount()) if texts[r][:2] == ("CN", "01/01/2026"))
    box.table.selectRow(row)
    assert box.code.text() == "CN" and "261/2025" in box.source.text()
    box.valid_from.setDate(dt.date(2027, 1, 1))
    box.level.setCurrentIndex(0)
    box.source.setText("Nghị quyết thử nghiệm")
    with qtbot.waitSignal(box.changed):
        assert box.save_from_form()
    assert codes.codes_on(db, dt.date(2027, 2, 1))["CN"].benefit_level == 1
    assert not box.armed.isChecked()
    tq = next(r for r in range(box.table.rowCount()) if box.table.item(r, 0).text() == "TQ")
    box.table.selectRow(tq)
    assert box.armed.isChecked()                       # seeded: the armed forces issue TQ cards
    box.armed.setChecked(False)
    assert box.save_from_form()
    assert codes.codes_on(db, dt.date(2026, 11, 22))["TQ"].issuer == "local"
    assert box.table.rowCount() == len(texts) + 1
