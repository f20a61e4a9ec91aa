"""One audit module: store/audit.py writes and reads ``audit_log``; nothing else does."""

from __future__ import annotations

import re
from pathlib import Path

from bhyt_desktop.commune import details as cm
from bhyt_desktop.store import audit

ROOT = Path(__file__).resolve().parent.parent
# importing/plan.py reads max(audit_log.id) as one part of its data fingerprint, not a line.
READERS_ALLOWED = {"bhyt_desktop/store/audit.py", "bhyt_desktop/importing/plan.py"}


def test_log_appends_a_line_and_recent_reads_it_back(db):
    audit.log(db, "add_village", "village", 7, "Xóm 7", operator="Cán bộ A")
    audit.log(db, "export", "export", None, "{}")
    lines = audit.recent(db)
    assert [(r["action"], r["entity"], r["entity_id"], r["detail"], r["operator"]) for r in lines] == [
        ("export", "export", None, "{}", ""), ("add_village", "village", 7, "Xóm 7", "Cán bộ A")]
    assert [r["action"] for r in audit.recent(db, action="add_village")] == ["add_village"]
    assert len(audit.recent(db, limit=1)) == 1


def test_the_session_operator_fills_lines_written_without_one(db):
    audit.attach_operator(db, " Cán bộ B ")
    cm.add_village(db, "Xóm 1")
    assert audit.recent(db, action="add_village")[0]["operator"] == "Cán bộ B"


def test_no_other_module_writes_or_reads_the_audit_table():
    writers, readers = [], []
    for path in [*(ROOT / "bhyt_desktop").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]:
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        if rel != "bhyt_desktop/store/audit.py" and re.search(r"INSERT\s+INTO\s+audit_log", text):
            writers.append(rel)
        if rel not in READERS_ALLOWED and re.search(r"FROM\s+audit_log", text):
            readers.append(rel)
        if re.search(r"^def log\(", text, re.M) and rel != "bhyt_desktop/store/audit.py":
            writers.append(rel)
    assert writers == [] and readers == []
