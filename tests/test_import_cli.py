"""`main.py import roster|cards`: summaries, --dry-run, --json, --rejects, exit codes."""

from __future__ import annotations

import json

import openpyxl
from import_helpers import messy_roster, save, write_csv

from bhyt_desktop.cli import main
from bhyt_desktop.store import open_db


def test_dry_run_then_import_then_reimport(tmp_path, capsys):
    src = messy_roster(tmp_path / "ds.xlsx")
    db = tmp_path / "xa.db"
    assert main(["import", "roster", str(src), "--db", str(db), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "XEM TRƯỚC (chưa ghi gì" in out and "Sẽ tạo thôn/xóm: Thôn Đông Hà." in out
    assert not db.exists()            # a preview never creates the commune file
    assert main(["import", "roster", str(src), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "ĐÃ NHẬP:" in out and "Đã tạo thôn/xóm: Thôn Đông Hà." in out
    assert "tiêu đề ở dòng 7, 8, dữ liệu từ dòng 10" in out
    assert main(["import", "roster", str(src), "--db", str(db), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["new_people"] == 0 and data["counts"]["unchanged"] == 6
    assert data["committed"] and len(data["previously_imported"]) == 1
    assert data["columns"]["full_name"] == "B"


def test_rejects_workbook_holds_the_original_rows_and_reasons(tmp_path, capsys):
    rows = [["DANH SÁCH XÓM 4"], [], ["Họ và tên", "Ngày sinh", "Số CCCD"],
            ["Nguyễn Văn A", "01/01/1990", "001090000001"],
            ["", "01/01/1991", None], ["Lê Văn B", "32/01/1990", 12345.0]]
    src = save(rows, tmp_path / "ds.xlsx")
    out = tmp_path / "loai.xlsx"
    assert main(["import", "roster", str(src), "--db", str(tmp_path / "x.db"), "--rejects", str(out)]) == 0
    text = capsys.readouterr().out
    assert "Đã ghi 2 dòng bị loại kèm lý do vào" in text
    ws = openpyxl.load_workbook(out).active
    got = [list(r) for r in ws.iter_rows(values_only=True)]
    assert got[0] == ["Họ và tên", "Ngày sinh", "Số CCCD", "Thôn/xóm", "Dòng trong tệp gốc", "Lý do"]
    assert got[1] == [None, "01/01/1991", None, "Xóm 4", 5, "Thiếu họ tên."]
    assert got[2][:5] == ["Lê Văn B", "32/01/1990", 12345, "Xóm 4", 6]
    assert "Ngày sinh không tồn tại" in got[2][5] and "Số CCCD phải có 12 chữ số" in got[2][5]
    assert not list(tmp_path.glob(".rejects-*"))
    # fixed and imported again, alone: the village comes from the added column
    ws_rows = [got[0][:4], ["Nguyễn Văn C", "01/01/1991", None, "Xóm 4"]]
    again = save(ws_rows, tmp_path / "sua.xlsx")
    assert main(["import", "roster", str(again), "--db", str(tmp_path / "x.db"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["new_people"] == 1


def test_bad_files_exit_1_with_a_message(tmp_path, capsys):
    db = str(tmp_path / "x.db")
    empty = tmp_path / "rong.xlsx"
    empty.write_bytes(b"")
    assert main(["import", "roster", str(empty), "--db", db]) == 1
    assert "rỗng" in capsys.readouterr().err
    enc = tmp_path / "khoa.xlsx"
    enc.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 600)
    assert main(["import", "cards", str(enc), "--db", db]) == 1
    assert "mật khẩu" in capsys.readouterr().err
    odd = save([["Báo cáo"], ["a", "b"]], tmp_path / "lạ.xlsx")
    assert main(["import", "roster", str(odd), "--db", db]) == 1
    assert "Không nhận ra bảng" in capsys.readouterr().err
    assert main(["import", "roster", str(tmp_path / "khong.xlsx"), "--db", db]) == 1
    assert "Không tìm thấy tệp" in capsys.readouterr().err
    cards = write_csv(tmp_path / "the.csv", [["Họ tên", "Ngày sinh"], ["A B", "1990"]])
    assert main(["import", "cards", str(cards), "--db", db]) == 1
    assert "Không nhận ra cột: Hạn thẻ từ, Hạn thẻ đến" in capsys.readouterr().err


def test_map_option_corrects_a_column_and_is_remembered(tmp_path, capsys):
    rows = [["Tên", "Sinh năm", "Giấy tờ", "Ở"], ["Nguyễn Văn A", "1990", "001090000001", "Xóm 1"]]
    src = save(rows, tmp_path / "a.xlsx")
    db = str(tmp_path / "x.db")
    assert main(["import", "roster", str(src), "--db", db, "--map", "cccd=C", "--map", "village=D",
                 "--map", "birth_date=B"]) == 0
    capsys.readouterr()
    conn = open_db(db)
    assert conn.execute("SELECT cccd FROM people").fetchone() == ("001090000001",)
    conn.close()
    rows2 = [rows[0], ["Lê Văn B", "1991", "001091000002", "Xóm 1"]]
    assert main(["import", "roster", str(save(rows2, tmp_path / "b.xlsx")), "--db", db]) == 0
    out = capsys.readouterr().out
    assert "đã lưu cho mẫu tệp này" in out and "Số CCCD/ĐDCN = C" in out
    assert main(["import", "roster", str(src), "--db", db, "--map", "cccd"]) == 1
    assert "MỤC=CỘT" in capsys.readouterr().err


def test_header_row_option_for_a_header_not_found(tmp_path, capsys):
    rows = [["Tên"], [], ["Tên", "Năm", "Ở"], ["Nguyễn Văn A", "1990", "Xóm 1"]]
    src = save(rows, tmp_path / "a.xlsx")
    db = str(tmp_path / "x.db")
    assert main(["import", "roster", str(src), "--db", db, "--dry-run"]) == 1
    assert "Không nhận ra bảng" in capsys.readouterr().err
    assert main(["import", "roster", str(src), "--db", db, "--header-row", "3", "--map", "birth_date=B",
                 "--map", "village=C", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["new_people"] == 1 and data["data_start"] == 4
    assert main(["import", "roster", str(src), "--db", db, "--header-row", "x"]) == 1
    assert "--header-row x" in capsys.readouterr().err


def test_cards_into_an_empty_commune_says_to_import_the_roster_first(tmp_path, capsys):
    from import_helpers import d03_card_list
    src = d03_card_list(tmp_path / "d03.xlsx")
    assert main(["import", "cards", str(src), "--db", str(tmp_path / "x.db"), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "hãy nhập danh sách hộ trước" in out and "Tệp có 2 trang: D03-TS, Hướng dẫn" in out


def test_english_summary(tmp_path, capsys):
    src = messy_roster(tmp_path / "ds.xlsx")
    assert main(["import", "roster", str(src), "--db", str(tmp_path / "x.db"), "--dry-run", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "PREVIEW (nothing written yet):" in out and "New people" in out and "Will create villages" in out
