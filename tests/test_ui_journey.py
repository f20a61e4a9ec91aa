"""What a new user does on day one, through the real window: find a person typed without
diacritics, give them a card, see the dashboard change, import a messy file."""

from __future__ import annotations

from PySide6.QtCore import Qt

from bhyt_desktop.coverage.engine import coverage
from bhyt_desktop.demo.generate import generate
from bhyt_desktop.roster import edits as roster
from bhyt_desktop.store import open_db
from tests.import_helpers import messy_roster
from tests.ui_shell_helpers import ANCHOR, open_window, wait_dashboard
from ui.importing.wizard import DONE, MAPPING, PREVIEW
from ui.roster import model as m


def test_find_fix_a_card_see_the_dashboard_change_then_import(qtbot, tmp_path):
    path = tmp_path / "demo.db"
    db = open_db(path, create=True)
    generate(db, people=600, seed=7, anchor=ANCHOR)
    # someone with no valid card today, to be found by typing their name without diacritics
    pid, name = db.execute("""
        SELECT p.id, p.full_name FROM people p WHERE p.status = 'resident'
          AND NOT EXISTS (SELECT 1 FROM cards c WHERE c.person_id = p.id AND c.valid_to >= ?)
        ORDER BY p.id LIMIT 1""", [ANCHOR.isoformat()]).fetchone()
    db.close()

    w = open_window(qtbot, path)
    dash = w.page("dashboard")
    wait_dashboard(qtbot, dash, ANCHOR)
    before = dash.current.total.insured

    w.go_to("roster")
    page = w.current_page()
    from bhyt_desktop.common.text import fold
    qtbot.keyClicks(page.search, fold(name))          # typed without diacritics
    qtbot.waitUntil(lambda: pid in [page.model.person_id(r) for r in range(page.model.rowCount())],
                    timeout=5000)
    page.select_row(page.model.row_of(pid))
    page.add_card()
    dlg = page.current_dialog()
    qtbot.keyClick(dlg.fields["number"].widget, Qt.Key_Return)        # Enter saves
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=3000)
    row = page.model.row_of(pid)
    assert page.model.data(page.model.index(row, m.COL_CARD_STATE)) == "Còn hạn"

    w.go_to("dashboard")
    qtbot.waitUntil(lambda: dash.current is not None and dash.current.total.insured == before + 1,
                    timeout=10_000)
    assert dash.current.total.insured == coverage(w.ctx.db, ANCHOR).total.insured

    w.go_to("import")
    wizard = w.current_page()
    wizard.file_step.set_path(messy_roster(tmp_path / "Danh sach thon Dong Ha.xlsx"))
    for step in (MAPPING, PREVIEW, DONE):
        wizard.next_button.click()
        qtbot.waitUntil(lambda step=step: wizard.step() == step and not wizard.busy(), timeout=10_000)
    people = w.ctx.db.execute("SELECT count(*) FROM people").fetchone()[0]
    assert people == 606
    assert roster.cards_of(w.ctx.db, pid)[-1]["valid_from"] == ANCHOR.isoformat()
