#!/usr/bin/env python3
"""List the interface strings (``_("...")`` literals) that have no English translation.

    python tools/i18n_check.py            print the missing ones, exit 1 if any
    python tools/i18n_check.py --json     print them as a JSON object to fill in
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def literals(paths: list[Path]) -> dict[str, str]:
    """Every string literal passed to ``_()``, with the first place it is used."""
    found: dict[str, str] = {}
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
                    and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def catalog(lang: str = "en") -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted((ROOT / "resources" / "translations").glob(f"{lang}*.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def missing() -> dict[str, str]:
    sources = [p for d in ("bhyt_desktop", "ui") for p in (ROOT / d).rglob("*.py")]
    have = catalog()
    return {s: where for s, where in literals(sources).items() if s not in have}


if __name__ == "__main__":
    gaps = missing()
    if "--json" in sys.argv:
        print(json.dumps({s: "" for s in gaps}, ensure_ascii=False, indent=2))
    else:
        for s, where in gaps.items():
            print(f"{where}: {s}")
    sys.exit(1 if gaps else 0)
