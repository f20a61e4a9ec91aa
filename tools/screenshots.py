"""Render every page of the desktop app on a demo commune to docs/screenshots/*.png.

    python tools/screenshots.py [--people 20000] [--out docs/screenshots] [--lang vi]

Uses Qt's offscreen platform unless QT_QPA_PLATFORM is set (run it under ``xvfb-run -a``
with QT_QPA_PLATFORM=xcb to use a real X server). The demo commune is generated in a
temp folder with the fixed anchor date 2026-11-22, so the pictures are reproducible.
Settings and logs go to that temp folder too, never to your own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ANCHOR = dt.date(2026, 11, 22)
SIZE = (1280, 800)


def _wait(app, ms: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--lang", default="vi", choices=["vi", "en"])
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp(prefix="bhyt-shots-"))
    os.environ["BHYT_DESKTOP_HOME"] = str(home)

    from bhyt_desktop.common import i18n
    from bhyt_desktop.demo.generate import generate
    from bhyt_desktop.preferences.user import Settings
    from bhyt_desktop.store import open_db
    i18n.set_language(args.lang)

    path = home / "xa-an-hoa.db"
    db = open_db(path, create=True)
    print(f"demo commune: {args.people} people …", flush=True)
    generate(db, people=args.people, seed=7, anchor=ANCHOR)

    from ui.app import make_app
    from ui.main_window import MainWindow
    app = make_app()
    settings = Settings(operator="Nguyễn Thị Lan", language=args.lang)
    window = MainWindow(db, path, settings, ANCHOR)
    window.resize(*SIZE)
    window.show()
    dashboard = window.page("dashboard")
    for _ in range(100):                     # wait for the worker's figures
        _wait(app, 100)
        if dashboard.current is not None:
            break
    _wait(app, 300)

    args.out.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []

    def shoot(name: str) -> None:
        _wait(app, 250)
        target = args.out / f"{name}.png"
        window.grab().save(str(target))
        shots.append(target)

    for i, page in enumerate(window.pages):
        window.nav.setCurrentRow(i)
        shoot(f"{i + 1:02d}-{page.key}")
        if page.key == "villages":
            tabs = page.widget.tabs
            for t, name in ((1, "population"), (2, "campaigns")):
                tabs.setCurrentIndex(t)
                shoot(f"{i + 1:02d}-{page.key}-{name}")
            tabs.setCurrentIndex(0)
    window.settings.window_geometry = ""      # nothing of this run is kept
    for p in shots:
        print(p.relative_to(ROOT) if p.is_relative_to(ROOT) else p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
