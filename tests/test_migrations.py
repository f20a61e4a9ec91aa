"""Every earlier schema version opens, migrates with a backup, and gives the same figures."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from bhyt_desktop.cli.commands.status import to_json
from bhyt_desktop.coverage.engine import coverage
from bhyt_desktop.store import SCHEMA_VERSION, open_db, schema_version

FIXTURES = sorted(Path(__file__).parent.joinpath("fixtures").glob("schema_v*.db"))


def test_there_is_a_fixture_for_version_1():
    assert any(f.name == "schema_v1.db" for f in FIXTURES)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_old_file_migrates_and_keeps_its_figures(fixture, tmp_path):
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    old_version = int(fixture.stem.removeprefix("schema_v"))
    db = open_db(path)
    assert schema_version(db) == SCHEMA_VERSION
    expected = json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))
    got = to_json(coverage(db, dt.date.fromisoformat(expected["as_of"])))
    for key in ("as_of", "total", "villages", "groups"):
        assert got[key] == expected[key]
    db.close()
    backups = list((tmp_path / "backups").glob(f"{fixture.stem}-*-migration.db"))
    assert len(backups) == (1 if old_version < SCHEMA_VERSION else 0)


def test_migration_5_adds_the_campaign_tables_and_keeps_everything(tmp_path):
    """A version-4 file (made by migrating only that far) gains committee members,
    collectors, a card's collector, a person's benefit flag and the campaign rates; its
    people and cards are untouched, and rates the user changed stay as they are."""
    import sqlite3

    from bhyt_desktop.store import migrations
    path = tmp_path / "v4.db"
    conn = sqlite3.connect(path)
    with conn:
        for step in migrations.MIGRATIONS[:4]:
            step(conn)
        conn.execute("PRAGMA user_version = 4")
        conn.execute("INSERT INTO rates (key, effective_from, value, note) VALUES"
                     " ('topup_near_poor_pct', '2025-07-01', '20', 'Nghị quyết của tỉnh')")
    conn.close()
    db = open_db(path)
    assert schema_version(db) == SCHEMA_VERSION
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"committee_members", "member_villages", "collectors"} <= tables
    assert "collector_id" in {c.name for c in db["cards"].columns}
    assert "benefit" in {c.name for c in db["people"].columns}
    rates = dict(db.execute("SELECT key || '@' || effective_from, value FROM rates"))
    assert rates["topup_near_poor_pct@2025-07-01"] == "20"        # the user's figure kept
    assert rates["incentive_break_months@2022-01-01"] == "3"
    assert rates["support_student_pct@2015-01-01"] == "30"
    db.close()
