"""BHYT Desktop entry point.

    python main.py [--db PATH]          open the desktop application
    python main.py status --db PATH     command line (see --help)
"""

from __future__ import annotations

import sys


def open_app(db_path: str | None) -> int:
    from ui.app import run  # Qt is imported only when the window is wanted

    return run(db_path)


if __name__ == "__main__":
    from bhyt_desktop.cli import main

    sys.exit(main(open_app=open_app))
