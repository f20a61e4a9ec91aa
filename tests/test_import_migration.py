"""Migration 2 (import log, remembered mappings) applied to a version-1 file."""

from __future__ import annotations

import sqlite3

from bhyt_desktop.store import open_db, schema_version
from bhyt_desktop.store.migrations import MIGRATIONS


def test_v1_file_gains_the_import_tables(tmp_path):
    path = tmp_path / "cu.db"
    conn = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS[0](conn)                      # a file as version 1 wrote it
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO villages (name, name_key) VALUES ('Xóm 1', 'xom 1')")
    conn.close()
    db = open_db(path)
    try:
        assert schema_version(db) >= 2
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"import_log", "import_mappings"} <= tables
        assert db.execute("SELECT name FROM villages").fetchall() == [("Xóm 1",)]
        db.execute("INSERT INTO import_log (kind, file_name, sha256) VALUES ('roster', 'a.xlsx', 'x')")
        assert db.execute("SELECT operator, counts FROM import_log").fetchone() == ("", "{}")
    finally:
        db.close()
    assert list((tmp_path / "backups").glob("cu-*-migration.db")), "a copy is kept before migrating"
