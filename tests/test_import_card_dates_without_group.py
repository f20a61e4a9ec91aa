"""A village roster with «Hạn thẻ từ | đến» but no «Mã đối tượng»: the card dates are never
dropped quietly. The import asks for a group for the file before it runs; a row with dates
and an empty group cell is listed for review (rejected with its reason), not imported bare."""

from __future__ import annotations

import datetime as dt

import pytest

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.importing import commit_import, detect_mapping, plan_import, read_table
from tests.import_helpers import save

D = dt.date
TODAY = D(2026, 11, 22)
NO_GROUP = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Mã hộ", "Thôn", "Hạn thẻ từ", "Hạn thẻ đến"]
PEOPLE = [
    [1, "Nguyễn Văn An", D(1958, 3, 4), "Nam", "H1", "Xóm 1", D(2026, 1, 1), D(2026, 12, 31)],
    [2, "Trần Thị Bình", D(1962, 5, 6), "Nữ", "H1", "Xóm 1", D(2026, 3, 1), D(2027, 2, 28)],
    [3, "Lê Văn Cường", D(1990, 7, 8), "Nam", "H2", "Xóm 1", None, None],
]


def _table(tmp_path, header, rows):
    return read_table(save([header, *rows], tmp_path / "thon.xlsx"))


def test_card_dates_without_a_group_column_make_the_import_ask_for_the_group(db, tmp_path):
    table = _table(tmp_path, NO_GROUP, PEOPLE)
    mapping = detect_mapping(table, db, "roster")
    assert "valid_from" in mapping.columns and "group_code" not in mapping.columns
    assert any("Mã đối tượng" in m for m in mapping.missing("roster"))
    assert "Mã đối tượng" in mapping.group_hint("roster")
    with pytest.raises(UserError, match="Mã đối tượng"):
        plan_import(db, table, mapping, "roster", today=TODAY)
    chosen = mapping.with_group("GD")
    assert chosen.missing("roster") == [] and chosen.group_hint("roster") == ""
    plan = plan_import(db, table, chosen, "roster", today=TODAY)
    assert plan.counts["new_cards"] == 2
    commit_import(db, plan)
    cards = db.execute("SELECT group_code, valid_from, valid_to FROM cards ORDER BY valid_from").fetchall()
    assert cards == [("GD", "2026-01-01", "2026-12-31"), ("GD", "2026-03-01", "2027-02-28")]


def test_a_roster_without_card_dates_needs_no_group(db, tmp_path):
    header = NO_GROUP[:6]
    table = _table(tmp_path, header, [r[:6] for r in PEOPLE])
    mapping = detect_mapping(table, db, "roster")
    assert mapping.missing("roster") == [] and mapping.group_hint("roster") == ""


def test_a_row_with_dates_and_an_empty_group_cell_is_listed_not_imported_bare(db, tmp_path):
    header = [*NO_GROUP[:6], "Mã đối tượng", *NO_GROUP[6:]]
    rows = [[*r[:6], code, *r[6:]] for r, code in zip(PEOPLE, ("HT", None, None), strict=True)]
    table = _table(tmp_path, header, rows)
    plan = plan_import(db, table, detect_mapping(table, db, "roster"), "roster", today=TODAY)
    assert plan.counts["new_cards"] == 1
    reasons = {r.row: r.reasons for r in plan.rejected}
    assert any("thiếu mã đối tượng" in t for t in reasons[3])      # Trần Thị Bình, second data row
    assert 4 not in reasons                                          # no dates, no group: fine
