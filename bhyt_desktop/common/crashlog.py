"""The one error log: unexpected errors from the command line and the window go here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bhyt_desktop.preferences.user import log_dir

LOG_NAME = "errors.log"


def write_crash_log(details: str) -> Path | None:
    """Append ``details`` to errors.log in the log folder; its path, or None if that failed."""
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / LOG_NAME
        with path.open("a", encoding="utf-8") as f:
            f.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')} ---\n{details}\n")
        return path
    except OSError:
        return None
