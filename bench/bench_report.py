"""Time to build the progress report on demo communes (5,000 and 100,000 people).

    python bench/bench_report.py [--sizes 5000,100000] [--repeat 3] [--keep DIR]

Goals (issue 5): weekly report at 100,000 people <= 1 s; yearly report <= 2 s.
Prints a table: people, villages, period, gather (figures) and render (PDF) medians, total,
pages, PDF size. Demo files are made once in a temp folder (or --keep DIR, reused).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pypdf import PdfReader  # noqa: E402

from bhyt_desktop.commune.details import get_commune  # noqa: E402
from bhyt_desktop.demo.generate import generate  # noqa: E402
from bhyt_desktop.reports.figures import gather  # noqa: E402
from bhyt_desktop.reports.fonts import register_family  # noqa: E402
from bhyt_desktop.reports.history import ReportText, last_issued, load_options  # noqa: E402
from bhyt_desktop.reports.periods import period_of  # noqa: E402
from bhyt_desktop.reports.weekly import render  # noqa: E402
from bhyt_desktop.store import open_db  # noqa: E402

ANCHOR = dt.date(2026, 11, 22)
TEXT = ReportText("Các thôn đã tổ chức tuyên truyền, vận động tại nhà văn hóa.",
                  "Một số hộ gia đình còn khó khăn về kinh tế.",
                  "Đề nghị cơ quan BHXH hỗ trợ in thẻ kịp thời.")


def demo(folder: Path, people: int) -> Path:
    path = folder / f"demo-{people}.db"
    if not path.exists():
        t = time.perf_counter()
        db = open_db(path, create=True)
        generate(db, people=people, seed=7, anchor=ANCHOR)
        db.close()
        print(f"  (made {path.name} in {time.perf_counter() - t:.1f} s)", file=sys.stderr)
    return path


def run(path: Path, kind: str, repeat: int) -> dict:
    db = open_db(path)
    opts = load_options(db).resolved(get_commune(db))
    period = period_of(kind, ANCHOR)
    g_times, r_times = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fig = gather(db, period, ANCHOR, baseline=last_issued(db, kind, ANCHOR))
        t1 = time.perf_counter()
        pdf = render(fig, TEXT, opts, number="12", doc_date=ANCHOR)
        t2 = time.perf_counter()
        g_times.append(t1 - t0)
        r_times.append(t2 - t1)
    villages = len(fig["villages"])
    db.close()
    g, r = statistics.median(g_times), statistics.median(r_times)
    return {"villages": villages, "gather": g, "render": r, "total": g + r,
            "pages": len(PdfReader(io.BytesIO(pdf)).pages), "kb": len(pdf) / 1024}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="5000,100000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", help="folder to keep (and reuse) the demo files")
    args = ap.parse_args()
    register_family()        # once per process, like the app
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-report-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{'people':>8} {'villages':>8} {'period':>8} {'gather s':>9} {'render s':>9} "
          f"{'total s':>8} {'pages':>6} {'PDF kB':>7}")
    for people in (int(s) for s in args.sizes.split(",")):
        path = demo(folder, people)
        for kind in ("week", "month", "year"):
            r = run(path, kind, args.repeat)
            print(f"{people:>8} {r['villages']:>8} {kind:>8} {r['gather']:>9.3f} "
                  f"{r['render']:>9.3f} {r['total']:>8.3f} {r['pages']:>6} {r['kb']:>7.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
