"""Render every page of the desktop app on a demo commune to docs/screenshots/*.png.

    python tools/screenshots.py [--people 20000] [--out docs/screenshots] [--lang vi]

Every page at 1366×768 (the usual laptop) and at 1280×720 (1920×1080 at 150%), in
docs/screenshots/1366x768/ and docs/screenshots/1280x720/ (with the village tabs, the roster
scrolled sideways where it must scroll, the report's preview), plus the first-run assistant's
steps (docs/screenshots/first-run-N.png) and the user guide window; the README and the
user guide (docs/huong-dan.md) show these files.

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
SIZES = ((1366, 768), (1280, 720))


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
    os.environ.setdefault("BHYT_DESKTOP_TODAY", ANCHOR.isoformat())   # the same day on every run

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
    window.show()
    dashboard = window.page("dashboard")
    for _ in range(100):                     # wait for the worker's figures
        _wait(app, 100)
        if dashboard.current is not None:
            break
    _wait(app, 300)

    shots: list[Path] = []

    def shoot(widget, folder: Path, name: str) -> None:
        _wait(app, 250)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{name}.png"
        widget.grab().save(str(target))
        shots.append(target)

    for width, height in SIZES:
        folder = args.out / f"{width}x{height}"
        window.resize(width, height)
        for i, page in enumerate(window.pages):
            window.nav.setCurrentRow(i)
            shoot(window, folder, f"{i + 1:02d}-{page.key}")
            stem = f"{i + 1:02d}-{page.key}"
            _extra_shots(app, page, lambda name, f=folder, stem=stem: shoot(window, f, f"{stem}-{name}"))
        window.nav.setCurrentRow(0)
    _first_run_and_guide(app, home, args.out, shoot)
    window.settings.window_geometry = ""      # nothing of this run is kept
    for p in shots:
        print(p.relative_to(ROOT) if p.is_relative_to(ROOT) else p)
    return 0


def _extra_shots(app, page, shoot) -> None:
    """More of a page: the village tabs (population, campaigns, staff), the roster scrolled
    sideways (the name column stays; only where the columns need scrolling), the report's
    preview."""
    if page.key == "villages":
        tabs = page.widget.tabs
        for t, name in ((1, "population"), (2, "campaigns"), (3, "staff")):
            tabs.setCurrentIndex(t)
            shoot(name)
        tabs.setCurrentIndex(0)
    elif page.key == "roster":
        bar = page.widget.table.horizontalScrollBar()
        if bar.maximum() > 0:
            bar.setValue(bar.maximum())
            shoot("scrolled")
            bar.setValue(0)
    elif page.key == "reports":
        reports = page.widget.widget(0)
        if reports.pdf_doc is not None and reports.pdf_doc.pageCount() == 0:
            reports.preview()
            for _ in range(100):                 # the report is built on the worker
                _wait(app, 100)
                if reports.pdf_doc.pageCount() > 0:
                    break
        if reports.pdf_doc is not None and reports.pdf_doc.pageCount() > 0:
            shoot("preview")


def _first_run_and_guide(app, home: Path, out: Path, shoot) -> None:
    """The first-run assistant on a new file, step by step, and the user guide window."""
    from bhyt_desktop.store import open_db
    from ui.first_run.wizard import FirstRunWizard
    from ui.help import GuideDialog
    db = open_db(home / "xa-moi.db", create=True)
    wizard = FirstRunWizard(db, "Nguyễn Thị Lan")
    wizard.resize(720, 520)
    wizard.show()
    answers = [{"name": "Xã Nam Toàn", "code": "13675", "place_name": "Nam Toàn",
                "upper_name": "Bảo hiểm xã hội cơ sở Nam Trực"}, {"signer": "Nguyễn Văn Hùng"},
               None, {"target": "95"}]
    for step, fill in enumerate(answers, start=1):
        if fill is None:
            wizard.villages.setPlainText("Xóm Đông Hạ\nXóm Bắc Sơn\nXóm Trung\nXóm Nam")
        else:
            for key, value in fill.items():
                wizard.fields[key].setText(value)
        shoot(wizard, out, f"first-run-{step}")
        if step < len(answers):
            wizard.next()
    wizard.close()
    db.close()
    guide = GuideDialog()
    guide.resize(900, 640)
    guide.show()
    shoot(guide, out, "help-guide")
    guide.close()


if __name__ == "__main__":
    sys.exit(main())
