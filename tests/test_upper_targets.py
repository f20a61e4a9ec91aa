"""The upper level's own targets (seed 001: a unit × year table) in the consolidation: each
commune against the target set for its year, «still needed» = ceil(target × population) −
insured, communes with no target named; the file keeps its checksum."""

from __future__ import annotations

import math

import pytest
from export_helpers import ANCHOR, table
from import_helpers import save
from test_export_consolidate import CODES, _coverages, communes, exports  # noqa: F401

from bhyt_desktop.cli import main
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.export.consolidate import check_files, combine, write_consolidation
from bhyt_desktop.export.reading import read_export
from bhyt_desktop.export.upper_targets import SHEET_UPPER, read_upper_targets


def _targets(path):
    rows = [["BẢNG CHỈ TIÊU BAO PHỦ BHYT GIAO CÁC XÃ"], [],
            ["STT", "Mã xã", "Tên xã", "Năm 2025", "Năm 2026", "2027"],
            [1, "30001", "Xã Thứ 1", 0.9, "92,5%", 95],
            [2, 30002.0, "Xã Thứ 2", 0.91, 0.96, 97]]           # a code typed as a number
    return save(rows, path)


def test_each_commune_against_the_upper_levels_target(communes, exports, tmp_path):  # noqa: F811
    targets = read_upper_targets(_targets(tmp_path / "chitieu.xlsx"))
    assert targets.target("30001", 2026) == 92.5 and targets.target("30002", 2026) == 96
    data = combine(check_files(exports))
    out, digest = write_consolidation(data, tmp_path / "tong.xlsx", targets=targets)
    rows = table(out, SHEET_UPPER)
    covs = _coverages(communes)
    assert [r["Mã xã"] for r in rows[:3]] == CODES and ANCHOR.year == 2026
    for r, cov, rate in zip(rows[:2], covs[:2], (92.5, 96), strict=True):
        assert r["Chỉ tiêu cấp trên giao"] == pytest.approx(rate / 100)
        expect = max(0, math.ceil(rate * cov.total.population / 100 - 1e-9) - cov.total.insured)
        assert r["Còn thiếu theo chỉ tiêu cấp trên"] == expect
    assert rows[2]["Chỉ tiêu cấp trên giao"] is None                   # 30003 has none
    assert rows[3]["Tên xã"] == "Tổng cộng"
    assert rows[3]["Còn thiếu theo chỉ tiêu cấp trên"] == sum(r["Còn thiếu theo chỉ tiêu cấp trên"] for r in rows[:2])
    back = read_export(out, allow_consolidated=True)
    assert back.checksum_ok and back.recorded_sha256 == digest


def test_the_command_takes_the_targets(exports, tmp_path, capsys):  # noqa: F811
    out = tmp_path / "tong.xlsx"
    assert main(["consolidate", *map(str, exports), "-o", str(out),
                 "--targets", str(_targets(tmp_path / "chitieu.xlsx"))]) == 0
    assert len(table(out, SHEET_UPPER)) == 4


def test_a_file_without_the_table_is_refused_clearly(tmp_path):
    with pytest.raises(UserError, match="Không thấy bảng chỉ tiêu"):
        read_upper_targets(save([["Mã xã", "Tên"], ["1", "x"]], tmp_path / "x.xlsx"))
    with pytest.raises(UserError, match="Chỉ tiêu không hợp lệ ở dòng 2"):
        read_upper_targets(save([["Mã xã", "2026"], ["1", "nhiều"]], tmp_path / "y.xlsx"))


def test_the_consolidate_panel_takes_the_targets(qtbot, exports, tmp_path):  # noqa: F811
    from ui.export.consolidate_panel import ConsolidatePanel

    panel = ConsolidatePanel(None)
    qtbot.addWidget(panel)
    panel.add_paths(exports)
    qtbot.waitUntil(lambda: panel.plan is not None, timeout=20000)
    out = tmp_path / "tong.xlsx"
    panel.target.setText(str(out))
    panel.with_pdf.setChecked(False)
    panel.targets_file.setText(str(_targets(tmp_path / "chitieu.xlsx")))
    panel.start_consolidation()
    qtbot.waitUntil(lambda: panel.result is not None, timeout=20000)
    rows = table(out, SHEET_UPPER)
    assert rows[0]["Chỉ tiêu cấp trên giao"] == pytest.approx(0.925)
