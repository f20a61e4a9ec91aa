"""Who did it: the operator's name on every audit-log line written through a connection.

Core functions write ``audit_log`` rows with an empty operator unless told otherwise.
``attach_operator(db, name)`` adds a TEMP trigger to this connection only (nothing is
stored in the file's schema) that fills the name in on rows inserted without one. The
desktop app calls it on every connection it opens (see ui.context.AppContext.open_db).
"""

from __future__ import annotations

import sqlite_utils


def attach_operator(db: sqlite_utils.Database, name: str) -> None:
    conn = db.conn
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS session_operator (name TEXT NOT NULL)")
    conn.execute("DELETE FROM temp.session_operator")
    conn.execute("INSERT INTO temp.session_operator (name) VALUES (?)", [name.strip()])
    conn.execute(
        "CREATE TEMP TRIGGER IF NOT EXISTS audit_log_operator AFTER INSERT ON main.audit_log"
        " WHEN NEW.operator = '' BEGIN"
        " UPDATE audit_log SET operator = (SELECT name FROM session_operator)"
        " WHERE id = NEW.id; END")


def recent(db: sqlite_utils.Database, limit: int = 50) -> list[dict]:
    return [dict(r) for r in db.query(
        "SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", [limit])]
