"""`incentive`: the month's incentive sheet for collectors and village heads (seed 004)."""

from __future__ import annotations

import json
import sys

from bhyt_desktop.campaign.incentive import incentive_sheet
from bhyt_desktop.cli import db_path
from bhyt_desktop.common.formats import fmt_int
from bhyt_desktop.common.i18n import _
from bhyt_desktop.reports.incentive_sheet import write_sheet
from bhyt_desktop.store import open_db


def register(sub, common) -> None:
    p = sub.add_parser("incentive", parents=[common],
                       help=_("bảng thù lao vận động: thẻ mới của từng người thu trong tháng"))
    p.add_argument("--month", required=True, help=_("tháng, dạng YYYY-MM (ví dụ 2026-10)"))
    p.add_argument("--json", action="store_true", help=_("in kết quả dạng JSON"))
    p.add_argument("-o", "--output", help=_("tệp kết quả .pdf hoặc .xlsx"))
    p.set_defaults(run=run)


def run(args) -> int:
    db = open_db(db_path(args))
    try:
        sheet = incentive_sheet(db, args.month)
        written = write_sheet(db, sheet, args.output) if args.output else None
    finally:
        db.close()
    if args.json:
        print(json.dumps(sheet.to_json(), ensure_ascii=False, indent=2))
    else:
        print(_("Thù lao vận động tháng {m:02d}/{y}: {rate} đ/thẻ mới").format(
            m=sheet.start.month, y=sheet.start.year, rate=fmt_int(sheet.rate)))
        for c in sheet.collectors:
            print(f"  {c.code:<8} {c.name:<30} {fmt_int(c.new_cards):>5} {fmt_int(c.amount):>12} đ")
        print(_("Tổng cộng: {n} thẻ mới, {amount} đ").format(
            n=fmt_int(sheet.total_cards), amount=fmt_int(sheet.total_amount)))
        if sheet.unassigned:
            print(_("{n} thẻ mới chưa xác định người thu (chưa tính thù lao).").format(
                n=fmt_int(len(sheet.unassigned))))
    if written:
        print(_("Đã ghi {path}").format(path=written), file=sys.stderr if args.json else sys.stdout)
    return 0
