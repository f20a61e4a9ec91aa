"""Migration 3: the history of printed reports, and the settings of their letterhead.

``reports`` keeps each issued report as it was sent (its number, period, as-of date, the
figures as JSON, the free text, the PDF bytes) and one draft per period (free text typed
before printing). ``report_settings`` holds key/value letterhead settings (issuing body,
signer, recipients...).
"""

from __future__ import annotations

import sqlite3

STATEMENTS = [
    """CREATE TABLE reports (
        id            INTEGER PRIMARY KEY,
        status        TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'issued')),
        number        TEXT NOT NULL DEFAULT '',      -- '05' printed as 'Số: 05/BC-BCĐ'
        symbol        TEXT NOT NULL DEFAULT '',      -- 'BC-BCĐ'
        year          INTEGER NOT NULL,              -- the year the number belongs to
        period_kind   TEXT NOT NULL
            CHECK (period_kind IN ('week', 'month', 'quarter', 'half', 'year')),
        period_start  TEXT NOT NULL,
        period_end    TEXT NOT NULL,
        as_of         TEXT NOT NULL,
        figures       TEXT,                          -- JSON, the figures as sent
        results       TEXT NOT NULL DEFAULT '',
        difficulties  TEXT NOT NULL DEFAULT '',
        proposals     TEXT NOT NULL DEFAULT '',
        options       TEXT NOT NULL DEFAULT '{}',    -- JSON, letterhead and signature used
        pdf           BLOB,
        created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
        updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
        issued_at     TEXT,
        issued_by     TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE UNIQUE INDEX reports_issued_number ON reports(year, symbol, number)
        WHERE status = 'issued' AND number <> ''""",
    """CREATE UNIQUE INDEX reports_draft_period ON reports(period_kind, period_start)
        WHERE status = 'draft'""",
    "CREATE INDEX reports_issued_as_of ON reports(status, period_kind, as_of)",
    """CREATE TABLE report_settings (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL
    )""",
]


def migrate(conn: sqlite3.Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
