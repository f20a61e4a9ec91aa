"""The one-page consolidation summary PDF (official layout from reports.official)."""

from __future__ import annotations

import io

import pytest
from export_helpers import ANCHOR, demo_commune, export_commune
from pypdf import PdfReader

from bhyt_desktop.cli import main
from bhyt_desktop.common.formats import fmt_int
from bhyt_desktop.commune import details as cm
from bhyt_desktop.export.consolidate import check_files, combine
from bhyt_desktop.export.summary_pdf import SummaryOptions, render_summary, write_summary_pdf
from bhyt_desktop.export.workbook import ExportOptions, export_workbook
from bhyt_desktop.store import open_db


@pytest.fixture(scope="module")
def many_files(tmp_path_factory):
    """40 commune files (one demo commune exported under 40 codes)."""
    folder = tmp_path_factory.mktemp("many")
    db_path = demo_commune(folder, "50000", seed=5, people=200)
    out = folder / "files"
    out.mkdir()
    db = open_db(db_path)
    for i in range(40):
        cm.set_commune(db, code=f"{50000 + i}", name=f"Xã Số {i + 1:02d}")
        export_workbook(db, out / f"BHYT_{50000 + i}.xlsx", ExportOptions(as_of=ANCHOR))
    db.close()
    return sorted(out.iterdir())


def _text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(p.extract_text() for p in reader.pages)


def test_few_communes_all_listed(tmp_path):
    files = []
    for i, code in enumerate(["61001", "61002", "61003"]):
        db = demo_commune(tmp_path, code, seed=60 + i, people=150, name=f"Xã Đông Phước {i}")
        files.append(export_commune(db, tmp_path / f"{code}.xlsx"))
    data = combine(check_files(files))
    opts = SummaryOptions(place="An Hòa", doc_date=ANCHOR)
    pages, text = _text(render_summary(data, opts, operator="Lê Thị Hồng"))
    assert pages == 1
    for i in range(3):
        assert f"Xã Đông Phước {i}" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "BÁO CÁO" in text
    assert "Cộng 3 xã" in text and fmt_int(data.total["insured"]) in text
    assert "An Hòa, ngày 22 tháng 11 năm 2026" in text
    assert "Người lập: Lê Thị Hồng" in text


def test_many_communes_stay_on_one_page(many_files, tmp_path):
    data = combine(check_files(many_files))
    out = write_summary_pdf(data, tmp_path / "tom_tat.pdf")
    pages, text = _text(out.read_bytes())
    assert pages == 1
    assert "Cộng 40 xã" in text and "tỷ lệ bao phủ thấp nhất" in text
    assert fmt_int(data.total["population"]) in text
    fonts = {f for p in PdfReader(out).pages for f in
             (p["/Resources"]["/Font"][k]["/BaseFont"] for k in p["/Resources"]["/Font"])}
    assert not any("Helvetica" in f or "Times-Roman" in f for f in fonts)


def test_cli_writes_pdf(many_files, tmp_path, capsys):
    out = tmp_path / "tong.xlsx"
    pdf = tmp_path / "tong.pdf"
    assert main(["consolidate", str(many_files[0].parent), "-o", str(out), "--pdf", str(pdf)]) == 0
    assert "Đã ghi bản tóm tắt" in capsys.readouterr().out
    assert _text(pdf.read_bytes())[0] == 1


def test_the_date_line_names_the_place_and_place_names_stay_whole(tmp_path):
    files = []
    for i, code in enumerate(["62001", "62002"]):
        db = demo_commune(tmp_path, code, seed=70 + i, people=120, name=f"Xã Nam Toàn {i}")
        files.append(export_commune(db, tmp_path / f"{code}.xlsx"))
    data = combine(check_files(files))
    assert data.unit_name == "Bảo hiểm xã hội cơ sở An Hòa"       # the demo's upper level
    _pages, text = _text(render_summary(data, SummaryOptions(doc_date=ANCHOR)))
    assert "An Hòa, ngày 22 tháng 11 năm 2026" in text            # no place given: the unit's
    assert "AN HÒA" in text and "AN\nHÒA" not in text


def test_a_unit_name_never_breaks_inside_its_place_name():
    from bhyt_desktop.reports.fonts import register_family
    from bhyt_desktop.reports.official import HEADER_LEFT, split_unit_name
    f = register_family()
    for name in ("BẢO HIỂM XÃ HỘI CƠ SỞ AN HÒA", "ỦY BAN NHÂN DÂN XÃ NAM TOÀN"):
        lines = split_unit_name(name, f.bold, 13, HEADER_LEFT - 6)
        assert len(lines) == 2 and lines[-1] in ("CƠ SỞ AN HÒA", "XÃ NAM TOÀN") or \
            lines[-1].endswith(("AN HÒA", "NAM TOÀN")), lines
        assert " ".join(lines) == name
