"""`target` and `population`: yearly targets and statistical population figures."""

from __future__ import annotations

from bhyt_desktop.cli import db_path
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import bp_to_pct, fmt_int, fmt_pct, parse_rate_bp
from bhyt_desktop.common.i18n import _
from bhyt_desktop.commune.details import set_population, set_target, village_by_name
from bhyt_desktop.commune.targets_grid import POPULATION, parse_cell
from bhyt_desktop.store import open_db


def register(sub, common) -> None:
    p = sub.add_parser("target", parents=[common], help=_("đặt chỉ tiêu tỷ lệ bao phủ của năm"))
    p.add_argument("--year", type=int, required=True, help=_("năm"))
    p.add_argument("--rate", required=True, help=_("tỷ lệ phần trăm, ví dụ 95 hoặc 95,5"))
    p.add_argument("--village", help=_("tên thôn/xóm; bỏ trống là chỉ tiêu của cả xã"))
    p.set_defaults(run=run_target)

    p = sub.add_parser("population", parents=[common], help=_("đặt dân số thống kê của năm"))
    p.add_argument("--year", type=int, required=True, help=_("năm"))
    p.add_argument("--value", required=True, help=_("số dân, ví dụ 4591 hoặc 4.591"))
    p.add_argument("--village", help=_("tên thôn/xóm; bỏ trống là dân số cả xã"))
    p.add_argument("--source", default="", help=_("nguồn số liệu, ví dụ «Chi cục Thống kê»"))
    p.set_defaults(run=run_population)


def _check_year(year: int) -> None:
    if not 1990 <= year <= 2100:
        raise UserError(_("Năm không hợp lệ: {year}.").format(year=year))


def run_target(args) -> int:
    _check_year(args.year)
    bp = parse_rate_bp(args.rate)          # checked before the file is opened
    db = open_db(db_path(args))
    try:
        village = village_by_name(db, args.village) if args.village else None
        set_target(db, args.year, args.rate, village.id if village else None)
    finally:
        db.close()
    unit = village.name if village else _("cả xã")
    print(_("Chỉ tiêu năm {year} ({unit}): {rate}").format(year=args.year, unit=unit, rate=fmt_pct(bp_to_pct(bp))))
    return 0


def run_population(args) -> int:
    _check_year(args.year)
    # The grid's rule: 4591, 4.591 and 4 591 are the same number of people.
    value = parse_cell(POPULATION, str(args.value))
    if value is None:
        raise UserError(_("Hãy ghi số dân, ví dụ 4591 hoặc 4.591."))
    args.value = value
    db = open_db(db_path(args))
    try:
        village = village_by_name(db, args.village) if args.village else None
        set_population(db, args.year, args.value, village.id if village else None, args.source)
    finally:
        db.close()
    unit = village.name if village else _("cả xã")
    print(_("Dân số năm {year} ({unit}): {n}").format(year=args.year, unit=unit, n=fmt_int(args.value)))
    return 0
