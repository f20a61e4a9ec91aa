"""`backup`, `backups`, `restore`, `check`: copies of the commune file and its health."""

from __future__ import annotations

from pathlib import Path

from bhyt_desktop.cli import db_path
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import fmt_int
from bhyt_desktop.common.i18n import _
from bhyt_desktop.store import backup as bk
from bhyt_desktop.store import sidecar
from bhyt_desktop.store.connection import damaged_message

REASONS = {"manual": "làm bằng tay", "import": "trước khi nhập", "migration": "trước khi nâng cấp",
           "daily": "hằng ngày", "restore": "trước khi khôi phục",
           "merge": "trước khi gộp thôn", "damaged": "tệp hỏng để riêng"}


def register(sub, common) -> None:
    p = sub.add_parser("backup", parents=[common], help=_("sao lưu tệp dữ liệu"))
    p.add_argument("-o", dest="out", metavar="FILE", help=_("tệp sao lưu (mặc định: thư mục backups/ cạnh tệp)"))
    p.set_defaults(run=run_backup)
    p = sub.add_parser("backups", parents=[common], help=_("liệt kê các bản sao lưu"))
    p.set_defaults(run=run_list)
    p = sub.add_parser("restore", parents=[common], help=_("khôi phục tệp dữ liệu từ một bản sao lưu"))
    p.add_argument("file", metavar="FILE", help=_("bản sao lưu"))
    p.set_defaults(run=run_restore)
    p = sub.add_parser("check", parents=[common], help=_("kiểm tra tệp dữ liệu có bị hỏng không"))
    p.set_defaults(run=run_check)


def _existing(args) -> Path:
    path = Path(db_path(args))
    if not path.exists():
        raise UserError(_("Không tìm thấy tệp dữ liệu: {path}").format(path=path))
    return path


def run_backup(args) -> int:
    path = _existing(args)
    if bk.check(path):
        raise UserError(damaged_message(path))
    out = bk.make_backup(path, path, "manual", args.out)
    print(_("Đã sao lưu vào {path}.").format(path=out))
    return 0


def run_list(args) -> int:
    path = Path(db_path(args))
    found = bk.list_backups(path)
    if not found:
        print(_("Chưa có bản sao lưu nào trong {folder}.").format(folder=bk.folder(path)))
        return 0
    for b in found:
        people = fmt_int(b.people) if b.people is not None else "?"
        print(f"{b.made:%d/%m/%Y  %H:%M:%S}  {people:>8} " + _("người") +
              f"  {_(REASONS.get(b.reason, b.reason))}  {b.path}")
    return 0


def run_restore(args) -> int:
    path = Path(db_path(args))
    before = bk.restore(path, args.file)
    if before:
        print(_("Tệp hiện tại đã được sao lưu vào {path}.").format(path=before))
    print(_("Đã khôi phục {db} từ {file}.").format(db=path, file=args.file))
    return 0


def run_check(args) -> int:
    path = _existing(args)
    why = sidecar.stale_wal(path)
    if why:                    # not damage: a leftover log that must not be replayed
        print(sidecar.stale_message(path, why))
        return 1
    problems = bk.check(path)
    if problems:
        print(_("Tệp {name} bị hỏng: {why}").format(name=path.name, why="; ".join(problems[:5])))
        print(bk.latest_hint(path))
        return 1
    print(_("Tệp {name} không có lỗi.").format(name=path.name))
    return 0
