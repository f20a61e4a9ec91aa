"""People holding cards of different codes at the same time: the roster filter lists them,
and the group breakdown (engine, report, export) counts the card the rule keeps."""

from __future__ import annotations

import datetime as dt

from bhyt_desktop.coverage.engine import coverage
from bhyt_desktop.roster import query as rq
from tests import factories as fx
from tests.roster_helpers import make_ctx
from ui.roster import model as m
from ui.roster.page import OVERLAPPING, RosterPage


def _people(db):
    both = fx.person(db, ("HS", "2026-01-01", "2026-12-31"), ("CN", "2026-06-01", "2027-05-31"),
                     name="Lê Thị Hai Thẻ")
    fx.person(db, ("GD", "2025-01-01", "2025-12-31"), ("GD", "2026-01-01", "2026-12-31"),
              name="Trần Văn Gia Hạn")                       # one after the other: not flagged
    fx.person(db, ("GD", "2026-01-01", "2026-12-31"), ("GD", "2026-03-01", "2027-02-28"),
              name="Phạm Văn Cùng Mã")                       # same code twice: not flagged
    fx.person(db, ("TE", "2021-01-01", "2026-12-31"), name="Ngô Bé Một")
    return both


def test_the_filter_lists_people_with_cards_of_different_codes_at_once(db):
    both = _people(db)
    f = rq.RosterFilter(as_of=dt.date(2026, 11, 22), overlapping=True)
    assert list(rq.person_ids(db, f)) == [both]
    assert rq.count(db, rq.RosterFilter(as_of=dt.date(2026, 11, 22), overlapping=True,
                                        village_id=fx.village(db))) == 1
    # CN is level 2 in 2026, HS level 4: the group breakdown keeps CN
    cov = coverage(db, dt.date(2026, 7, 1))
    assert cov.total.by_group.get("CN") == 1 and "HS" not in cov.total.by_group
    assert cov.by_law_group()[4] == 1


def test_the_roster_page_offers_the_filter(db, db_path, qtbot):
    _people(db)
    page = RosterPage(make_ctx(db, db_path))
    qtbot.addWidget(page)
    page.show()
    page.card_state.setCurrentIndex(page.card_state.findData(OVERLAPPING))
    names = [page.model.data(page.model.index(r, m.COL_NAME)) for r in range(page.model.rowCount())]
    assert names == ["Lê Thị Hai Thẻ"]
    assert page.card_state.currentText() == "Có nhiều thẻ trùng thời gian"
