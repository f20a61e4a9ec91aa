"""Issuing, numbering, history, reprint, drafts, and the deltas against what was sent."""

import datetime as dt
import sqlite3

import pytest
from factories import person
from report_helpers import pdf_text

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.commune import details as cm
from bhyt_desktop.reports.history import (
    ReportOptions,
    ReportText,
    get_report,
    issue_report,
    last_issued,
    list_reports,
    load_draft,
    load_options,
    propose_number,
    reprint,
    save_draft,
    save_options,
)
from bhyt_desktop.reports.periods import period_of
from bhyt_desktop.roster import edits as roster
from bhyt_desktop.store import m003_reports, open_db
from bhyt_desktop.store.migrations import MIGRATIONS, SCHEMA_VERSION

D = dt.date
WEEK10 = D(2026, 3, 8)     # Sunday of ISO week 10
WEEK11 = D(2026, 3, 15)


def flat(text):
    return " ".join(text.split())


def letterhead(db, name="Xã An Hòa"):
    """A complete letterhead: a report may be issued only with one."""
    from bhyt_desktop.reports.letterhead import set_letterhead
    cm.set_commune(db, name=name, place_name="An Hòa", upper_name="Bảo hiểm xã hội cơ sở An Hòa")
    set_letterhead(db, signer="Nguyễn Văn Hùng")


def _commune(db):
    letterhead(db)
    cm.set_target(db, 2026, "95")
    ids = [person(db, ("GD", "2026-01-01", "2026-12-31")) for _ in range(10)]
    forgotten = person(db)        # holds a card since January that nobody had entered
    return ids, forgotten


def test_issue_correct_the_roster_then_next_week_compares_with_what_was_sent(db):
    ids, forgotten = _commune(db)
    rid1, first = issue_report(db, "week", WEEK10, doc_date=WEEK10)
    assert first.number == "01" and first.figures["total"]["insured"] == 10
    assert first.figures["window"]["baseline"] is None

    # The roster is corrected: a card valid since January had been forgotten ...
    roster.add_card(db, forgotten, "GD", D(2026, 1, 1), D(2026, 12, 31))
    # ... and two new cards start during week 11.
    for _ in range(2):
        person(db, ("GD", "2026-03-10", "2027-03-09"))

    rid2, second = issue_report(db, "week", WEEK11, doc_date=WEEK11)
    f = second.figures
    assert second.number == "02"
    assert f["window"]["baseline"] == {"report_id": rid1, "number": "01", "symbol": "BC-BCĐ",
                                       "as_of": "2026-03-08"}
    assert f["window"]["start"] == "2026-03-08"
    t = f["total"]
    assert t["insured"] == 13
    assert t["new"] == 2                 # cards whose first day falls in the window
    assert t["net"] == 3                 # 13 now against the 10 sent (not 13 - 11)
    # the rate moved from 10/10 ... here population is the roster: 10 -> 13 people
    text = flat(pdf_text(second.pdf))
    assert "So với Báo cáo số 01/BC-BCĐ (số liệu đến ngày 08/03/2026): cấp mới 2 thẻ" in text
    assert "số người có thẻ tăng 3 người" in text

    # what was sent stays as it was, even after the correction
    stored = get_report(db, rid1)
    assert stored.figures["total"]["insured"] == 10
    assert reprint(db, rid1) == first.pdf
    assert "Số: 01/BC-BCĐ" in flat(pdf_text(reprint(db, rid1)))


def test_deltas_by_village_use_the_sent_figures(db):
    letterhead(db)
    person(db, ("GD", "2026-01-01", "2026-12-31"), village_name="Xóm 1")
    person(db, ("GD", "2026-01-01", "2026-12-31"), village_name="Xóm 2")
    issue_report(db, "week", WEEK10, doc_date=WEEK10)
    late = person(db, village_name="Xóm 2")
    roster.add_card(db, late, "HS", D(2025, 9, 1), D(2026, 12, 31))   # correction, not new
    _rid, built = issue_report(db, "week", WEEK11, doc_date=WEEK11)
    by_name = {v["name"]: v for v in built.figures["villages"]}
    assert by_name["Xóm 1"]["net"] == 0
    assert by_name["Xóm 2"]["net"] == 1 and by_name["Xóm 2"]["new"] == 0


def test_baseline_is_the_last_report_of_the_same_kind_before_the_date(db):
    _commune(db)
    issue_report(db, "week", WEEK10, doc_date=WEEK10)
    issue_report(db, "month", D(2026, 3, 31), doc_date=D(2026, 3, 31))
    b = last_issued(db, "week", WEEK11)
    assert b["number"] == "01" and b["as_of"] == "2026-03-08"
    assert last_issued(db, "week", WEEK10) is None          # not itself
    assert last_issued(db, "quarter", D(2026, 12, 31)) is None


def test_numbers_proposed_per_year_and_never_reused(db):
    _commune(db)
    assert propose_number(db, 2026) == "01"
    issue_report(db, "week", WEEK10, number="07", doc_date=WEEK10)
    assert propose_number(db, 2026) == "08"
    assert propose_number(db, 2027) == "01"
    with pytest.raises(UserError, match="đã được dùng"):
        issue_report(db, "week", WEEK11, number="07", doc_date=WEEK11)
    with pytest.raises(UserError, match="không hợp lệ"):
        issue_report(db, "week", WEEK11, number="7; DROP", doc_date=WEEK11)
    assert len(list_reports(db)) == 1


def test_list_and_get(db):
    _commune(db)
    rid, _b = issue_report(db, "week", WEEK10, doc_date=WEEK10, issued_by="Lan",
                           text=ReportText("Kết quả tốt", "Khó khăn", "Đề xuất"))
    [info] = list_reports(db)
    assert info.issued_at_text[2] == "/" and len(info.issued_at_text) == 16
    assert (info.id, info.number_line, info.period.name, info.as_of, info.issued_by) == (
        rid, "01/BC-BCĐ", "tuần 10", WEEK10, "Lan")
    stored = get_report(db, rid)
    assert stored.text == ReportText("Kết quả tốt", "Khó khăn", "Đề xuất")
    assert stored.options["doc_date"] == "2026-03-08"
    with pytest.raises(UserError):
        get_report(db, 999)


def test_drafts_are_kept_per_period_and_cleared_on_issue(db):
    _commune(db)
    p = period_of("week", WEEK10)
    assert load_draft(db, p) == ReportText()
    save_draft(db, p, WEEK10, ReportText("a", "b", "c"))
    save_draft(db, p, WEEK10, ReportText("Kết quả", "Khó khăn", "Đề xuất"))
    assert load_draft(db, p) == ReportText("Kết quả", "Khó khăn", "Đề xuất")
    assert load_draft(db, period_of("week", WEEK11)) == ReportText()
    issue_report(db, "week", WEEK10, doc_date=WEEK10, text=load_draft(db, p))
    assert load_draft(db, p) == ReportText()
    assert len(list_reports(db)) == 1


def test_options_saved_and_resolved(db):
    cm.set_commune(db, name="Xã Nam Toàn", upper_name="BHXH cơ sở Nam Trực")
    opts = load_options(db)
    resolved = opts.resolved(cm.get_commune(db))
    assert resolved.parent_body == "ỦY BAN NHÂN DÂN XÃ NAM TOÀN"
    assert resolved.place == "Nam Toàn"
    assert resolved.recipients[0] == "BHXH cơ sở Nam Trực (để báo cáo)"
    save_options(db, ReportOptions(signer="Lê Thị Mai", symbol="BC-UBND"))
    assert load_options(db).signer == "Lê Thị Mai"
    assert load_options(db).symbol == "BC-UBND"


def test_migration_from_the_previous_version(tmp_path):
    """A file made before the report history gets the tables, and keeps its data."""
    step = MIGRATIONS.index(m003_reports.migrate) + 1       # 3 once merged after step 2
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for n in range(1, step):
        MIGRATIONS[n - 1](conn)
        conn.execute(f"PRAGMA user_version = {n}")
    conn.execute("UPDATE commune SET name = 'Xã Cũ' WHERE id = 1")
    conn.close()
    db = open_db(path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert {"reports", "report_settings"} <= set(db.table_names())
        assert cm.get_commune(db).name == "Xã Cũ"
        person(db, ("GD", "2026-01-01", "2026-12-31"))
        letterhead(db, "Xã Cũ")
        rid, _b = issue_report(db, "week", WEEK10, doc_date=WEEK10)
        assert list_reports(db)[0].id == rid
    finally:
        db.close()
    assert list((tmp_path / "backups").glob("old-*-migration.db"))      # copied aside before migrating


def test_a_report_is_not_issued_until_the_letterhead_is_complete(db):
    from bhyt_desktop.common.errors import UserError
    from bhyt_desktop.reports.letterhead import set_letterhead
    person(db, ("GD", "2026-01-01", "2026-12-31"))
    with pytest.raises(UserError) as caught:
        issue_report(db, "week", WEEK10, doc_date=WEEK10)
    for missing in ("tên xã", "địa danh", "cơ quan cấp trên", "người ký"):
        assert missing in str(caught.value)
    cm.set_commune(db, name="Xã An Hòa", place_name="An Hòa", upper_name="BHXH cơ sở An Hòa")
    with pytest.raises(UserError, match="người ký"):
        issue_report(db, "week", WEEK10, doc_date=WEEK10)
    set_letterhead(db, signer="Nguyễn Văn Hùng")
    issue_report(db, "week", WEEK10, doc_date=WEEK10)
    assert len(list_reports(db)) == 1


def test_the_same_period_is_issued_twice_only_when_asked(db):
    from bhyt_desktop.reports.history import AlreadyIssued
    _commune(db)
    issue_report(db, "week", WEEK10, doc_date=WEEK10, number="01")
    with pytest.raises(AlreadyIssued, match="01/BC-BCĐ"):
        issue_report(db, "week", WEEK10, doc_date=WEEK10, number="02")
    assert len(list_reports(db)) == 1
    issue_report(db, "week", WEEK10, doc_date=WEEK10, number="02", again=True)
    assert len(list_reports(db)) == 2
