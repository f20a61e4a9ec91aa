"""Temporary files that hold personal data: beside the file being written, never in the
system's temp folder, and cleaned up by the next run when a run was killed.

    path = scratch_file(folder, "rows", ".xml")   # .~bhyt-<pid>-<random>.rows.xml.tmp
    sweep(folder)                                  # removes those left by dead runs

Each writer removes its scratch files on every exit path it sees (success, error,
cancel); a process that is killed (power cut, Task Manager) cannot, so every writer calls
:func:`sweep` on the target's folder first. A file still in use by a live process is left:
on POSIX its process id (in the name) is alive; on Windows an open file cannot be removed.

openpyxl's write-only sheets also stream their rows to temporary files; inside
:func:`openpyxl_scratch_in` those go to the target's folder under the same naming.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import threading
import time
from pathlib import Path

PREFIX = ".~bhyt-"
_NAME = re.compile(r"^\.~bhyt-(\d+)-[0-9a-f]+\..*\.tmp$")
STALE_SECONDS = 24 * 3600   # whatever the process id says, a day-old scratch file is stale


def scratch_file(folder: str | os.PathLike, kind: str, suffix: str = "") -> Path:
    """A new, empty scratch file in ``folder`` (mode 0666 less the umask)."""
    folder = Path(folder)
    while True:
        path = folder / f"{PREFIX}{os.getpid()}-{secrets.token_hex(6)}.{kind}{suffix}.tmp"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return path


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return False   # Windows: an open file cannot be removed anyway
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def sweep(folder: str | os.PathLike) -> list[Path]:
    """Remove the scratch files in ``folder`` left by runs that are no longer running;
    returns those removed. Never raises."""
    removed: list[Path] = []
    try:
        entries = list(Path(folder).glob(PREFIX + "*.tmp"))
    except OSError:
        return removed
    now = time.time()
    for path in entries:
        m = _NAME.match(path.name)
        if not m:
            continue
        pid = int(m.group(1))
        if pid == os.getpid():
            continue   # this run's own files are in use, whatever the clock says
        try:
            stale = now - path.stat().st_mtime > STALE_SECONDS
            if not stale and _alive(pid):
                continue
            path.unlink()
            removed.append(path)
        except OSError:
            continue
    return removed


# --- openpyxl's own temporary files ------------------------------------------------------
_where = threading.local()
_patch_lock = threading.Lock()
_patched = False


def _patch_openpyxl() -> None:
    global _patched
    with _patch_lock:
        if _patched:
            return
        from openpyxl.worksheet import _writer

        original = _writer.create_temporary_file

        def create_temporary_file(suffix=""):
            folder = getattr(_where, "folder", None)
            if folder is None:
                return original(suffix)
            path = str(scratch_file(folder, "sheet", suffix or ".xml"))
            _writer.ALL_TEMP_FILES.append(path)
            return path

        _writer.create_temporary_file = create_temporary_file
        _patched = True


@contextlib.contextmanager
def openpyxl_scratch_in(folder: str | os.PathLike):
    """Inside this block (this thread), write-only sheets created by openpyxl stream their
    rows to scratch files in ``folder`` instead of the system's temp folder."""
    _patch_openpyxl()
    before = getattr(_where, "folder", None)
    _where.folder = Path(folder)
    try:
        yield
    finally:
        _where.folder = before
