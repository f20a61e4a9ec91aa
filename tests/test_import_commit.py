"""The commit is all or nothing: errors, cancel, a killed process, a changed file."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from factories import person
from import_helpers import dump, messy_roster

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.jobs import Cancelled, Job
from bhyt_desktop.importing import commit_import, detect_mapping, plan_import, read_table
from bhyt_desktop.store import open_db

ROOT = Path(__file__).resolve().parent.parent


def _plan(db, path):
    table = read_table(path)
    return plan_import(db, table, detect_mapping(table), "roster", today=dt.date(2026, 11, 22))


def test_failure_mid_commit_leaves_the_file_unchanged(db, tmp_path):
    person(db, ("GD", "2025-01-01", "2025-12-31"), name="Người Cũ", cccd="001058001234")
    plan = _plan(db, messy_roster(tmp_path / "ds.xlsx"))
    assert plan.new_people and plan.updates and plan.cards_new
    before = dump(db)
    calls = []

    def explode(done, total, message):
        calls.append(done)
        if len(calls) == 4:  # after households and people were written
            raise RuntimeError("disk unplugged")

    with pytest.raises(RuntimeError):
        commit_import(db, plan, job=Job(on_progress=explode))
    assert dump(db) == before
    assert not db.conn.in_transaction
    # and the same plan still commits afterwards
    commit_import(db, plan)
    assert db.execute("SELECT count(*) FROM people").fetchone()[0] == 6


def test_cancel_writes_nothing(db, tmp_path):
    plan = _plan(db, messy_roster(tmp_path / "ds.xlsx"))
    before = dump(db)
    job = Job(on_progress=lambda done, total, msg: job.cancel() if done else None)
    with pytest.raises(Cancelled):
        commit_import(db, plan, job=job)
    assert dump(db) == before


def test_killed_halfway_leaves_the_file_as_before(db_path, tmp_path):
    db = open_db(db_path, create=True)
    before = dump(db)
    db.close()
    src = messy_roster(tmp_path / "ds.xlsx")
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(ROOT)!r})
        from bhyt_desktop.store import open_db
        from bhyt_desktop.importing import read_table, detect_mapping, plan_import, commit_import
        from bhyt_desktop.common.jobs import Job
        db = open_db({str(db_path)!r})
        t = read_table({str(src)!r})
        plan = plan_import(db, t, detect_mapping(t))
        n = [0]
        def die(done, total, msg):
            n[0] += 1
            if n[0] == 4:
                os._exit(9)   # killed: no rollback, no cleanup
        commit_import(db, plan, job=Job(on_progress=die))
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 9, proc.stderr
    db = open_db(db_path)
    try:
        assert dump(db) == before
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        db.close()


def test_plan_made_before_other_changes_is_refused(db, tmp_path):
    plan = _plan(db, messy_roster(tmp_path / "ds.xlsx"))
    person(db, name="Người Mới Thêm")
    with pytest.raises(UserError, match="đã thay đổi"):
        commit_import(db, plan)


def test_progress_reaches_the_end(db, tmp_path):
    plan = _plan(db, messy_roster(tmp_path / "ds.xlsx"))
    seen = []
    commit_import(db, plan, job=Job(on_progress=lambda d, t, m: seen.append((d, t))))
    assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1]
