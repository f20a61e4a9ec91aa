#!/usr/bin/env python3
"""Speed of the export and the consolidation (issue 6 goals). Prints a table.

    python bench/bench_export.py [--people 100000] [--communes 200] [--keep DIR]

Goals: summary export at 100,000 people <= 1 s; with the named lists <= 12 s;
consolidating 200 commune files <= 30 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bhyt_desktop.common.jobs import Job  # noqa: E402
from bhyt_desktop.commune import details as cm  # noqa: E402
from bhyt_desktop.demo.generate import generate  # noqa: E402
from bhyt_desktop.export.consolidate import check_files, combine, write_consolidation  # noqa: E402
from bhyt_desktop.export.reading import read_export  # noqa: E402
from bhyt_desktop.export.workbook import ExportOptions, export_workbook  # noqa: E402
from bhyt_desktop.store import open_db  # noqa: E402

ANCHOR = dt.date(2026, 11, 22)


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=100_000)
    ap.add_argument("--communes", type=int, default=200)
    ap.add_argument("--commune-people", type=int, default=20_000,
                    help="size of the demo commune the 200 files are exported from")
    ap.add_argument("--keep", help="keep the files in this folder")
    args = ap.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="bench_export_"))
    work.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str, float, str]] = []
    try:
        big = work / "big.db"
        big.unlink(missing_ok=True)
        db = open_db(big, create=True)
        t_gen, _ = timed(lambda: generate(db, people=args.people, seed=1, anchor=ANCHOR))
        print(f"(demo commune of {args.people:,} people generated in {t_gen:.1f} s)", flush=True)
        n = f"{args.people:,} people"

        t, res = timed(lambda: export_workbook(db, work / "summary.xlsx", ExportOptions(as_of=ANCHOR)))
        rows.append(("summary export", n, t, "≤ 1 s"))
        t, res = timed(lambda: export_workbook(db, work / "week.xlsx", ExportOptions(as_of=ANCHOR, period="week")))
        rows.append(("summary export with week changes", n, t, "(≤ 1 s)"))
        steps = []
        job = Job(on_progress=lambda d, tot, m: steps.append(d))
        t, res = timed(lambda: export_workbook(
            db, work / "lists.xlsx", ExportOptions(as_of=ANCHOR, period="week", with_lists=True), job))
        listed = sum(res.list_rows.values())
        rows.append((f"with named lists ({listed:,} rows, {len(steps)} progress steps)", n, t, "≤ 12 s"))
        t, res = timed(lambda: export_workbook(
            db, work / "lists_full.xlsx",
            ExportOptions(as_of=ANCHOR, period="year", with_lists=True, full_ids=True)))
        rows.append(("with named lists, full IDs, year period", n, t, "(≤ 12 s)"))
        # Worst case: years later nearly every card has expired -> a ~100,000-row list.
        later = dt.date(ANCHOR.year + 6, 1, 1)
        t, res = timed(lambda: export_workbook(
            db, work / "lists_100k.xlsx", ExportOptions(as_of=later, with_lists=True)))
        listed = sum(res.list_rows.values())
        rows.append((f"with named lists ({listed:,} rows: as of {later:%d/%m/%Y})", n, t, "≤ 12 s"))
        t, f = timed(lambda: read_export(work / "lists_100k.xlsx"))
        assert f.checksum_ok
        rows.append((f"read + verify that file ({listed:,} list rows)", n, t, "–"))
        t, f = timed(lambda: read_export(work / "lists.xlsx"))
        assert f.checksum_ok
        rows.append(("read + verify the file with lists", n, t, "–"))
        db.close()

        # 200 commune files: one realistic commune exported under 200 codes.
        src = work / "commune.db"
        src.unlink(missing_ok=True)
        db = open_db(src, create=True)
        generate(db, people=args.commune_people, seed=2, anchor=ANCHOR)
        folder = work / "communes"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        t0 = time.perf_counter()
        for i in range(args.communes):
            cm.set_commune(db, code=f"{10000 + i}", name=f"Xã Thử {i + 1}")
            export_workbook(db, folder / f"BHYT_{10000 + i}.xlsx", ExportOptions(as_of=ANCHOR, period="week"))
        t_make = time.perf_counter() - t0
        db.close()
        print(f"({args.communes} commune files written in {t_make:.1f} s)", flush=True)

        def consolidate():
            plan = check_files([folder])
            data = combine(plan)
            return write_consolidation(data, work / "tong.xlsx")

        t, _ = timed(consolidate)
        rows.append((f"consolidate {args.communes} commune files (check + write)",
                     f"{args.commune_people:,}-people communes", t, "≤ 30 s"))
        try:
            from bhyt_desktop.export.summary_pdf import write_summary_pdf
            data = combine(check_files([folder]))
            t, _ = timed(lambda: write_summary_pdf(data, work / "tong.pdf"))
            rows.append(("one-page PDF summary", f"{args.communes} communes", t, "–"))
        except ImportError:
            pass
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    w = max(len(r[0]) for r in rows)
    print(f"\n{'what'.ljust(w)}  {'size'.ljust(26)}  {'time':>8}  goal")
    print("-" * (w + 48))
    for what, size, t, goal in rows:
        print(f"{what.ljust(w)}  {size.ljust(26)}  {t:7.2f}s  {goal}")
    print(f"\npeak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
