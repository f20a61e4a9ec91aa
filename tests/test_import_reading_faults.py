"""Spreadsheets that used to be read wrongly or to exhaust memory: hidden sheets, the 1904
date system, error cells, broken CSV quoting, huge cells, files that claim huge sizes, and
control characters in names and IDs. Every file here is small."""

from __future__ import annotations

import csv
import datetime as dt
import re
import zipfile

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from bhyt_desktop.cli import main
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.text import clean_name, digits_only
from bhyt_desktop.importing import detect_mapping, guard, plan_import, read_table
from bhyt_desktop.importing.reading import list_sheets

HEADER = ["Họ và tên", "Ngày sinh", "Giới tính", "Thôn"]


def _book(path, rows, **kw):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = kw.get("title", "DS")
    for r in rows:
        ws.append(r)
    return wb, ws


def _patch_sheet(src, dst, change):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = change(data.decode()).encode()
            zout.writestr(item, data)


def test_hidden_and_very_hidden_sheets_are_skipped_and_named(tmp_path, capsys, db_path):
    wb, ws = _book(None, [])
    ws.title = "Ẩn"
    ws.append(HEADER)
    ws.append(["Người Ẩn", "01/01/1990", "Nam", "Xóm 1"])
    ws.sheet_state = "hidden"
    v = wb.create_sheet("Rất ẩn")
    v.append(HEADER)
    v.append(["Người Rất Ẩn", "01/01/1990", "Nam", "Xóm 1"])
    v.sheet_state = "veryHidden"
    shown = wb.create_sheet("Danh sách")
    shown.append(HEADER)
    shown.append(["Nguyễn Văn Thấy", "01/01/1990", "Nam", "Xóm 1"])
    wb.active = 2
    path = tmp_path / "an.xlsx"
    wb.save(path)
    assert list_sheets(path) == ["Danh sách"]
    t = read_table(path)
    assert t.sheet == "Danh sách" and t.hidden_sheets == ["Ẩn", "Rất ẩn"]
    assert main(["import", "roster", str(path), "--db", str(db_path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Bỏ qua 2 trang ẩn: «Ẩn», «Rất ẩn»" in out


def test_1904_workbooks_give_the_dates_shown(tmp_path, db):
    wb, ws = _book(None, [HEADER])
    wb.epoch = CALENDAR_MAC_1904
    ws.append(["Nguyễn Văn Một", dt.date(1990, 5, 17), "Nam", "Xóm 1"])     # a date cell
    ws.append(["Nguyễn Văn Hai", dt.date(1991, 6, 18), "Nam", "Xóm 1"])
    ws["B3"].number_format = "General"                                        # shown as a number
    path = tmp_path / "mac.xlsx"
    wb.save(path)
    t = read_table(path)
    assert t.date1904
    plan = plan_import(db, t, detect_mapping(t, db, "roster"), "roster")
    assert sorted(p.record.birth_date for p in plan.new_people) == ["1990-05-17", "1991-06-18"]


@pytest.mark.parametrize("error", ["#SPILL!", "#CALC!", "#FIELD!", "#N/A", "#BLOCKED!"])
def test_an_error_cell_is_read_as_empty_and_named(tmp_path, error):
    wb, ws = _book(None, [HEADER, ["Nguyễn Văn Một", "01/01/1990", "Nam", "Xóm 1"],
                          ["Nguyễn Văn Hai", "LOI", "Nam", "Xóm 1"]])
    src = tmp_path / "src.xlsx"
    wb.save(src)
    path = tmp_path / "loi.xlsx"
    _patch_sheet(src, path, lambda x: re.sub(r'<c r="B3"([^>]*) t="\w+"><is><t>LOI</t></is></c>',
                                             f'<c r="B3"\\1 t="e"><f>SORT(A1:A9)</f><v>{error}</v></c>', x))
    t = read_table(path)
    assert t.rows[2][:2] == ["Nguyễn Văn Hai", ""]
    assert t.rows[1][0] == "Nguyễn Văn Một"
    assert any("B3" in w and error in w for w in t.warnings)


def _csv(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_csv_with_an_unbalanced_quote_names_its_line(tmp_path):
    lines = [";".join(HEADER)] + [f"Người {i};01/01/1990;Nam;Xóm 1" for i in range(3)]
    lines.append('"Người Lỗi;01/01/1990;Nam;Xóm 1')
    lines += [f"Người {i};01/01/1990;Nam;Xóm 1" for i in range(3, 40)]
    with pytest.raises(UserError, match=r"dòng 5: có dấu ngoặc kép"):
        read_table(_csv(tmp_path / "q.csv", lines))


def test_csv_cell_over_the_field_limit_is_a_clear_message(tmp_path, db_path, capsys):
    path = tmp_path / "dai.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(HEADER)
        w.writerow(["Người Một", "01/01/1990", "Nam", "Xóm 1"])
        w.writerow(["x" * (csv.field_size_limit() + 10), "01/01/1990", "Nam", "Xóm 1"])
    with pytest.raises(UserError, match=r"dòng 3: một ô dài hơn 131\.072 ký tự"):
        read_table(path)
    assert main(["import", "roster", str(path), "--db", str(db_path), "--dry-run"]) == 1
    assert "không mong muốn" not in capsys.readouterr().err


def test_a_stray_cell_far_away_is_refused_before_it_is_loaded(tmp_path):
    wb, ws = _book(None, [HEADER, ["Nguyễn Văn Một", "01/01/1990", "Nam", "Xóm 1"]])
    ws.cell(row=5000, column=16384, value="x")     # XFD5000: 82 million cells as a grid
    path = tmp_path / "xa.xlsx"
    wb.save(path)
    with pytest.raises(UserError, match=r"đến ô XFD5000 .*quá giới hạn 10\.000\.000 ô"):
        read_table(path)


def test_a_stated_dimension_costs_nothing(tmp_path):
    wb, ws = _book(None, [HEADER, ["Nguyễn Văn Một", "01/01/1990", "Nam", "Xóm 1"]])
    src = tmp_path / "src.xlsx"
    wb.save(src)
    path = tmp_path / "dim.xlsx"
    _patch_sheet(src, path, lambda x: x.replace("<sheetData>", "", 0).replace(
        "<sheetViews>", '<dimension ref="A1:XFD1048576"/><sheetViews>', 1))
    assert len(read_table(path).rows) == 2


def _ods(path, body):
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="DS">{body}</table:table>'
               '</office:spreadsheet></office:body></office:document-content>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                   'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                   '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/'
                   'vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
                   'manifest:media-type="text/xml"/></manifest:manifest>')
    return path


def _cell(text, rep=1):
    extra = f' table:number-columns-repeated="{rep}"' if rep > 1 else ""
    return f'<table:table-cell office:value-type="string"{extra}><text:p>{text}</text:p></table:table-cell>'


def _row(cells, rep=1):
    extra = f' table:number-rows-repeated="{rep}"' if rep > 1 else ""
    return f"<table:table-row{extra}>{cells}</table:table-row>"


def test_an_ods_with_repeated_rows_is_refused_not_expanded(tmp_path):
    body = _row("".join(_cell(h) for h in HEADER)) + _row(_cell("x", 1024), rep=1_048_000)
    path = _ods(tmp_path / "lap.ods", body)
    assert path.stat().st_size < 2000
    with pytest.raises(UserError, match="quá giới hạn"):
        read_table(path)


def test_an_ods_with_empty_repeated_rows_reads_normally(tmp_path):
    body = (_row("".join(_cell(h) for h in HEADER)) + _row("".join(_cell(v) for v in
            ["Nguyễn Văn Một", "01/01/1990", "Nam", "Xóm 1"]))
            + _row('<table:table-cell table:number-columns-repeated="1024"/>', rep=1_048_000))
    t = read_table(_ods(tmp_path / "ok.ods", body))
    assert t.rows[1][0] == "Nguyễn Văn Một" and len(t.rows) == 2


def test_the_limit_is_checked_on_rows_times_columns():
    guard.check_size("S", "f.xlsx", 10_000, 1_000)
    with pytest.raises(UserError, match="XFD5000"):
        guard.check_size("S", "f.xlsx", 5000, 16384)


def test_map_to_a_column_outside_the_table_is_refused(tmp_path, db_path, capsys):
    path = _csv(tmp_path / "m.csv", [";".join(HEADER), "Nguyễn Văn Một;01/01/1990;Nam;Xóm 1"])
    assert main(["import", "roster", str(path), "--db", str(db_path), "--dry-run", "--map", "cccd=ZZZZ"]) == 1
    assert "nằm ngoài bảng" in capsys.readouterr().err
    assert main(["import", "roster", str(path), "--db", str(db_path), "--dry-run", "--map", "cccd=XFD"]) == 1


@pytest.mark.parametrize("raw, clean", [
    ("Nguyễn\x00Văn An", "Nguyễn Văn An"),
    ("\u202eNguyễn Văn An", "Nguyễn Văn An"),
    ("Trần Thị\u2066 Bình\u2069", "Trần Thị Bình"),
    ("Lê\u200fVăn\u200e Cường\x7f", "LêVăn Cường"),
    ("Phạm\x1bVăn\x85Dũng", "Phạm Văn Dũng"),
])
def test_control_and_bidi_characters_never_reach_names(raw, clean):
    assert clean_name(raw) == clean


def test_control_and_bidi_characters_never_reach_ids():
    assert digits_only("\u202e001099001234") == "001099001234"
    assert digits_only("00109900123\x004") == "001099001234"


def test_control_characters_are_not_stored(tmp_path, db):
    path = _csv(tmp_path / "c.csv", [";".join(HEADER), "Nguyễn\u202eVăn\x01An;01/01/1990;Nam;Xóm 1"])
    t = read_table(path)
    plan = plan_import(db, t, detect_mapping(t, db, "roster"), "roster")
    names = [r.name for r in plan.rows if r.name]
    assert names == ["NguyễnVăn An"]
