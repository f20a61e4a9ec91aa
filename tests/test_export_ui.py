"""The export panels, offscreen: export through run_operation, consolidation checks."""

from __future__ import annotations

import datetime as dt

import pytest
from export_helpers import ANCHOR, demo_commune, export_commune
from PySide6.QtWidgets import QMessageBox

from bhyt_desktop.export.reading import read_export
from bhyt_desktop.preferences.user import Settings
from ui.context import AppContext
from ui.export.panel import ConsolidatePanel, ExportPanel


@pytest.fixture
def ctx(demo_db, tmp_path):
    return AppContext(demo_db, tmp_path / "demo.db", Settings(operator="Cán bộ Thử"), as_of=ANCHOR)


@pytest.fixture(autouse=True)
def no_dialogs(monkeypatch):
    shown = []
    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, _n=name, **k: shown.append((_n, a[2] if len(a) > 2 else "")))
    return shown


def test_export_panel_writes_and_logs(qtbot, ctx, tmp_path, no_dialogs):
    panel = ExportPanel(ctx)
    qtbot.addWidget(panel)
    assert panel.target.text().endswith("BHYT_99001_2026-W47_2026-11-22.xlsx")
    assert not panel.full_ids.isEnabled() and panel.privacy.isHidden()
    panel.with_lists.setChecked(True)
    assert panel.full_ids.isEnabled() and not panel.privacy.isHidden()
    assert "DỮ LIỆU CÁ NHÂN" in panel.privacy.text()
    out = tmp_path / "ra.xlsx"
    panel.target.setText(str(out))
    panel.start_export()
    qtbot.waitUntil(lambda: panel.last_result is not None, timeout=20000)
    assert not no_dialogs
    f = read_export(out)
    assert f.checksum_ok and f.info["personal_data"] == "có" and f.info["operator"] == "Cán bộ Thử"
    assert panel.open_button.isEnabled() and "Mã kiểm tra" in panel.status.text()
    assert panel.history.rowCount() == 1 and panel.history.item(0, 4).text() == str(out)
    panel.resize(900, 700)
    panel.grab().save(str(tmp_path / "export_panel.png"))


def test_full_ids_need_confirmation(qtbot, ctx, tmp_path, monkeypatch):
    panel = ExportPanel(ctx)
    qtbot.addWidget(panel)
    panel.with_lists.setChecked(True)
    panel.full_ids.setChecked(True)
    assert "ĐẦY ĐỦ" in panel.privacy.text()
    monkeypatch.setattr(panel, "confirm_full_ids", lambda: False)
    panel.target.setText(str(tmp_path / "khong.xlsx"))
    panel.start_export()
    qtbot.wait(100)
    assert panel.operation is None and not (tmp_path / "khong.xlsx").exists()
    panel.with_lists.setChecked(False)
    assert not panel.options().full_ids


def test_export_error_is_shown(qtbot, ctx, tmp_path, no_dialogs):
    panel = ExportPanel(ctx)
    qtbot.addWidget(panel)
    panel.target.setText(str(tmp_path / "khong_co_thu_muc" / "x.xlsx"))
    panel.start_export()
    qtbot.waitUntil(lambda: bool(no_dialogs), timeout=20000)
    assert "Thư mục không tồn tại" in no_dialogs[0][1]
    assert panel.export_button.isEnabled()


@pytest.fixture(scope="module")
def commune_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ui_communes")
    out = folder / "nop"
    out.mkdir()
    files = []
    for i, code in enumerate(["41001", "41002"]):
        db = demo_commune(folder, code, seed=40 + i, people=200)
        as_of = ANCHOR if i == 0 else ANCHOR - dt.timedelta(days=1)
        files.append(export_commune(db, out / f"BHYT_{code}.xlsx", as_of=as_of))
    return files


def test_consolidate_panel(qtbot, commune_files, tmp_path, no_dialogs):
    panel = ConsolidatePanel(None)
    qtbot.addWidget(panel)
    panel.add_paths([commune_files[0].parent])
    qtbot.waitUntil(lambda: panel.plan is not None, timeout=20000)
    assert panel.table.rowCount() == 2
    assert panel.table.item(1, 4).text() == "Lưu ý"         # other as-of date
    assert not panel.warnings.isHidden()
    assert "ngày tính số liệu khác nhau" in panel.warnings.text()
    assert panel.run_button.isEnabled()
    out = tmp_path / "tong.xlsx"
    panel.target.setText(str(out))
    assert panel.with_pdf.isChecked()
    panel.start_consolidation()
    qtbot.waitUntil(lambda: panel.result is not None, timeout=20000)
    assert read_export(out, allow_consolidated=True).checksum_ok
    assert panel.result == (out, tmp_path / "tong.pdf") and (tmp_path / "tong.pdf").stat().st_size > 1000
    assert "Đã tổng hợp 2 xã" in panel.status.text()
    panel.resize(1000, 600)
    panel.grab().save(str(tmp_path / "consolidate_panel.png"))


def test_consolidate_panel_refuses_duplicates(qtbot, commune_files, tmp_path):
    import shutil
    dup = tmp_path / "ban_sao.xlsx"
    shutil.copy(commune_files[0], dup)
    panel = ConsolidatePanel(None)
    qtbot.addWidget(panel)
    panel.add_paths([commune_files[0], dup])
    qtbot.waitUntil(lambda: panel.plan is not None, timeout=20000)
    assert [panel.table.item(r, 4).text() for r in range(2)] == ["Bị từ chối"] * 2
    assert not panel.run_button.isEnabled()
    assert "bị từ chối" in panel.summary.text()
    panel.table.selectRow(1)
    panel.remove_selected()
    qtbot.waitUntil(lambda: panel.plan is not None and panel.table.rowCount() == 1, timeout=20000)
    assert panel.run_button.isEnabled()
