"""The roster offers the import's proposed status changes for review; applying one changes the
person, dismissing one does not."""

from __future__ import annotations

import datetime as dt

from real_forms import d03_490
from test_import_real_forms import TODAY, _roster

from bhyt_desktop.common import touched
from bhyt_desktop.importing import commit_import, detect_mapping, plan_import, read_table
from tests.roster_helpers import make_ctx
from ui.roster.page import RosterPage
from ui.roster.proposals import ProposalsDialog


def test_review_proposals_from_the_roster(db, db_path, qtbot, tmp_path):
    ids = _roster(db)
    page = RosterPage(make_ctx(db, db_path))
    qtbot.addWidget(page)
    page.show()
    assert page.proposals_btn.isHidden()
    table = read_table(d03_490(tmp_path / "d03.xlsx"))
    commit_import(db, plan_import(db, table, detect_mapping(table, db, "cards").with_group("GD"), "cards",
                                  today=TODAY))
    page.ctx.notify_changed(touched.PEOPLE, touched.CARDS)      # as the import announces it
    assert not page.proposals_btn.isHidden() and "(2)" in page.proposals_btn.text()
    dialog = ProposalsDialog(db, parent=page)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    assert [dialog.table.item(r, 3).text() for r in range(2)] == ["Đã mất", "Đã chuyển đi"]
    assert dialog.date.date().toPython() == dt.date(2026, 10, 1)
    with qtbot.waitSignal(dialog.changed):
        dialog.apply_selected()
    with qtbot.waitSignal(dialog.changed):
        dialog.dismiss_selected()
    assert dialog.table.rowCount() == 0 and not dialog.apply_btn.isEnabled()
    status = dict(db.execute("SELECT id, status FROM people"))
    assert status[ids["ha"]] == "deceased" and status[ids["di"]] == "resident"
    dialog.grab().save(str(tmp_path / "proposals.png"))
