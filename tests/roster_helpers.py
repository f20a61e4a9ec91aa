"""Helpers for the roster tests: an AppContext over a test database, a small named roster."""

from __future__ import annotations

import datetime as dt

from bhyt_desktop.preferences.user import Settings
from bhyt_desktop.roster import edits as roster
from tests import factories as fx

AS_OF = dt.date(2026, 11, 22)


def make_ctx(db, path, as_of: dt.date = AS_OF):
    from ui.context import AppContext
    return AppContext(db, path, Settings(), as_of=as_of)


def named_roster(db) -> dict[str, int]:
    """People with known names, card histories and ages (as of AS_OF), in two villages."""
    ids = {}
    h1 = fx.household(db, "Xóm 1", code="HGD000101")
    h2 = fx.household(db, "Xóm 2", code="HGD000202")
    ids["huong"] = fx.person(db, ("GD", "2026-01-01", "2026-12-31"), household_id=h1,
                             name="Nguyễn Thị Hương", relation="Chủ hộ",
                             birth=roster.Birth(dt.date(1980, 5, 17)), cccd="036180001234",
                             bhxh_code="3601234567", sex="F")
    # Expires within 30 days and not renewed.
    ids["anh"] = fx.person(db, ("HS", "2025-12-10", "2026-12-10"), household_id=h1,
                           name="Lê Thị Ánh", birth=roster.Birth(dt.date(2012, 3, 1)), relation="Con")
    # Expires within 30 days but already renewed: valid, not expiring.
    ids["an"] = fx.person(db, ("HT", "2025-12-01", "2026-12-01"), ("HT", "2026-12-02", "2027-12-01"),
                          household_id=h1, name="Nguyễn Văn An", birth=roster.Birth(year=1950))
    # Lapsed.
    ids["binh"] = fx.person(db, ("GD", "2024-01-01", "2024-12-31"), household_id=h2,
                            name="Trần Văn Bình", birth=roster.Birth(dt.date(1990, 1, 1)),
                            cccd="001099000077")
    # Never had a card (only a future one).
    ids["dung"] = fx.person(db, ("DN", "2027-01-01", "2027-12-31"), household_id=h2,
                            name="Phạm Văn Dũng", birth=roster.Birth(dt.date(2023, 6, 1)))
    ids["dong"] = fx.person(db, household_id=h2, name="Hoàng Văn Đông", birth=roster.Birth(dt.date(1940, 2, 2)),
                            status="deceased", status_date=dt.date(2026, 3, 1))
    ids["giang"] = fx.person(db, ("CN", "2026-06-01", "2027-05-31"), household_id=h2,
                             name="Vũ Thị Giang", birth=roster.Birth(dt.date(1975, 7, 7)), status="away")
    ids["h1"], ids["h2"] = h1, h2
    return ids
