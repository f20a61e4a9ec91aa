"""`report`: the progress report PDF (Decree 30 format); issue, list and reprint.

    main.py report --db xa.db [--as-of 22/11/2026] [--period week] -o bc.pdf [--issue [--force]] [--number 05]
    main.py report --db xa.db --list
    main.py report --db xa.db --reprint 3 -o bc-so-05.pdf
"""

from __future__ import annotations

from bhyt_desktop.cli import date_arg, db_path
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import fmt_date, parse_date
from bhyt_desktop.common.i18n import _
from bhyt_desktop.preferences.user import Settings
from bhyt_desktop.reports.history import (
    AlreadyIssued,
    ReportText,
    build_report,
    issue_report,
    list_reports,
    load_draft,
    reprint,
)
from bhyt_desktop.reports.output import write_pdf
from bhyt_desktop.reports.periods import KINDS, period_of
from bhyt_desktop.store import open_db


def register(sub, common) -> None:
    p = sub.add_parser("report", parents=[common],
                       help=_("báo cáo tiến độ bao phủ BHYT (PDF, thể thức Nghị định 30)"))
    p.add_argument("--as-of", dest="as_of", help=_("số liệu tính đến ngày (mặc định hôm nay)"))
    p.add_argument("--period", choices=KINDS, default="week",
                   help=_("kỳ báo cáo: week (tuần, mặc định), month, quarter, half, year"))
    p.add_argument("-o", "--output", metavar="OUT.pdf", help=_("tệp PDF sẽ ghi"))
    p.add_argument("--issue", action="store_true",
                   help=_("phát hành: ghi báo cáo (số, số liệu, PDF) vào lịch sử"))
    p.add_argument("--force", action="store_true",
                   help=_("phát hành thêm một báo cáo cho kỳ đã có báo cáo phát hành"))
    p.add_argument("--number", help=_("số báo cáo (mặc định: số tiếp theo trong năm)"))
    p.add_argument("--date", dest="doc_date",
                   help=_("ngày ký ghi trên văn bản (mặc định hôm nay)"))
    for name, label in (("results", _("kết quả đạt được")), ("difficulties", _("khó khăn, vướng mắc")),
                        ("proposals", _("đề xuất, kiến nghị"))):
        p.add_argument(f"--{name}", metavar=_("VĂN_BẢN"),
                       help=_("nội dung phần {label} (mặc định: bản nháp đã lưu)").format(label=label))
    p.add_argument("--member", metavar=_("HỌ_TÊN"),
                   help=_("chỉ các thôn do thành viên Ban Chỉ đạo này phụ trách (bản làm việc, không phát hành)"))
    p.add_argument("--members-table", dest="members_table", action="store_true",
                   help=_("thêm bảng «Thành viên BCĐ phụ trách»: mỗi thành viên, các thôn và số liệu"))
    p.add_argument("--list", action="store_true", help=_("liệt kê các báo cáo đã phát hành"))
    p.add_argument("--reprint", type=int, metavar="ID",
                   help=_("in lại đúng bản đã phát hành (mã trong --list)"))
    p.set_defaults(run=run)


def _need_output(args) -> str:
    if not args.output:
        raise UserError(_("Hãy chỉ ra tệp PDF sẽ ghi bằng -o OUT.pdf."))
    if not args.output.lower().endswith(".pdf"):
        raise UserError(_("Báo cáo được ghi dưới dạng PDF: hãy đặt tên tệp có đuôi .pdf (ví dụ -o bc.pdf), "
                          "không phải «{name}».").format(name=args.output))
    return args.output


def run(args) -> int:
    db = open_db(db_path(args))
    try:
        if args.list:
            return _list(db)
        if args.reprint is not None:
            out = write_pdf(_need_output(args), reprint(db, args.reprint))
            print(_("Đã ghi bản in lại: {path}").format(path=out))
            return 0
        output = _need_output(args)
        as_of = date_arg(args.as_of)
        doc_date = parse_date(args.doc_date) if args.doc_date else None
        draft = load_draft(db, period_of(args.period, as_of))
        text = ReportText(
            args.results if args.results is not None else draft.results,
            args.difficulties if args.difficulties is not None else draft.difficulties,
            args.proposals if args.proposals is not None else draft.proposals)
        if args.issue and args.member:
            raise UserError(_("Báo cáo riêng các thôn của một thành viên không phát hành được: "
                              "bỏ --issue hoặc bỏ --member."))
        if args.issue:
            try:
                rid, built = issue_report(db, args.period, as_of, number=args.number, text=text,
                                          doc_date=doc_date, issued_by=Settings.load().operator,
                                          again=args.force, with_members=args.members_table)
            except AlreadyIssued as exc:
                raise UserError(str(exc) + " " + _("Muốn phát hành thêm một báo cáo cho kỳ này, "
                                                   "chạy lại với --force.")) from exc
            out = write_pdf(output, built.pdf)
            print(_("Đã phát hành báo cáo số {n}/{s} (mã {id}), {period}: {path}").format(
                n=built.number, s=built.options.symbol, id=rid, period=built.period.name,
                path=out))
        else:
            built = build_report(db, args.period, as_of, number=args.number or "", text=text,
                                 doc_date=doc_date, member=args.member, with_members=args.members_table)
            out = write_pdf(output, built.pdf)
            print(_("Đã ghi báo cáo {period} (số liệu đến ngày {d}): {path}").format(
                period=built.period.name, d=fmt_date(as_of), path=out))
        return 0
    finally:
        db.close()


def _list(db) -> int:
    rows = list_reports(db)
    if not rows:
        print(_("Chưa có báo cáo nào được phát hành."))
        return 0
    print(f"{_('Mã'):>4}  {_('Số'):<14}{_('Kỳ'):<28}{_('Số liệu đến'):<13}{_('Phát hành lúc')}")
    for r in rows:
        print(f"{r.id:>4}  {r.number_line:<14}{r.period.name:<28}{fmt_date(r.as_of):<13}"
              f"{r.issued_at_text}")
    return 0
