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
