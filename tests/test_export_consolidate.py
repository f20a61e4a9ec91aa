"""Consolidating several communes' exports: totals equal the sums; each check and refusal."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from export_helpers import ANCHOR, demo_commune, export_commune, table

from bhyt_desktop.cli import main
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.coverage.engine import coverage
from bhyt_desktop.export.consolidate import (
    FORCED,
    OK,
    REFUSED,
    WARNING,
    check_files,
    combine,
    expand_paths,
    write_consolidation,
)
from bhyt_desktop.export.reading import read_export
from bhyt_desktop.store import open_db

CODES = ["30001", "30002", "30003"]


@pytest.fixture(scope="module")
def communes(tmp_path_factory):
    folder = tmp_path_factory.mktemp("communes")
    return [demo_commune(folder, code, seed=20 + i, people=250 + 100 * i,
                         name=f"Xã Thứ {i + 1}") for i, code in enumerate(CODES)]


@pytest.fixture
def exports(communes, tmp_path):
    folder = tmp_path / "nop"
    folder.mkdir()
    return [export_commune(db, folder / f"BHYT_{code}.xlsx", period="week")
            for db, code in zip(communes, CODES, strict=True)]


def _coverages(communes):
    out = []
    for path in communes:
        db = open_db(path)
        out.append(coverage(db, ANCHOR))
        db.close()
    return out


def test_totals_equal_the_sums(communes, exports, tmp_path):
    plan = check_files(exports)
    assert [c.status for c in plan.checks] == [OK] * 3 and not plan.warnings
    data = combine(plan)
    out, digest = write_consolidation(data, tmp_path / "tong.xlsx")
    covs = _coverages(communes)
    rows = table(out, "Tổng hợp")
    assert [r["Mã xã"] for r in rows[:-1]] == CODES
    total = rows[-1]
    assert total["Tên xã"] == "Tổng cộng"
    for key, attr in [("Dân số", "population"), ("Số người có thẻ BHYT", "insured"),
                      ("Chưa tham gia BHYT (dân số − có thẻ)", "uninsured"), ("Còn thiếu để đạt chỉ tiêu", "needed")]:
        assert total[key] == sum(getattr(c.total, attr) for c in covs), key
        assert [r[key] for r in rows[:-1]] == [getattr(c.total, attr) for c in covs]
    by_commune = table(out, "Nhóm theo xã")
    for g in range(1, 6):
        assert by_commune[-1][f"Nhóm {g}"] == sum(c.by_law_group()[g] for c in covs)
        assert [r[f"Nhóm {g}"] for r in by_commune[:-1]] == [c.by_law_group()[g] for c in covs]
    assert by_commune[-1]["Cộng"] == sum(c.total.insured for c in covs)
    pop = sum(c.total.population for c in covs)
    ins = sum(c.total.insured for c in covs)
    assert total["Tỷ lệ bao phủ"] == pytest.approx(round(ins / pop, 4), abs=5e-5)
    # the group breakdown, summed by code
    groups = {r["Mã đối tượng"]: r["Số người có thẻ"] for r in table(out, "Theo nhóm đối tượng")
              if r["Mã đối tượng"]}
    expect: dict[str, int] = {}
    for c in covs:
        for g in c.groups:
            expect[g.code] = expect.get(g.code, 0) + g.insured
    assert groups == expect
    # the files used, with their checksums
    files = table(out, "Tệp nguồn")
    assert [f["Tên tệp"] for f in files] == [p.name for p in exports]
    for f, p in zip(files, exports, strict=True):
        assert f["SHA-256 ghi trong tệp"] == read_export(p).recorded_sha256 == f["SHA-256 tính lại"]
        assert f["Kết quả kiểm tra"] == "Hợp lệ"
    # the consolidation carries its own checksum
    back = read_export(out, allow_consolidated=True)
    assert back.checksum_ok and back.recorded_sha256 == digest


def test_folder_argument_and_lock_files(exports):
    folder = exports[0].parent
    (folder / "~$BHYT_30001.xlsx").write_bytes(b"lock")
    (folder / "ghi chu.txt").write_text("x")
    assert expand_paths([folder]) == sorted(exports)
    assert expand_paths([folder, exports[0]]) == sorted(exports)   # no double counting
    with pytest.raises(UserError, match="Không tìm thấy"):
        expand_paths([folder / "nope.xlsx"])


def _tamper(path, out):
    wb = openpyxl.load_workbook(path)
    wb["Tổng hợp"]["F5"] = (wb["Tổng hợp"]["F5"].value or 0) + 50
    wb.save(out)
    return out


def test_tampered_file_refused_unless_forced(exports, tmp_path):
    _tamper(exports[1], exports[1])
    plan = check_files(exports)
    assert [c.status for c in plan.checks] == [OK, REFUSED, OK]
    assert "Mã kiểm tra không khớp" in plan.checks[1].message
    assert "«Vẫn dùng tệp đã bị sửa» (dòng lệnh: --force)" in plan.checks[1].message   # the option's real names
    with pytest.raises(UserError, match="1 tệp bị từ chối"):
        combine(plan)
    forced = check_files(exports, force=True)
    assert forced.checks[1].status == FORCED and not forced.refused
    assert any("--force" in w for w in forced.warnings)
    assert all("bắt buộc" not in c.message for c in forced.checks)
    out, _d = write_consolidation(combine(forced), tmp_path / "tong.xlsx")
    rows = table(out, "Tổng hợp")
    assert "ĐÃ BỊ SỬA SAU KHI XUẤT" in rows[1]["Ghi chú"] and not rows[0]["Ghi chú"]
    files = table(out, "Tệp nguồn")
    assert files[1]["Kết quả kiểm tra"].startswith("Đã bị sửa")
    assert files[1]["SHA-256 ghi trong tệp"] != files[1]["SHA-256 tính lại"]


def test_same_commune_twice_refused(communes, exports, tmp_path):
    again = export_commune(communes[0], tmp_path / "lai.xlsx", period="week")
    plan = check_files(exports + [again])
    refused = [c for c in plan.checks if c.status == REFUSED]
    assert {c.path.name for c in refused} == {exports[0].name, "lai.xlsx"}
    assert "cùng kỳ" in refused[0].message and "30001" in refused[0].message
    with pytest.raises(UserError):
        combine(plan)


def test_same_commune_other_period_also_refused(communes, exports, tmp_path):
    month = export_commune(communes[0], tmp_path / "thang.xlsx", period="month")
    plan = check_files(exports + [month])
    assert "kỳ khác nhau" in [c for c in plan.checks if c.status == REFUSED][0].message


def test_not_ours_refused(exports, tmp_path):
    wb = openpyxl.Workbook()
    wb.save(tmp_path / "la.xlsx")
    plan = check_files(exports + [tmp_path / "la.xlsx"])
    assert plan.checks[-1].status == REFUSED
    assert "không phải tệp xuất" in plan.checks[-1].message


def test_different_as_of_dates_warned_and_shown(communes, tmp_path):
    folder = tmp_path / "f"
    folder.mkdir()
    files = [export_commune(db, folder / f"{i}.xlsx", as_of=ANCHOR if i else ANCHOR - dt.timedelta(days=2))
             for i, db in enumerate(communes)]
    plan = check_files(files)
    assert not plan.refused
    assert plan.checks[0].status == WARNING and "20/11/2026" in plan.checks[0].message
    assert any("ngày tính số liệu khác nhau" in w for w in plan.warnings)
    out, _d = write_consolidation(combine(plan), tmp_path / "tong.xlsx")
    rows = table(out, "Tổng hợp")
    assert rows[0]["Tính đến ngày"] == dt.datetime(2026, 11, 20)
    assert rows[1]["Tính đến ngày"] == dt.datetime(2026, 11, 22)
    assert "khác" in rows[0]["Ghi chú"]
    wb = openpyxl.load_workbook(out, read_only=True)
    texts = [v for r in wb["Tổng hợp"].iter_rows(values_only=True) for v in r if isinstance(v, str)]
    assert any(t.startswith("Lưu ý: Các xã có ngày tính số liệu khác nhau") for t in texts)


def test_consolidated_file_is_not_an_input(exports, tmp_path):
    out, _d = write_consolidation(combine(check_files(exports)), tmp_path / "tong.xlsx")
    plan = check_files(exports[:1] + [out])
    assert plan.checks[1].status == REFUSED and "tệp tổng hợp" in plan.checks[1].message


def test_cli_export_and_consolidate(communes, tmp_path, capsys):
    folder = tmp_path / "cli"
    folder.mkdir()
    for db in communes:
        assert main(["export", "--db", str(db), "--as-of", "22/11/2026", "--period", "week",
                     "-o", str(folder)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        f"BHYT_{c}_2026-W47_2026-11-22.xlsx" for c in CODES]
    out = tmp_path / "tong.xlsx"
    assert main(["consolidate", str(folder), "-o", str(out)]) == 0
    assert "Đã tổng hợp 3 xã" in capsys.readouterr().out
    bad = _tamper(next(folder.iterdir()), folder / "zz_sua.xlsx")
    assert main(["consolidate", str(folder), "-o", str(tmp_path / "t2.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "bị từ chối" in err and bad.name in err
    assert not (tmp_path / "t2.xlsx").exists()


def test_cli_export_log(communes, tmp_path, capsys, monkeypatch):
    from bhyt_desktop.export.history import export_history
    out = tmp_path / "a.xlsx"
    monkeypatch.chdir(tmp_path)                      # a relative path is logged in full
    assert main(["export", "--db", str(communes[0]), "--as-of", "2026-11-22", "--period", "month",
                 "--with-lists", "-o", "a.xlsx"]) == 0
    assert "dữ liệu cá nhân" in capsys.readouterr().err
    db = open_db(communes[0])
    entry = export_history(db)[0]
    db.close()
    assert entry.path == str(out.resolve()) and entry.period == "2026-M11" and entry.with_lists
    assert entry.period_text == "Tháng 11 năm 2026 (01/11/2026 – 22/11/2026)"
    assert "2026-M11" not in entry.period_text and "T" not in entry.at_text
    assert entry.at_text[2] == "/" and entry.at_text[5] == "/"        # dd/mm/yyyy hh:mm
    assert entry.sha256 == read_export(out).recorded_sha256
    assert main(["export", "--db", str(communes[0]), "--full-ids", "-o", str(out)]) == 1
