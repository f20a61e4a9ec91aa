"""`export`: the commune's file for the upper level; `consolidate`: many communes' files."""

from __future__ import annotations

import sys
from pathlib import Path

from bhyt_desktop.cli import date_arg, db_path
from bhyt_desktop.common.formats import fmt_date, fmt_int, fmt_pct
from bhyt_desktop.common.i18n import _
from bhyt_desktop.commune.details import get_commune
from bhyt_desktop.preferences.user import Settings
from bhyt_desktop.store import open_db


def register(sub, common) -> None:
    from bhyt_desktop.export.periods import KINDS

    p = sub.add_parser("export", parents=[common],
                       help=_("xuất tệp Excel số liệu của xã để gửi cấp trên"))
    p.add_argument("--as-of", dest="as_of", help=_("ngày tính (dd/mm/yyyy hoặc YYYY-MM-DD), mặc định hôm nay"))
    p.add_argument("--period", choices=KINDS,
                   help=_("kỳ báo cáo chứa ngày tính: week, month, quarter, half, year"))
    p.add_argument("--with-lists", action="store_true",
                   help=_("kèm danh sách người không có thẻ còn hạn và thẻ sắp hết hạn (CÓ DỮ LIỆU CÁ NHÂN)"))
    p.add_argument("--full-ids", action="store_true",
                   help=_("ghi đầy đủ số CCCD và mã số BHXH (mặc định chỉ 4 chữ số cuối)"))
    p.add_argument("-o", "--output", metavar="OUT.xlsx",
                   help=_("tệp ra hoặc thư mục; mặc định BHYT_<mã xã>_<ngày>.xlsx ở thư mục hiện tại"))
    p.set_defaults(run=run_export)

    c = sub.add_parser("consolidate", parents=[common],
                       help=_("tổng hợp tệp xuất của nhiều xã thành một tệp Excel (cấp trên)"))
    c.add_argument("files", nargs="+", metavar="FILE",
                   help=_("tệp xuất của các xã, hoặc thư mục chứa chúng"))
    c.add_argument("-o", "--output", metavar="OUT.xlsx", required=True, help=_("tệp Excel tổng hợp"))
    c.add_argument("--pdf", metavar="OUT.pdf", help=_("kèm bản tóm tắt một trang (PDF)"))
    c.add_argument("--force", action="store_true",
                   help=_("vẫn dùng tệp có mã kiểm tra không khớp (được đánh dấu trong bảng)"))
    c.add_argument("--targets", metavar="CHITIEU.xlsx",
                   help=_("bảng chỉ tiêu cấp trên giao (cột «Mã xã» và các cột năm): mỗi xã so với chỉ tiêu này"))
    c.set_defaults(run=run_consolidate)


def run_export(args) -> int:
    from bhyt_desktop.common.errors import UserError
    from bhyt_desktop.export.history import log_export
    from bhyt_desktop.export.periods import period_of
    from bhyt_desktop.export.workbook import ExportOptions, default_file_name, export_workbook

    if args.full_ids and not args.with_lists:
        raise UserError(_("--full-ids chỉ dùng cùng --with-lists."))
    settings = Settings.load()
    opts = ExportOptions(as_of=date_arg(args.as_of), period=args.period, with_lists=args.with_lists,
                         full_ids=args.full_ids, expiring_days=settings.expiring_days,
                         operator=settings.operator)
    db = open_db(db_path(args))
    try:
        out = Path(args.output) if args.output else Path.cwd()
        if out.is_dir():
            period = period_of(opts.period, opts.as_of) if opts.period else None
            out = out / default_file_name(get_commune(db).code, opts.as_of, period)
        result = export_workbook(db, out, opts)
        log_export(db, result, opts)
    finally:
        db.close()
    print(_("Đã xuất {path}").format(path=result.path))
    print(_("Mã kiểm tra SHA-256: {sha}").format(sha=result.sha256))
    for sheet, n in result.list_rows.items():
        print(_("  {sheet}: {n} người").format(sheet=sheet, n=fmt_int(n)))
    if opts.with_lists:
        print(_("Lưu ý: tệp có dữ liệu cá nhân{ids}. Chỉ gửi cho người có trách nhiệm.").format(
            ids=_(" với số định danh đầy đủ") if opts.full_ids else ""), file=sys.stderr)
    return 0


def run_consolidate(args) -> int:
    from bhyt_desktop.export.consolidate import (
        FORCED,
        WARNING,
        check_files,
        combine,
        write_consolidation,
    )

    settings = Settings.load()
    plan = check_files(args.files, force=args.force)
    for c in plan.checks:
        if c.status in (FORCED, WARNING):   # refusals come in the error below
            tag = _("ĐÃ BỊ SỬA") if c.status == FORCED else _("LƯU Ý")
            print(f"[{tag}] {c.path.name}: {c.message}", file=sys.stderr)
    for w in plan.warnings:
        print(_("Lưu ý: {w}").format(w=w), file=sys.stderr)
    data = combine(plan)
    targets = None
    if getattr(args, "targets", None):
        from bhyt_desktop.export.upper_targets import read_upper_targets
        targets = read_upper_targets(args.targets)
    path, digest = write_consolidation(data, args.output, operator=settings.operator, targets=targets)
    t = data.total
    print(_("Đã tổng hợp {n} xã vào {path}").format(n=len(data.rows), path=path))
    print(_("Dân số {pop}, có thẻ {ins} ({rate}), còn thiếu {need}; tính đến {dates}").format(
        pop=fmt_int(t["population"]), ins=fmt_int(t["insured"]), rate=fmt_pct(data.total_rate),
        need=fmt_int(t["needed"]), dates=", ".join(fmt_date(d) for d in data.as_of_dates)))
    print(_("Mã kiểm tra SHA-256: {sha}").format(sha=digest))
    if args.pdf:
        from bhyt_desktop.export.summary_pdf import write_summary_pdf
        pdf = write_summary_pdf(data, args.pdf, operator=settings.operator)
        print(_("Đã ghi bản tóm tắt {path}").format(path=pdf))
    return 0
