"""The collectors' incentive for a month: cards just under and just over both breaks (the
incentive's 3 months, the law's 90 days), crediting (card's own collector, village head,
nobody), the groups and cards that do not count, the PDF and the workbook."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from bhyt_desktop.campaign import collectors as col
from bhyt_desktop.campaign.incentive import incentive_sheet, parse_month
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.coverage import definitions as defs
from bhyt_desktop.coverage.changes import changes
from bhyt_desktop.rates.amounts import set_rate
from bhyt_desktop.reports.incentive_sheet import render_pdf, write_xlsx
from tests.factories import D, person, village


@pytest.fixture
def commune(db):
    """Xóm 1 has a head; Xóm 2 has none. October 2026."""
    v1, v2 = village(db, "Xóm 1"), village(db, "Xóm 2")
    head = col.add_collector(db, "TT01", "Trần Văn Trưởng", kind="village_head", village_id=v1)
    agent = col.add_collector(db, "DL01", "Lê Thị Đại Lý", kind="agent")
    ids = {
        # first card ever: new
        "first": person(db, ("GD", "2026-10-05", "2027-10-04"), name="Nguyễn Văn An"),
        # previous card ended 30/06: a gap of exactly 3 months (Jul-Sep), 92 days: a renewal for
        # the incentive, after the law's break
        "gap_3m": person(db, ("GD", "2025-07-01", "2026-06-30"), ("GD", "2026-10-01", "2027-09-30"),
                         name="Nguyễn Văn Ba"),
        # one day more: 3 months and a day: new for the incentive
        "gap_3m1d": person(db, ("GD", "2025-06-30", "2026-06-29"), ("GD", "2026-10-01", "2027-09-30"),
                           name="Nguyễn Văn Bốn"),
        # 90 days exactly: after the law's break, not over 3 months
        "gap_90d": person(db, ("CN", "2025-07-16", "2026-07-15"), ("CN", "2026-10-14", "2027-10-13"),
                          name="Nguyễn Thị Năm"),
        # 88 days: under both
        "gap_88d": person(db, ("GD", "2025-07-18", "2026-07-17"), ("GD", "2026-10-14", "2027-10-13"),
                          name="Nguyễn Thị Sáu"),
        # state-paid card (group 3): nobody sold it
        "child": person(db, ("TE", "2026-10-02", "2027-10-01"), name="Nguyễn Văn Bảy"),
        # issued in another province
        "elsewhere": person(db, ("GD", "2026-10-03", "2027-10-02", False), name="Nguyễn Văn Tám"),
        # card of the next month
        "november": person(db, ("GD", "2026-11-01", "2027-10-31"), name="Nguyễn Văn Chín"),
        # new, in a village without a head and with no collector: not paid
        "nobody": person(db, ("GD", "2026-10-09", "2027-10-08"), village_name="Xóm 2",
                         name="Phạm Văn Mười"),
        # sold by an agent
        "agent": person(db, ("HS", "2026-10-20", "2027-10-19"), village_name="Xóm 2",
                        name="Đỗ Thị Mười Một", cccd="001234567890"),
    }
    card = db.execute("SELECT id FROM cards WHERE person_id = ?", [ids["agent"]]).fetchone()[0]
    col.set_card_collector(db, card, agent)
    return {"ids": ids, "head": head, "agent": agent, "v2": v2}


def _names(line) -> set[str]:
    return {c.person for c in line.cards}


def test_month_sheet_breaks_and_crediting(db, commune):
    sheet = incentive_sheet(db, "2026-10")
    by_code = {c.code: c for c in sheet.collectors}
    assert set(by_code) == {"TT01", "DL01"}
    assert _names(by_code["TT01"]) == {"Nguyễn Văn An", "Nguyễn Văn Bốn"}
    assert _names(by_code["DL01"]) == {"Đỗ Thị Mười Một"}
    assert [c.person for c in sheet.unassigned] == ["Phạm Văn Mười"]
    assert sheet.rate == 20000
    assert (by_code["TT01"].new_cards, by_code["TT01"].amount) == (2, 40000)
    assert (sheet.total_cards, sheet.total_amount) == (3, 60000)
    assert sheet.to_json() == {
        "month": "2026-10", "rate": 20000,
        "collectors": [{"name": "Lê Thị Đại Lý", "code": "DL01", "new_cards": 1, "amount": 20000},
                       {"name": "Trần Văn Trưởng", "code": "TT01", "new_cards": 2, "amount": 40000}],
        "total_cards": 3, "total_amount": 60000, "unassigned_cards": 1}
    after_break = {c.person: c.after_break for c in by_code["TT01"].cards}
    assert after_break == {"Nguyễn Văn An": False, "Nguyễn Văn Bốn": True}
    masked = by_code["DL01"].cards[0].id_masked
    assert masked.endswith("7890") and "1234567" not in masked


def test_the_laws_break_is_kept_apart(db, commune):
    """The same cards by the law's 90 days: gap_3m (92), gap_3m1d (93) and gap_90d (90) are
    renewals after the break; gap_88d is not."""
    ch = changes(db, D("2026-09-30"), D("2026-10-31"))
    assert ch.total.renewals == 4
    assert ch.total.renewals_after_break == 3
    assert defs.start_kind(["2026-07-15"], "2026-10-14", 90) == "renewal_after_break"
    assert defs.start_kind(["2026-07-17"], "2026-10-14", 90) == "renewal"


def test_break_is_a_dated_rate(db, commune):
    def names() -> set[str]:
        return {c.person for line in incentive_sheet(db, "2026-10").collectors for c in line.cards}

    set_rate(db, defs.INCENTIVE_BREAK_RATE, D("2026-10-01"), "2")
    assert {"Nguyễn Văn Ba", "Nguyễn Thị Năm", "Nguyễn Thị Sáu"} <= names()   # gaps over 2 months
    assert incentive_sheet(db, "2026-09").break_months == 3   # the old value before the date
    set_rate(db, defs.INCENTIVE_BREAK_RATE, D("2026-10-01"), "4")
    assert "Nguyễn Văn Bốn" not in names()                    # 3 months and a day: under 4


def test_sql_and_python_twins_agree(db, commune):
    cards: dict[int, list[tuple[str, str]]] = {}
    for pid, f, t in db.execute("SELECT person_id, valid_from, valid_to FROM cards"):
        cards.setdefault(pid, []).append((f, t))
    for months in (1, 2, 3, 4, 6):
        rows = db.execute(f"SELECT c.person_id, c.valid_from, {defs.incentive_new_sql('c')} FROM cards c",
                          {"brk_months": months}).fetchall()
        for pid, start, is_new in rows:
            assert bool(is_new) == defs.is_new_for_incentive(cards[pid], start, months), (pid, start, months)


def test_cutoff_clamps_to_month_end():
    assert defs.incentive_cutoff(D("2026-05-31"), 3) == D("2026-02-27")
    assert defs.incentive_cutoff(D("2026-10-01"), 3) == D("2026-06-30")
    assert defs.incentive_cutoff(D("2026-01-15"), 3) == D("2025-10-14")


def test_rate_change_within_the_year(db, commune):
    set_rate(db, "incentive_new_card", D("2026-10-10"), "25000", "Mức mới")
    sheet = incentive_sheet(db, "2026-10")
    amounts = {c.person: c.amount for line in sheet.collectors for c in line.cards}
    assert amounts["Nguyễn Văn An"] == 20000          # started 05/10
    assert amounts["Đỗ Thị Mười Một"] == 25000        # started 20/10
    assert sheet.rate == 25000 and sheet.rate_source == "Mức mới"


def test_bad_month_is_a_user_error():
    with pytest.raises(UserError):
        parse_month("2026-13")
    assert parse_month("10/2026") == (D("2026-10-01"), D("2026-10-31"))
    assert parse_month("2028-02")[1] == D("2028-02-29")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_pdf_text(db, commune, tmp_path):
    path = tmp_path / "thu-lao.pdf"
    path.write_bytes(render_pdf(db, incentive_sheet(db, "2026-10"), doc_date=D("2026-11-05")))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    for expected in ("BẢNG TỔNG HỢP", "tháng 10/2026", "20.000 đ/thẻ", "Trần Văn Trưởng", "Lê Thị Đại Lý",
                     "Nguyễn Văn Bốn", "60.000", "Tổng cộng", "chưa tính thù lao", "Phạm Văn Mười",
                     "NGƯỜI LẬP BIỂU", "KẾ TOÁN", "TRƯỞNG BAN", "********7890", "gián đoạn quá 3 tháng"):
        assert expected in text, expected
    assert "001234567890" not in text
    for absent in ("Nguyễn Văn Ba ", "Nguyễn Thị Năm", "Nguyễn Thị Sáu", "Nguyễn Văn Bảy", "Nguyễn Văn Tám",
                   "Nguyễn Văn Chín"):
        assert absent not in text, absent


def test_workbook_escapes_text(db, commune, tmp_path):
    from openpyxl import load_workbook

    col.add_collector(db, "=cmd", "=HYPERLINK(\"x\")", kind="village_head", village_id=commune["v2"])
    path = write_xlsx(incentive_sheet(db, "2026-10"), tmp_path / "thu-lao.xlsx")
    wb = load_workbook(path)
    summary = [[c.value for c in row] for row in wb.worksheets[0].iter_rows()]
    names = [r[1] for r in summary[4:]]
    assert "=HYPERLINK(\"x\")" in names                 # the village head of Xóm 2, kept as text
    cell = next(c for row in wb.worksheets[0].iter_rows() for c in row if c.value == "=HYPERLINK(\"x\")")
    assert cell.data_type == "s" and cell.quotePrefix
    assert summary[-1][4] == 4 and summary[-1][6] == 80000   # Xóm 2's card now goes to its head
    listed = [r[3] for r in wb.worksheets[1].iter_rows(values_only=True)]
    assert "Phạm Văn Mười" in listed and "Nguyễn Thị Sáu" not in listed


def test_d03ts_collector_column_credits_the_cards(db, tmp_path):
    """Form D03-TS since Decision 490/QĐ-BHXH carries «Mã số nhân viên thu» (column 14): the
    imported cards are credited to that collector; an unknown code falls back to the head."""
    from bhyt_desktop.importing import commit_import, detect_mapping, plan_import, read_table
    from bhyt_desktop.roster.edits import Birth
    from tests.import_helpers import save

    v1 = village(db, "Xóm 1")
    head = col.add_collector(db, "TT01", "Trần Văn Trưởng", kind="village_head", village_id=v1)
    agent = col.add_collector(db, "NV0012", "Lê Thị Thu")
    an = person(db, name="Nguyễn Văn An", bhxh_code="0101234567", birth=Birth(D("1958-03-04")))
    binh = person(db, name="Trần Thị Bình", bhxh_code="0101234568", birth=Birth(D("1962-06-05")))
    rows = [
        ["STT", "Họ và tên", "Mã số BHXH", "Ngày tháng năm sinh", "Giới tính", "Địa chỉ", "Từ tháng",
         "Số tháng", "Mã số nhân viên thu", "Ghi chú"],
        [1, "Nguyễn Văn An", "0101234567", "04/03/1958", "Nam", "Xóm 1", "10/2026", 12, "nv0012", None],
        [2, "Trần Thị Bình", "0101234568", "05/06/1962", "Nữ", "Xóm 1", "10/2026", 12, "KHONGCO", None],
    ]
    table = read_table(save(rows, tmp_path / "d03.xlsx", sheet="D03-TS"))
    mapping = detect_mapping(table, db, "cards").with_group("GD")
    assert mapping.columns["collector"] == 8
    commit_import(db, plan_import(db, table, mapping, "cards", today=D("2026-11-22")))
    card = {pid: cid for pid, cid in db.execute("SELECT person_id, id FROM cards")}
    assert col.credited_collector(db, card[an]).id == agent
    assert col.credited_collector(db, card[binh]).id == head
    sheet = incentive_sheet(db, "2026-10")
    assert {c.code: c.new_cards for c in sheet.collectors} == {"NV0012": 1, "TT01": 1}


def test_workbook_prints_on_a4_with_page_numbers(db, commune, tmp_path):
    from openpyxl import load_workbook

    from tests.test_visit_lists import _prints_on_a4

    wb = load_workbook(write_xlsx(incentive_sheet(db, "2026-10"), tmp_path / "thu-lao.xlsx"))
    summary, cards = wb.worksheets
    _prints_on_a4(summary, landscape=False, header_row=4)
    _prints_on_a4(cards, landscape=True, header_row=1)
    # The rule is one wrapped cell across the table, not a line running off the page.
    assert "A2:G2" in {str(r) for r in summary.merged_cells.ranges}
    assert summary["A2"].alignment.wrap_text
    assert summary.column_dimensions["B"].width >= 20 and summary["G5"].number_format == "#,##0"
