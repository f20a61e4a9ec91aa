"""Background work (ui/operations.run_operation): the worker's own connection, opened through
the context (operator attached) and closed whatever happens; a write announces what it
changed and only the pages concerned reload; progress and cancel."""

from __future__ import annotations

import json
import sqlite3
import threading

import pytest

from bhyt_desktop.common import touched
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.jobs import Cancelled
from bhyt_desktop.roster import edits as roster
from bhyt_desktop.store.audit import log
from tests import factories as fx
from tests.roster_helpers import make_ctx, named_roster
from ui.operations import run_operation

WAIT = 10_000


@pytest.fixture
def ctx(db, db_path):
    context = make_ctx(db, db_path)
    context.settings.operator = "Cán bộ Thử"
    return context


@pytest.fixture
def page(qtbot):
    from PySide6.QtWidgets import QWidget
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def closed(db) -> bool:
    try:
        db.execute("SELECT 1")
    except sqlite3.ProgrammingError as exc:
        return "closed" in str(exc)
    return False


def run(qtbot, page, work, **kwargs):
    """Start ``work`` and wait for its end; returns (successes, failures)."""
    ok, failed = [], []
    op = run_operation(page, "thử", work, on_success=ok.append, on_failure=failed.append, **kwargs)
    with qtbot.waitSignal(op.done, timeout=WAIT):
        pass
    return ok, failed


def test_the_worker_gets_its_own_connection_and_the_helper_closes_it(qtbot, ctx, page):
    seen = []

    def work(job, db):
        seen.append(db)
        return db.execute("SELECT count(*) FROM people").fetchone()[0]

    ok, failed = run(qtbot, page, work, ctx=ctx)
    assert ok == [0] and failed == []
    (db,) = seen
    assert db is not ctx.db and closed(db)
    assert not closed(ctx.db)                       # the GUI thread's connection stays open


@pytest.mark.parametrize("error", [RuntimeError("lỗi lập trình"), UserError("Tệp không đọc được")])
def test_the_connection_is_closed_when_the_work_fails(qtbot, ctx, page, error):
    seen = []

    def work(job, db):
        seen.append(db)
        raise error

    ok, failed = run(qtbot, page, work, ctx=ctx)
    assert ok == [] and failed == [error]
    assert closed(seen[0])


def test_cancel_stops_the_work_and_closes_its_connection(qtbot, ctx, page):
    started, go_on, seen, steps = threading.Event(), threading.Event(), [], []

    def work(job, db):
        seen.append(db)
        started.set()
        go_on.wait(WAIT / 1000)
        roster.add_household(db, "HGD000999", fx.village(db, "Xóm Hủy"))  # written, then…
        job.step(1, 2, "nửa chừng")                  # …the cancel is seen here
        steps.append(1)

    failures = []
    op = run_operation(page, "thử", work, ctx=ctx, changes=(touched.PEOPLE,),
                       on_failure=failures.append)
    qtbot.waitUntil(started.is_set, timeout=WAIT)
    announced = []
    ctx.data_changed.connect(announced.append)
    op.cancel()
    with qtbot.waitSignal(op.done, timeout=WAIT):
        go_on.set()
    assert len(failures) == 1 and isinstance(failures[0], Cancelled) and steps == []
    assert closed(seen[0])
    # add_household committed before the step raised: the pages are told (a partial write is
    # never left unannounced), and the write carries the operator like any other.
    assert announced == [frozenset({touched.PEOPLE})]


def test_a_cancel_before_any_write_announces_nothing(qtbot, ctx, page):
    started, go_on = threading.Event(), threading.Event()

    def work(job, db):
        started.set()
        go_on.wait(WAIT / 1000)
        job.step(0, 1)

    failures, announced = [], []
    ctx.data_changed.connect(announced.append)
    op = run_operation(page, "thử", work, ctx=ctx, changes=(touched.PEOPLE,),
                       on_failure=failures.append)
    qtbot.waitUntil(started.is_set, timeout=WAIT)
    op.cancel()
    with qtbot.waitSignal(op.done, timeout=WAIT):
        go_on.set()
    assert isinstance(failures[0], Cancelled) and announced == []


def test_progress_reaches_the_gui_thread(qtbot, ctx, page):
    seen, listening = [], threading.Event()

    def work(job, db):
        listening.wait(WAIT / 1000)
        for i in range(3):
            job.step(i, 3, f"bước {i}")
        return "xong"

    op = run_operation(page, "thử", work, ctx=ctx, on_success=seen.append)
    op.signals.progress.connect(lambda done, total, message: seen.append((done, total, message)))
    with qtbot.waitSignal(op.done, timeout=WAIT):
        listening.set()
    assert seen == [(0, 3, "bước 0"), (1, 3, "bước 1"), (2, 3, "bước 2"), "xong"]


def test_audit_lines_written_by_a_worker_carry_the_operator(qtbot, ctx, page):
    village = fx.village(ctx.db, "Xóm 1")

    def work(job, db):
        return roster.add_household(db, "HGD000101", village)

    ok, failed = run(qtbot, page, work, ctx=ctx, changes=(touched.PEOPLE,))
    assert failed == [] and ok
    rows = ctx.db.execute("SELECT operator FROM audit_log WHERE action = 'add_household'").fetchall()
    assert rows == [("Cán bộ Thử",)]


def test_the_operator_is_the_one_when_the_work_started(qtbot, ctx, page):
    village = fx.village(ctx.db, "Xóm 1")
    go_on = threading.Event()

    def work(job, db):
        go_on.wait(WAIT / 1000)
        return roster.add_household(db, "HGD000101", village)

    ok = []
    op = run_operation(page, "thử", work, ctx=ctx, changes=(touched.PEOPLE,), on_success=ok.append)
    ctx.set_operator("Người Khác")
    with qtbot.waitSignal(op.done, timeout=WAIT):
        go_on.set()
    assert ctx.db.execute("SELECT operator FROM audit_log WHERE action = 'add_household'"
                          ).fetchall() == [("Cán bộ Thử",)]


def test_only_the_pages_concerned_by_a_write_reload(qtbot, ctx, db):
    from ui.export.panel import ExportPanel
    from ui.roster.page import RosterPage
    named_roster(db)
    roster_page, export_panel = RosterPage(ctx), ExportPanel(ctx)
    for w in (roster_page, export_panel):
        qtbot.addWidget(w)
    people = roster_page.model.rowCount()
    assert export_panel.history.rowCount() == 0
    # An export logged by another program meanwhile: the panel learns of it only when told.
    log(db, "export", "export", None, json.dumps({"path": "C:/nop/xa.xlsx", "as_of": "2026-11-22"}))
    household = db.execute("SELECT id FROM households ORDER BY id LIMIT 1").fetchone()[0]

    def work(job, worker_db):
        return roster.add_person(worker_db, household, "Trần Văn Mới")

    ok, failed = run(qtbot, roster_page, work, ctx=ctx, changes=(touched.PEOPLE,))
    assert failed == [] and ok
    assert roster_page.model.rowCount() == people + 1      # concerned: reloaded
    assert export_panel.history.rowCount() == 0           # not concerned: left alone

    def export(job, worker_db):
        return None                                       # says it changed the exports

    ok, failed = run(qtbot, export_panel, export, ctx=ctx, changes=(touched.EXPORTS,))
    assert export_panel.history.rowCount() == 1
    assert export_panel.history.item(0, 4).text() == "C:/nop/xa.xlsx"


def test_read_only_work_announces_nothing(qtbot, ctx, page):
    announced = []
    ctx.data_changed.connect(announced.append)
    ok, failed = run(qtbot, page, lambda job, db: db.execute("SELECT 1").fetchone()[0], ctx=ctx)
    assert ok == [1] and announced == []


def test_a_write_must_say_what_it_changed(ctx, page):
    with pytest.raises(ValueError):
        ctx.notify_changed()
    with pytest.raises(ValueError, match="everything"):
        ctx.notify_changed("everything")
    with pytest.raises(ValueError):
        run_operation(page, "thử", lambda job, db: None, ctx=None, changes=(touched.CARDS,))


def test_work_without_a_file_gets_no_connection(qtbot, page):
    ok, failed = run(qtbot, page, lambda job, db: db, ctx=None)
    assert ok == [None] and failed == []


def test_villages_made_by_a_worker_show_on_the_villages_page(qtbot, ctx, db):
    from bhyt_desktop.commune import details as cm
    from ui.villages.page import VillagesPage
    fx.village(db, "Xóm 1")
    page = VillagesPage(ctx)
    qtbot.addWidget(page)
    ok, failed = run(qtbot, page, lambda job, worker_db: cm.add_village(worker_db, "Xóm Mới"),
                     ctx=ctx, changes=(touched.VILLAGES,))
    assert failed == [] and ok
    assert [page.table.item(r, 0).text() for r in range(page.table.rowCount())] == ["Xóm 1", "Xóm Mới"]
    assert "Xóm Mới" in [page.targets.table.verticalHeaderItem(r).text()
                         for r in range(page.targets.table.rowCount())]


def test_a_signer_saved_with_a_report_draft_shows_on_the_settings_page(qtbot, ctx):
    from ui.reports.page import ReportsPage
    from ui.settings.page import SettingsPage
    settings, reports = SettingsPage(ctx), ReportsPage(ctx)
    for w in (settings, reports):
        qtbot.addWidget(w)
    reports.signer.setText("Trần Văn Bình")
    reports.save_draft()
    assert settings.letter["signer"].text() == "Trần Văn Bình" and not settings.has_unsaved()
    # What is being typed on the settings page is never replaced under the user's fingers.
    settings.letter["position"].setText("PHÓ CHỦ TỊCH")
    reports.signer.setText("Lê Thị Cúc")
    reports.save_draft()
    assert settings.letter["position"].text() == "PHÓ CHỦ TỊCH"
    assert settings.letter["signer"].text() == "Trần Văn Bình"
