"""The command line: exit codes, one-line messages, JSON shape, files left alone."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bhyt_desktop.cli import main
from tests.conftest import DEMO_ANCHOR

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_file(tmp_path, capsys):
    path = tmp_path / "demo.db"
    assert main(["demo", "--db", str(path), "--people", "800", "--seed", "2",
                 "--as-of", DEMO_ANCHOR.isoformat()]) == 0
    capsys.readouterr()
    return path


def test_status_json_shape(demo_file, capsys):
    code, out, _ = run(capsys, "status", "--db", str(demo_file), "--as-of", "22/11/2026", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["as_of"] == "2026-11-22"
    assert {"as_of", "total", "villages", "groups"} <= set(data)
    for key in ("population", "residents", "insured", "rate_pct", "target_pct", "needed"):
        assert key in data["total"]
        assert key in data["villages"][0]
    assert "name" in data["villages"][0]
    assert {"code", "group", "insured"} <= set(data["groups"][0])
    total = data["total"]
    assert total["insured"] == sum(v["insured"] for v in data["villages"])
    assert total["insured"] == sum(g["insured"] for g in data["groups"])
    assert 0 < total["rate_pct"] < 100
    assert total["rate_pct"] == round(total["insured"] * 100 / total["population"], 2)
    assert total["needed"] >= 0


def test_status_table_is_vietnamese(demo_file, capsys):
    code, out, _ = run(capsys, "status", "--db", str(demo_file), "--as-of", "2026-11-22")
    assert code == 0
    assert "Tỷ lệ bao phủ BHYT ngày 22/11/2026" in out
    assert "Toàn xã" in out and "%" in out


def test_missing_file_is_a_user_error_and_not_created(tmp_path, capsys):
    path = tmp_path / "missing.db"
    code, out, err = run(capsys, "status", "--db", str(path))
    assert code == 1
    assert err.count("\n") == 1 and "Không tìm thấy tệp dữ liệu" in err
    assert not path.exists()


def test_bad_date(demo_file, capsys):
    before = demo_file.stat().st_mtime_ns
    code, _, err = run(capsys, "status", "--db", str(demo_file), "--as-of", "31/02/2026")
    assert code == 1 and "Ngày không tồn tại" in err and "Traceback" not in err
    assert demo_file.stat().st_mtime_ns == before


def test_unknown_option_is_usage_error(demo_file, capsys):
    code, _, err = run(capsys, "status", "--db", str(demo_file), "--frobnicate")
    assert code == 2
    assert "Tùy chọn không hợp lệ: --frobnicate" in err
    assert err.count("\n") == 1


def test_english_messages(tmp_path, capsys):
    code, _, err = run(capsys, "status", "--db", str(tmp_path / "x.db"), "--lang", "en")
    assert code == 1
    assert "Data file not found" in err


def test_commune_creates_the_file_only_when_setting(tmp_path, capsys):
    path = tmp_path / "new.db"
    code, _, _ = run(capsys, "commune", "--db", str(path))
    assert code == 1 and not path.exists()
    code, out, _ = run(capsys, "commune", "--db", str(path), "--name", "Xã Nam Toàn",
                       "--code", "13675", "--place", "Nam Toàn", "--upper-name", "BHXH cơ sở Nam Trực")
    assert code == 0 and path.exists()
    code, out, _ = run(capsys, "commune", "--db", str(path))
    assert "Xã Nam Toàn" in out and "13675" in out and "BHXH cơ sở Nam Trực" in out


def test_target_and_population(demo_file, capsys):
    code, out, _ = run(capsys, "target", "--db", str(demo_file), "--year", "2026", "--rate", "96,5",
                       "--village", "thon dong")
    assert code == 0 and "96,50%" in out and "Thôn Đông" in out
    code, _, err = run(capsys, "target", "--db", str(demo_file), "--year", "2026", "--rate", "120")
    assert code == 1 and "0 đến 100" in err
    code, _, err = run(capsys, "target", "--db", str(demo_file), "--year", "2026", "--rate", "90",
                       "--village", "Không Có")
    assert code == 1 and "Không có thôn/xóm" in err
    run(capsys, "population", "--db", str(demo_file), "--year", "2026", "--value", "12345")
    code, out, _ = run(capsys, "status", "--db", str(demo_file), "--as-of", "2026-11-22", "--json")
    data = json.loads(out)
    assert data["total"]["population"] == 12345
    assert next(v for v in data["villages"] if v["name"] == "Thôn Đông")["target_pct"] == 96.5
    code, out, _ = run(capsys, "population", "--db", str(demo_file), "--year", "2026", "--value", "4.591")
    assert code == 0 and "4.591" in out                  # as the grid reads it: 4591 people
    code, _, err = run(capsys, "population", "--db", str(demo_file), "--year", "2026", "--value", "-5")
    assert code == 1 and "không được âm" in err
    code, _, err = run(capsys, "target", "--db", str(demo_file), "--year", "2026", "--rate", "")
    assert code == 1 and "Hãy nhập tỷ lệ" in err and "«»" not in err


def test_demo_refuses_a_filled_file_and_bad_sizes(demo_file, tmp_path, capsys):
    code, _, err = run(capsys, "demo", "--db", str(demo_file))
    assert code == 1 and "đã có danh sách" in err
    path = tmp_path / "small.db"
    code, _, err = run(capsys, "demo", "--db", str(path), "--people", "5")
    assert code == 1 and not path.exists()


def test_main_py_never_prints_a_traceback(tmp_path):
    """Through the real entry point, as a user runs it."""
    for argv, code in ((["status", "--db", str(tmp_path / "no.db")], 1),
                       (["status", "--as-of", "hôm qua", "--db", str(tmp_path / "no.db")], 1),
                       (["nonsense"], 2)):
        proc = subprocess.run([sys.executable, "main.py", *argv], cwd=ROOT, capture_output=True,
                              text=True, encoding="utf-8", env={"BHYT_DESKTOP_HOME": str(tmp_path), "PATH": ""})
        assert proc.returncode == code, proc.stderr
        assert "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1


def test_status_names_the_population_figure_and_says_why_villages_do_not_add_up(demo_file, capsys):
    code, out, _ = run(capsys, "status", "--db", str(demo_file), "--as-of", "2026-11-22", "--json")
    data = json.loads(out)
    villages = sum(v["needed"] or 0 for v in data["villages"])
    code, out, _ = run(capsys, "status", "--db", str(demo_file), "--as-of", "2026-11-22")
    assert "Chưa tham gia BHYT (dân số − có thẻ):" in out and "Chưa có thẻ" not in out
    if villages != data["total"]["needed"]:
        assert f"Cộng các thôn còn thiếu {villages} người, khác toàn xã ({data['total']['needed']})" in out
    else:
        assert "Cộng các thôn" not in out
