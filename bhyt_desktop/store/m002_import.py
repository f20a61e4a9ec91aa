"""Migration 2: what imports remember: the import log and corrected column mappings."""

from __future__ import annotations

import sqlite3


def migrate(conn: sqlite3.Connection) -> None:
    conn.execute("""
        CREATE TABLE import_log (
            id          INTEGER PRIMARY KEY,
            at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
            operator    TEXT NOT NULL DEFAULT '',
            kind        TEXT NOT NULL CHECK (kind IN ('roster', 'cards')),
            file_name   TEXT NOT NULL,
            sha256      TEXT NOT NULL,
            sheet       TEXT NOT NULL DEFAULT '',
            counts      TEXT NOT NULL DEFAULT '{}'   -- JSON: new_people, updated, new_cards...
        )""")
    conn.execute("CREATE INDEX import_log_sha256 ON import_log(sha256)")
    conn.execute("""
        CREATE TABLE import_mappings (
            layout_key  TEXT NOT NULL,               -- hash of the folded header cells
            kind        TEXT NOT NULL,
            mapping     TEXT NOT NULL,               -- JSON: header rows, columns, village
            updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
            PRIMARY KEY (layout_key, kind)
        )""")
