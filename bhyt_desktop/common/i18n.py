"""One translation mechanism for the core, the command line and the UI.

Source strings are Vietnamese. ``_("...")`` returns the string in the current language;
English comes from resources/translations/en*.json (Vietnamese source -> English); each
capability may keep its own file (en-import.json, en-report.json...), all are merged.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LANGUAGES = ("vi", "en")
_TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "resources" / "translations"
_current = "vi"


@cache
def _catalog(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted(_TRANSLATIONS_DIR.glob(f"{lang}*.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def set_language(lang: str) -> None:
    global _current
    _current = lang if lang in LANGUAGES else "vi"


def language() -> str:
    return _current


def _(text: str) -> str:
    if _current == "vi":
        return text
    return _catalog(_current).get(text, text)
