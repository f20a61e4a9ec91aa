"""A remembered column layout never carries its first file's village into another file."""

from __future__ import annotations

from dataclasses import replace

from bhyt_desktop.importing import detect_mapping, read_table, remember_mapping
from tests.import_helpers import messy_roster_rows, save


def _file(tmp_path, name: str, title: str | None):
    rows, merges = messy_roster_rows()
    rows[3] = [title] if title else []
    return read_table(save(rows, tmp_path / name, merges))


def test_own_title_village_wins_over_the_remembered_one(db, tmp_path):
    first = _file(tmp_path, "a.xlsx", "DANH SÁCH HỘ GIA ĐÌNH THAM GIA BHYT THÔN ĐÔNG HÀ")
    mapping = detect_mapping(first, db, "roster")
    assert mapping.default_village == "Thôn Đông Hà"
    remember_mapping(db, replace(mapping, source="user"), "roster")

    second = detect_mapping(_file(tmp_path, "b.xlsx", "DANH SÁCH HỘ GIA ĐÌNH THAM GIA BHYT XÓM BẾN"), db, "roster")
    assert second.source == "remembered"
    assert second.default_village == "Xóm Bến"
    assert not second.village_remembered

    third = detect_mapping(_file(tmp_path, "c.xlsx", None), db, "roster")
    assert third.source == "remembered"
    assert third.default_village == "Thôn Đông Hà"
    assert third.village_remembered          # the wizard asks the user to check it
