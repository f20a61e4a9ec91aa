"""A child process SIGKILLed at many points of an import, a backup and a restore: afterwards
the file passes check and holds either the state before or the state after, and every
file under a backup's name is a sound backup (half copies only under temporary names, which
the next backup clears)."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from import_helpers import messy_roster

from bhyt_desktop.store import backup as bk
from bhyt_desktop.store import open_db, sidecar

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX only")
CHILD = Path(__file__).with_name("fault_child.py")
POINTS = 13


def _digest(path: Path) -> tuple:
    db = open_db(path)          # replays a -wal the child left (it belongs to the file)
    try:
        tables = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1")]
        counts = tuple((t, db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in tables)
        people = tuple(db.execute("SELECT full_name, birth_date, cccd FROM people ORDER BY id").fetchall())
        cards = tuple(db.execute("SELECT person_id, valid_from, valid_to FROM cards ORDER BY id").fetchall())
    finally:
        db.close()
    return counts, hash(people), hash(cards)


def _run(op: str, db: Path, n: int, arg: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(CHILD), op, str(db), str(n), arg],
                          capture_output=True, text=True, timeout=300)


def _copy(src_dir: Path, dest: Path) -> Path:
    shutil.copytree(src_dir, dest)
    return dest / "xa.db"


def _verify(path: Path, allowed: list[tuple]) -> tuple:
    assert sidecar.stale_wal(path) is None
    state = _digest(path)
    assert state in allowed
    assert bk.check(path) == []
    for b in bk.folder(path).glob("*.db"):
        assert bk.check(b) == [], b              # nothing half-written under a final name
    bk.make_backup(path, path, "manual")
    assert not list(bk.folder(path).glob("*.partial*"))
    return state


@pytest.fixture
def start(tmp_path, demo_db):
    """A folder with the commune file (state S1) and, in backups/, a backup of state S0."""
    path = tmp_path / "demo.db"
    demo_db.close()
    base = tmp_path / "base"
    base.mkdir()
    shutil.copyfile(path, base / "xa.db")
    made = bk.make_backup(base / "xa.db", base / "xa.db", "manual")
    db = open_db(base / "xa.db")
    db.execute("DELETE FROM cards WHERE id % 3 = 0")
    db.execute("UPDATE commune SET name = 'Xã Sau Khi Sao Lưu'")
    db.close()
    for extra in base.glob("xa.db-*"):
        extra.unlink()
    return base, made.name


@pytest.mark.parametrize("op", ["import", "backup", "restore", "restore-live"])
def test_killed_at_many_points_the_file_is_before_or_after_and_backups_sound(op, start, tmp_path):
    base, backup_name = start
    arg = ""
    if op == "import":
        arg = str(messy_roster(tmp_path / "ds.xlsx"))
    before = _digest(base / "xa.db")
    ref = _copy(base, tmp_path / "ref")
    if op.startswith("restore"):
        arg = str(ref.parent / "backups" / backup_name)
    done = _run(op, ref, 0, arg)
    assert done.returncode == 0, done.stderr
    total = int(done.stdout.strip().splitlines()[-1])
    after = _digest(ref)
    assert (after != before) == (op != "backup")
    killed, seen = 0, set()
    for i in range(POINTS):
        n = 1 + (total - 1) * i // (POINTS - 1)
        path = _copy(base, tmp_path / f"{op}-{n}")
        if op.startswith("restore"):
            arg = str(path.parent / "backups" / backup_name)
        result = _run(op, path, n, arg)
        killed += result.returncode == -signal.SIGKILL
        seen.add(_verify(path, [before, after]))
    assert killed >= POINTS - 1 and total > 100
    assert seen == {before, after}          # killed both before and after the change went in
