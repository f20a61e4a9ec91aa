"""Cooperative progress and cancel for long core work (imports, reports, exports).

Core functions that can be slow take a ``job: Job | None`` and call ``job.step(done, total)``
now and then; ``step`` raises :class:`Cancelled` when the user asked to stop. The UI's
background-operation helper (ui/operations.py) builds the Job; the command line and tests
pass ``None`` or their own.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _


class Cancelled(UserError):
    """The user cancelled the work; nothing was written."""

    def __init__(self, message: str | None = None):
        super().__init__(message or _("Đã hủy. Không có thay đổi nào được ghi."))


class Job:
    def __init__(self, on_progress: Callable[[int, int, str], None] | None = None):
        self._cancel = threading.Event()
        self._on_progress = on_progress

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def step(self, done: int, total: int, message: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled()
        if self._on_progress:
            self._on_progress(done, total, message)


def step(job: Job | None, done: int, total: int, message: str = "") -> None:
    """``job.step`` that accepts ``None``."""
    if job is not None:
        job.step(done, total, message)
