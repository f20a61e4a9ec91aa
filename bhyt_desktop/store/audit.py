"""The audit log (table ``audit_log``): every write to it and every read of it.

Core functions append a line with :func:`log` inside their own transaction. Lines are
written with an empty operator unless told otherwise; ``attach_operator(db, name)`` adds a
TEMP trigger to this connection only (nothing is stored in the file's schema) that fills
the name in on rows inserted without one. The desktop app calls it on every connection it
opens (see ui.context.AppContext.open_db).
"""

from __future__ import annotations

from typing import Any

import sqlite_utils


def log(db: sqlite_utils.Database, action: str, entity: str = "", entity_id: int | None = None,
        detail: str = "", operator: str = "") -> None:
    """Append to the audit log (who changed what)."""
    db.execute(
        "INSERT INTO audit_log (operator, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?)",
        [operator, action, entity, entity_id, detail],
    )


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


def recent(db: sqlite_utils.Database, limit: int = 50, action: str | None = None) -> list[dict[str, Any]]:
    """The latest lines first (only those of ``action`` when given), as dicts of the columns."""
    if action is None:
        return [dict(r) for r in db.query(
            "SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", [limit])]
    return [dict(r) for r in db.query(
        "SELECT * FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT ?", [action, limit])]
