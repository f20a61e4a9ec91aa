"""`main.py report`: build, issue, list, reprint; clear errors; never a half-written file."""

import datetime as dt

from report_helpers import pdf_text, seed004

from bhyt_desktop.cli import main
from bhyt_desktop.store import open_db


def _db(path):
    from bhyt_desktop.reports.letterhead import set_letterhead
    db = open_db(path, create=True)
    seed004(db)
    set_letterhead(db, signer="Nguyễn Văn Hùng")
    db.close()
    return str(path)


def test_build_issue_list_reprint(tmp_path, capsys):
    db = _db(tmp_path / "xa.db")
    out = tmp_path / "bc.pdf"
    assert main(["report", "--db", db, "--as-of", "22/11/2026", "-o", str(out)]) == 0
    assert "86,91%" in pdf_text(out.read_bytes())
    assert main(["report", "--db", db, "--as-of", "2026-11-15", "-o", str(out), "--issue",
                 "--date", "18/11/2026", "--results", "Đã họp các thôn."]) == 0
    assert "Đã phát hành báo cáo số 01/BC-BCĐ" in capsys.readouterr().out
    first = out.read_bytes()
    assert "Đã họp các thôn." in pdf_text(first)
    assert main(["report", "--db", db, "--as-of", "22/11/2026", "-o", str(out), "--issue",
                 "--number", "05"]) == 0
    capsys.readouterr()
    assert main(["report", "--db", db, "--as-of", "22/11/2026", "-o", str(out), "--issue",
                 "--number", "06"]) == 1                 # the same week again: only with --force
    assert "--force" in capsys.readouterr().err
    assert main(["report", "--db", db, "--as-of", "22/11/2026", "-o", str(tmp_path / "b.pdf"),
                 "--issue", "--number", "06", "--force"]) == 0
    capsys.readouterr()
    assert main(["report", "--db", db, "--list"]) == 0
    listing = capsys.readouterr().out
    assert "05/BC-BCĐ" in listing and "01/BC-BCĐ" in listing and "06/BC-BCĐ" in listing and "tuần 46" in listing
    again = tmp_path / "lai.pdf"
    assert main(["report", "--db", db, "--reprint", "1", "-o", str(again)]) == 0
    assert again.read_bytes() == first
    assert not list(tmp_path.glob(".~*"))          # no temp file left behind


def test_every_period(tmp_path):
    db = _db(tmp_path / "xa.db")
    for kind in ("month", "quarter", "half", "year"):
        out = tmp_path / f"{kind}.pdf"
        assert main(["report", "--db", db, "--as-of", "22/11/2026", "--period", kind,
                     "-o", str(out)]) == 0
        assert out.stat().st_size > 5000


def test_user_errors(tmp_path, capsys):
    db = _db(tmp_path / "xa.db")
    assert main(["report", "--db", db]) == 1
    assert "-o OUT.pdf" in capsys.readouterr().err
    assert main(["report", "--db", db, "--reprint", "9", "-o", str(tmp_path / "x.pdf")]) == 1
    assert "Không có báo cáo" in capsys.readouterr().err
    assert main(["report", "--db", db, "--as-of", "31/02/2026", "-o", str(tmp_path / "x.pdf")]) == 1
    assert "Ngày không tồn tại" in capsys.readouterr().err
    assert main(["report", "--db", db, "-o", str(tmp_path / "no" / "x.pdf")]) == 1
    assert "Thư mục không tồn tại" in capsys.readouterr().err
    assert main(["report", "--db", db, "--period", "tuan", "-o", "x.pdf"]) == 2
    assert main(["report", "--db", db, "--list"]) == 0
    assert "Chưa có báo cáo" in capsys.readouterr().out
    assert main(["report", "--db", db, "-o", str(tmp_path / "x.docx")]) == 1
    assert ".pdf" in capsys.readouterr().err and not (tmp_path / "x.docx").exists()
    assert not (tmp_path / "x.pdf").exists()


def test_no_issue_without_a_complete_letterhead(tmp_path, capsys):
    path = tmp_path / "trong.db"
    open_db(path, create=True).close()
    assert main(["report", "--db", str(path), "-o", str(tmp_path / "x.pdf"), "--issue"]) == 1
    assert "người ký" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_failed_build_leaves_the_old_file(tmp_path, monkeypatch):
    db = _db(tmp_path / "xa.db")
    out = tmp_path / "bc.pdf"
    out.write_bytes(b"old")
    from bhyt_desktop.reports import weekly

    def boom(*a, **k):
        raise RuntimeError("layout failed")
    monkeypatch.setattr(weekly, "render", boom)
    assert main(["report", "--db", db, "--as-of", dt.date(2026, 11, 22).isoformat(),
                 "-o", str(out), "--issue"]) == 1
    assert out.read_bytes() == b"old"
    check = open_db(tmp_path / "xa.db")
    assert check.execute("SELECT count(*) FROM reports").fetchone()[0] == 0
    check.close()
