"""`lists`: door-to-door lists for village heads (PDF or XLSX), by village, member or all."""

from __future__ import annotations

from bhyt_desktop.campaign.visit_lists import KINDS, build_lists
from bhyt_desktop.campaign.visit_lists_print import write_lists
from bhyt_desktop.cli import date_arg, db_path
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import fmt_int
from bhyt_desktop.common.i18n import _
from bhyt_desktop.store import open_db


def register(sub, common) -> None:
    p = sub.add_parser("lists", parents=[common],
                       help=_("danh sách hộ gia đình cần vận động tham gia BHYT (đi từng nhà)"))
    which = p.add_mutually_exclusive_group()
    which.add_argument("--village", metavar=_("TÊN"), help=_("một thôn/xóm"))
    which.add_argument("--member", metavar=_("TÊN"), help=_("các thôn một thành viên BCĐ phụ trách"))
    which.add_argument("--all", action="store_true", help=_("tất cả các thôn (mặc định)"))
    p.add_argument("--kind", choices=KINDS, default="uninsured",
                   help=_("uninsured: chưa có thẻ còn hạn; expiring: sắp hết hạn; lapsed: đã hết hạn; "
                          "all: cả ba; elderly: người 60-79 tuổi không có lương hưu, trợ cấp; "
                          "poor: hộ nghèo, cận nghèo"))
    p.add_argument("--as-of", dest="as_of", help=_("ngày tính (dd/mm/yyyy hoặc YYYY-MM-DD), mặc định hôm nay"))
    p.add_argument("--days", type=int, default=30, help=_("số ngày tới để tính thẻ sắp hết hạn (mặc định 30)"))
    p.add_argument("--show-ids", action="store_true", dest="show_ids",
                   help=_("in đầy đủ mã số BHXH (mặc định che bớt)"))
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf|OUT.xlsx", help=_("tệp kết quả"))
    p.set_defaults(run=run)


def run(args) -> int:
    if not args.output.lower().endswith((".pdf", ".xlsx")):
        raise UserError(_("Tệp danh sách phải có đuôi .pdf hoặc .xlsx: «{name}».").format(name=args.output))
    as_of = date_arg(args.as_of)
    db = open_db(db_path(args))
    try:
        lists = build_lists(db, kind=args.kind, as_of=as_of, days=args.days,
                            village=args.village, member=args.member)
        out = write_lists(db, lists, args.output, show_ids=args.show_ids)
    finally:
        db.close()
    print(_("Đã ghi danh sách: {v} thôn/xóm, {h} hộ, {p} người → {path}").format(
        v=fmt_int(len(lists.villages)), h=fmt_int(lists.households), p=fmt_int(lists.people), path=out))
    return 0
