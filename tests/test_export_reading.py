"""Reading an export back: checksum as documented, tamper detection, refusals."""

from __future__ import annotations

import datetime as dt
import shutil

import openpyxl
import pytest
from export_helpers import ANCHOR, demo_commune, documented_checksum, export_commune

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.export.format import canonical, checksum_of
from bhyt_desktop.export.periods import period_of
from bhyt_desktop.export.reading import read_export


@pytest.fixture(scope="module")
def commune_db(tmp_path_factory):
    return demo_commune(tmp_path_factory.mktemp("xa"), "27001", seed=3, people=400)


@pytest.fixture
def export_file(commune_db, tmp_path):
    return export_commune(commune_db, tmp_path / "BHYT_27001.xlsx", period="week", with_lists=True)


def test_checksum_follows_the_documentation(export_file):
    recorded, recomputed = documented_checksum(export_file)
    assert len(recorded) == 64 and recorded == recomputed
    f = read_export(export_file)
    assert f.checksum_ok and f.recorded_sha256 == recorded
    assert f.commune_code == "27001" and f.as_of == ANCHOR and f.period_code == "2026-W47"
    assert f.total["insured"] == sum(v["insured"] for v in f.villages)


def test_canonical_values():
    assert canonical(4591) == canonical(4591.0) == "4591"
    assert canonical(0.8691) == "0.8691" and canonical(-0.0) == "0"
    assert canonical(dt.date(2026, 1, 5)) == canonical(dt.datetime(2026, 1, 5)) == "2026-01-05"
    assert canonical(None) == canonical("") == ""
    assert checksum_of([("A", [[1, None, ""], [], ["x"]])]) == checksum_of([("A", [[1.0], ["x", None]])])


def test_resaved_unchanged_still_verifies(export_file, tmp_path):
    copy = tmp_path / "resaved.xlsx"
    openpyxl.load_workbook(export_file).save(copy)
    assert read_export(copy).checksum_ok


@pytest.mark.parametrize("sheet, cell, value", [
    ("Tổng hợp", "F5", 999),                 # a figure
    ("Không có thẻ còn hạn", "D5", "Người Khác"),     # a name in a list
    ("Thông tin", "B7", "99999"),            # the commune code
    ("Theo nhóm đối tượng", "E6", 0),
])
def test_tampering_is_detected(export_file, tmp_path, sheet, cell, value):
    wb = openpyxl.load_workbook(export_file)
    wb[sheet][cell] = value
    out = tmp_path / "sua.xlsx"
    wb.save(out)
    f = read_export(out)
    assert not f.checksum_ok
    assert documented_checksum(out)[0] != documented_checksum(out)[1]


def test_added_sheet_is_detected(export_file, tmp_path):
    wb = openpyxl.load_workbook(export_file)
    wb.create_sheet("Ghi chú")["A1"] = "thêm"
    wb.save(tmp_path / "x.xlsx")
    assert not read_export(tmp_path / "x.xlsx").checksum_ok


def test_not_our_export(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Bảng của người khác"
    wb.save(tmp_path / "khac.xlsx")
    with pytest.raises(UserError, match="không phải tệp xuất của BHYT Desktop"):
        read_export(tmp_path / "khac.xlsx")
    (tmp_path / "hong.xlsx").write_text("không phải zip")
    with pytest.raises(UserError, match="không phải tệp xuất"):
        read_export(tmp_path / "hong.xlsx")
    with pytest.raises(UserError, match=r"\.xlsx"):
        read_export(tmp_path / "a.csv")


def test_unknown_format_version(export_file, tmp_path):
    wb = openpyxl.load_workbook(export_file)
    ws = wb["Thông tin"]
    for row in ws.iter_rows():
        if row[2].value == "format_version":
            row[1].value = "7"
    wb.save(tmp_path / "v7.xlsx")
    with pytest.raises(UserError, match="phiên bản định dạng «7»"):
        read_export(tmp_path / "v7.xlsx")


def test_missing_file(tmp_path):
    with pytest.raises(UserError):
        read_export(tmp_path / "khong_co.xlsx")


def test_periods():
    d = dt.date(2026, 11, 22)   # a Sunday
    assert period_of("week", d).start == dt.date(2026, 11, 16) and period_of("week", d).code == "2026-W47"
    assert period_of("month", d).code == "2026-M11"
    assert period_of("quarter", d).start == dt.date(2026, 10, 1) and period_of("quarter", d).code == "2026-Q04"
    assert period_of("half", d).start == dt.date(2026, 7, 1) and period_of("half", d).code == "2026-H02"
    assert period_of("year", d).start == dt.date(2026, 1, 1) and period_of("year", d).end == d
    assert period_of("half", dt.date(2026, 3, 1)).label.startswith("6 tháng đầu năm 2026")
    assert period_of("week", d).label == "Tuần 47 năm 2026 (16/11/2026 – 22/11/2026)"
    with pytest.raises(UserError):
        period_of("fortnight", d)


def test_copy_keeps_checksum(export_file, tmp_path):
    shutil.copy(export_file, tmp_path / "copy.xlsx")
    assert read_export(tmp_path / "copy.xlsx").checksum_ok


def test_documented_snippet_verifies(export_file, tmp_path):
    """The Python snippet in docs/export-format.md works as printed."""
    import re
    from pathlib import Path
    doc = (Path(__file__).resolve().parent.parent / "docs" / "export-format.md").read_text("utf-8")
    ns: dict = {}
    exec(re.search(r"```python\n(.*?)```", doc, re.S).group(1), ns)
    assert ns["verify"](export_file) is True
    wb = openpyxl.load_workbook(export_file)
    wb["Tổng hợp"]["C5"] = 1
    wb.save(tmp_path / "sua.xlsx")
    assert ns["verify"](tmp_path / "sua.xlsx") is False
