"""Door-to-door lists: who is listed (by the card states of coverage/definitions.py), the
household's details and contribution, masked IDs, the PDF read back as text, the workbook."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from bhyt_desktop.campaign.visit_lists import build_lists
from bhyt_desktop.campaign.visit_lists_print import pdf_bytes, write_lists
from bhyt_desktop.cli import main
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.commune import details as cm
from bhyt_desktop.roster import edits as roster
from tests import factories as f

AS_OF = dt.date(2026, 11, 22)
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def pdftotext(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def commune(db):
    """Xóm 1: a household with a lapsed, a never-insured, an insured and an expiring member;
    a near-poor household; Xóm 2: one uninsured person; a committee member following Xóm 2."""
    cm.set_commune(db, name="Xã Nam Toàn")
    v1, v2 = f.village(db, "Xóm 1"), f.village(db, "Xóm 2")
    h1 = roster.add_household(db, "HGD001", v1, address="Số 5, đường Làng", phone="0912345678")
    head = roster.add_person(db, h1, "Trần Văn Hết", birth=roster.Birth(dt.date(1970, 5, 1)),
                             bhxh_code="0123456789", cccd="001070012345")
    roster.update_household(db, h1, head_person_id=head)
    roster.add_card(db, head, "GD", dt.date(2025, 1, 1), dt.date(2025, 12, 31))        # lapsed
    roster.add_person(db, h1, "=Trần Thị Chưa", birth=roster.Birth(dt.date(1995, 2, 1)),
                      bhxh_code="0198765432")                                          # never
    ok = roster.add_person(db, h1, "Trần Văn Cóthẻ", birth=roster.Birth(dt.date(1990, 1, 1)),
                           bhxh_code="0111111111")
    roster.add_card(db, ok, "DN", dt.date(2026, 1, 1), dt.date(2027, 12, 31))          # insured
    soon = roster.add_person(db, h1, "Trần Văn Sắp", birth=roster.Birth(dt.date(1985, 1, 1)))
    roster.add_card(db, soon, "GD", dt.date(2025, 12, 10), dt.date(2026, 12, 9))       # expiring
    h2 = roster.add_household(db, "HGD002", v1, household_type="near_poor")
    roster.add_person(db, h2, "Lê Thị Cận", birth=roster.Birth(dt.date(1980, 1, 1)))
    old = roster.add_person(db, h2, "Lê Văn Già", birth=roster.Birth(dt.date(1955, 1, 1)))
    roster.add_card(db, old, "CN", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    h3 = roster.add_household(db, "HGD003", v2)
    roster.add_person(db, h3, "Phạm Văn Xa", birth=roster.Birth(dt.date(1960, 6, 1)))
    pensioner = roster.add_person(db, h3, "Phạm Thị Hưu", birth=roster.Birth(dt.date(1958, 6, 1)))
    db.execute("UPDATE people SET benefit = 'pension' WHERE id = ?", [pensioner])
    roster.add_card(db, pensioner, "HT", dt.date(2020, 1, 1), dt.date(2030, 12, 31))
    db.execute("INSERT INTO committee_members (id, name, position) VALUES (1, 'Nguyễn Thị Bí Thư', 'Phó Chủ tịch')")
    db.execute("INSERT INTO member_villages VALUES (1, ?)", [v2])
    db.conn.commit()
    return db


def _names(lists) -> list[str]:
    return [p.name for v in lists.villages for h in v.households for p in h.people]


def test_who_is_listed_by_kind(commune):
    db = commune
    assert _names(build_lists(db, kind="uninsured", as_of=AS_OF, village="xom 1")) == [
        "Trần Văn Hết", "=Trần Thị Chưa", "Lê Thị Cận"]
    assert _names(build_lists(db, kind="expiring", as_of=AS_OF, village="Xóm 1")) == [
        "Trần Văn Sắp"]
    assert _names(build_lists(db, kind="expiring", as_of=AS_OF, days=10, village="Xóm 1")) == []
    assert _names(build_lists(db, kind="lapsed", as_of=AS_OF, village="Xóm 1")) == ["Trần Văn Hết"]
    assert "Trần Văn Cóthẻ" not in _names(build_lists(db, kind="all", as_of=AS_OF))
    assert _names(build_lists(db, kind="elderly", as_of=AS_OF)) == ["Lê Văn Già", "Phạm Văn Xa"]
    assert _names(build_lists(db, kind="poor", as_of=AS_OF)) == ["Lê Văn Già", "Lê Thị Cận"]  # oldest first
    assert _names(build_lists(db, as_of=AS_OF, member="nguyen thi bi thu")) == ["Phạm Văn Xa"]
    with pytest.raises(UserError, match="Không có thành viên"):
        build_lists(db, as_of=AS_OF, member="Ai Đó")
    with pytest.raises(UserError, match="Không có thôn"):
        build_lists(db, as_of=AS_OF, village="Xóm 9")


def test_households_carry_their_details_and_what_they_would_pay(commune):
    lists = build_lists(commune, kind="all", as_of=AS_OF, village="Xóm 1")
    h1, h2 = lists.villages[0].households
    assert (h1.code, h1.head, h1.address, h1.phone, h1.household_type) == (
        "HGD001", "Trần Văn Hết", "Số 5, đường Làng", "0912345678", "other")
    # the DN card holder is out of the tiers: head 1st, the never-insured 2nd, the expiring 3rd
    # (in birth order after the head), at the base salary of 2,530,000 for 12 months
    assert [(p.name, p.amount) for p in h1.people] == [
        ("Trần Văn Hết", 1_366_200), ("Trần Văn Sắp", 956_340), ("=Trần Thị Chưa", 819_720)]
    assert h1.amount == 3_142_260
    # near-poor: 30% of 113,850 a month, no top-up entered
    assert [(p.name, p.amount) for p in h2.people] == [("Lê Thị Cận", 34_155 * 12)]
    assert lists.amount == 3_142_260 + 409_860


def test_pdf_lists_the_uninsured_not_the_insured_with_ids_masked(commune, tmp_path):
    out = tmp_path / "xom1.pdf"
    write_lists(commune, build_lists(commune, as_of=AS_OF, village="Xóm 1"), out)
    text = pdftotext(out)
    for expected in ("DANH SÁCH HỘ GIA ĐÌNH CẦN VẬN ĐỘNG THAM GIA BHYT", "Xóm 1", "22/11/2026",
                     "Trần Văn Hết", "=Trần Thị Chưa", "Hộ HGD001", "Chủ hộ: Trần Văn Hết",
                     "Số 5, đường Làng", "0912345678", "Hộ cận nghèo", "Hết hạn", "Chưa từng có thẻ",
                     "31/12/2025", "******6789", "1.366.200 đ", "Đã vận", "Ghi chú", "TRƯỞNG THÔN",
                     "TÀI LIỆU CÓ THÔNG TIN CÁ NHÂN", "Cộng Xóm 1: 2 hộ, 3 người"):
        assert expected in text, expected
    assert "Trần Văn Cóthẻ" not in text and "Trần Văn Sắp" not in text
    assert "0123456789" not in text and "0198765432" not in text
    write_lists(commune, build_lists(commune, as_of=AS_OF, village="Xóm 1"), out, show_ids=True)
    assert "0123456789" in pdftotext(out)


def test_every_village_on_its_own_page_and_totals_at_the_end(commune, tmp_path):
    out = tmp_path / "all.pdf"
    write_lists(commune, build_lists(commune, as_of=AS_OF), out)
    pages = pdftotext(out).split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) == 3
    assert "Xóm 1 — tính đến" in pages[0] and "Phạm Văn Xa" not in pages[0]
    assert "Xóm 2 — tính đến" in pages[1] and "Phạm Văn Xa" in pages[1]
    assert "TỔNG HỢP" in pages[2] and "Tổng cộng" in pages[2]
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    assert "Helvetica" not in fonts          # only the embedded Vietnamese serif


def test_an_empty_list_says_so(commune):
    commune.execute("DELETE FROM cards")
    lists = build_lists(commune, kind="expiring", as_of=AS_OF, village="Xóm 2")
    assert lists.people == 0
    assert b"%PDF" in pdf_bytes(commune, lists)[:8]


def test_workbook_rows_and_formula_like_text_stays_text(commune, tmp_path):
    out = tmp_path / "ds.xlsx"
    write_lists(commune, build_lists(commune, as_of=AS_OF), out)
    ws = load_workbook(out)["Danh sách vận động"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=5)]
    assert [r[7] for r in rows] == ["Trần Văn Hết", "=Trần Thị Chưa", "Lê Thị Cận", "Phạm Văn Xa"]
    chua = next(c for c in ws[6] if c.value == "=Trần Thị Chưa")
    assert chua.data_type == "s"
    assert rows[0][:6] == ["Xóm 1", "HGD001", "Trần Văn Hết", "Số 5, đường Làng", "0912345678", "Hộ gia đình"]
    assert rows[0][12] == "******6789" and rows[0][13] == 1_366_200
    summary = [[c.value for c in r] for r in load_workbook(out)["Tổng hợp"].iter_rows()]
    assert summary[-1][:3] == ["Tổng cộng", 3, 4]


def test_cli_lists(commune, db_path, tmp_path, capsys):
    out = tmp_path / "m.pdf"
    assert main(["lists", "--db", str(db_path), "--member", "Nguyễn Thị Bí Thư", "--as-of", "22/11/2026",
                 "-o", str(out)]) == 0
    assert "1 thôn/xóm, 1 hộ, 1 người" in capsys.readouterr().out
    assert "Phạm Văn Xa" in pdftotext(out)
    assert main(["lists", "--db", str(db_path), "--all", "-o", str(tmp_path / "x.csv")]) == 1
    assert ".pdf hoặc .xlsx" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()
    assert main(["lists", "--db", str(db_path), "--village", "Xóm 1", "--member", "X", "-o", str(out)]) == 2


def test_long_village_pages_keep_households_whole_with_headings_and_progress(db, tmp_path):
    from bhyt_desktop.common.jobs import Cancelled, Job
    cm.set_commune(db, name="Xã Dài")
    vid = f.village(db, "Xóm Dài")
    for i in range(70):
        hid = roster.add_household(db, f"HD{i:03d}", vid, address=f"Số {i}")
        for k in range(1 + i % 4):
            roster.add_person(db, hid, f"Người {i:03d}-{k}", birth=roster.Birth(dt.date(1980 + k, 1, 1)))
    lists = build_lists(db, as_of=AS_OF)
    steps = []
    out = tmp_path / "dai.pdf"
    write_lists(db, lists, out, job=Job(lambda d, t, m: steps.append((d, t))))
    pages = [p for p in pdftotext(out).split("\f") if p.strip()]
    assert len(pages) >= 4
    for i in range(70):
        where = [n for n, p in enumerate(pages) if f"Hộ HD{i:03d}" in p]
        assert len(where) == 1
        assert all(f"Người {i:03d}-{k}" in pages[where[0]] for k in range(1 + i % 4))
    assert all("Họ và tên" in p for p in pages)        # the column headings on every page
    assert steps[-1][0] == steps[-1][1] and len(steps) >= len(pages)
    job = Job()
    job.cancel()
    with pytest.raises(Cancelled):
        write_lists(db, lists, tmp_path / "no.pdf", job=job)
    assert not (tmp_path / "no.pdf").exists()


def _prints_on_a4(ws, *, landscape: bool, header_row: int) -> None:
    """A4, fit to one page wide, heading repeated on every page, «Trang N / M» at the foot."""
    ps = ws.page_setup
    assert ps.paperSize == 9 and ps.orientation == ("landscape" if landscape else "portrait")
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ps.fitToWidth == 1 and ps.fitToHeight == 0
    assert ws.print_title_rows == f"${header_row}:${header_row}"
    assert ws.oddFooter.center.text == "Trang &P / &N"
    assert ws.page_margins.bottom - ws.page_margins.footer >= 0.5     # the footer whole in LibreOffice


def test_workbook_prints_on_a4_with_page_numbers(commune, tmp_path):
    out = tmp_path / "ds.xlsx"
    write_lists(commune, build_lists(commune, as_of=AS_OF), out)
    wb = load_workbook(out)
    _prints_on_a4(wb["Danh sách vận động"], landscape=True, header_row=4)
    _prints_on_a4(wb["Tổng hợp"], landscape=False, header_row=1)
    assert wb["Danh sách vận động"].cell(5, 14).number_format == "#,##0"
