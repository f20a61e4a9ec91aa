"""`contribution`: what a household would pay for its members' cards, after support."""

from __future__ import annotations

import json

from bhyt_desktop.campaign.contribution import (
    MONTHS,
    household_contribution,
    money_text,
    summary_lines,
)
from bhyt_desktop.cli import date_arg, db_path
from bhyt_desktop.common.formats import fmt_date, fmt_int
from bhyt_desktop.common.i18n import _
from bhyt_desktop.store import open_db


def register(sub, common) -> None:
    p = sub.add_parser("contribution", parents=[common],
                       help=_("số tiền một hộ phải đóng BHYT hộ gia đình (sau hỗ trợ)"))
    p.add_argument("--household", required=True, metavar=_("MÃ_HỘ"), help=_("mã hộ gia đình"))
    p.add_argument("--months", type=int, choices=MONTHS, default=12, help=_("số tháng đóng: 3, 6 hoặc 12"))
    p.add_argument("--on", help=_("ngày tính (dd/mm/yyyy hoặc YYYY-MM-DD), mặc định hôm nay"))
    p.add_argument("--json", action="store_true", help=_("in kết quả dạng JSON"))
    p.set_defaults(run=run)


def run(args) -> int:
    on = date_arg(args.on)
    db = open_db(db_path(args))
    try:
        c = household_contribution(db, args.household, on, args.months)
    finally:
        db.close()
    if args.json:
        print(json.dumps(c.to_json(), ensure_ascii=False, indent=2))
        return 0
    print(_("Hộ {code} — đóng {n} tháng — ngày {date} — lương cơ sở {base}").format(
        code=c.household, n=c.months, date=fmt_date(c.on), base=money_text(c.base_salary)))
    for line in summary_lines(c):
        print("  " + line)
    print(_("Tổng cộng: {total} ({n} người)").format(
        total=money_text(c.total), n=fmt_int(sum(m.scheme != "insured" for m in c.members))))
    return 0
