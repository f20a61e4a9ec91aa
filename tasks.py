#!/usr/bin/env python3
"""Set up and run BHYT Desktop with nothing but Python 3.11+ (standard library only).

    python3 tasks.py demo    create .venv, install, make a demo commune, open the app
    python3 tasks.py test    create .venv, install with dev extras, run the whole test suite
    python3 tasks.py run     open the app on your own commune file (extra args go to main.py)

    python3 tasks.py build-windows   dist/BHYT_Desktop_<version>_setup.exe (built here, on Linux)
    python3 tasks.py smoke-windows   install, use, upgrade, uninstall it under Wine + Xvfb
    python3 tasks.py build-linux     dist/bhyt-desktop-<version>-linux-x86_64.tar.gz
    python3 tasks.py smoke-linux     unpack, install to the menu, use it under Xvfb
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
DEMO_DB = ROOT / "demo-data" / "xa-mau.db"


def _python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_env(extras: str = "dev") -> Path:
    """Create .venv and install the project with ``extras``, once per pyproject change."""
    if sys.version_info < (3, 11):
        sys.exit("BHYT Desktop cần Python 3.11 trở lên / needs Python 3.11+")
    if not _python().exists():
        print("» Tạo môi trường .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    pyproject = (ROOT / "pyproject.toml").read_bytes() + extras.encode()
    digest = hashlib.sha256(pyproject).hexdigest()[:16]
    stamp = VENV / f".installed-{digest}"
    if not stamp.exists():
        print("» Cài đặt thư viện …", flush=True)
        pip = [str(_python()), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        subprocess.run([*pip, "--upgrade", "pip"], check=True)
        subprocess.run([*pip, "-e", f"{ROOT}[{extras}]"], check=True)
        for old in VENV.glob(".installed-*"):
            old.unlink()
        stamp.touch()
    return _python()


PACKAGING = {  # task -> (script in packaging/, modules its Python needs)
    "build-windows": ("build_windows.py", ("PySide6", "PIL")),
    "smoke-windows": ("smoke_windows.py", ("python_calamine", "openpyxl")),  # it reads the export back
    "build-linux": ("build_linux.py", ("PySide6", "PIL", "PyInstaller")),
    "smoke-linux": ("smoke_linux.py", ("python_calamine", "openpyxl")),
}


def packaging_python(modules: tuple[str, ...]) -> str:
    """This Python when it has what the build needs (a developer's venv), else .venv."""
    import importlib.util
    if sys.version_info[:2] == (3, 11) and all(importlib.util.find_spec(m) for m in modules):
        return sys.executable
    return str(ensure_env("dev,pack"))


def main(argv: list[str]) -> int:
    task = argv[0] if argv else "help"
    rest = argv[1:]
    if task == "demo":
        py = ensure_env()
        if not DEMO_DB.exists():
            DEMO_DB.parent.mkdir(exist_ok=True)
            subprocess.run([str(py), "main.py", "demo", "--db", str(DEMO_DB), "--people", "5000"],
                           cwd=ROOT, check=True)
        return subprocess.call([str(py), "main.py", "--db", str(DEMO_DB), *rest], cwd=ROOT)
    if task == "test":
        py = ensure_env()
        # The type check first ([tool.mypy] in pyproject.toml): its summary, or its errors.
        print("» mypy bhyt_desktop", flush=True)
        typed = subprocess.call([str(py), "-m", "mypy", "bhyt_desktop"], cwd=ROOT)
        if typed != 0:
            return typed
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        return subprocess.call([str(py), "-m", "pytest", *rest], cwd=ROOT, env=env)
    if task in PACKAGING:
        script, modules = PACKAGING[task]
        py = packaging_python(modules)
        return subprocess.call([py, str(ROOT / "packaging" / script), *rest], cwd=ROOT)
    if task == "run":
        py = ensure_env()
        return subprocess.call([str(py), "main.py", *rest], cwd=ROOT)
    print(__doc__)
    return 0 if task == "help" else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
