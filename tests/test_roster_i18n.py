"""Every roster string has an English translation, and the page shows it."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from PySide6.QtCore import Qt

from bhyt_desktop.common import i18n
from tests.roster_helpers import make_ctx, named_roster

ROOT = Path(__file__).resolve().parent.parent
FILES = [ROOT / "bhyt_desktop" / "roster" / n for n in ("query.py", "validation.py", "printing.py")] + \
    sorted((ROOT / "ui" / "roster").glob("*.py"))


def _strings() -> set[str]:
    out = set()
    for path in FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                out.add(node.args[0].value)
    return out


def test_every_roster_string_is_translated():
    catalog: dict[str, str] = {}     # en-roster.json and the files of later topics
    for path in sorted((ROOT / "resources" / "translations").glob("en*.json")):
        catalog.update(json.loads(path.read_text(encoding="utf-8")))
    assert sorted(_strings() - set(catalog)) == []


def test_page_in_english(db, db_path, qtbot):
    named_roster(db)
    i18n.set_language("en")
    from ui.roster.page import RosterPage
    page = RosterPage(make_ctx(db, db_path))
    qtbot.addWidget(page)
    assert page.model.headerData(0, Qt.Horizontal) == "Full name"
    assert page.count_label.text() == "7 people"
    assert page.card_state.itemText(2).startswith("Expiring soon")
