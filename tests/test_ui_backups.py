"""File menu: back up now, restore from a backup (list, preview, current file kept), check
the file; a second window on a held file is refused naming who holds it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ui_shell_helpers import Dialogs, open_window

from bhyt_desktop.store import backup as bk
from bhyt_desktop.store import filelock

ROOT = Path(__file__).resolve().parents[1]


def _menu_texts(window) -> list[str]:
    menu = window.menuBar().actions()[0].menu()
    return [a.text() for a in menu.actions()]


def test_file_menu_backs_up_to_a_chosen_place(qtbot, demo_db, tmp_path, monkeypatch):
    from ui.backups import actions
    path = tmp_path / "demo.db"
    dialogs = Dialogs(monkeypatch)
    window = open_window(qtbot, path)
    assert {"&Sao lưu ngay…", "&Khôi phục từ bản sao lưu…", "&Kiểm tra tệp dữ liệu"} <= set(_menu_texts(window))
    usb = tmp_path / "usb"
    usb.mkdir()
    actions.backup_now(window, usb / "sao-luu.db")
    qtbot.waitUntil(lambda: bool(dialogs.texts("information") or dialogs.texts("warning")), timeout=10_000)
    assert "sao-luu.db" in dialogs.texts("information")[0]
    assert bk.check(usb / "sao-luu.db") == [] and not list(usb.glob("*.partial"))


def test_restore_from_the_window_brings_back_the_backup_and_keeps_the_current(qtbot, demo_db, tmp_path, monkeypatch):
    from ui.backups import actions
    path = tmp_path / "demo.db"
    dialogs = Dialogs(monkeypatch)
    made = bk.make_backup(path, path, "manual")
    window = open_window(qtbot, path)
    cards = window.ctx.db.execute("SELECT count(*) FROM cards").fetchone()[0]
    window.ctx.db.execute("DELETE FROM cards")
    actions.restore_from_backup(window, made.path if hasattr(made, "path") else made)
    qtbot.waitUntil(lambda: bool(dialogs.texts("information") or dialogs.texts("warning")), timeout=10_000)
    assert "Đã khôi phục demo.db" in dialogs.texts("information")[0]
    assert window.ctx.db.execute("SELECT count(*) FROM cards").fetchone()[0] == cards
    kept = [b for b in bk.list_backups(path) if b.reason == "restore"]
    assert len(kept) == 1 and kept[0].people == 600
    import sqlite3
    conn = sqlite3.connect(kept[0].path)
    assert conn.execute("SELECT count(*) FROM cards").fetchone()[0] == 0    # the state before restoring
    conn.close()


def test_restore_dialog_lists_backups_and_previews_the_commune(qtbot, demo_db, tmp_path):
    from ui.backups.restore_dialog import RestoreDialog
    path = tmp_path / "demo.db"
    name = demo_db.execute("SELECT name FROM commune").fetchone()[0]
    bk.make_backup(path, path, "manual")
    dialog = RestoreDialog(path, __import__("datetime").date(2026, 11, 22))
    qtbot.addWidget(dialog)
    row = [dialog.table.item(0, c).text() for c in range(5)]
    assert row[0] == "22/11/2026" and row[2] == "600" and row[3] == "Sao lưu bằng tay"
    text = dialog.preview.text()
    assert f"Xã: {name}" in text and "600 người" in text and "Tính đến 22/11/2026" in text
    assert dialog.chosen is not None
    dialog.resize(900, 520)
    assert not dialog.grab().isNull()


def test_check_from_the_menu_says_healthy_in_plain_words(qtbot, demo_db, tmp_path, monkeypatch):
    from ui.backups import actions
    path = tmp_path / "demo.db"
    window = open_window(qtbot, path)
    assert bk.list_backups(path) == []                  # opening the window writes no data
    window.ctx.db.execute("UPDATE commune SET name = 'Xã Thử'")   # the day's first write
    assert [b.reason for b in bk.list_backups(path)] == ["daily"]
    actions.check_file(window)
    qtbot.waitUntil(lambda: getattr(window, "check_box", None) is not None, timeout=10_000)
    assert "không có lỗi" in window.check_box.text()
    assert "Bản sao lưu gần nhất" in window.check_box.informativeText()       # the daily one
    assert "Khôi phục từ bản sao lưu" in window.check_box.informativeText()
    window.check_box.close()


def test_a_second_window_on_a_held_file_is_refused_naming_the_holder(qtbot, demo_db, tmp_path, monkeypatch):
    from ui.backups.opening import open_held
    path = tmp_path / "demo.db"
    demo_db.close()
    dialogs = Dialogs(monkeypatch)
    code = ("import sys; from bhyt_desktop.store import filelock; filelock.acquire(sys.argv[1]);"
            " print('held', flush=True); sys.stdin.read()")
    proc = subprocess.Popen([sys.executable, "-c", code, str(path)], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "held"
        assert open_held(None, path) is None
        (text,) = dialogs.texts("critical")              # at start-up, no window yet
        assert f"tiến trình {proc.pid}" in text and "không hỏng" in text
    finally:
        proc.kill()
        proc.wait()
    db = open_held(None, path)
    assert db is not None and filelock.holder(path) is None
    db.close()
    filelock.release(path)


def test_a_stale_wal_at_opening_offers_the_latest_sound_backup(qtbot, demo_db, tmp_path, monkeypatch):
    import shutil
    import sqlite3

    from PySide6.QtWidgets import QMessageBox

    from bhyt_desktop.store import sidecar
    from ui.backups.opening import open_held
    path = tmp_path / "demo.db"
    demo_db.close()
    made = bk.make_backup(path, path, "manual")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("DELETE FROM cards")
    wal = sidecar.wal_path(path).read_bytes()
    conn.close()
    shutil.copyfile(made, path)
    sidecar.wal_path(path).write_bytes(wal)
    offered = []

    def answer(box):
        offered.append((box.text(), box.informativeText()))
        return 0
    monkeypatch.setattr(QMessageBox, "exec", answer)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: next(
        b for b in box.buttons() if b.text() == "Khôi phục bản sao lưu này"))
    db = open_held(None, path)
    assert db is not None
    assert "không thuộc về nó" in offered[0][0] and "600 người" in offered[0][1]
    assert db.execute("SELECT count(*) FROM cards").fetchone()[0] > 0       # the backup's data
    assert not sidecar.wal_path(path).exists() or sidecar.stale_wal(path) is None
    assert any(b.reason == "damaged" for b in bk.list_backups(path))        # the old bytes kept
    db.close()
    filelock.release(path)
