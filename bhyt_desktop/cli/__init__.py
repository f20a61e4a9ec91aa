"""The command line. ``main.py`` calls :func:`main`.

Each module in ``bhyt_desktop/cli/commands`` adds one subcommand: it defines
``register(subparsers, common)`` which adds a parser with ``set_defaults(run=...)``.
Exit codes: 0 success, 1 a user error (one line, in the user's language), 2 bad usage.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import re
import sqlite3
import sys
import traceback
from collections.abc import Callable, Sequence

from bhyt_desktop.common import clock, i18n
from bhyt_desktop.common.crashlog import write_crash_log
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.preferences.user import default_db_path

EXIT_OK, EXIT_USER, EXIT_USAGE = 0, 1, 2

_ARGPARSE_MESSAGES = [
    (r"unrecognized arguments: (.*)", "Tùy chọn không hợp lệ: {0}"),
    (r"the following arguments are required: (.*)", "Thiếu tham số bắt buộc: {0}"),
    (r"argument (\S+): invalid choice: '?([^'\s]*)'? \(choose from (.*)\)", "Tham số {0}: «{1}» không hợp lệ (chọn một trong: {2})"),
    (r"argument (\S+): expected one argument", "Tham số {0} cần một giá trị"),
    (r"argument (\S+): invalid (\w+) value: '(.*)'", "Tham số {0}: «{2}» không phải là giá trị hợp lệ"),
    (r"argument (\S+): ignored explicit argument '(.*)'", "Tham số {0} không nhận giá trị «{1}»"),
]


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors in the user's language and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        for pattern, vi in _ARGPARSE_MESSAGES:
            m = re.match(pattern, message)
            if m:
                message = _(vi).format(*m.groups())
                break
        else:
            message = _("Cách dùng không đúng: {msg}").format(msg=message)
        print(f"{self.prog}: {_('Lỗi')}: {message}", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def _common() -> argparse.ArgumentParser:
    common = Parser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help=_("tệp dữ liệu của xã (.db)"))
    common.add_argument("--lang", choices=i18n.LANGUAGES, default=argparse.SUPPRESS,
                        help=_("ngôn ngữ thông báo: vi (mặc định) hoặc en"))
    return common


def build_parser() -> Parser:
    common = _common()
    parser = Parser(prog="main.py", parents=[common],
                    description=_("BHYT Desktop: theo dõi bao phủ bảo hiểm y tế cấp xã."))
    sub = parser.add_subparsers(dest="command", metavar=_("LỆNH"), parser_class=Parser)
    from bhyt_desktop.cli import commands
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(sub, common)
    return parser


def _preselect_language(argv: Sequence[str]) -> None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            i18n.set_language(argv[i + 1])
        elif arg.startswith("--lang="):
            i18n.set_language(arg.split("=", 1)[1])


def main(argv: Sequence[str] | None = None,
         open_app: Callable[[str | None], int] | None = None) -> int:
    """Run a subcommand, or with none, ``open_app(db_path)`` (the desktop window)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if open_app is not None and _opened_file(argv):  # a double-clicked commune file
        return open_app(argv[0])
    _preselect_language(argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error already printed
        return int(exc.code or 0)
    if getattr(args, "command", None) is None:
        if open_app is None:
            parser.print_help()
            return EXIT_USAGE
        return open_app(getattr(args, "db", None))
    try:
        return int(args.run(args) or 0)
    except UserError as exc:
        print(f"{_('Lỗi')}: {exc}", file=sys.stderr)
        return EXIT_USER
    except sqlite3.DatabaseError as exc:
        from pathlib import Path

        from bhyt_desktop.store.connection import explain
        print(explain(Path(db_path(args)), exc), file=sys.stderr)
        return EXIT_USER
    except BrokenPipeError:  # output piped into `head` or a closed pager: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_USER
    except KeyboardInterrupt:
        print(_("Đã dừng."), file=sys.stderr)
        return EXIT_USER
    except Exception as exc:  # a bug: log it in full, tell the user in one line
        path = _log_crash()
        print(_("Lỗi không mong muốn ({kind}). Chi tiết đã ghi vào {path}").format(
            kind=type(exc).__name__, path=path), file=sys.stderr)
        return EXIT_USER


def _opened_file(argv: Sequence[str]) -> bool:
    """True when the only argument is a commune file (what Windows passes on a double-click)."""
    return (len(argv) == 1 and not argv[0].startswith("-")
            and argv[0].lower().endswith(".db") and os.path.isfile(argv[0]))


def _log_crash() -> str:
    path = write_crash_log(traceback.format_exc())
    return str(path) if path else "stderr"


def db_path(args: argparse.Namespace, *, required: bool = False) -> str:
    """The --db given, else (unless ``required``) the default commune file."""
    db = getattr(args, "db", None)
    if db:
        return db
    if required:
        raise UserError(_("Hãy chỉ ra tệp dữ liệu bằng --db PATH."))
    return str(default_db_path())


def date_arg(text: str | None):
    """--as-of and friends: YYYY-MM-DD or dd/mm/yyyy; today when not given."""
    from bhyt_desktop.common.formats import parse_date
    return parse_date(text) if text else clock.today()
