"""The import wizard on a D03-TS list: "Từ tháng" + "Số tháng", a group code chosen for the
whole file, and the "Giảm" rows listed in their own tab, never given a card."""

from __future__ import annotations

from test_import_d03ts import _cards, _roster, d03_months
from test_ui_import_wizard import DONE, MAPPING, PREVIEW, ctx, go_next, grab, no_dialogs, page_for  # noqa: F401


def test_d03ts_with_a_group_for_the_file(qtbot, ctx, db, tmp_path, no_dialogs):  # noqa: F811
    ids = _roster(db)
    page = page_for(qtbot, ctx)
    page.file_step.set_path(d03_months(tmp_path / "D03-TS thang 11.xlsx"))
    page.file_step.cards_radio.setChecked(True)
    go_next(qtbot, page, MAPPING)
    step = page.mapping_step
    assert step.mapping.columns["from_month"] == 10 and step.mapping.columns["months"] == 11
    assert step.problem.isHidden()
    assert step.labels["valid_from"].text() == "Hạn thẻ từ" and step.labels["full_name"].text() == "Họ và tên *"
    codes = [step.group.itemData(i) for i in range(step.group.count())]
    assert codes[0] == "" and "GD" in codes and "HN" in codes
    assert "Mã đối tượng" in step.group_note.text() and not step.group_note.isHidden()
    step.group.setCurrentIndex(codes.index("GD"))
    # what is left is the note on the receipt dates, a column of dates the import does not read
    assert "Mã đối tượng" not in step.group_note.text() and "«Ngày biên lai»" in step.group_note.text()
    assert step.mapping.default_group == "GD"
    grab(qtbot, page, tmp_path / "d03ts_mapping.png")
    go_next(qtbot, page, PREVIEW)
    preview = page.preview_step
    values = {k: v.text() for k, v in preview.count_values.items()}
    assert values["new_cards"] == "3" and values["decreases"] == "2" and values["rejected"] == "2"
    assert preview.tabs.isTabVisible(4) and preview.tabs.tabText(4) == "Phần Giảm (2)"
    names = {preview.decreases.item(r, 1).text(): preview.decreases.item(r, 2).text()
             for r in range(preview.decreases.rowCount())}
    assert set(names) == {"Vũ Thị Hà", "Người Lạ"} and "phần Giảm" in names["Vũ Thị Hà"]
    assert names["Người Lạ"].count("Không tìm thấy người") == 1   # the status is not said twice
    preview.tabs.setCurrentIndex(4)
    grab(qtbot, page, tmp_path / "d03ts_preview.png")
    go_next(qtbot, page, DONE)
    assert _cards(db, ids["an"]) == [("GD", "2026-01-01", "2026-12-31")]
    assert _cards(db, ids["ha"]) == [("HN", "2026-01-01", "2026-12-31")]
    assert not no_dialogs
