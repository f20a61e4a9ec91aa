"""Desktop shell speed on a 100,000-person demo commune; prints a table.

    python bench/bench_ui.py [--people 100000] [--db PATH] [--runs 3]

Each measurement runs in a fresh process (offscreen Qt), as a user starting the app:
- start to usable window: process start (before importing Qt) until the window is shown
  and the event loop has painted it once; the first run is cold-ish, later runs warm;
- dashboard figures: process start until the dashboard shows its first figures (SQL on a
  worker) and until the coverage timeline is ready (quiet worker);
- dashboard refresh: an "as of" change until the new figures are computed and the window
  repainted (GUI thread, from the timeline), median and worst of 30 changes; also the
  SQL path alone (what a refresh costs right after the data changed, on a worker);
- peak memory: the process's maximum resident set size at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

T0 = time.perf_counter()
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GOALS = {"start": 1000, "refresh": 50, "memory": 250}


def child(db_path: str) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import datetime as dt
    import resource

    from PySide6.QtCore import QDate, QEventLoop, QTimer

    from bhyt_desktop.dashboard.figures import dashboard
    from bhyt_desktop.preferences.user import Settings
    from bhyt_desktop.store import open_db
    from ui.app import make_app
    from ui.main_window import MainWindow

    anchor = dt.date(2026, 11, 22)
    app = make_app()  # noqa: F841  (keep the application alive)
    db = open_db(db_path)
    window = MainWindow(db, Path(db_path), Settings(), anchor)
    window.resize(1280, 800)
    window.show()
    out: dict = {}

    def run_until(predicate, timeout_s=60.0) -> None:
        end = time.perf_counter() + timeout_s
        while not predicate() and time.perf_counter() < end:
            loop = QEventLoop()
            QTimer.singleShot(5, loop.quit)
            loop.exec()

    loop = QEventLoop()
    QTimer.singleShot(0, loop.quit)
    loop.exec()
    window.repaint()
    out["start_ms"] = (time.perf_counter() - T0) * 1000
    page = window.page("dashboard")
    run_until(lambda: page.current is not None)
    out["figures_ms"] = (time.perf_counter() - T0) * 1000
    run_until(lambda: page.timeline is not None)
    out["timeline_ms"] = (time.perf_counter() - T0) * 1000

    times, computed, painted = [], [], []
    day = anchor
    for _ in range(30):
        day -= dt.timedelta(days=3)
        start = time.perf_counter()
        window.as_of_edit.setDate(QDate(day))
        run_until(lambda d=day: page.current.as_of == d)
        mid = time.perf_counter()
        page.repaint()                        # until it is painted (the page is what changed)
        end = time.perf_counter()
        times.append((end - start) * 1000)
        computed.append((mid - start) * 1000)
        painted.append((end - mid) * 1000)
    out["refresh_median_ms"] = statistics.median(times)
    out["refresh_max_ms"] = max(times)
    out["compute_median_ms"] = statistics.median(computed)
    out["paint_median_ms"] = statistics.median(painted)

    sql = []
    for _ in range(5):
        start = time.perf_counter()
        dashboard(db, anchor)
        sql.append((time.perf_counter() - start) * 1000)
    out["sql_ms"] = statistics.median(sql)
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    window.settings.window_geometry = ""
    return out


def make_demo(people: int) -> Path:
    from bhyt_desktop.demo.generate import generate
    from bhyt_desktop.store import open_db
    folder = Path(tempfile.gettempdir()) / "bhyt-bench-ui"
    folder.mkdir(exist_ok=True)
    path = folder / f"demo-{people}.db"
    if not path.exists():
        import datetime as dt
        print(f"generating a {people:,}-person demo commune in {path} …", flush=True)
        tmp = path.with_suffix(".tmp.db")
        tmp.unlink(missing_ok=True)
        db = open_db(tmp, create=True)
        generate(db, people=people, seed=1, anchor=dt.date(2026, 11, 22))
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        os.replace(tmp, path)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description="BHYT Desktop shell benchmark")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--db", help="an existing commune file (else a demo is generated)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return 0
    path = Path(args.db) if args.db else make_demo(args.people)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               BHYT_DESKTOP_HOME=tempfile.mkdtemp(prefix="bhyt-bench-home-"))
    runs = []
    for i in range(args.runs):
        proc = subprocess.run([sys.executable, __file__, "--child", str(path)], env=env,
                              capture_output=True, text=True, check=True)
        runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(f"run {i + 1}: start {runs[-1]['start_ms']:.0f} ms", flush=True)
    warm = runs[1:] or runs

    def med(key: str) -> float:
        return statistics.median(r[key] for r in warm)

    rows = [
        ("start to usable window (warm)", f"{med('start_ms'):.0f} ms", "≤ 1 s"),
        ("start to dashboard figures (SQL, worker)", f"{med('figures_ms'):.0f} ms", "–"),
        ("start to coverage timeline ready (worker)", f"{med('timeline_ms'):.0f} ms", "–"),
        ("dashboard refresh on date change (median)", f"{med('refresh_median_ms'):.1f} ms", "≤ 50 ms"),
        ("dashboard refresh on date change (worst)", f"{max(r['refresh_max_ms'] for r in warm):.1f} ms", "≤ 50 ms"),
        ("  of which figures computed and set (median)", f"{med('compute_median_ms'):.1f} ms", "–"),
        ("  of which painting the page (median)", f"{med('paint_median_ms'):.1f} ms", "–"),
        ("dashboard figures by SQL alone (no timeline)", f"{med('sql_ms'):.0f} ms", "–"),
        ("peak memory", f"{max(r['peak_mb'] for r in runs):.0f} MB", "≤ 250 MB"),
    ]
    people = path.name
    print(f"\nBHYT Desktop shell, {people}, {len(warm)} warm run(s) of {len(runs)}")
    w = max(len(r[0]) for r in rows)
    print(f"| {'what'.ljust(w)} | result | goal |")
    print(f"|{'-' * (w + 2)}|--------|------|")
    for what, result, goal in rows:
        print(f"| {what.ljust(w)} | {result} | {goal} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
