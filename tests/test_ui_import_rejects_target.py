"""The wizard's "save rejects" step never writes over the file being imported; a possible
duplicate is shown with its row number once."""

from __future__ import annotations

from import_helpers import save
from test_ui_import_wizard import DONE, MAPPING, PREVIEW, WAIT, ctx, go_next, no_dialogs, page_for  # noqa: F401

ROWS = [["Họ và tên", "Ngày sinh", "Số CCCD", "Thôn"], ["Nguyễn Văn A", "01/01/1990", "001090000001", "Xóm 1"],
        ["Lê Văn B", "32/01/1990", "12345", "Xóm 1"]]


def _preview(qtbot, ctx, path):  # noqa: F811
    page = page_for(qtbot, ctx)
    page.file_step.set_path(path)
    go_next(qtbot, page, MAPPING)
    go_next(qtbot, page, PREVIEW)
    return page


def test_saving_rejects_over_the_input_file_is_refused(qtbot, ctx, tmp_path, monkeypatch, no_dialogs):  # noqa: F811
    src = save(ROWS, tmp_path / "ds.xlsx")
    before = src.read_bytes()
    page = _preview(qtbot, ctx, src)
    note = page.preview_step.rejects_note
    for target in (src, tmp_path / "." / "ds.xlsx"):
        monkeypatch.setattr(page, "rejects_target", lambda t=target: str(t))
        page.preview_step.save_rejects.click()
        qtbot.waitUntil(lambda: not page.busy(), timeout=WAIT)
        assert "chính tệp đang nhập (ds.xlsx)" in note.text() and not note.isHidden()
        assert src.read_bytes() == before
    # another name is written, and the note names it
    out = tmp_path / "ds_dong_bi_loai.xlsx"
    monkeypatch.setattr(page, "rejects_target", lambda: str(out))
    page.preview_step.save_rejects.click()
    qtbot.waitUntil(lambda: not page.busy(), timeout=WAIT)
    assert out.exists() and f"Đã lưu 1 dòng kèm lý do vào {out}." in note.text()
    # after the import too
    go_next(qtbot, page, DONE)
    monkeypatch.setattr(page, "rejects_target", lambda: str(src))
    page.done_step.save_rejects.click()
    qtbot.waitUntil(lambda: not page.busy(), timeout=WAIT)
    assert "chính tệp đang nhập" in page.done_step.rejects_note.text()
    assert src.read_bytes() == before and not no_dialogs


def test_possible_duplicate_text_has_no_second_row_number(qtbot, ctx, tmp_path):  # noqa: F811
    rows = [["Họ và tên", "Năm sinh", "Quan hệ với chủ hộ", "Thôn"],
            ["Đặng Văn Út", 1970, "Chủ hộ", "Thôn Bắc"], ["Đặng Văn Út", 1970, "Con", "Thôn Bắc"]]
    page = _preview(qtbot, ctx, save(rows, tmp_path / "ds.xlsx"))
    table = page.preview_step.duplicates
    assert table.rowCount() == 1 and table.item(0, 0).text() == "3"
    assert table.item(0, 1).text() == "Đặng Văn Út (1970, Thôn Bắc) có thể trùng với dòng 2 trong tệp."


def test_saving_rejects_over_a_csv_being_imported_is_refused_not_renamed(qtbot, ctx, tmp_path, monkeypatch):  # noqa: F811
    """A .csv (or .xls, .ods) being imported, chosen as the rejects file: refused like an .xlsx,
    not saved quietly as «ds.csv.xlsx»."""
    src = tmp_path / "ds.csv"
    src.write_text("\n".join(";".join(str(c) for c in row) for row in ROWS) + "\n", encoding="utf-8-sig")
    before = src.read_bytes()
    page = _preview(qtbot, ctx, src)
    monkeypatch.setattr(page, "rejects_target", lambda: str(src))
    page.preview_step.save_rejects.click()
    qtbot.waitUntil(lambda: not page.busy(), timeout=WAIT)
    assert "chính tệp đang nhập" in page.preview_step.rejects_note.text()
    assert src.read_bytes() == before and not list(tmp_path.glob("ds*.xlsx"))
