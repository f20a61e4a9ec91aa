"""The lazy roster model, without a window: ids from SQL, rows fetched in blocks."""

from __future__ import annotations

from PySide6.QtCore import Qt

from bhyt_desktop.roster import edits as roster
from bhyt_desktop.roster import query as rq
from tests.roster_helpers import AS_OF, named_roster
from ui.roster import model as m


def test_row_count_comes_from_sql_and_rows_are_fetched_lazily(demo_db, qapp):
    model = m.RosterModel(demo_db, AS_OF)
    model.set_filter(rq.RosterFilter(as_of=AS_OF))
    total = demo_db.execute("SELECT count(*) FROM people").fetchone()[0]
    assert model.rowCount() == total > m.BLOCK
    assert model.columnCount() == m.COLUMN_COUNT
    assert model.fetch_count == 0 and model.cached_rows() == 0     # nothing read yet
    assert model.data(model.index(0, m.COL_NAME))
    assert model.fetch_count == 1 and model.cached_rows() == m.BLOCK
    model.data(model.index(m.BLOCK - 1, m.COL_CARD_TO))             # same block
    assert model.fetch_count == 1
    model.data(model.index(m.BLOCK + 5, m.COL_NAME))                # next block
    assert model.fetch_count == 2 and model.cached_rows() == 2 * m.BLOCK
    assert model.data(model.index(total, 0)) is None                # past the end


def test_cache_is_bounded(demo_db, qapp, monkeypatch):
    monkeypatch.setattr(m, "MAX_BLOCKS", 2)
    monkeypatch.setattr(m, "BLOCK", 50)
    model = m.RosterModel(demo_db, AS_OF)
    model.set_filter(rq.RosterFilter(as_of=AS_OF))
    for row in range(0, 500, 50):
        model.data(model.index(row, 0))
    assert model.cached_rows() == 100


def test_display_and_custom_roles(db, qapp):
    ids = named_roster(db)
    model = m.RosterModel(db, AS_OF)
    model.set_filter(rq.RosterFilter(as_of=AS_OF))
    row = model.row_of(ids["huong"])
    idx = lambda col: model.index(row, col)  # noqa: E731
    assert model.data(idx(m.COL_NAME)) == "Nguyễn Thị Hương"
    assert model.data(idx(m.COL_BIRTH)) == "17/05/1980"
    assert model.data(idx(m.COL_SEX)) == "Nữ"
    assert model.data(idx(m.COL_HOUSEHOLD)) == "HGD000101"
    assert model.data(idx(m.COL_VILLAGE)) == "Xóm 1"
    assert model.data(idx(m.COL_CCCD)) == "036180001234"
    assert model.data(idx(m.COL_CARD)) == "GD"
    assert model.data(idx(m.COL_CARD_TO)) == "31/12/2026"
    assert model.data(idx(m.COL_CARD_STATE)) == "Còn hạn"
    assert model.data(idx(m.COL_STATUS)) == "Thường trú"
    assert model.data(idx(0), m.PersonIdRole) == ids["huong"]
    assert model.data(idx(0), m.HouseholdIdRole) == ids["h1"]
    assert model.data(idx(0), m.CardStateRole) == "valid"
    assert model.data(idx(m.COL_BIRTH), Qt.TextAlignmentRole) & Qt.AlignRight
    an = model.row_of(ids["an"])
    assert model.data(model.index(an, m.COL_BIRTH)) == "1950"          # year only
    assert model.headerData(m.COL_NAME, Qt.Horizontal) == "Họ và tên"
    masked = m.RosterModel(db, AS_OF, mask_ids=True)
    masked.set_filter(rq.RosterFilter(as_of=AS_OF))
    assert masked.data(masked.index(masked.row_of(ids["huong"]), m.COL_CCCD)) == "********1234"


def test_refresh_people_repaints_only_their_rows(db, qapp):
    ids = named_roster(db)
    model = m.RosterModel(db, AS_OF)
    model.set_filter(rq.RosterFilter(as_of=AS_OF))
    for r in range(model.rowCount()):
        model.data(model.index(r, 0))
    fetches = model.fetch_count
    changed = []
    model.dataChanged.connect(lambda a, b: changed.append((a.row(), b.row(), a.column(), b.column())))
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    roster.update_person(db, ids["binh"], full_name="Trần Văn Bính")
    model.refresh_people([ids["binh"]])
    row = model.row_of(ids["binh"])
    assert changed == [(row, row, 0, m.COLUMN_COUNT - 1)] and not resets
    assert model.data(model.index(row, m.COL_NAME)) == "Trần Văn Bính"
    assert model.fetch_count == fetches + 1                            # only the stale row re-read
    assert model.data(model.index(0, m.COL_NAME))                       # others still cached
    assert model.fetch_count == fetches + 1


def test_filter_change_resets(db, qapp):
    named_roster(db)
    model = m.RosterModel(db, AS_OF)
    model.set_filter(rq.RosterFilter(as_of=AS_OF, search="van"))
    assert model.rowCount() == 4
    model.set_filter(rq.RosterFilter(as_of=AS_OF, card_state="lapsed"))
    assert model.rowCount() == 1 and model.data(model.index(0, 0)) == "Trần Văn Bình"
