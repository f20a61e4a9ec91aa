"""Who has a commune file open: ``<file>.lock`` beside it (user, computer, process, since).

    acquire(path)      # this process holds the file; UserError when another live one does
    holder(path)       # the Holder of another live process, or None
    release(path)      # this process lets the file go

SQLite's own locks keep two writers from corrupting the file, but not two people from
working on it at once (each window holds its own figures, and a restore under an open
window would be overwritten). The desktop window takes the lock while it shows a file;
every writing open (``store.connection.open_db``) and every restore refuses a file held by
another live process. A lock left by a process that has died (the laptop switched off) is
ignored and replaced. A lock from another computer (a shared folder) cannot be checked and
is honoured, naming who holds it.
"""

from __future__ import annotations

import atexit
import contextlib
import getpass
import json
import os
import socket
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bhyt_desktop.common import clock
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _

_HELD: dict[Path, int] = {}          # path -> how many times this process acquired it


class FileInUseError(UserError):
    """The file is open in another window or program (never a damaged file)."""


@dataclass
class Holder:
    user: str
    host: str
    pid: int
    since: str

    def describe(self) -> str:
        return _("{user} trên máy {host} (tiến trình {pid}, từ {since})").format(
            user=self.user or "?", host=self.host or "?", pid=self.pid, since=self.since)


def lock_path(path: str | Path) -> Path:
    path = Path(path)
    return path.with_name(path.name + ".lock")


def _me() -> Holder:
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 (no user name on this system)
        user = ""
    return Holder(user, socket.gethostname(), os.getpid(), clock.now().strftime("%d/%m/%Y %H:%M"))


def _read(path: Path) -> Holder | None:
    try:
        data = json.loads(lock_path(path).read_text(encoding="utf-8"))
        return Holder(str(data.get("user", "")), str(data.get("host", "")), int(data["pid"]),
                      str(data.get("since", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes
        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)   # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return bool(ok) and code.value == 259            # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def holder(path: str | Path) -> Holder | None:
    """Another live process holding ``path``, or None (no lock, ours, or a dead one's)."""
    found = _read(Path(path))
    if found is None:
        return None
    if found.host == socket.gethostname():
        if found.pid == os.getpid() or not pid_alive(found.pid):
            return None
    return found


def in_use_message(path: str | Path, who: Holder) -> str:
    return _("Tệp {name} đang được mở ở cửa sổ hoặc chương trình khác: {who}. Tệp không hỏng; "
             "hãy đóng cửa sổ kia rồi mở lại.").format(name=Path(path).name, who=who.describe())


def refuse_if_held(path: str | Path) -> None:
    who = holder(path)
    if who is not None:
        raise FileInUseError(in_use_message(path, who))


def acquire(path: str | Path) -> None:
    """Hold ``path`` for this process (counted: acquire twice, release twice)."""
    key = Path(path).resolve()
    refuse_if_held(key)
    if _HELD.get(key):
        _HELD[key] += 1
        return
    me = _me()
    tmp = lock_path(key).with_name(lock_path(key).name + f".{os.getpid()}")
    try:
        tmp.write_text(json.dumps(me.__dict__, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, lock_path(key))
    except OSError:          # a read-only folder: no lock file (the file cannot be written either)
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    _HELD[key] = 1


def release(path: str | Path) -> None:
    key = Path(path).resolve()
    if not _HELD.get(key):
        return
    _HELD[key] -= 1
    if _HELD[key] == 0:
        del _HELD[key]
        found = _read(key)
        if found is not None and found.pid == os.getpid() and found.host == socket.gethostname():
            with contextlib.suppress(OSError):
                lock_path(key).unlink()


@atexit.register
def release_all() -> None:
    for key in list(_HELD):
        _HELD[key] = 1
        release(key)


@contextlib.contextmanager
def holding(path: str | Path) -> Iterator[None]:
    acquire(path)
    try:
        yield
    finally:
        release(path)
