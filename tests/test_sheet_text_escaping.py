"""Text that looks like a formula stays text in every workbook we write, and the personal
data of a write never stays in a temp folder."""

from __future__ import annotations

import csv
import os
import tempfile
import zipfile

import openpyxl
import pytest
from export_helpers import ANCHOR
from factories import household, person
from python_calamine import CalamineWorkbook

from bhyt_desktop.common.scratch import scratch_file, sweep
from bhyt_desktop.common.sheet_text import needs_quote
from bhyt_desktop.commune import details as cm
from bhyt_desktop.export import sheets as export_sheets
from bhyt_desktop.export.consolidate import check_files, combine, write_consolidation
from bhyt_desktop.export.reading import read_export
from bhyt_desktop.export.workbook import ExportOptions, export_workbook
from bhyt_desktop.importing import detect_mapping, plan_import, read_table, write_rejects

DANGEROUS = ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)",
             "\tTab đầu", "\rCR đầu"]


def _no_formulas(path):
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            if n.startswith("xl/worksheets/"):
                xml = z.read(n).decode()
                assert "<f>" not in xml and "<f " not in xml, n


def _quoted(path, sheet, text):
    """The cell holding ``text`` is a string cell with the quote prefix."""
    wb = openpyxl.load_workbook(path)
    for row in wb[sheet].iter_rows():
        for c in row:
            if c.value == text or (isinstance(c.value, str) and text.strip() and c.value.strip() == text.strip()):
                assert c.data_type == "s", (text, c.data_type)
                assert c.quotePrefix, text
                return
    raise AssertionError(f"{text!r} not found")


@pytest.mark.parametrize("text", DANGEROUS + ["=1", "Nguyễn Văn An"])
def test_needs_quote(text):
    assert needs_quote(text) == (text[0] in "=+-@\t\r")


def test_rejects_workbook_keeps_formula_like_names_as_text(db, tmp_path):
    src = tmp_path / "ds.csv"
    with open(src, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["Họ và tên", "Ngày sinh", "Giới tính", "Thôn"])
        for name in DANGEROUS:
            w.writerow([name, "99/99/1999", "Nam", "Xóm 1"])
    table = read_table(src)
    plan = plan_import(db, table, detect_mapping(table, db, "roster"), "roster")
    out = tmp_path / "loai.xlsx"
    assert write_rejects(plan, out) == len(DANGEROUS)
    _no_formulas(out)
    for name in DANGEROUS[:5]:
        _quoted(out, "Dòng bị loại", name)
    # read back (what a re-import sees): exactly the text, no apostrophe added
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    names = [r[0] for r in rows[1:]]
    assert names[:5] == DANGEROUS[:5]
    assert [n.strip() for n in names[5:]] == [n.strip() for n in DANGEROUS[5:]]


def _export_with(db, tmp_path, name, commune="=1+1 Xã"):
    cm.set_commune(db, name=commune, code="00001", upper_name="+Huyện")
    cm.add_village(db, "@Xóm")
    hid = household(db, "@Xóm", code="-H1")
    person(db, household_id=hid, name=name)
    out = tmp_path / f"x{abs(hash(name)) % 1000}.xlsx"
    export_workbook(db, out, ExportOptions(as_of=ANCHOR, with_lists=True))
    return out


@pytest.mark.parametrize("name", DANGEROUS[:5])
def test_export_reads_back_its_own_text(db, tmp_path, name):
    out = _export_with(db, tmp_path, name)
    _no_formulas(out)
    _quoted(out, "Không có thẻ còn hạn", name)
    _quoted(out, "Tổng hợp", "@Xóm")
    f = read_export(out)
    assert f.checksum_ok
    assert f.commune_name == "=1+1 Xã" and f.info["upper_name"] == "+Huyện"
    assert [v["village"] for v in f.villages] == ["@Xóm"]


def test_consolidation_keeps_formula_like_names_as_text(db, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    _export_with(db, src, "An", commune="=HYPERLINK(\"http://x\",\"y\")")
    combined = combine(check_files([src]))
    out = tmp_path / "tong.xlsx"
    write_consolidation(combined, out)
    _no_formulas(out)
    _quoted(out, "Tổng hợp", '=HYPERLINK("http://x","y")')
    assert read_export(out, allow_consolidated=True).checksum_ok


def _leftovers(folder):
    return [p.name for p in folder.iterdir() if p.name.startswith(".~") or "bhyt_rows_" in p.name]


def _system_temp():
    return {p for p in os.listdir(tempfile.gettempdir()) if p.startswith(("bhyt_rows_", "openpyxl."))}


def test_export_failing_midway_leaves_no_personal_data(db, tmp_path, monkeypatch):
    cm.set_commune(db, name="Xã Thử", code="00001")
    hid = household(db, "Xóm 1", code="H1")
    for i in range(5):
        person(db, household_id=hid, name=f"Người {i}", cccd=f"00109900{i:04d}")
    before = _system_temp()
    calls = {"n": 0}
    real = export_sheets.BulkRows.row

    def failing(self, values):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        return real(self, values)

    monkeypatch.setattr(export_sheets.BulkRows, "row", failing)
    with pytest.raises(OSError):
        export_workbook(db, tmp_path / "x.xlsx", ExportOptions(as_of=ANCHOR, with_lists=True, full_ids=True))
    assert _leftovers(tmp_path) == [] and not (tmp_path / "x.xlsx").exists()
    assert _system_temp() <= before


def test_export_splice_failing_leaves_nothing(db, tmp_path, monkeypatch):
    cm.set_commune(db, name="Xã Thử", code="00001")
    hid = household(db, "Xóm 1", code="H1")
    person(db, household_id=hid, name="An", cccd="001099001234")

    def broken(xlsx, bulk):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_sheets, "_splice", broken)
    with pytest.raises(OSError):
        export_workbook(db, tmp_path / "x.xlsx", ExportOptions(as_of=ANCHOR, with_lists=True, full_ids=True))
    assert _leftovers(tmp_path) == []


def test_rows_are_written_beside_the_target_not_in_temp(db, tmp_path, monkeypatch):
    cm.set_commune(db, name="Xã Thử", code="00001")
    hid = household(db, "Xóm 1", code="H1")
    person(db, household_id=hid, name="An", cccd="001099001234")
    seen = []
    real = export_sheets.BulkRows.__init__

    def spy(self, *a, **k):
        real(self, *a, **k)
        seen.append(self.tmp)

    monkeypatch.setattr(export_sheets.BulkRows, "__init__", spy)
    export_workbook(db, tmp_path / "x.xlsx", ExportOptions(as_of=ANCHOR, with_lists=True))
    assert seen and all(os.path.dirname(p) == str(tmp_path) for p in seen)
    assert _leftovers(tmp_path) == []


def test_a_killed_runs_scratch_files_are_removed_by_the_next_run(db, tmp_path):
    # A run killed mid-way (no exit path ran) left its rows beside the target.
    dead = tmp_path / ".~bhyt-999999999-0a1b2c.rows.xml.tmp"
    dead.write_text("<row><c><is><t>001099001234</t></is></c></row>")
    mine = scratch_file(tmp_path, "rows", ".xml")   # this live process's: kept
    other = tmp_path / "notes.tmp"
    other.write_text("user file")
    cm.set_commune(db, name="Xã Thử", code="00001")
    export_workbook(db, tmp_path / "x.xlsx", ExportOptions(as_of=ANCHOR))
    assert not dead.exists() and mine.exists() and other.exists()
    mine.unlink()
    dead.write_text("x")
    assert sweep(tmp_path) == [dead]


def test_this_runs_scratch_files_survive_a_clock_set_ahead(tmp_path):
    # A laptop whose clock jumps ahead (or a run under a faked clock) makes every file look
    # old: the run's own scratch files are still in use and must not be swept away.
    mine = scratch_file(tmp_path, "rows", ".xml")
    year_ago = mine.stat().st_mtime - 366 * 24 * 3600
    os.utime(mine, (year_ago, year_ago))
    assert sweep(tmp_path) == [] and mine.exists()
