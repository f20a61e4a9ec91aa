"""The audit log (table ``audit_log``): every write to it and every read of it.

Core functions append a line with :func:`log` inside their own transaction; a change to a
person, household, card, village, target or setting goes through :func:`log_change`, whose
detail is JSON ``{"old": {...}, "new": {...}}`` holding only the fields that changed (an
addition has no old values, a deletion no new ones). :func:`history` reads a person's lines. Lines are
written with an empty operator unless told otherwise; ``attach_operator(db, name)`` adds a
TEMP trigger to this connection only (nothing is stored in the file's schema) that fills
the name in on rows inserted without one. The desktop app calls it on every connection it
opens (see ui.context.AppContext.open_db).
"""

from __future__ import annotations

import json
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


DERIVED = {"name_key", "sort_key"}     # computed from the name: not part of a history


def values(db: sqlite_utils.Database, table: str, row_id: int | None, columns: list[str] | tuple[str, ...],
           key: str = "id") -> dict[str, Any]:
    """The current values of ``columns`` in one row (empty when there is no such row)."""
    if row_id is None or not columns:
        return {}
    cols = ", ".join(f'"{c}"' for c in columns)
    row = db.execute(f'SELECT {cols} FROM "{table}" WHERE "{key}" = ?', [row_id]).fetchone()
    return dict(zip(columns, row, strict=True)) if row else {}


def log_change(db: sqlite_utils.Database, action: str, entity: str, entity_id: int | None,
               old: dict[str, Any], new: dict[str, Any], operator: str = "", **extra: Any) -> bool:
    """Record who changed what from which value to which; nothing when nothing changed.
    ``extra`` (e.g. the card's id) is kept beside old and new."""
    keys = [k for k in dict.fromkeys([*old, *new]) if k not in DERIVED and old.get(k) != new.get(k)]
    if not keys:
        return False
    detail: dict[str, Any] = {"old": {k: old[k] for k in keys if k in old},
                              "new": {k: new[k] for k in keys if k in new}}
    detail.update(extra)
    log(db, action, entity, entity_id, json.dumps(detail, ensure_ascii=False, default=str), operator)
    return True


def history(db: sqlite_utils.Database, entity: str, entity_id: int) -> list[dict[str, Any]]:
    """Every line about one person (household, village…), oldest first, with ``old`` and
    ``new`` parsed from the detail when it holds them."""
    out = []
    for r in db.query("SELECT * FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id",
                      [entity, entity_id]):
        line = dict(r)
        try:
            parsed = json.loads(line["detail"]) if line["detail"].startswith("{") else {}
        except ValueError:
            parsed = {}
        line["old"], line["new"] = parsed.get("old", {}), parsed.get("new", {})
        out.append(line)
    return out
