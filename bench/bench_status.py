#!/usr/bin/env python3
"""Coverage at scale: demo generation, the coverage query, `changes`, and `status` end to end.

    python bench/bench_status.py [--sizes 5000,30000,100000,200000] [--keep DIR]

Goals (issue 2): coverage query <= 50 ms at 100k people; demo generation of 100k <= 10 s.
Prints a table; nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bhyt_desktop.coverage.changes import changes  # noqa: E402
from bhyt_desktop.coverage.engine import coverage  # noqa: E402
from bhyt_desktop.demo.generate import generate  # noqa: E402
from bhyt_desktop.store import open_db  # noqa: E402

ANCHOR = dt.date(2026, 11, 22)


def median_ms(fn, repeat: int = 7) -> float:
    fn()  # warm the page cache
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="5000,30000,100000,200000")
    ap.add_argument("--keep", help="folder to keep the demo files in")
    args = ap.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="bhyt-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        path = folder / f"demo-{n}.db"
        path.unlink(missing_ok=True)
        db = open_db(path, create=True)
        t = time.perf_counter()
        counts = generate(db, people=n, seed=1, anchor=ANCHOR)
        gen_s = time.perf_counter() - t
        cov_ms = median_ms(lambda db=db: coverage(db, ANCHOR))
        week_ms = median_ms(lambda db=db: changes(db, ANCHOR - dt.timedelta(days=7), ANCHOR), repeat=3)
        db.close()
        t = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "main.py"), "status", "--db", str(path),
                        "--as-of", ANCHOR.isoformat(), "--json"], check=True, capture_output=True)
        cli_s = time.perf_counter() - t
        size_mb = path.stat().st_size / 1e6
        rows.append((n, counts["cards"], gen_s, cov_ms, week_ms, cli_s, size_mb))
        print(f"  done {n}", file=sys.stderr, flush=True)
    print()
    print("| people | cards | demo generation (s) | coverage query (ms) | weekly changes (ms) | `status --json` process (s) | file (MB) |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n, cards, gen_s, cov_ms, week_ms, cli_s, mb in rows:
        print(f"| {n:,} | {cards:,} | {gen_s:.1f} | {cov_ms:.0f} | {week_ms:.0f} | {cli_s:.2f} | {mb:.0f} |")


if __name__ == "__main__":
    main()
