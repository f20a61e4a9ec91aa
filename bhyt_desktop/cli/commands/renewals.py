"""`renewals`: households renewing in a month, in the commune and by village (seed 004)."""

from __future__ import annotations

import json

from bhyt_desktop.campaign.members import member_by_name
from bhyt_desktop.campaign.renewals import renewals
from bhyt_desktop.cli import db_path
from bhyt_desktop.common.formats import fmt_int
from bhyt_desktop.common.i18n import _
from bhyt_desktop.store import open_db


def register(sub, common) -> None:
    p = sub.add_parser("renewals", parents=[common], help=_("số hộ gia hạn thẻ BHYT trong tháng"))
    p.add_argument("--month", required=True, help=_("tháng, dạng YYYY-MM (ví dụ 2026-10)"))
    p.add_argument("--member", help=_("chỉ các thôn do thành viên Ban Chỉ đạo này phụ trách"))
    p.add_argument("--json", action="store_true", help=_("in kết quả dạng JSON"))
    p.set_defaults(run=run)


def run(args) -> int:
    db = open_db(db_path(args))
    try:
        vids = member_by_name(db, args.member).village_ids if args.member else None
        out = renewals(db, args.month, village_ids=vids)
    finally:
        db.close()
    if args.json:
        print(json.dumps(out.to_json(), ensure_ascii=False, indent=2))
        return 0
    print(_("Hộ gia hạn thẻ BHYT tháng {m:02d}/{y}").format(m=out.start.month, y=out.start.year))
    head = [_("Thôn/xóm"), _("Hộ có người gia hạn"), _("Hộ gia hạn đủ"), _("Người gia hạn")]
    rows = [[name, fmt_int(c.households_renewing), fmt_int(c.households_all_renewed),
             fmt_int(c.members_renewed)] for _vid, name, c in out.villages]
    t = out.total
    rows.append([_("Toàn xã") if vids is None else _("Cộng"), fmt_int(t.households_renewing),
                 fmt_int(t.households_all_renewed), fmt_int(t.members_renewed)])
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(4)]
    for r in [head, *rows]:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))))
    return 0
