"""The commune export workbook: figures equal `status`, layout, IDs, masking, no formulas."""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile

import openpyxl
import pytest
from export_helpers import ANCHOR, sheet_rows, table
from factories import household, person

from bhyt_desktop.cli import main
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.jobs import Cancelled, Job
from bhyt_desktop.commune import details as cm
from bhyt_desktop.coverage.engine import coverage
from bhyt_desktop.export.periods import period_of
from bhyt_desktop.export.workbook import ExportOptions, default_file_name, export_workbook


def _export(db, path, **kw):
    kw.setdefault("as_of", ANCHOR)
    return export_workbook(db, path, ExportOptions(**kw))


def test_summary_equals_status(demo_db, tmp_path, capsys):
    out = tmp_path / "x.xlsx"
    _export(demo_db, out)
    rows = table(out, "Tổng hợp")
    cov = coverage(demo_db, ANCHOR)
    assert [r["Thôn/xóm"] for r in rows[:-1]] == [v.name for v in cov.villages]
    for r, v in zip(rows[:-1], cov.villages, strict=True):
        assert (r["Dân số"], r["Số người có thẻ BHYT"], r["Chưa tham gia BHYT (dân số − có thẻ)"], r["Còn thiếu để đạt chỉ tiêu"]) == \
            (v.population, v.insured, v.uninsured, v.needed)
        assert r["Tỷ lệ bao phủ"] == pytest.approx(float(v.rate_pct) / 100, abs=1e-9)
    total = rows[-1]
    assert total["Thôn/xóm"] == "Toàn xã"
    # The same figures as the `status` command prints as JSON.
    db_file = demo_db.conn.execute("PRAGMA database_list").fetchone()[2]
    assert main(["status", "--db", db_file, "--as-of", ANCHOR.isoformat(), "--json"]) == 0
    status = json.loads(capsys.readouterr().out)["total"]
    assert total["Dân số"] == status["population"]
    assert total["Số người có thẻ BHYT"] == status["insured"]
    assert total["Chưa tham gia BHYT (dân số − có thẻ)"] == status["uninsured"]
    assert total["Còn thiếu để đạt chỉ tiêu"] == status["needed"]
    assert round(total["Tỷ lệ bao phủ"] * 100, 2) == status["rate_pct"]


def test_groups_sheet_sums(demo_db, tmp_path):
    out = tmp_path / "x.xlsx"
    _export(demo_db, out)
    rows = table(out, "Theo nhóm đối tượng")
    cov = coverage(demo_db, ANCHOR)
    codes = {r["Mã đối tượng"]: r["Số người có thẻ"] for r in rows if r["Mã đối tượng"]}
    assert codes == {g.code: g.insured for g in cov.groups}
    law = {r["Nhóm"]: r["Số người có thẻ"] for r in rows if r["STT"] in ("I", "II", "III", "IV", "V")}
    assert law == cov.by_law_group()
    assert rows[-1]["Đối tượng"] == "Tổng cộng" and rows[-1]["Số người có thẻ"] == cov.total.insured


def test_period_adds_change_columns_and_name(demo_db, tmp_path):
    period = period_of("month", ANCHOR)
    name = default_file_name("99001", ANCHOR, period)
    assert name == "BHYT_99001_2026-M11_2026-11-22.xlsx"
    assert default_file_name("99001", ANCHOR) == "BHYT_99001_2026-11-22.xlsx"
    out = tmp_path / name
    res = _export(demo_db, out, period="month")
    assert res.period.start == dt.date(2026, 11, 1)
    head = [r for r in sheet_rows(out, "Tổng hợp") if r and r[0] == "STT"][0]
    assert "Thẻ mới trong kỳ" in head and "Hết hạn chưa gia hạn" in head
    info = {r[2]: r[1] for r in sheet_rows(out, "Thông tin") if len(r) > 2 and r[2]}
    assert info["period_code"] == "2026-M11" and info["period_start"] == "01/11/2026"
    assert info["as_of"] == "22/11/2026" and info["format_version"] == "2"


def test_layout_prints_well(demo_db, tmp_path):
    out = tmp_path / "x.xlsx"
    _export(demo_db, out, with_lists=True)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Tổng hợp", "Theo nhóm đối tượng", "Không có thẻ còn hạn", "Sắp hết hạn", "Thông tin"]
    for ws in wb.worksheets:
        assert ws.page_setup.paperSize in (9, "9")
        assert ws.page_setup.fitToWidth in (1, "1")
    for name in ("Tổng hợp", "Không có thẻ còn hạn", "Sắp hết hạn"):
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape"
        assert ws.freeze_panes == "A5"
        assert ws.print_title_rows == "$4:$4"
        assert ws.column_dimensions["B"].width >= 15
    ws = wb["Tổng hợp"]
    assert ws["C5"].number_format.endswith("#,##0")
    assert ws["I5"].number_format.endswith("0.00%")
    lst = wb["Không có thẻ còn hạn"]
    dates = [c for c in lst["E"][4:] if isinstance(c.value, dt.datetime)]
    assert dates and all(c.number_format == "dd/mm/yyyy" for c in dates)
    assert all(c.number_format == "@" and c.data_type == "s" for c in lst["H"][4:] if c.value)


def test_lists_only_when_asked(demo_db, tmp_path):
    out = tmp_path / "x.xlsx"
    _export(demo_db, out)
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames == ["Tổng hợp", "Theo nhóm đối tượng", "Thông tin"]
    info = {r[2]: r[1] for r in wb["Thông tin"].iter_rows(values_only=True) if len(r) > 2 and r[2]}
    assert info["personal_data"] == "không"


def _zero_person(db, name="Lê Thị Không"):
    hid = household(db, "Xóm 1", code="H-ZERO")
    return person(db, household_id=hid, name=name, cccd="001234567890", bhxh_code="0012345678")


def test_ids_masked_by_default(db, tmp_path):
    cm.set_commune(db, name="Xã Thử", code="00123")
    _zero_person(db)
    out = tmp_path / "x.xlsx"
    _export(db, out, with_lists=True)
    row = table(out, "Không có thẻ còn hạn")[0]
    assert row["Số CCCD/ĐDCN"] == "********7890"
    assert row["Mã số BHXH"] == "******5678"
    with zipfile.ZipFile(out) as z:
        text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    assert "001234567890" not in text and "0012345678" not in text
    assert "CÓ DỮ LIỆU CÁ NHÂN" in sheet_rows(out, "Không có thẻ còn hạn")[1][0]


def test_full_ids_are_text_with_leading_zeros(db, tmp_path):
    cm.set_commune(db, name="Xã Thử", code="00123")
    _zero_person(db)
    out = tmp_path / "x.xlsx"
    _export(db, out, with_lists=True, full_ids=True)
    wb = openpyxl.load_workbook(out)
    ws = wb["Không có thẻ còn hạn"]
    assert ws["H5"].value == "001234567890" and ws["H5"].data_type == "s"
    assert ws["I5"].value == "0012345678" and ws["I5"].data_type == "s"
    assert ws["C5"].value == "H-ZERO"
    info = {r[2]: r[1] for r in wb["Thông tin"].iter_rows(values_only=True) if len(r) > 2 and r[2]}
    assert info["commune_code"] == "00123" and info["ids"] == "đầy đủ"


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x.example","bấm")', "+84 Nguyễn", "-1 Trần",
                                  "@SUM(A1)"])
def test_formula_like_text_stays_text(db, tmp_path, name):
    cm.set_commune(db, name="Xã Thử", code="00001")
    cm.add_village(db, "=1+1")
    hid = household(db, "=1+1", code="=cmd|' /C calc'!A0")
    person(db, household_id=hid, name=name)
    out = tmp_path / "x.xlsx"
    _export(db, out, with_lists=True)
    with zipfile.ZipFile(out) as z:
        for n in z.namelist():
            if n.startswith("xl/worksheets/"):
                assert "<f>" not in z.read(n).decode() and "<f " not in z.read(n).decode()
    ws = openpyxl.load_workbook(out)["Không có thẻ còn hạn"]
    assert ws["D5"].value == name and ws["D5"].data_type == "s"
    assert ws["B5"].value == "=1+1" and ws["B5"].data_type == "s"
    assert ws["C5"].value == "=cmd|' /C calc'!A0" and ws["C5"].data_type == "s"
    summary = openpyxl.load_workbook(out)["Tổng hợp"]
    assert summary["B5"].value == "=1+1" and summary["B5"].data_type == "s"


def test_needs_commune_code(db, tmp_path):
    with pytest.raises(UserError, match="mã xã"):
        _export(db, tmp_path / "x.xlsx")
    assert not list(tmp_path.glob("*.xlsx*"))


def test_cancel_leaves_nothing(demo_db, tmp_path):
    job = Job()
    job.cancel()
    with pytest.raises(Cancelled):
        export_workbook(demo_db, tmp_path / "x.xlsx", ExportOptions(as_of=ANCHOR, with_lists=True), job)
    assert not [p for p in tmp_path.iterdir() if ".xlsx" in p.name]


def test_progress_reported_for_lists(demo_db, tmp_path):
    seen = []
    job = Job(on_progress=lambda d, t, m: seen.append((d, t, m)))
    res = export_workbook(demo_db, tmp_path / "x.xlsx", ExportOptions(as_of=ANCHOR, with_lists=True), job)
    assert any("không có thẻ còn hạn" in m for _d, _t, m in seen)
    assert res.list_rows["Không có thẻ còn hạn"] == [t for d, t, m in seen if "không có thẻ còn hạn" in m][-1]


def test_bad_output_path(demo_db, tmp_path):
    with pytest.raises(UserError, match=r"\.xlsx"):
        _export(demo_db, tmp_path / "x.csv")
    with pytest.raises(UserError, match="Thư mục"):
        _export(demo_db, tmp_path / "nope" / "x.xlsx")


def test_replaces_existing_file_atomically(demo_db, tmp_path):
    out = tmp_path / "x.xlsx"
    out.write_bytes(b"old")
    _export(demo_db, out)
    assert zipfile.is_zipfile(out)
    assert not [p for p in tmp_path.iterdir() if re.search(r"\.tmp$", p.name)]


def test_list_rows_read_back_exactly(db, tmp_path):
    """The named lists are written by the fast row writer: check every kind of value."""
    from bhyt_desktop.common.text import clean_name
    from bhyt_desktop.export import data
    from bhyt_desktop.roster.edits import Birth

    cm.set_commune(db, name="Xã Thử", code="00001")
    hid = household(db, "Xóm <1> & 2", code="H&1")
    person(db, household_id=hid, name="Đỗ Thị <Bé> & Em", birth=Birth(year=1950), sex="F",
           relation="Mẹ", cccd="000000000123")
    person(db, ("GD", "2025-01-01", "2025-12-31"), household_id=hid, name="Ông  Già",
           birth=Birth(date=dt.date(1931, 2, 28)), sex="M")
    person(db, ("GD", "2026-01-01", "2026-12-10"), household_id=hid, name="Sắp Hết")
    out = tmp_path / "x.xlsx"
    _export(db, out, with_lists=True, full_ids=True)
    expected = [[i, *r] for i, r in enumerate(data.uninsured_rows(db, ANCHOR, full_ids=True), 1)]
    got = [list(r) for r in sheet_rows(out, "Không có thẻ còn hạn")[4:]]

    def norm(row):
        out = [v.date() if isinstance(v, dt.datetime) else (None if v == "" else v) for v in row]
        while out and out[-1] is None:
            out.pop()
        return out
    assert [norm(r) for r in got] == [norm(r) for r in expected]
    by_name = {r[3]: r for r in got}
    assert by_name[clean_name("Đỗ Thị <Bé> & Em")][4] == "1950"
    assert by_name[clean_name("Đỗ Thị <Bé> & Em")][7] == "000000000123"
    assert by_name["Ông Già"][4] == dt.datetime(1931, 2, 28)
    assert by_name["Ông Già"][10] == dt.datetime(2025, 12, 31)
    exp = [list(r) for r in sheet_rows(out, "Sắp hết hạn")[4:]]
    assert exp[0][3] == "Sắp Hết" and exp[0][9] == dt.datetime(2026, 12, 10) and exp[0][10] == 18


def test_every_sheet_leaves_room_for_its_page_footer(db, tmp_path):
    """LibreOffice prints the footer («Trang N / M») inside the bottom margin: it needs at
    least half an inch between the footer line and the table, or its lower half is cut."""
    import openpyxl
    cm.set_commune(db, name="Xã Thử", code="00123")
    _zero_person(db)
    out = tmp_path / "x.xlsx"
    _export(db, out, with_lists=True)
    wb = openpyxl.load_workbook(out)
    printed = [ws for ws in wb.worksheets if ws.oddFooter.center.text]
    assert printed
    for ws in printed:
        m = ws.page_margins
        assert m.bottom - m.footer >= 0.5, ws.title
