"""Every string the desktop shell shows has an English translation with the same fields."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from bhyt_desktop.common import i18n

ROOT = Path(__file__).resolve().parent.parent
OTHERS = {"roster", "importing", "reports", "export", "campaign", "backups"}   # built by other capabilities (their English: en-*.json, tools/i18n_check.py)
CORE = ["dashboard/figures.py", "commune/targets_grid.py", "commune/campaigns.py", "rates/editing.py",
        "commune/village_list.py"]


def shell_strings() -> set[str]:
    files = [p for p in (ROOT / "ui").rglob("*.py") if not OTHERS & set(p.relative_to(ROOT).parts)]
    files += [ROOT / "bhyt_desktop" / name for name in CORE]
    found: set[str] = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_" and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.add(node.args[0].value)
    from bhyt_desktop.rates.editing import RATE_LABELS
    from ui.dashboard.model import HEADERS
    from ui.main_window import FILE_FILTER
    from ui.pages import SECTIONS
    found |= {t for _k, t, _b in SECTIONS} | set(HEADERS) | set(RATE_LABELS.values()) | {FILE_FILTER}
    return found


def fields(text: str) -> set[str]:
    return set(re.findall(r"\{(\w*)\}", text))


def test_every_string_has_english():
    # en-ui.json, and the topic files later work adds beside it (en-campaign.json...)
    catalog: dict[str, str] = {}
    for path in sorted((ROOT / "resources" / "translations").glob("en*.json")):
        catalog.update(json.loads(path.read_text(encoding="utf-8")))
    strings = shell_strings()
    missing = sorted(s for s in strings if s not in catalog)
    assert not missing, missing
    for s in strings:
        assert fields(catalog[s]) == fields(s), s


@pytest.fixture
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("vi")


def test_window_in_english(qtbot, db_path, english):
    from tests.ui_shell_helpers import open_window
    w = open_window(qtbot, db_path)
    assert [w.nav.item(i).text() for i in range(w.nav.count())][:3] == [
        "Overview", "Households & people", "Villages & targets"]
    assert w.menuBar().actions()[0].text() == "&File"
