"""The import wizard, offscreen, on real spreadsheets: every step, corrections, rejects,
commit, card lists, bad files and cancel."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import openpyxl
import pytest
from import_helpers import d03_card_list, dump, messy_roster, messy_roster_rows, save, table_counts
from PySide6.QtWidgets import QMessageBox

from bhyt_desktop.importing import commit_import, detect_mapping, plan_import, read_table
from bhyt_desktop.preferences.user import Settings
from ui.context import AppContext
from ui.importing import wizard as wizard_module
from ui.importing.wizard import DONE, FILE, MAPPING, PREVIEW, ImportPage

WAIT = 20000


@pytest.fixture
def ctx(db, db_path):
    return AppContext(db, db_path, Settings(operator="Cán bộ Thử"))


@pytest.fixture(autouse=True)
def no_dialogs(monkeypatch):
    shown = []
    for name in ("warning", "information", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, _n=name, **k: shown.append((_n, a[2] if len(a) > 2 else "")))
    monkeypatch.setattr(wizard_module, "show_error", lambda *a, **k: shown.append(("bug", str(a[1]))))
    return shown


def messy_roster_to_correct(path: Path) -> Path:
    """The messy roster (title block, merged two-row header, numbering row, subtotal rows,
    signature) with a CCCD header the program does not know and two bad rows."""
    rows, merges = messy_roster_rows()
    rows[6][4] = "Số thẻ căn cước"                     # not a known header name: user maps it
    total = next(i for i, r in enumerate(rows) if r and r[0] == "Tổng cộng")
    rows[total:total] = [
        [7, "Đỗ Văn Sai", "12/05/1990", None, "12345", None, "Chủ hộ", "HGD03", None, None, None],
        [8, "Vũ Thị Tương Lai", None, "01/01/2099", None, None, "Con", "HGD03", None, None, None],
    ]
    return save(rows, path, merges)


def page_for(qtbot, ctx) -> ImportPage:
    page = ImportPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    return page


def go_next(qtbot, page: ImportPage, expected: int) -> None:
    assert page.next_button.isEnabled(), page.next_button.text()
    page.next_button.click()
    qtbot.waitUntil(lambda: not page.busy(), timeout=WAIT)
    assert page.step() == expected


def grab(qtbot, page: ImportPage, path: Path) -> None:
    qtbot.wait(30)                                         # let the layouts settle
    page.grab().save(str(path))


def test_messy_roster_every_step(qtbot, ctx, db, tmp_path, no_dialogs, monkeypatch):
    path = messy_roster_to_correct(tmp_path / "thon_dong_ha.xlsx")
    before = dump(db)
    page = page_for(qtbot, ctx)
    assert page.step() == FILE and not page.next_button.isEnabled()
    page.file_step.set_path(path)
    assert page.file_step.sheet_combo.isHidden()           # one sheet: nothing to choose
    assert not page.file_step.error.text()
    go_next(qtbot, page, MAPPING)

    # step 2: the detected mapping over the first rows
    step = page.mapping_step
    m = step.mapping
    assert (m.header_row, m.header_rows, m.data_start) == (6, 2, 9)
    assert step.header_row.value() == 7 and step.header_rows.value() == 2 and step.data_start.value() == 10
    assert m.columns["full_name"] == 1 and m.columns["birth_male"] == 2 and "cccd" not in m.columns
    assert step.village.currentText() == "Thôn Đông Hà"
    assert step.preview.verticalHeaderItem(0).text() == "4"    # title rows shown above the header
    assert "Họ và tên" in step.preview.horizontalHeaderItem(1).text()
    assert step.preview.horizontalHeaderItem(4).text().endswith("—")
    assert not step.problem.text()
    # correct it: column E holds the CCCD
    combo = step.combos["cccd"]
    combo.setCurrentIndex(combo.findData(4))
    assert step.mapping.columns["cccd"] == 4 and step.mapping.source == "user"
    assert "Số CCCD/ĐDCN" in step.preview.horizontalHeaderItem(4).text()
    # moving the header away and back keeps the user's choice
    step.header_row.setValue(6)
    step.header_row.setValue(7)
    assert step.mapping.header_row == 6 and step.mapping.columns["cccd"] == 4
    assert step.mapping.columns["full_name"] == 1
    # a required field taken away is said plainly, and blocks the next step
    step.combos["full_name"].setCurrentIndex(0)
    assert "Họ và tên" in step.problem.text() and not page.next_button.isEnabled()
    step.combos["full_name"].setCurrentIndex(step.combos["full_name"].findData(1))
    assert not step.problem.text() and page.next_button.isEnabled()
    assert dump(db) == before
    go_next(qtbot, page, PREVIEW)

    # step 3: the dry run
    preview = page.preview_step
    assert page.has_unsaved()
    values = {k: v.text() for k, v in preview.count_values.items()}
    assert values["new_people"] == "6" and values["rejected"] == "2" and values["villages_created"] == "1"
    assert values["new_cards"] == "4" and "unmatched" not in values
    assert [b.text() for b in preview.village_checks] == ["Thôn Đông Hà"]
    rejected = preview.rejected
    assert rejected.rowCount() == 2
    assert rejected.item(0, 0).text() == "18" and rejected.item(0, 1).text() == "Đỗ Văn Sai"
    assert "12 chữ số" in rejected.item(0, 2).text()
    assert rejected.item(1, 0).text() == "19" and "tương lai" in rejected.item(1, 2).text()
    assert preview.tabs.currentIndex() == 0 and preview.tabs.tabText(0) == "Dòng bị loại (2)"
    assert "thôn" in preview.skipped.text() or "cộng" in preview.skipped.text()
    # the rejects workbook
    out = tmp_path / "loai.xlsx"
    monkeypatch.setattr(page, "rejects_target", lambda: str(out))
    preview.save_rejects.click()
    qtbot.waitUntil(lambda: not page.busy(), timeout=WAIT)
    ws = openpyxl.load_workbook(out).active
    cells = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    assert any("Đỗ Văn Sai" in [str(c) for c in row] for row in cells)
    assert "Đã lưu 2 dòng" in preview.rejects_note.text()
    # refuse the new village: plan again, its rows become rejected; accept again
    preview.village_checks[0].setChecked(False)
    assert preview.is_stale() and not page.next_button.isEnabled()
    preview.replan.click()
    qtbot.waitUntil(lambda: not page.busy() and not preview.is_stale(), timeout=WAIT)
    assert preview.count_values["new_people"].text() == "0"
    assert [b.text() for b in preview.village_checks] == ["Thôn Đông Hà"]
    assert not preview.village_checks[0].isChecked()
    preview.village_checks[0].setChecked(True)
    preview.replan.click()
    qtbot.waitUntil(lambda: not page.busy() and not preview.is_stale(), timeout=WAIT)
    assert preview.count_values["new_people"].text() == "6"
    assert dump(db) == before                              # nothing written before the commit

    # step 4: commit
    changed = []
    ctx.data_changed.connect(lambda: changed.append(1))
    go_next(qtbot, page, DONE)
    assert changed and not page.has_unsaved() and not no_dialogs
    assert table_counts(db) == {"villages": 1, "households": 2, "people": 6, "cards": 4}
    assert db.execute("SELECT full_name, sex FROM people WHERE cccd = '001058001234'").fetchone() == \
        ("Nguyễn Văn An", "M")
    assert db.execute("SELECT operator, kind FROM import_log").fetchall() == [("Cán bộ Thử", "roster")]
    assert "Đã nhập xong" in page.done_step.title.text()
    assert "Đã tạo thôn/xóm: Thôn Đông Hà." in page.done_step.summary.text()
    # the corrected mapping is remembered for files of this layout
    again = detect_mapping(read_table(path), db, "roster")
    assert again.source == "remembered" and again.columns["cccd"] == 4
    page.done_step.again.click()
    assert page.step() == FILE and page.file_step.path() is None


def test_keyboard_enter_and_escape(qtbot, ctx, tmp_path):
    page = page_for(qtbot, ctx)
    page.file_step.set_path(messy_roster(tmp_path / "m.xlsx"))
    page.file_step.browse.setFocus()
    page._enter()                                          # Enter = next
    qtbot.waitUntil(lambda: page.step() == MAPPING and not page.busy(), timeout=WAIT)
    page._enter()
    qtbot.waitUntil(lambda: page.step() == PREVIEW and not page.busy(), timeout=WAIT)
    page._enter()                                          # never commits by Enter
    qtbot.wait(50)
    assert page.step() == PREVIEW and page.operation is None
    page._escape()                                         # Esc = back
    assert page.step() == MAPPING and not page.has_unsaved()
    page._escape()
    assert page.step() == FILE


def test_card_list_with_sheets_and_unmatched(qtbot, ctx, db, tmp_path):
    roster = read_table(messy_roster(tmp_path / "ds.xlsx"))
    commit_import(db, plan_import(db, roster, detect_mapping(roster, db, "roster"), "roster"))
    cards_before = table_counts(db)["cards"]
    page = page_for(qtbot, ctx)
    page.file_step.set_path(d03_card_list(tmp_path / "d03.xlsx"))
    combo = page.file_step.sheet_combo
    assert not combo.isHidden() and [combo.itemText(i) for i in range(combo.count())][1:] == ["D03-TS", "Hướng dẫn"]
    combo.setCurrentIndex(1)
    page.file_step.cards_radio.setChecked(True)
    go_next(qtbot, page, MAPPING)
    assert page.mapping_step.mapping.columns["valid_to"] == 9
    assert "Hạn thẻ từ *" in page.mapping_step.labels["valid_from"].text()
    go_next(qtbot, page, PREVIEW)
    preview = page.preview_step
    values = {k: v.text() for k, v in preview.count_values.items()}
    assert values["new_cards"] == "3" and values["unmatched"] == "1" and values["rejected"] == "1"
    assert preview.tabs.isTabVisible(1) and preview.unmatched.item(0, 1).text() == "Phạm Thị Mới"
    assert not preview.add_unmatched.isHidden()
    preview.add_unmatched.setChecked(True)
    preview.replan.click()
    qtbot.waitUntil(lambda: not page.busy() and not preview.is_stale(), timeout=WAIT)
    assert preview.count_values["new_people"].text() == "1" and preview.count_values["new_cards"].text() == "4"
    go_next(qtbot, page, DONE)
    assert table_counts(db)["cards"] == cards_before + 4
    assert db.execute("SELECT count(*) FROM people WHERE full_name = 'Phạm Thị Mới'").fetchone()[0] == 1


@pytest.mark.parametrize("name, content, expected", [
    ("hong.xlsx", b"this is not a spreadsheet at all", "Không đọc được"),
    ("mat_khau.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "mật khẩu"),
    ("rong.xlsx", b"", "rỗng"),
    ("anh.png", b"\x89PNG\r\n", "chỉ nhận .xlsx"),
])
def test_bad_files_say_why(qtbot, ctx, tmp_path, no_dialogs, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    page = page_for(qtbot, ctx)
    page.file_step.set_path(path)
    if not page.file_step.error.text():   # some damage only shows when the sheet is read
        go_next(qtbot, page, FILE)
    assert expected in page.file_step.error.text(), page.file_step.error.text()
    assert "Traceback" not in page.file_step.error.text() and not no_dialogs
    assert not page.next_button.isEnabled()


def test_missing_file_and_nothing_recognised(qtbot, ctx, tmp_path, no_dialogs):
    page = page_for(qtbot, ctx)
    page.file_step.set_path(tmp_path / "khong_co.xlsx")
    assert "Không tìm thấy tệp" in page.file_step.error.text()
    odd = tmp_path / "la.csv"
    odd.write_text("a;b;c\n1;2;3\n4;5;6\n", encoding="utf-8")
    page.file_step.set_path(odd)
    assert not page.file_step.error.text()
    go_next(qtbot, page, MAPPING)
    assert "Không nhận ra bảng" in page.mapping_step.problem.text()
    assert not page.next_button.isEnabled() and not no_dialogs


def test_cancel_commit_leaves_database_unchanged(qtbot, ctx, db, tmp_path, monkeypatch):
    page = page_for(qtbot, ctx)
    page.file_step.set_path(messy_roster(tmp_path / "m.xlsx"))
    go_next(qtbot, page, MAPPING)
    go_next(qtbot, page, PREVIEW)
    before = dump(db)
    go, real = threading.Event(), wizard_module.commit_import

    def held_commit(*args):
        go.wait(10)
        return real(*args)

    monkeypatch.setattr(wizard_module, "commit_import", held_commit)
    page.next_button.click()
    assert page.busy() and not page.next_button.isEnabled() and not page.back_button.isEnabled()
    page.operation.cancel()                               # what the progress dialog's Cancel does
    go.set()
    qtbot.waitUntil(lambda: not page.busy(), timeout=WAIT)
    assert page.step() == PREVIEW and "Đã hủy" in page.preview_step.error.text()
    assert dump(db) == before and page.has_unsaved()
    # the same plan can still be imported afterwards
    monkeypatch.setattr(wizard_module, "commit_import", real)
    go_next(qtbot, page, DONE)
    assert table_counts(db)["people"] == 6


def test_edit_elsewhere_makes_preview_stale(qtbot, ctx, tmp_path):
    page = page_for(qtbot, ctx)
    page.file_step.set_path(messy_roster(tmp_path / "m.xlsx"))
    go_next(qtbot, page, MAPPING)
    go_next(qtbot, page, PREVIEW)
    ctx.notify_changed("people")
    assert page.preview_step.is_stale() and not page.next_button.isEnabled()
    page.preview_step.replan.click()
    qtbot.waitUntil(lambda: not page.busy() and not page.preview_step.is_stale(), timeout=WAIT)
    assert page.next_button.isEnabled()


def test_render_steps(qtbot, demo_db, tmp_path, monkeypatch):
    """Every step on a demo commune, as PNG (BHYT_SCREENSHOTS=folder keeps them)."""
    folder = Path(os.environ.get("BHYT_SCREENSHOTS", tmp_path))
    ctx = AppContext(demo_db, tmp_path / "demo.db", Settings(operator="Cán bộ Thử"))
    page = page_for(qtbot, ctx)
    page.file_step.set_path(messy_roster_to_correct(tmp_path / "Danh sach thon Dong Ha.xlsx"))
    grab(qtbot, page, folder / "import-step1.png")
    go_next(qtbot, page, MAPPING)
    combo = page.mapping_step.combos["cccd"]
    combo.setCurrentIndex(combo.findData(4))
    grab(qtbot, page, folder / "import-step2.png")
    go_next(qtbot, page, PREVIEW)
    grab(qtbot, page, folder / "import-step3.png")
    go_next(qtbot, page, DONE)
    grab(qtbot, page, folder / "import-step4.png")
    assert all((folder / f"import-step{i}.png").stat().st_size > 5000 for i in range(1, 5))


def test_english_interface(qtbot, ctx, tmp_path):
    from bhyt_desktop.common import i18n
    from ui.importing.wizard import NEXT_TEXT, STEP_TITLES

    i18n.set_language("en")
    catalog = i18n._catalog("en")
    assert all(t in catalog for t in [*STEP_TITLES, *NEXT_TEXT.values()])
    page = page_for(qtbot, ctx)
    assert page.step_labels[0].text() == "1. Choose the file"
    page.file_step.set_path(messy_roster(tmp_path / "m.xlsx"))
    assert page.next_button.text() == "Next: read the file  ›"
    go_next(qtbot, page, MAPPING)
    assert page.mapping_step.labels["full_name"].text() == "Full name *"


def test_render_other_states(qtbot, demo_db, tmp_path):
    """A card list's preview, a sheet with no table, a damaged file (for looking at)."""
    folder = Path(os.environ.get("BHYT_SCREENSHOTS", tmp_path))
    ctx = AppContext(demo_db, tmp_path / "demo.db", Settings())
    page = page_for(qtbot, ctx)
    page.file_step.set_path(d03_card_list(tmp_path / "D03-TS thang 11.xlsx"))
    page.file_step.cards_radio.setChecked(True)
    page.file_step.sheet_combo.setCurrentIndex(2)          # the instructions sheet: no table
    go_next(qtbot, page, MAPPING)
    assert "Không nhận ra bảng" in page.mapping_step.problem.text()
    grab(qtbot, page, folder / "import-x-unrecognised.png")
    page.back()
    page.file_step.sheet_combo.setCurrentIndex(1)
    go_next(qtbot, page, MAPPING)
    go_next(qtbot, page, PREVIEW)
    assert page.preview_step.unmatched.rowCount() == 4
    grab(qtbot, page, folder / "import-x-cards-step3.png")
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"PK\x03\x04 damaged zip")
    page.back()
    page.back()
    page.file_step.set_path(bad)
    if not page.file_step.error.text():
        go_next(qtbot, page, FILE)
    assert page.file_step.error.text()
    grab(qtbot, page, folder / "import-x-bad-file.png")


def test_possible_duplicates_listed_never_merged(qtbot, ctx, db, tmp_path):
    """A person without IDs already known, the same name and birth in another household."""
    header = ["Họ và tên", "Năm sinh", "Quan hệ với chủ hộ", "Mã hộ", "Thôn"]
    first = save([header, ["Nguyễn Văn Cường", 1985, "Chủ hộ", "H1", "Xóm Bến"]], tmp_path / "a.xlsx")
    table = read_table(first)
    commit_import(db, plan_import(db, table, detect_mapping(table, db, "roster"), "roster"))
    second = save([header, ["Nguyen Van Cuong", 1985, "Chủ hộ", "H9", "Xóm Bến"]], tmp_path / "b.xlsx")
    page = page_for(qtbot, ctx)
    page.file_step.set_path(second)
    go_next(qtbot, page, MAPPING)
    go_next(qtbot, page, PREVIEW)
    preview = page.preview_step
    assert preview.count_values["possible_duplicates"].text() == "1"
    assert preview.tabs.currentIndex() == 2 and preview.tabs.tabText(2) == "Có thể trùng người (1)"
    assert "Nguyễn Văn Cường" in preview.duplicates.item(0, 1).text()
    go_next(qtbot, page, DONE)
    assert table_counts(db)["people"] == 2                 # listed for review, never merged


def test_cancel_dry_run_and_enter_key(qtbot, ctx, db, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt

    page = page_for(qtbot, ctx)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)                   # shortcuts work in the active window
    page.file_step.path_edit.setFocus()
    page.file_step.path_edit.setText(str(messy_roster(tmp_path / "m.xlsx")))   # a pasted path
    qtbot.keyClick(page.file_step.path_edit, Qt.Key_Return)  # a real key press: Enter = next
    qtbot.waitUntil(lambda: page.step() == MAPPING and not page.busy(), timeout=WAIT)
    go, real = threading.Event(), wizard_module.plan_import

    def held_plan(*args, **kwargs):
        go.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(wizard_module, "plan_import", held_plan)
    before = dump(db)
    page.next_button.click()
    page.operation.cancel()
    go.set()
    qtbot.waitUntil(lambda: not page.busy(), timeout=WAIT)
    assert page.step() == MAPPING and "Đã hủy" in page.mapping_step.problem.text()
    assert page.next_button.isEnabled() and dump(db) == before
    page.activateWindow()                                  # the progress dialog took it
    qtbot.waitUntil(page.isActiveWindow)
    page.mapping_step.combos["full_name"].setFocus()
    qtbot.keyClick(page.mapping_step.combos["full_name"], Qt.Key_Escape)   # Esc = back
    assert page.step() == FILE


def test_cancelled_read_can_be_retried(qtbot, ctx, tmp_path, monkeypatch):
    go, real = threading.Event(), wizard_module.read_table

    def held_read(*args, **kwargs):
        go.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(wizard_module, "read_table", held_read)
    page = page_for(qtbot, ctx)
    page.file_step.set_path(messy_roster(tmp_path / "m.xlsx"))
    page.next_button.click()
    page.operation.cancel()
    go.set()
    qtbot.waitUntil(lambda: not page.busy(), timeout=WAIT)
    assert page.step() == FILE and "Đã hủy" in page.file_step.error.text()
    go_next(qtbot, page, MAPPING)                          # not blocked: try again at once


def test_read_error_cleared_by_another_sheet(qtbot, ctx, tmp_path):
    path = save([["Họ và tên", "Ngày sinh"], ["Lê Văn A", "01/01/1990"]], tmp_path / "s.xlsx",
                extra_sheets={"Trống": []})
    page = page_for(qtbot, ctx)
    page.file_step.set_path(path)
    page.file_step.sheet_combo.setCurrentIndex(page.file_step.sheet_combo.findData("Trống"))
    go_next(qtbot, page, FILE)
    assert "không có dữ liệu" in page.file_step.error.text() and not page.next_button.isEnabled()
    page.file_step.sheet_combo.setCurrentIndex(page.file_step.sheet_combo.findData("Danh sách"))
    assert not page.file_step.error.text() and page.next_button.isEnabled()
    go_next(qtbot, page, MAPPING)


def test_long_lists_are_capped(qtbot, ctx, tmp_path, monkeypatch):
    from ui.importing import preview_step

    monkeypatch.setattr(preview_step, "SHOWN_ROWS", 3)
    rows = [["Họ và tên", "Số CCCD", "Ngày sinh"]] + [[f"Người Số {i}", "123", "01/01/1990"] for i in range(5)]
    page = page_for(qtbot, ctx)
    page.file_step.set_path(save(rows, tmp_path / "x.xlsx"))
    go_next(qtbot, page, MAPPING)
    go_next(qtbot, page, PREVIEW)
    p = page.preview_step
    assert p.rejected.rowCount() == 3 and p.tabs.tabText(0) == "Dòng bị loại (5)"
    assert "3 dòng đầu" in p.more.text()


def test_remembered_mapping_takes_this_files_village(qtbot, ctx, db, tmp_path):
    """Village heads share one template: the second village's file must not land in the first."""
    first = messy_roster_to_correct(tmp_path / "dong_ha.xlsx")
    rows, merges = messy_roster_rows()
    rows[6][4] = "Số thẻ căn cước"
    rows[3][0] = "DANH SÁCH HỘ GIA ĐÌNH THAM GIA BHYT XÓM BẾN"
    second = save(rows, tmp_path / "xom_ben.xlsx", merges)
    rows_untitled = [r for i, r in enumerate(rows) if i != 3]
    third = save(rows_untitled, tmp_path / "khong_tieu_de.xlsx",
                 ("C6:D6", "J6:K6", "A6:A7", "B6:B7", "E6:E7", "F6:F7", "G6:G7", "H6:H7", "I6:I7"))
    page = page_for(qtbot, ctx)
    page.file_step.set_path(first)
    go_next(qtbot, page, MAPPING)
    combo = page.mapping_step.combos["cccd"]
    combo.setCurrentIndex(combo.findData(4))
    go_next(qtbot, page, PREVIEW)
    go_next(qtbot, page, DONE)
    page.done_step.again.click()
    page.file_step.set_path(second)
    go_next(qtbot, page, MAPPING)
    m = page.mapping_step.mapping
    assert m.source == "remembered" and m.columns["cccd"] == 4
    assert m.default_village == "Xóm Bến" and page.mapping_step.village.currentText() == "Xóm Bến"
    assert page.mapping_step.note.isHidden()
    page.back()
    page.file_step.set_path(third)
    go_next(qtbot, page, MAPPING)
    assert page.mapping_step.mapping.default_village == "Thôn Đông Hà"
    assert "lần nhập trước" in page.mapping_step.note.text()


def test_auto_sheet_passes_over_a_first_sheet_of_instructions(qtbot, ctx, tmp_path):
    """«Tự chọn»: the workbook opens on a sheet of instructions; the wizard reads the list from
    the next sheet and says which one it used (the same rule as the command line)."""
    wb = openpyxl.Workbook()
    wb.active.title = "Huong dan"
    wb.active.append(["Ghi chú: nhập danh sách ở trang sau, mỗi người một dòng."])
    ws = wb.create_sheet("DS xom 3")
    ws.append(["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Thôn"])
    ws.append([1, "Lê Văn Tám", "01/01/1950", "036050001234", "Xóm 3"])
    wb.save(tmp_path / "ds.xlsx")
    page = page_for(qtbot, ctx)
    page.file_step.set_path(tmp_path / "ds.xlsx")
    assert page.file_step.sheet() is None                     # «Tự chọn»
    go_next(qtbot, page, MAPPING)
    assert page.table.sheet == "DS xom 3" and page.mapping_step.mapping.columns["full_name"] == 1
    assert "Dùng trang «DS xom 3»: trang «Huong dan» không có bảng danh sách." in page.mapping_step.note.text()


def test_a_preview_made_again_keeps_the_reasons_column_full_width_and_rows_as_excel_numbers_them(
        qtbot, ctx, tmp_path):
    """Made again («Xem trước lại»), the rejects table kept its reasons column at the text's
    width (the rest grey) until the window was resized. Row numbers are shown as in
    Excel ("1006", not "1.006")."""
    rows = [["STT", "Họ và tên", "Ngày sinh", "Mã hộ", "Thôn"]]
    rows += [[n, f"Nguyễn Văn {chr(65 + n % 26)}", "01/01/1980", f"H{n}", "Xóm 1"] for n in range(1, 1005)]
    rows.append([1005, "Lê Văn Sai", "32/01/1980", "H9999", "Xóm 1"])
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(tmp_path / "ds.xlsx")
    page = page_for(qtbot, ctx)
    page.file_step.set_path(tmp_path / "ds.xlsx")
    go_next(qtbot, page, MAPPING)
    go_next(qtbot, page, PREVIEW)
    preview = page.preview_step
    table = preview.rejected
    assert table.item(0, 0).text() == "1006"
    preview.replan.click()
    qtbot.waitUntil(lambda: not page.busy() and not preview.is_stale(), timeout=WAIT)
    qtbot.wait(50)
    widths = sum(table.columnWidth(c) for c in range(table.columnCount()))
    assert widths >= table.viewport().width() - 2, (widths, table.viewport().width())
