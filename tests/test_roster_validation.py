"""Field checks used by the entry dialogs (core, no Qt)."""

from __future__ import annotations

import datetime as dt

from bhyt_desktop.roster import validation as v
from tests import factories as fx

TODAY = dt.date(2026, 11, 22)


def test_cccd_and_bhxh_lengths():
    assert v.check_cccd("").ok and v.check_cccd("").value is None
    assert v.check_cccd("036 180 001 234").value == "036180001234"
    c = v.check_cccd("12345")
    assert not c.ok and c.message == "Số CCCD cần đủ 12 chữ số (đang có 5)."
    assert not v.check_cccd("03618000123a").ok
    assert v.check_bhxh("3601234567").ok
    assert v.check_bhxh("36012345678").message == "Mã số BHXH cần đủ 10 chữ số (đang có 11)."


def test_birth_date_or_year():
    assert v.check_birth("17/05/1980", TODAY).value.date == dt.date(1980, 5, 17)
    b = v.check_birth("1950", TODAY).value
    assert b.date is None and b.year == 1950
    assert v.check_birth("", TODAY).ok
    assert v.check_birth("31/02/1990", TODAY).message == "Ngày không tồn tại: «31/02/1990»."
    assert not v.check_birth("2027", TODAY).ok
    assert not v.check_birth("01/01/2027", TODAY).ok
    assert "dd/mm/yyyy" in v.check_birth("17051980", TODAY).message


def test_dates_and_card_period():
    assert v.check_date("01/12/2026").value == dt.date(2026, 12, 1)
    assert not v.check_date("").ok and v.check_date("", required=False).ok
    start, end = v.check_card_period("01/12/2026", "30/11/2026")
    assert start.ok and not end.ok and end.message == "Hạn thẻ đến phải sau ngày bắt đầu."
    assert v.card_end_for(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 27)
    assert v.card_end_for(dt.date(2026, 12, 2), 12) == dt.date(2027, 12, 1)


def test_name_checks():
    assert v.check_name("  nguyễn   thị hương ").value == "nguyễn thị hương"
    assert not v.check_name("").ok
    assert not v.check_name("Nguyen 2").ok


def test_unique_ids_and_household_codes(db):
    pid = fx.person(db, name="Lê Văn Tám", cccd="036180001234")
    assert v.check_unique_id(db, "cccd", "036180001234", pid).ok
    c = v.check_unique_id(db, "cccd", "036180001234", None)
    assert not c.ok and "Lê Văn Tám" in c.message
    hid = fx.household(db, code="HGD000009")
    assert not v.check_household_code(db, "HGD000009", None).ok
    assert v.check_household_code(db, "HGD000009", hid).ok
    assert v.suggest_household_code(db) == "HGD000010"
