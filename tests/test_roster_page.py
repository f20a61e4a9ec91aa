"""The roster page with pytest-qt offscreen: search, filter, edit and save, cards, checks, print."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from bhyt_desktop.roster import edits as roster
from bhyt_desktop.roster import query as rq
from tests import factories as fx
from tests.roster_helpers import make_ctx, named_roster
from ui.roster import model as m
from ui.roster.page import RosterPage


@pytest.fixture
def page(db, db_path, qtbot):
    ids = named_roster(db)
    ctx = make_ctx(db, db_path)
    p = RosterPage(ctx)
    qtbot.addWidget(p)
    p.resize(1400, 700)
    p.show()
    p.ids = ids
    changes = []
    ctx.data_changed.connect(lambda: changes.append(1))
    p.changes = changes
    return p


def shown(page) -> list[str]:
    mod = page.model
    return [mod.data(mod.index(r, m.COL_NAME)) for r in range(mod.rowCount())]


def test_search_typed_without_diacritics(page, qtbot):
    assert page.model.rowCount() == 7
    qtbot.keyClicks(page.search, "nguyen thi huong")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    assert shown(page) == ["Nguyễn Thị Hương"]
    assert page.count_label.text() == "1 người"
    # The household panel follows the selection.
    assert page.panel.household_id == page.ids["h1"]
    assert page.panel.members.rowCount() == 3
    page.search.clear()
    qtbot.keyClicks(page.search, "dong")
    qtbot.waitUntil(lambda: shown(page) == ["Hoàng Văn Đông"], timeout=2000)


def test_search_is_debounced(page, qtbot):
    calls = []
    page.list_changed.connect(calls.append)
    qtbot.keyClicks(page.search, "van")
    assert calls == []                         # nothing ran per keystroke yet
    qtbot.waitUntil(lambda: calls == [4], timeout=2000)


def test_filters(page, qtbot):
    x2 = fx.village(page.db, "Xóm 2")
    page.village.setCurrentIndex(page.village.findData(x2))
    assert shown(page) == ["Trần Văn Bình", "Phạm Văn Dũng", "Hoàng Văn Đông", "Vũ Thị Giang"]
    page.card_state.setCurrentIndex(page.card_state.findData("never"))
    assert shown(page) == ["Hoàng Văn Đông"]
    page.card_state.setCurrentIndex(page.card_state.findData("waiting"))
    assert shown(page) == ["Phạm Văn Dũng"]          # bought a card that starts on 01/01/2027
    page.card_state.setCurrentIndex(page.card_state.findData("never"))
    page.age.setCurrentIndex(page.age.findData("80+"))
    assert shown(page) == ["Hoàng Văn Đông"]
    page.clear_filters()
    assert page.model.rowCount() == 7
    page.group.setCurrentIndex(page.group.findData("g:4"))
    assert set(shown(page)) == {"Lê Thị Ánh", "Vũ Thị Giang"}
    page.show_village(x2)                      # the dashboard's entry point
    assert page.group.currentIndex() == 0 and page.model.rowCount() == 4


def test_header_click_sorts_in_sql(page, qtbot):
    page.table.horizontalHeader().setSortIndicator(m.COL_BIRTH, Qt.AscendingOrder)
    assert page.model.filter.sort == rq.SORT_BIRTH
    assert shown(page)[0] == "Hoàng Văn Đông"
    page.table.horizontalHeader().setSortIndicator(m.COL_CCCD, Qt.AscendingOrder)   # not sortable
    assert page.model.filter.sort == rq.SORT_BIRTH


def _select(page, key):
    page.select_row(page.model.row_of(page.ids[key]))


def test_edit_person_and_save_with_enter(page, qtbot):
    _select(page, "binh")
    page.edit_person()
    dlg = page.current_dialog()
    assert dlg is not None and dlg.isVisible()
    dlg.fields["name"].widget.setText("Trần Văn Bính")          # Vietnamese set directly
    cccd = dlg.fields["cccd"].widget
    cccd.clear()
    qtbot.keyClicks(cccd, "036090001111")
    assert dlg.message("cccd") == ""
    qtbot.keyClick(cccd, Qt.Key_Return)                          # Enter saves
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=2000)
    name, cccd_db = page.db.execute("SELECT full_name, cccd FROM people WHERE id = ?", [page.ids["binh"]]).fetchone()
    assert (name, cccd_db) == ("Trần Văn Bính", "036090001111")
    row = page.model.row_of(page.ids["binh"])
    assert page.model.data(page.model.index(row, m.COL_NAME)) == "Trần Văn Bính"
    assert page.changes == [1]                                   # ctx.notify_changed() called
    assert page.dialogs == []


def test_validation_message_next_to_field(page, qtbot):
    _select(page, "binh")
    page.edit_person()
    dlg = page.current_dialog()
    cccd = dlg.fields["cccd"].widget
    cccd.clear()
    qtbot.keyClicks(cccd, "12345")
    assert dlg.message("cccd") == "Số CCCD cần đủ 12 chữ số (đang có 5)."
    assert dlg.fields["cccd"].message.isVisible()
    assert not dlg.buttons.button(dlg.buttons.StandardButton.Save).isEnabled()
    birth = dlg.fields["birth"].widget
    birth.clear()
    qtbot.keyClicks(birth, "31/02/1990")
    assert dlg.message("birth") == "Ngày không tồn tại: «31/02/1990»."
    birth.clear()
    qtbot.keyClicks(birth, "1990")                               # year only is fine
    assert dlg.message("birth") == ""
    qtbot.keyClick(cccd, Qt.Key_Return)                          # Enter does not save bad input
    assert dlg.isVisible()
    cccd.clear()
    qtbot.keyClicks(cccd, "036180001234")                        # Hương's number
    assert dlg.message("cccd") == "Đã thuộc về Nguyễn Thị Hương."


def test_escape_with_unsaved_edits_asks(page, qtbot, monkeypatch):
    _select(page, "binh")
    page.edit_person()
    dlg = page.current_dialog()
    asked = []
    monkeypatch.setattr(dlg, "confirm_discard", lambda: asked.append(1) or False)
    qtbot.keyClicks(dlg.fields["name"].widget, "x")
    assert page.has_unsaved()
    qtbot.keyClick(dlg, Qt.Key_Escape)
    assert asked == [1] and dlg.isVisible()                      # kept open
    monkeypatch.setattr(dlg, "confirm_discard", lambda: True)
    qtbot.keyClick(dlg, Qt.Key_Escape)
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=2000)
    assert not page.has_unsaved()
    assert page.db.execute("SELECT full_name FROM people WHERE id = ?", [page.ids["binh"]]).fetchone()[0] == "Trần Văn Bình"


def test_escape_without_edits_closes_without_asking(page, qtbot, monkeypatch):
    _select(page, "binh")
    page.edit_person()
    dlg = page.current_dialog()
    monkeypatch.setattr(dlg, "confirm_discard", lambda: pytest.fail("asked"))
    qtbot.keyClick(dlg, Qt.Key_Escape)
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=2000)


def test_add_card_renews(page, qtbot):
    _select(page, "binh")
    page.add_card()
    dlg = page.current_dialog()
    assert dlg.fields["start"].widget.text() == "22/11/2026"      # lapsed long ago: from as-of
    assert dlg.fields["end"].widget.text() == "21/11/2027"        # 12 months
    qtbot.keyClick(dlg.fields["number"].widget, Qt.Key_Return)
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=2000)
    cards = roster.cards_of(page.db, page.ids["binh"])
    assert [(c["group_code"], c["valid_from"], c["valid_to"]) for c in cards][-1] == ("GD", "2026-11-22", "2027-11-21")
    row = page.model.row_of(page.ids["binh"])
    assert page.model.data(page.model.index(row, m.COL_CARD_STATE)) == "Còn hạn"
    assert page.panel.cards.rowCount() == 2                      # history shown, newest first
    assert page.panel.cards.item(0, 2).text() == "21/11/2027"


def test_card_period_checked(page, qtbot):
    _select(page, "anh")
    page.add_card()
    dlg = page.current_dialog()
    assert dlg.fields["start"].widget.text() == "11/12/2026"      # continues the expiring card
    dlg.fields["months"].widget.setCurrentIndex(dlg.fields["months"].widget.findData(0))
    end = dlg.fields["end"].widget
    end.clear()
    qtbot.keyClicks(end, "01/12/2026")
    assert dlg.message("end") == "Hạn thẻ đến phải sau ngày bắt đầu."
    assert not dlg.buttons.button(dlg.buttons.StandardButton.Save).isEnabled()


def test_mark_deceased_with_date(page, qtbot):
    _select(page, "giang")
    page.change_status()
    dlg = page.current_dialog()
    dlg.fields["status"].widget.setCurrentIndex(dlg.fields["status"].widget.findData("deceased"))
    date = dlg.fields["date"].widget
    date.clear()
    assert dlg.message("date") == "Hãy nhập ngày chuyển đi hoặc ngày mất."
    qtbot.keyClicks(date, "15/11/2026")
    qtbot.keyClick(date, Qt.Key_Return)
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=2000)
    assert page.db.execute("SELECT status, status_date FROM people WHERE id = ?",
                           [page.ids["giang"]]).fetchone() == ("deceased", "2026-11-15")
    row = page.model.row_of(page.ids["giang"])
    assert page.model.data(page.model.index(row, m.COL_STATUS)) == "Đã mất"


def test_move_person(page, qtbot):
    _select(page, "giang")
    page.move_person()
    dlg = page.current_dialog()
    qtbot.keyClicks(dlg.fields["search"].widget, "hgd000101")
    assert dlg.results.count() == 1
    qtbot.keyClick(dlg.fields["search"].widget, Qt.Key_Return)
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=2000)
    hid, vid = page.db.execute("SELECT household_id, village_id FROM people WHERE id = ?", [page.ids["giang"]]).fetchone()
    assert hid == page.ids["h1"] and vid == fx.village(page.db, "Xóm 1")
    assert page.panel.members.rowCount() == 4


def test_add_household_then_its_head(page, qtbot):
    page.add_household()
    dlg = page.current_dialog()
    assert dlg.fields["code"].widget.text() == "HGD000203"
    qtbot.keyClick(dlg.fields["code"].widget, Qt.Key_Return)
    qtbot.waitUntil(lambda: page.current_dialog() is not dlg, timeout=2000)
    person = page.current_dialog()
    assert person.fields["relation"].text() == "Chủ hộ"
    person.fields["name"].widget.setText("Đinh Thị Mơ")
    qtbot.keyClicks(person.fields["birth"].widget, "1988")
    qtbot.keyClick(person.fields["birth"].widget, Qt.Key_Return)
    qtbot.waitUntil(lambda: not person.isVisible(), timeout=2000)
    pid, hid = page.db.execute("SELECT id, household_id FROM people WHERE full_name = 'Đinh Thị Mơ'").fetchone()
    assert page.db.execute("SELECT head_person_id, code FROM households WHERE id = ?", [hid]).fetchone() == (pid, "HGD000203")
    assert page.current_person() == pid and page.model.rowCount() == 8


def test_as_of_change_reloads(page, qtbot):
    page.card_state.setCurrentIndex(page.card_state.findData("lapsed"))
    assert shown(page) == ["Trần Văn Bình"]
    page.ctx.set_as_of(dt.date(2026, 12, 15))
    assert set(shown(page)) == {"Trần Văn Bình", "Lê Thị Ánh"}


def test_print_pdf_masks_ids(page, qtbot, tmp_path):
    out = tmp_path / "ds.pdf"
    done = []
    page.export_pdf(str(out), on_done=done.append)
    qtbot.waitUntil(lambda: done == [7], timeout=15000)
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "DANH SÁCH NHÂN KHẨU" in text and "Nguyễn Thị Hương" in text and "Hoàng Văn Đông" in text
    assert "********1234" in text and "036180001234" not in text
    assert "31/12/2026" in text


def test_keyboard_flow(page, qtbot):
    """Ctrl+F, type, Enter goes to the list, Enter on a row edits, Tab order of the page."""
    page.table.setFocus()
    qtbot.keyClick(page, Qt.Key_F, Qt.ControlModifier)
    assert page.search.hasFocus()
    qtbot.keyClicks(page.search, "giang")
    qtbot.keyClick(page.search, Qt.Key_Return)              # runs the search at once
    assert shown(page) == ["Vũ Thị Giang"] and page.table.hasFocus()
    qtbot.keyClick(page.table, Qt.Key_Return)               # Enter on the row opens it
    dlg = page.current_dialog()
    assert dlg is not None and dlg.fields["name"].widget.text() == "Vũ Thị Giang"
    qtbot.keyClick(dlg, Qt.Key_Escape)
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=2000)
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key_Tab)
    assert page.village.hasFocus()
    page.clear_btn.setFocus()
    qtbot.keyClick(page.clear_btn, Qt.Key_Tab)
    assert page.table.hasFocus()
    # In a dialog, Tab walks the fields in the order they are shown.
    page.edit_person()
    dlg = page.current_dialog()
    keys = list(dlg.fields)
    assert keys[:2] == ["name", "birth"]
    dlg.activateWindow()
    qtbot.waitUntil(dlg.isActiveWindow, timeout=2000)
    dlg.fields["name"].widget.setFocus()
    qtbot.keyClick(dlg.fields["name"].widget, Qt.Key_Tab)
    assert dlg.fields["birth"].widget.hasFocus()
