"""`main.py import --rejects`: the rejects file never replaces the input or another file, is
checked before anything is read or created, is named as written and made like any new file,
and is written only when there are rows to put in it."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import openpyxl
from import_helpers import save

from bhyt_desktop.cli import main

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["Họ và tên", "Ngày sinh", "Số CCCD", "Thôn"]
ROSTER_HEADER = ["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Quan hệ với chủ hộ"]

def roster_with_a_bad_row(path: Path) -> Path:
    return save([HEADER, ["Nguyễn Văn A", "01/01/1990", "001090000001", "Xóm 1"],
                 ["Lê Văn B", "32/01/1990", "12345", "Xóm 1"]], path)

def run_main_py(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", *argv], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", env={**os.environ, "BHYT_DESKTOP_HOME": str(tmp_path)}, timeout=120)

def titled(path, title: str):
    return save([["UBND XÃ NAM TOÀN"], [title], [], ROSTER_HEADER,
                 [1, "Phan Văn Gia", "01/02/1970", "036070123456", "Chủ hộ"]], path)

def test_rejects_named_like_the_input_is_refused_and_the_input_kept(tmp_path, capsys):
    src = roster_with_a_bad_row(tmp_path / "same.xlsx")
    before = src.read_bytes()
    db = tmp_path / "x.db"
    for name in ("same.xlsx", "same.xls", "same.csv", "./same.XLSX" if os.path.normcase("A") == "a" else "same.xlsx"):
        target = str(tmp_path / name)
        assert main(["import", "roster", str(src), "--db", str(db), "--dry-run", "--rejects", target]) == 1
        err = capsys.readouterr().err
        assert "chính tệp đang nhập (same.xlsx)" in err, err
        assert src.read_bytes() == before
    # the same file through another name (a link) is refused too
    link = tmp_path / "link.xlsx"
    os.link(src, link)
    assert main(["import", "roster", str(src), "--db", str(db), "--rejects", str(link)]) == 1
    assert "chính tệp đang nhập" in capsys.readouterr().err
    assert src.read_bytes() == before and not db.exists()

def test_a_changed_rejects_name_never_replaces_another_file(tmp_path, capsys):
    src = roster_with_a_bad_row(tmp_path / "ds.xlsx")
    other = tmp_path / "loai.xlsx"
    other.write_bytes(b"keep me")
    assert main(["import", "roster", str(src), "--db", str(tmp_path / "x.db"), "--dry-run",
                 "--rejects", str(tmp_path / "loai.xls")]) == 1
    assert "loai.xlsx đã có" in capsys.readouterr().err
    assert other.read_bytes() == b"keep me"

def test_rejects_into_a_missing_folder_fails_cleanly_and_creates_nothing(tmp_path):
    src = roster_with_a_bad_row(tmp_path / "ds.xlsx")
    db = tmp_path / "x.db"
    for extra in ([], ["--dry-run"]):
        proc = run_main_py(tmp_path, "import", "roster", str(src), "--db", str(db), *extra,
                           "--rejects", str(tmp_path / "khong_co" / "loai.xlsx"))
        assert proc.returncode == 1
        assert proc.stderr.strip().splitlines() == [f"Lỗi: Thư mục không tồn tại: {tmp_path / 'khong_co'}"]
        assert "Traceback" not in proc.stderr and not proc.stdout
        assert not db.exists()

def test_a_failing_first_import_leaves_no_empty_commune_file(tmp_path, capsys):
    src = roster_with_a_bad_row(tmp_path / "ds.xlsx")
    db = tmp_path / "x.db"
    for bad in (["--header-row", "x"], ["--map", "nonsense=B"], ["--group", "ZZ"]):
        assert main(["import", "roster", str(src), "--db", str(db), *bad]) == 1
        assert capsys.readouterr().err.startswith("Lỗi: ")
        assert not db.exists() and not list(tmp_path.glob("x.db*"))

def test_rejects_path_printed_is_the_file_written_with_usual_permissions(tmp_path, capsys):
    src = roster_with_a_bad_row(tmp_path / "ds.xlsx")
    old = os.umask(0o022)
    try:
        assert main(["import", "roster", str(src), "--db", str(tmp_path / "x.db"), "--dry-run",
                     "--rejects", str(tmp_path / "out.csv")]) == 0
    finally:
        os.umask(old)
    written = tmp_path / "out.xlsx"
    assert f"Đã ghi 1 dòng bị loại kèm lý do vào {written}." in capsys.readouterr().out
    assert not (tmp_path / "out.csv").exists()
    assert stat.S_IMODE(written.stat().st_mode) == 0o644
    assert openpyxl.load_workbook(written).active.cell(2, 1).value == "Lê Văn B"
    assert main(["import", "roster", str(src), "--db", str(tmp_path / "x.db"), "--dry-run", "--json",
                 "--rejects", str(tmp_path / "again.ods")]) == 0
    assert json.loads(capsys.readouterr().out)["rejects_file"] == str(tmp_path / "again.xlsx")

def test_no_rejects_workbook_is_written_when_no_row_is_rejected(tmp_path, capsys):
    src = titled(tmp_path / "ok.xlsx", "DANH SÁCH HỘ GIA ĐÌNH THÔN ĐÔNG HÀ")
    out = tmp_path / "loai.xlsx"
    assert main(["import", "roster", str(src), "--db", str(tmp_path / "x.db"), "--dry-run",
                 "--rejects", str(out)]) == 0
    text = capsys.readouterr().out
    assert not out.exists()
    assert f"Không có dòng bị loại nên không ghi tệp {out}." in text and "Đã ghi" not in text

def test_card_list_rejects_workbook_is_written_for_people_not_found_only(tmp_path, capsys):
    header = ["Họ và tên", "Ngày sinh", "Mã số BHXH", "Mã đối tượng", "Hạn thẻ từ", "Hạn thẻ đến"]
    src = save([header, ["Nguyễn Văn A", "01/01/1990", "0101234567", "GD", "01/01/2026", "31/12/2026"]],
               tmp_path / "cards.xlsx")
    db, out = str(tmp_path / "x.db"), tmp_path / "loai.xlsx"
    assert main(["import", "cards", str(src), "--db", db, "--dry-run", "--rejects", str(out)]) == 0
    assert out.exists() and f"Đã ghi 1 dòng bị loại kèm lý do vào {out}." in capsys.readouterr().out
    out.unlink()
    assert main(["import", "cards", str(src), "--db", db, "--add-unmatched", "--village", "Xóm 1",
                 "--rejects", str(out)]) == 0                    # every row added: nothing to write
    text = capsys.readouterr().out
    assert not out.exists()
    assert f"Không có dòng bị loại hay người không tìm thấy nên không ghi tệp {out}." in text
