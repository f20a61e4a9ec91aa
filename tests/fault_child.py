"""Run one operation and SIGKILL this process at the N-th line of bhyt_desktop run (fault tests).

    python tests/fault_child.py OP DB N [ARG]     # N = 0: run to the end, print the line count
OP: import (ARG = the roster workbook), backup, restore or restore-live (ARG = the backup file).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORE = str(ROOT / "bhyt_desktop")


def main() -> None:
    op, db, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    from bhyt_desktop.store import connection
    connection.COPY_PAGES = 8          # many steps: kills land inside a copy too
    arg = sys.argv[4] if len(sys.argv) > 4 else ""
    from bhyt_desktop.cli import main as cli
    from bhyt_desktop.store import backup as bk

    count = 0

    def local(frame, event, _arg):
        nonlocal count
        if event == "line":
            count += 1
            if count == n:
                os.kill(os.getpid(), signal.SIGKILL)
        return local

    def tracer(frame, event, _arg):
        return local if frame.f_code.co_filename.startswith(CORE) else None

    sys.settrace(tracer)
    if op == "import":
        code = cli(["import", "roster", arg, "--db", db])
    elif op == "backup":
        code = 0 if bk.make_backup(db, db, "manual") else 1
    elif op == "restore-live":
        code = 0 if bk.restore_live(db, arg) else 1
    else:
        code = 0 if bk.restore(db, arg) or True else 1
    sys.settrace(None)
    print(count)
    sys.exit(code)


if __name__ == "__main__":
    main()
