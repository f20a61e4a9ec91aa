"""The commune file: pragmas, versions, migrations with a backup, refusing wrong files."""

from __future__ import annotations

import sqlite3

import pytest

from bhyt_desktop.common.errors import SchemaTooNewError, UserError
from bhyt_desktop.store import SCHEMA_VERSION, connection, migrations, open_db, schema_version


def test_new_file_has_current_schema_wal_and_foreign_keys(db, db_path):
    assert schema_version(db) == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM group_codes").fetchone()[0] >= 40
    assert db.execute("SELECT count(*) FROM rates WHERE key = 'base_salary'").fetchone()[0] >= 3


def test_missing_file_is_not_created_unless_asked(tmp_path):
    path = tmp_path / "nope.db"
    with pytest.raises(UserError, match="Không tìm thấy"):
        open_db(path)
    assert not path.exists()


def test_file_from_a_newer_version_is_refused(db_path):
    open_db(db_path, create=True).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(SchemaTooNewError, match="phiên bản mới hơn"):
        open_db(db_path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "bad.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(UserError, match="không phải"):
        open_db(path)


def test_another_programs_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE x (a)")
    conn.close()
    with pytest.raises(UserError, match="không phải của BHYT Desktop"):
        open_db(path)


def test_migration_copies_the_file_aside_then_runs_each_step(db_path, monkeypatch):
    db = open_db(db_path, create=True)
    db.execute("INSERT INTO villages (name, name_key) VALUES ('Xóm 1', 'xom 1')")
    db.close()

    def step2(conn):
        conn.execute("ALTER TABLE villages ADD COLUMN note TEXT NOT NULL DEFAULT ''")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, step2])
    monkeypatch.setattr(connection, "MIGRATIONS", migrations.MIGRATIONS)
    monkeypatch.setattr(connection, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    db = open_db(db_path)
    assert schema_version(db) == SCHEMA_VERSION + 1
    assert "note" in db["villages"].columns_dict
    db.close()
    backups = list((db_path.parent / "backups").glob(f"{db_path.stem}-*-migration.db"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert old.execute("SELECT name FROM villages").fetchall() == [("Xóm 1",)]
    old.close()


def test_a_failing_migration_step_leaves_the_file_as_it_was(db_path, monkeypatch):
    open_db(db_path, create=True).close()

    def bad_step(conn):
        conn.execute("CREATE TABLE half_done (a)")
        raise RuntimeError("boom")

    monkeypatch.setattr(connection, "MIGRATIONS", [*migrations.MIGRATIONS, bad_step])
    monkeypatch.setattr(connection, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(RuntimeError):
        open_db(db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'half_done'").fetchone()
    conn.close()


def test_constraints_protect_identifiers(db):
    db.execute("INSERT INTO villages (name, name_key) VALUES ('X', 'x')")
    db.execute("INSERT INTO households (code, village_id) VALUES ('H1', 1)")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO people (household_id, village_id, full_name, name_key, sort_key, cccd)"
                   " VALUES (1, 1, 'A', 'a', 'a', '12345')")


def test_an_empty_file_is_not_taken_over_unless_creating(tmp_path):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    with pytest.raises(UserError, match="không phải"):
        open_db(path)
    assert path.stat().st_size == 0
