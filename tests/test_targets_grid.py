"""The village × year grid: reading, typed cells, Excel paste with Vietnamese errors."""

from __future__ import annotations

import pytest

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.commune import details as cm
from bhyt_desktop.commune import targets_grid as tg


@pytest.fixture
def three(db):
    for name in ("Thôn Đông", "Thôn Đoài", "Xóm Chùa"):
        cm.add_village(db, name)
    return db


@pytest.mark.parametrize("text, bp", [("95", 9500), ("95,5", 9550), ("95.5", 9550), ("95%", 9500),
                                      (" 97,25 ", 9725), ("", None), ("100", 10000)])
def test_parse_target(text, bp):
    assert tg.parse_cell(tg.TARGET, text) == bp


@pytest.mark.parametrize("text, n", [("4591", 4591), ("4.591", 4591), ("4,591", 4591),
                                     ("1.234.567", 1234567), ("4591.0", 4591), ("4 591", 4591),
                                     ("\u00a04591", 4591), ("", None)])
def test_parse_population(text, n):
    assert tg.parse_cell(tg.POPULATION, text) == n


@pytest.mark.parametrize("kind, text, words", [
    (tg.TARGET, "abc", "không hợp lệ"), (tg.TARGET, "101", "từ 0 đến 100"),
    (tg.TARGET, "95,555", "2 chữ số"), (tg.POPULATION, "12,5", "số nguyên"),
    (tg.POPULATION, "-5", "âm"), (tg.POPULATION, "nhiều", "số nguyên")])
def test_bad_cells_say_why_in_vietnamese(kind, text, words):
    with pytest.raises(UserError, match=words):
        tg.parse_cell(kind, text)


def test_format_cells():
    assert tg.format_cell(tg.TARGET, 9500) == "95"
    assert tg.format_cell(tg.TARGET, 9550) == "95,5"
    assert tg.format_cell(tg.TARGET, 9525) == "95,25"
    assert tg.format_cell(tg.POPULATION, 4591) == "4.591"
    assert tg.format_cell(tg.POPULATION, None) == ""


def test_grid_rows_are_commune_then_active_villages(three):
    cm.set_target(three, 2026, "95")
    v = cm.find_village(three, "Thôn Đoài")
    cm.set_target(three, 2025, "90,5", v.id)
    grid = tg.load_grid(three, tg.TARGET, [2025, 2026])
    assert [r.name for r in grid.rows] == ["Toàn xã", "Thôn Đông", "Thôn Đoài", "Xóm Chùa"]
    assert grid.text(0, 1) == "95" and grid.text(2, 0) == "90,5" and grid.text(1, 0) == ""


def test_paste_block_from_excel(three):
    grid = tg.load_grid(three, tg.TARGET, [2025, 2026, 2027])
    text = "93\t95\r\n92,5\t96\r\n94\t\r\n"            # Excel ends with CRLF; a blank clears
    cm.set_target(three, 2026, "80", grid.rows[3].village_id)
    changes = tg.parse_paste(grid, text, 1, 0)
    assert len(changes) == 6
    tg.apply_changes(three, tg.TARGET, changes)
    grid = tg.load_grid(three, tg.TARGET, [2025, 2026, 2027])
    assert [[grid.text(r, c) for c in range(3)] for r in range(4)] == [
        ["", "", ""], ["93", "95", ""], ["92,5", "96", ""], ["94", "", ""]]


def test_paste_with_bad_cells_changes_nothing_and_names_them(three):
    grid = tg.load_grid(three, tg.TARGET, [2025, 2026])
    with pytest.raises(UserError) as err:
        tg.parse_paste(grid, "95\tabc\n120\t96\n", 1, 0)
    message = str(err.value)
    assert "2 ô không hợp lệ" in message
    assert "Thôn Đông, năm 2026" in message and "«abc»" in message
    assert "Thôn Đoài, năm 2025" in message and "«120»" in message
    assert three.execute("SELECT count(*) FROM targets").fetchone()[0] == 0


def test_paste_too_big_for_the_grid(three):
    grid = tg.load_grid(three, tg.POPULATION, [2025, 2026])
    with pytest.raises(UserError, match="3 dòng × 3 cột"):
        tg.parse_paste(grid, "1\t2\t3\n4\t5\t6\n7\t8\t9\n", 2, 0)


def test_population_paste_and_quoted_cells(three):
    grid = tg.load_grid(three, tg.POPULATION, [2026])
    changes = tg.parse_paste(grid, '"4.591"\n"1,200"\n', 0, 0)
    tg.apply_changes(three, tg.POPULATION, changes)
    assert sorted(three.execute("SELECT ifnull(village_id, 0), population FROM population_stats")) == [
        (0, 4591), (grid.rows[1].village_id, 1200)]


def test_single_cell_fills_selection(three):
    grid = tg.load_grid(three, tg.TARGET, [2026, 2027])
    changes = tg.fill_changes(grid, "95\n", [(1, 0), (2, 0), (2, 1)])
    assert {(c.village_id, c.year, c.value) for c in changes} == {
        (grid.rows[1].village_id, 2026, 9500), (grid.rows[2].village_id, 2026, 9500),
        (grid.rows[2].village_id, 2027, 9500)}


def test_copy_text_round_trips(three):
    grid = tg.load_grid(three, tg.TARGET, [2026, 2027])
    tg.apply_changes(three, tg.TARGET, tg.parse_paste(grid, "95\t96\n91,5\t92\n", 0, 0))
    grid = tg.load_grid(three, tg.TARGET, [2026, 2027])
    text = tg.copy_text(grid, [(0, 0), (0, 1), (1, 0), (1, 1)])
    assert text == "95\t96\n91,5\t92\n"


def test_set_cell(three):
    grid = tg.load_grid(three, tg.POPULATION, [2026])
    assert tg.set_cell(three, grid, 1, 0, "1.500") == 1500
    assert grid.text(1, 0) == "1.500"
    assert tg.set_cell(three, grid, 1, 0, "") is None
    assert three.execute("SELECT count(*) FROM population_stats").fetchone()[0] == 0
