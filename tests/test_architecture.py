"""The core never imports Qt or ui/: the CLI, the tests and the UI share it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("PySide6", "shiboken6", "ui")


def test_core_sources_do_not_import_qt_or_ui():
    offenders = []
    for path in (ROOT / "bhyt_desktop").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names
                          if n.split(".")[0] in FORBIDDEN]
    assert offenders == []


def test_importing_every_core_module_loads_no_qt():
    code = (
        "import importlib, pkgutil, sys, bhyt_desktop\n"
        "for m in pkgutil.walk_packages(bhyt_desktop.__path__, 'bhyt_desktop.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui')]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_source_files_stay_small():
    big = [f"{p.relative_to(ROOT)}: {n}" for p in [*(ROOT / "bhyt_desktop").rglob("*.py"),
                                                   *(ROOT / "ui").rglob("*.py")]
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500]
    assert big == []


def test_architecture_page_names_every_module():
    """docs/architecture.md stays true: every module of the core and of ui/ is named there
    (as ``package/module.py``, or by its file name in its package's row)."""
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = []
    for top in ("bhyt_desktop", "ui"):
        for path in sorted((ROOT / top).rglob("*.py")):
            if path.name == "__init__.py":
                continue
            rel = path.relative_to(ROOT / top).as_posix()
            package = rel.rpartition("/")[0]
            named = (f"{rel}`" in doc or f"{top}/{rel}" in doc
                     or (package and (f"`{package}/`" in doc or f"`{top}/{package}/`" in doc)
                        and f"`{path.name}`" in doc))
            if not named:
                missing.append(f"{top}/{rel}")
    assert missing == []
