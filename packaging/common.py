"""What the Windows and Linux builds share: the version, the paths, running tools, sizes.

Build code only: nothing here is shipped. Downloads and intermediate trees go to build/
(ignored by git); the installers and bundles to dist/.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
CACHE = BUILD / "cache"
DIST = ROOT / "dist"

# What the installed program carries of the source tree (app/ on Windows, the bundle on Linux).
APP_PACKAGES = ("bhyt_desktop", "ui")
APP_FILES = ("main.py",)
APP_RESOURCES = "resources"


def version() -> str:
    """The one version: bhyt_desktop.__version__, which pyproject.toml reads (dynamic)."""
    tree = ast.parse((ROOT / "bhyt_desktop" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "__version__":
            return str(ast.literal_eval(node.value))
    raise SystemExit("bhyt_desktop/__init__.py has no __version__")


def say(text: str) -> None:
    print(f"» {text}", flush=True)


def run(cmd: list[str | Path], **kw) -> subprocess.CompletedProcess:
    """Run a tool, failing the build with its output when it fails."""
    kw.setdefault("check", True)
    return subprocess.run([str(c) for c in cmd], **kw)


def need_tools(tools: dict[str, str]) -> None:
    """Every tool (name -> Debian package) on PATH, else install them (as root) or say how."""
    missing = {pkg for tool, pkg in tools.items() if not shutil.which(tool)}
    if not missing:
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say(f"apt-get install {' '.join(sorted(missing))}")
        run(["apt-get", "update", "-q"], stdout=subprocess.DEVNULL)
        run(["apt-get", "install", "-y", "-q", *sorted(missing)],
            env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
        return
    sys.exit("Missing tools; install them with:\n  sudo apt-get install " + " ".join(sorted(missing)))


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def copy_app(dest: Path) -> None:
    """The program's own code and resources, without caches, into ``dest``."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo")
    dest.mkdir(parents=True, exist_ok=True)
    for pkg in APP_PACKAGES:
        shutil.copytree(ROOT / pkg, dest / pkg, ignore=ignore)
    for name in APP_FILES:
        shutil.copy2(ROOT / name, dest / name)
    shutil.copytree(ROOT / APP_RESOURCES, dest / APP_RESOURCES, ignore=ignore)


def render_icon(svg: Path, out: Path) -> None:
    """The SVG icon as a 256 px PNG (Qt, offscreen), or as a multi-size ICO (then Pillow)."""
    png = out.with_suffix(".png")
    code = (
        "import sys\n"
        "from PySide6.QtCore import Qt\n"
        "from PySide6.QtGui import QGuiApplication, QImage, QPainter\n"
        "from PySide6.QtSvg import QSvgRenderer\n"
        "app = QGuiApplication([])\n"
        "img = QImage(256, 256, QImage.Format.Format_ARGB32)\n"
        "img.fill(Qt.GlobalColor.transparent)\n"
        "p = QPainter(img); QSvgRenderer(sys.argv[1]).render(p); p.end()\n"
        "img.save(sys.argv[2]) or sys.exit('cannot write ' + sys.argv[2])\n"
    )
    run([sys.executable, "-c", code, svg, png], env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    if out.suffix == ".ico":
        from PIL import Image  # reportlab's dependency, so in the build's environment
        sizes = [(s, s) for s in (16, 24, 32, 48, 64, 128, 256)]
        # BMP entries: every Windows shell, windres and NSIS read them.
        Image.open(png).save(out, sizes=sizes, bitmap_format="bmp")
