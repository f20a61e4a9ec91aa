"""`demo`: fill a new commune file with a realistic demo commune."""

from __future__ import annotations

import sys
from pathlib import Path

from bhyt_desktop.cli import date_arg, db_path
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.jobs import Job
from bhyt_desktop.demo.generate import MAX_PEOPLE, MIN_PEOPLE, generate
from bhyt_desktop.store import open_db


def register(sub, common) -> None:
    p = sub.add_parser("demo", parents=[common], help=_("tạo một xã mẫu để dùng thử"))
    p.add_argument("--people", type=int, default=5000, help=_("số nhân khẩu ({lo}-{hi})").format(lo=MIN_PEOPLE, hi=MAX_PEOPLE))
    p.add_argument("--seed", type=int, default=1, help=_("hạt giống ngẫu nhiên (cùng hạt giống, cùng dữ liệu)"))
    p.add_argument("--as-of", dest="as_of", help=_("ngày làm mốc cho lịch sử thẻ (mặc định hôm nay)"))
    p.set_defaults(run=run)


def run(args) -> int:
    path = Path(db_path(args, required=True))
    anchor = date_arg(args.as_of)
    if not MIN_PEOPLE <= args.people <= MAX_PEOPLE:
        raise UserError(_("Số người phải từ {lo} đến {hi}.").format(lo=MIN_PEOPLE, hi=MAX_PEOPLE))
    existed = path.exists()
    db = open_db(path, create=True)
    try:
        counts = generate(db, people=args.people, seed=args.seed, anchor=anchor,
                          job=Job(_progress) if sys.stderr.isatty() else None)
    except BaseException:
        db.close()
        if not existed:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    db.close()
    print(_("Đã tạo xã mẫu: {villages} thôn, {households} hộ, {people} người, {cards} thẻ → {path}").format(
        path=path, **counts))
    return 0


def _progress(done: int, total: int, _message: str = "") -> None:
    print(f"\r{done * 100 // total}%", end="" if done < total else "\n", file=sys.stderr, flush=True)
