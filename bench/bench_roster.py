"""Roster page speed on a 100,000-person demo commune (offscreen Qt).

    python bench/bench_roster.py [--db FILE] [--people 100000]

Makes the demo file once (seed 1, anchor 22/11/2026) unless --db names an existing one.
Times are medians of a few runs, in ms, including the SQL list query, the model reset and
a synchronous repaint of the visible rows (which fetches their block). Prints a table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bhyt_desktop.demo.generate import generate  # noqa: E402
from bhyt_desktop.preferences.user import Settings  # noqa: E402
from bhyt_desktop.store import open_db  # noqa: E402

ANCHOR = dt.date(2026, 11, 22)
RUNS = 5


def _shield_singletons() -> None:
    """PySide6 6.12.0 on Python 3.11 drops a reference to None (and True/False) on every
    call of a void method (QLabel.setText, QComboBox.setCurrentIndex...) and every read of
    an empty QVariant; after a few thousand calls Python aborts with "deallocating None".
    PySide6 6.11.3 does not. Python 3.12+ makes these objects immortal. For the bench only,
    give them a huge reference count so the run can finish (see docs/roster.md)."""
    if sys.version_info < (3, 12):
        import ctypes
        for obj in (None, True, False):
            ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 40


def median_ms(fn, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db")
    ap.add_argument("--people", type=int, default=100_000)
    args = ap.parse_args()
    path = Path(args.db) if args.db else Path(tempfile.gettempdir()) / f"bench-roster-{args.people}.db"
    if not path.exists():
        t0 = time.perf_counter()
        db = open_db(path, create=True)
        generate(db, people=args.people, seed=1, anchor=ANCHOR)
        db.close()
        print(f"demo file made in {time.perf_counter() - t0:.1f} s: {path}")

    _shield_singletons()
    from PySide6.QtWidgets import QApplication

    from ui.context import AppContext
    from ui.roster.page import RosterPage
    app = QApplication.instance() or QApplication([])
    db = open_db(path)
    n_people = db.execute("SELECT count(*) FROM people").fetchone()[0]
    ctx = AppContext(db, path, Settings(), as_of=ANCHOR)
    from bhyt_desktop.roster import query as rq
    rows: list[tuple[str, float | None, float, str, str]] = []   # label, sql ms, ui ms, goal, note

    def paint(page) -> None:
        page.table.viewport().repaint()
        app.processEvents()

    t0 = time.perf_counter()
    page = RosterPage(ctx)
    page.resize(1500, 850)
    page.show()
    paint(page)
    rows.append(("first paint (page built, 100k ids, visible rows)", None,
                 (time.perf_counter() - t0) * 1000, "", f"{page.model.rowCount():,} rows"))

    def run(label: str, goal: str, action, runs: int = RUNS) -> float:
        action()
        f = page.current_filter()
        sql = median_ms(lambda: rq.person_ids(db, f), runs)

        def step():
            action()
            paint(page)
        ui = median_ms(step, runs)
        rows.append((label, sql, ui, goal, f"{page.model.rowCount():,} rows"))
        return ui

    def set_search(text: str) -> None:
        page.search.blockSignals(True)
        page.search.setText(text)
        page.search.blockSignals(False)
        page.apply_filter()

    # Search, one keystroke at a time (what the debounced box runs after a pause).
    typed = "nguyen thi huong"
    per_key = []
    for i in range(1, len(typed) + 1):
        text = typed[:i]
        if not text.endswith(" "):
            per_key.append(run(f"search «{text}»", "≤ 30", lambda text=text: set_search(text), runs=3))
    for text in ("huong", "thi huong", "036", "0361980", "1234", "HGD00123"):
        run(f"search «{text}»", "≤ 30", lambda text=text: set_search(text))
    page.clear_filters()

    filters = [
        ("filter village (Thôn Nam)", page.village, page.village.itemData(3)),
        ("filter card: valid", page.card_state, "valid"),
        ("filter card: expiring ≤ 30 days", page.card_state, "expiring"),
        ("filter card: lapsed", page.card_state, "lapsed"),
        ("filter card: never", page.card_state, "never"),
        ("filter group 5 (household)", page.group, "g:5"),
        ("filter code GD", page.group, "c:GD"),
        ("filter age 60-79", page.age, "60-79"),
        ("filter status: away", page.status, "away"),
        ("filter status: counted", page.status, "counted"),
    ]
    for label, combo, data in filters:
        def act(combo=combo, data=data):
            combo.blockSignals(True)
            combo.setCurrentIndex(combo.findData(data))
            combo.blockSignals(False)
            page.apply_filter()
        run(label, "≤ 100", act)
        page.clear_filters()

    page.village.setCurrentIndex(3)
    run("filter village + card lapsed", "≤ 100",
        lambda: page.card_state.setCurrentIndex(page.card_state.findData("lapsed")) or page.apply_filter())
    page.clear_filters()

    from PySide6.QtCore import Qt

    from ui.roster import model as m
    hh = page.table.horizontalHeader()
    for label, col in (("sort by birth", m.COL_BIRTH), ("sort by household", m.COL_HOUSEHOLD),
                       ("sort by village", m.COL_VILLAGE), ("sort by name", m.COL_NAME)):
        def act(col=col):
            hh.blockSignals(True)
            hh.setSortIndicator(col, Qt.AscendingOrder)
            hh.blockSignals(False)
            page._sort_changed(col, Qt.AscendingOrder)
        run(label, "", act)

    def timed(label: str, fn) -> None:
        def step():
            fn()
            paint(page)
        rows.append((label, None, median_ms(step), "", ""))

    timed("jump to the middle and paint (new block)",
          lambda: page.select_row(page.model.rowCount() // 2 + int(time.perf_counter() * 1000) % 5000))
    pid = page.current_person()
    timed("repaint one edited row (refresh_people)", lambda: page.model.refresh_people([pid]))

    from bhyt_desktop.roster.printing import write_roster_pdf
    with tempfile.TemporaryDirectory() as tmp:
        for label, f in (("print PDF: village (2,961 rows)", rq.RosterFilter(as_of=ANCHOR, village_id=page.village.itemData(3))),
                         ("print PDF: card lapsed, whole commune", rq.RosterFilter(as_of=ANCHOR, card_state="lapsed"))):
            t0 = time.perf_counter()
            n = write_roster_pdf(db, f, Path(tmp) / "x.pdf")
            rows.append((label, None, (time.perf_counter() - t0) * 1000, "", f"{n:,} rows"))

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nRoster page on {n_people:,} people ({path.name}), as of {ANCHOR:%d/%m/%Y}; median ms."
          f" 'SQL' = the list query alone; 'page' = query + model reset + household panel + repaint\n")
    print(f"| {'what':48} | {'SQL':>6} | {'page':>6} | {'goal':>6} | {'result':>13} |")
    print(f"|{'-' * 50}|{'-' * 8}|{'-' * 8}|{'-' * 8}|{'-' * 15}|")
    for label, sql, ui, goal, note in rows:
        sql_text = f"{sql:6.1f}" if sql is not None else ""
        print(f"| {label:48} | {sql_text:>6} | {ui:6.1f} | {goal:>6} | {note:>13} |")
    print(f"| {'peak memory (MB, whole process)':48} | {'':>6} | {peak_mb:6.0f} | {'≤ 250':>6} | {'':>13} |")
    typical = per_key[3:]
    print(f"\nsearch per keystroke, from the 4th key of «{typed}»: median {statistics.median(typical):.1f} ms,"
          f" max {max(typical):.1f} ms; keys 1-3: {', '.join(f'{x:.0f}' for x in per_key[:3])} ms")
    print(f"rows cached now: {page.model.cached_rows():,} (of {page.model.rowCount():,});"
          f" load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
