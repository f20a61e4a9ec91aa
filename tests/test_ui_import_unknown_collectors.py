"""The import wizard's preview names the «Mã số nhân viên thu» codes no collector has."""

from __future__ import annotations

from test_import_unknown_collectors import _setup
from test_ui_import_wizard import MAPPING, PREVIEW, ctx, go_next, no_dialogs, page_for  # noqa: F401


def test_preview_lists_unknown_collector_codes(qtbot, ctx, db, tmp_path, no_dialogs):  # noqa: F811
    src, _head = _setup(db, tmp_path)
    page = page_for(qtbot, ctx)
    page.file_step.set_path(src)
    page.file_step.cards_radio.setChecked(True)
    go_next(qtbot, page, MAPPING)
    step = page.mapping_step
    step.group.setCurrentIndex(step.group.findData("GD"))
    go_next(qtbot, page, PREVIEW)
    note = page.preview_step.previous
    assert not note.isHidden()
    assert "Mã số nhân viên thu chưa có trong danh sách người thu (NV09: 2 thẻ; X7: 1 thẻ)" in note.text()
    assert not no_dialogs
