"""The one way to run slow work off the GUI thread, with progress and cancel.

    run_operation(parent, title, work, ctx=ctx, changes=(touched.CARDS,),
                  on_success=..., on_failure=...)

``work(job, db)`` runs on a worker thread. ``job`` is a :class:`bhyt_desktop.common.jobs.Job`:
the work calls ``job.step(done, total, message)`` now and then (it raises ``Cancelled``
when the user cancelled). ``db`` is the worker's own connection to the commune file, opened
here through ``ctx`` (so audit-log lines carry the operator's name) and closed here when the
work ends, whether it returned, failed or was cancelled: a SQLite connection belongs to the
work that uses it, never to the GUI thread's. With ``ctx=None`` (work that reads no commune
file) ``db`` is None.

A write says what it changed: ``changes`` (bhyt_desktop.common.touched topics). After it
succeeds, ``ctx.notify_changed(*changes)`` runs on the GUI thread before ``on_success``, so
the pages concerned reload; after a failure too, when the worker's connection wrote anything
(a refresh for a rolled-back write is harmless, a missed one shows stale figures). Read-only
work passes no ``changes`` and announces nothing.

A progress dialog with a Cancel button appears only if the work takes longer than
``DELAY_MS``. Every exception is caught on the worker and delivered to the GUI thread:
``UserError`` (including Cancelled) shows its message, anything else opens the error dialog
with copyable details.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from bhyt_desktop.common import touched
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.jobs import Cancelled, Job
from bhyt_desktop.store.connection import plain_io_message

if TYPE_CHECKING:
    import sqlite_utils

    from .context import AppContext

DELAY_MS = 500
Work = Callable[[Job, "sqlite_utils.Database | None"], Any]


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object, str, bool)     # the error, its details, whether it wrote


class _Runnable(QRunnable):
    def __init__(self, work: Work, job: Job, signals: _Signals,
                 connect: Callable[[], sqlite_utils.Database] | None):
        super().__init__()
        self.work, self.job, self.signals, self.connect = work, job, signals, connect
        self.wrote = False                  # the worker's connection changed something
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            try:
                result = self._call()
            except BaseException as exc:  # delivered, never lost on the worker
                self.signals.failed.emit(exc, traceback.format_exc(), self.wrote)
            else:
                self.signals.finished.emit(result)
        except RuntimeError:
            pass  # the operation was deleted with its page (or at exit): no one to tell

    def _call(self) -> Any:
        """The work with its own connection, closed before anyone hears of the result."""
        if self.connect is None:
            return self.work(self.job, None)
        db = self.connect()
        before = db.conn.total_changes
        try:
            return self.work(self.job, db)
        finally:
            self.wrote = db.conn.total_changes != before
            db.close()


class Operation(QObject):
    """A running piece of work. Kept alive by its parent until it ends."""

    done = Signal()

    def __init__(self, parent: QWidget | None, title: str, work: Work,
                 on_success: Callable[[Any], None] | None = None,
                 on_failure: Callable[[BaseException], None] | None = None,
                 cancellable: bool = True, show_errors: bool = True, progress: bool = True,
                 ctx: AppContext | None = None, changes: Iterable[str] = ()):
        super().__init__(parent)
        self.parent_widget = parent
        self.title = title
        self.ctx = ctx
        changes = tuple(changes)
        self.changes = touched.topics(*changes) if changes else frozenset()
        if self.changes and ctx is None:
            raise ValueError("a write needs the context of the file it changes")
        self.on_success, self.on_failure = on_success, on_failure
        self.show_errors = show_errors
        self.job = Job(on_progress=self._emit_progress)
        self.signals = _Signals()
        self.signals.progress.connect(self._progress, Qt.QueuedConnection)
        self.signals.finished.connect(self._finished, Qt.QueuedConnection)
        self.signals.failed.connect(self._failed, Qt.QueuedConnection)
        # The dialog is made only when the work outlasts DELAY_MS (never for quiet work):
        # an unshown QProgressDialog still shows itself on setValue() and, once shown and
        # modal, runs the event loop inside setValue(). It belongs to the top-level window,
        # so a page deleted meanwhile cannot take it down mid-call.
        self.dialog: QProgressDialog | None = None
        self.cancellable = cancellable
        self._last = (0, 0, "")
        self._updating = False
        self._timer = QTimer(self, singleShot=True, interval=DELAY_MS)
        if progress:
            self._timer.timeout.connect(self._show_dialog)
        self._runnable = _Runnable(work, self.job, self.signals,
                                   ctx.connector() if ctx is not None else None)
        self.running = False
        self._abandoned = False
        self._watch = None
        if parent is not None:
            # The page went away (another file opened, window closed) while the work runs:
            # cancel it and ignore whatever it still delivers.
            self._watch = parent.destroyed.connect(lambda *_a: self._abandon())

    def _show_dialog(self) -> None:
        if not self._alive() or not self.running:
            return
        owner = self.parent_widget.window() if self.parent_widget is not None else None
        dialog = QProgressDialog(self.title, _("Hủy") if self.cancellable else "", 0, 0, owner)
        dialog.setWindowTitle(self.title)
        dialog.setWindowModality(Qt.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not self.cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(self.cancel)
        self.dialog = dialog
        self._apply_progress()
        dialog.show()

    def _apply_progress(self) -> None:
        done, total, message = self._last
        dialog = self.dialog
        if dialog is None or self._updating or not shiboken6.isValid(dialog):
            return
        self._updating = True                 # setValue() may run the event loop
        try:
            dialog.setMaximum(max(total, 0))
            dialog.setValue(min(done, total) if total else 0)
            if message:
                dialog.setLabelText(message)
        finally:
            self._updating = False

    def _abandon(self) -> None:
        self._abandoned = True
        self.job.cancel()
        self._close_dialog()

    def _close_dialog(self) -> None:
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.hide()
            self.dialog.deleteLater()
        self.dialog = None

    def _alive(self) -> bool:
        return not self._abandoned and shiboken6.isValid(self)

    def start(self) -> Operation:
        self.running = True
        self._timer.start()
        QThreadPool.globalInstance().start(self._runnable)
        return self

    def cancel(self) -> None:
        self.job.cancel()
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.setLabelText(_("Đang hủy…"))

    def _emit_progress(self, done: int, total: int, message: str) -> None:
        try:
            self.signals.progress.emit(done, total, message)
        except RuntimeError:              # deleted with its page: stop the work
            self.job.cancel()

    @Slot(int, int, str)
    def _progress(self, done: int, total: int, message: str) -> None:
        if self.job.cancelled or not self._alive():
            return
        self._last = (done, total, message)
        self._apply_progress()

    def _end(self) -> bool:
        """Close the dialog; False when the operation was abandoned (deliver nothing)."""
        self.running = False
        if not self._alive():
            return False
        if self._watch is not None:
            QObject.disconnect(self._watch)
            self._watch = None
        self._timer.stop()
        self._close_dialog()
        self.done.emit()
        return True

    def _announce(self) -> None:
        if self.changes and self.ctx is not None and shiboken6.isValid(self.ctx):
            self.ctx.notify_changed(*sorted(self.changes))

    @Slot(object)
    def _finished(self, result: Any) -> None:
        if self._updating:                    # inside setValue()'s event loop: come back after
            QTimer.singleShot(0, self, lambda: self._finished(result))
            return
        if not self._end():
            return
        self._announce()
        if self.on_success:
            self.on_success(result)
        self.deleteLater()

    @Slot(object, str, bool)
    def _failed(self, exc: BaseException, details: str, wrote: bool = False) -> None:
        if self._updating:
            QTimer.singleShot(0, self, lambda: self._failed(exc, details, wrote))
            return
        if not self._end():
            return
        if wrote:
            self._announce()
        if self.on_failure:
            self.on_failure(exc)
        elif self.show_errors:
            if isinstance(exc, Cancelled):
                QMessageBox.information(self.parent_widget, self.title, str(exc))
            elif isinstance(exc, UserError):
                QMessageBox.warning(self.parent_widget, self.title, str(exc))
            elif plain_io_message(exc):             # a locked file, a full disk: not a bug
                QMessageBox.warning(self.parent_widget, self.title, plain_io_message(exc))
            else:
                show_error(self.parent_widget, exc, details)
        self.deleteLater()


def run_operation(parent: QWidget | None, title: str, work: Work, *,
                  ctx: AppContext | None, changes: Iterable[str] = (),
                  on_success: Callable[[Any], None] | None = None,
                  on_failure: Callable[[BaseException], None] | None = None,
                  cancellable: bool = True, progress: bool = True) -> Operation:
    """Start ``work(job, db)`` on a worker thread; see the module docstring.

    ``ctx``: the open file the work reads or writes (None: no file, ``db`` is None);
    ``changes``: what a write changes (bhyt_desktop.common.touched), announced when done.
    ``progress=False`` never shows the progress dialog (quiet background refreshes that
    the page itself shows as busy); errors are still delivered.
    """
    return Operation(parent, title, work, on_success, on_failure, cancellable,
                     progress=progress, ctx=ctx, changes=changes).start()


def show_error(parent: QWidget | None, exc: BaseException, details: str = "") -> None:
    """A bug caught here goes the one crash path: logged, then the dialog with its details."""
    from .crash import report
    report(details or "".join(traceback.format_exception(exc)), parent)
