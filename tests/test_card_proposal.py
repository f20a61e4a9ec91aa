"""The card the roster proposes when one is added: roster.cards.propose_card (core, no Qt)."""

from __future__ import annotations

import datetime as dt

import pytest

from bhyt_desktop.rates.amounts import set_rate
from bhyt_desktop.roster import cards
from tests import factories as fx

ON = dt.date(2026, 11, 22)


def test_no_previous_card_default_group_from_the_date(db):
    pid = fx.person(db)
    p = cards.propose_card(db, pid, ON)
    assert (p.group_code, p.valid_from, p.valid_to, p.reason) == (
        "GD", ON, dt.date(2027, 11, 21), cards.FIRST)
    assert p.last is None and not p.needs_checking


def test_last_card_ended_within_the_break_continues_it_in_the_same_group(db):
    pid = fx.person(db, ("GD", "2024-10-02", "2025-10-01"), ("HS", "2025-10-02", "2026-10-01"))
    p = cards.propose_card(db, pid, ON)                         # 51 days without a card
    assert (p.group_code, p.valid_from, p.valid_to, p.reason) == (
        "HS", dt.date(2026, 10, 2), dt.date(2027, 10, 1), cards.RENEWAL)


def test_last_card_still_valid_is_continued_from_the_day_after(db):
    pid = fx.person(db, ("CN", "2026-01-01", "2026-12-31"))
    p = cards.propose_card(db, pid, ON)
    assert (p.group_code, p.valid_from, p.reason) == ("CN", dt.date(2027, 1, 1), cards.RENEWAL)


def test_last_card_ended_longer_ago_than_the_break_starts_on_the_date(db):
    pid = fx.person(db, ("HS", "2025-08-01", "2026-07-31"))
    p = cards.propose_card(db, pid, ON)
    assert (p.group_code, p.valid_from, p.valid_to, p.reason) == (
        "HS", ON, dt.date(2027, 11, 21), cards.AFTER_BREAK)
    assert "90" in p.explain()


def test_the_break_is_counted_in_days_without_a_card_as_changes_counts_it(db):
    # 89 days without a card: a renewal; 90 days: a new entry (coverage.changes agrees).
    ended_89 = fx.person(db, ("GD", "2025-08-25", str(ON - dt.timedelta(days=90))))
    ended_90 = fx.person(db, ("GD", "2025-08-24", str(ON - dt.timedelta(days=91))))
    assert cards.propose_card(db, ended_89, ON).reason == cards.RENEWAL
    assert cards.propose_card(db, ended_90, ON).reason == cards.AFTER_BREAK


def test_the_break_follows_the_dated_rate(db):
    pid = fx.person(db, ("GD", "2025-10-02", "2026-10-01"))        # 51 days without a card on ON
    assert cards.propose_card(db, pid, ON).reason == cards.RENEWAL
    set_rate(db, "new_entry_break_days", dt.date(2026, 11, 1), "30")
    p = cards.propose_card(db, pid, ON)
    assert (p.valid_from, p.reason, p.break_days) == (ON, cards.AFTER_BREAK, 30)
    # before the new rate applies, the old one (90 days) still decides
    earlier = dt.date(2026, 10, 31)
    assert cards.propose_card(db, pid, earlier).valid_from == dt.date(2026, 10, 2)
    set_rate(db, "new_entry_break_days", dt.date(2026, 11, 15), "120")
    assert cards.propose_card(db, pid, ON).reason == cards.RENEWAL


def test_a_card_running_years_ahead_is_continued_but_flagged(db):
    pid = fx.person(db, ("GD", "2027-11-01", "2029-01-02"))
    p = cards.propose_card(db, pid, ON)
    assert (p.valid_from, p.reason) == (dt.date(2029, 1, 3), cards.FAR_AHEAD)
    assert p.needs_checking and "02/01/2029" in p.explain()
    within_a_year = fx.person(db, ("GD", "2026-11-01", "2027-10-31"))
    assert cards.propose_card(db, within_a_year, ON).reason == cards.RENEWAL


def test_a_card_starting_over_a_year_ahead_is_refused_as_the_import_refuses_it(db):
    from bhyt_desktop.common.errors import UserError
    from bhyt_desktop.roster import edits
    pid = fx.person(db)
    assert cards.latest_card_start(ON) == dt.date(2027, 11, 22)
    assert cards.latest_card_start(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)
    edits.add_card(db, pid, "GD", dt.date(2027, 11, 22), dt.date(2028, 11, 21))
    with pytest.raises(UserError, match="quá một năm"):
        edits.add_card(db, pid, "GD", dt.date(2029, 1, 3), dt.date(2030, 1, 2))
    assert db.execute("SELECT count(*) FROM cards WHERE person_id = ?", [pid]).fetchone()[0] == 1


def test_the_card_dialog_flags_a_far_ahead_proposal_and_will_not_save_it(db, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui.roster.dialogs import CardDialog
    # closing an edited dialog asks whether to discard: answered here, never blocking
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Discard)
    pid = fx.person(db, ("GD", "2027-11-01", "2029-01-02"))
    dlg = CardDialog(db, pid, ON)
    qtbot.addWidget(dlg)
    assert dlg.proposal.needs_checking
    assert dlg.fields["start"].text() == "03/01/2029"
    dlg.recheck("start")
    assert not dlg.fields["start"].result.ok
    assert "quá một năm" in dlg.fields["start"].message.text()
    dlg.fields["start"].widget.setText("01/11/2027")
    dlg.recheck("start")
    assert dlg.fields["start"].result.ok


def test_the_card_ending_last_decides(db):
    pid = fx.person(db, ("HS", "2026-01-01", "2026-12-31"), ("GD", "2025-01-01", "2025-12-31"))
    p = cards.propose_card(db, pid, ON)
    assert (p.group_code, p.valid_from) == ("HS", dt.date(2027, 1, 1))


def test_group_codes_for_the_roster_filter(db):
    codes = cards.group_codes(db)
    assert ("GD", 5, "Người tham gia theo hộ gia đình") in codes
    assert [grp for _c, grp, _n in codes] == sorted(grp for _c, grp, _n in codes)


def test_the_card_dialog_shows_the_proposal(db, qtbot):
    from ui.roster.dialogs import CardDialog
    pid = fx.person(db, ("HS", "2025-10-02", "2026-10-01"))
    dlg = CardDialog(db, pid, ON)
    qtbot.addWidget(dlg)
    assert dlg.fields["group"].text() == "HS"
    assert dlg.fields["start"].text() == "02/10/2026" and dlg.fields["end"].text() == "01/10/2027"
    assert "01/10/2026" in dlg.fields["proposal"].widget.text()


def test_the_reads_the_roster_dialogs_use(db):
    from bhyt_desktop.common.errors import UserError
    from bhyt_desktop.roster import records
    hid = fx.household(db, "Xóm 2", code="H-REC")
    pid = fx.person(db, household_id=hid, name="Trần Thị Lan", birth=fx.roster.Birth(year=1980))
    p = records.person_record(db, pid)
    assert (p.full_name, p.birth_date, p.birth_year, p.household_code, p.status) == (
        "Trần Thị Lan", None, 1980, "H-REC", "resident")
    assert records.household_of(db, pid) == hid and records.household_code(db, hid) == "H-REC"
    h = records.household_record(db, hid)
    assert (h.code, h.village_name, h.head_name) == ("H-REC", "Xóm 2", None)
    with pytest.raises(UserError):
        records.person_record(db, 9999)
