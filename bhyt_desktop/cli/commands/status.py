"""`status`: coverage by village on a date, as a table or as JSON."""

from __future__ import annotations

import json

from bhyt_desktop.cli import date_arg, db_path
from bhyt_desktop.common.formats import fmt_date, fmt_int, fmt_pct
from bhyt_desktop.common.i18n import _
from bhyt_desktop.coverage.engine import Coverage, UnitCoverage, coverage
from bhyt_desktop.store import open_db

SOURCE_LABELS = {"statistical": "thống kê", "roster": "danh sách hộ", "mixed": "hỗn hợp"}


def register(sub, common) -> None:
    p = sub.add_parser("status", parents=[common], help=_("tỷ lệ bao phủ theo thôn tại một ngày"))
    p.add_argument("--as-of", dest="as_of", help=_("ngày tính (dd/mm/yyyy hoặc YYYY-MM-DD), mặc định hôm nay"))
    p.add_argument("--json", action="store_true", help=_("in kết quả dạng JSON"))
    p.set_defaults(run=run)


def _unit_json(u: UnitCoverage, with_name: bool) -> dict:
    out: dict[str, object] = {"name": u.name} if with_name else {}
    out.update({
        "population": u.population,
        "population_source": u.population_source,
        "residents": u.residents,
        "insured": u.insured,
        "uninsured": u.uninsured,
        "insured_elsewhere": u.insured_elsewhere,
        "rate_pct": float(u.rate_pct) if u.rate_pct is not None else None,
        "target_pct": float(u.target_pct) if u.target_pct is not None else None,
        "needed": u.needed,
    })
    return out


def to_json(cov: Coverage) -> dict:
    return {
        "as_of": cov.as_of.isoformat(),
        "total": _unit_json(cov.total, with_name=False),
        "villages": [_unit_json(v, with_name=True) for v in cov.villages],
        "groups": [{"code": g.code, "group": g.group, "name": g.name, "insured": g.insured}
                   for g in cov.groups],
        "campaigns": [{"name": c.name, "village_id": c.village_id, "start": c.start.isoformat(),
                       "end": c.end.isoformat(),
                       "target_pct": float(c.target_pct) if c.target_pct is not None else None,
                       "needed": c.needed} for c in cov.campaigns],
    }


def run(args) -> int:
    as_of = date_arg(args.as_of)
    db = open_db(db_path(args), read_only=True)   # reading only: allowed while a window holds it
    try:
        cov = coverage(db, as_of)
    finally:
        db.close()
    if args.json:
        print(json.dumps(to_json(cov), ensure_ascii=False, indent=2))
        return 0
    print(_("Tỷ lệ bao phủ BHYT ngày {date}").format(date=fmt_date(as_of)))
    headers = [_("Thôn/xóm"), _("Dân số"), _("Có thẻ"), _("Tỷ lệ"), _("Chỉ tiêu"), _("Còn thiếu")]
    rows = [[v.name, fmt_int(v.population), fmt_int(v.insured), fmt_pct(v.rate_pct),
             fmt_pct(v.target_pct), fmt_int(v.needed)] for v in cov.villages]
    t = cov.total
    rows.append([_("Toàn xã"), fmt_int(t.population), fmt_int(t.insured), fmt_pct(t.rate_pct),
                 fmt_pct(t.target_pct), fmt_int(t.needed)])
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    line = lambda r: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)  # noqa: E731
                               for i, (c, w) in enumerate(zip(r, widths, strict=True)))
    print(line(headers))
    print("-" * (sum(widths) + 2 * (len(widths) - 1)))
    for r in rows[:-1]:
        print(line(r))
    print("-" * (sum(widths) + 2 * (len(widths) - 1)))
    print(line(rows[-1]))
    print(_("Dân số theo: {src}. Chưa tham gia BHYT (dân số − có thẻ): {n} người.").format(
        src=_(SOURCE_LABELS[t.population_source]), n=fmt_int(t.uninsured)))
    if t.needed is not None and cov.villages_needed != t.needed:
        print(_("Cộng các thôn còn thiếu {n} người, khác toàn xã ({total}): mỗi đơn vị làm tròn lên "
                "riêng, thôn vượt chỉ tiêu không bù cho thôn khác.").format(
            n=fmt_int(cov.villages_needed), total=fmt_int(t.needed)))
    for c in cov.campaigns:
        print(_("Đợt «{name}» ({start} – {end}): chỉ tiêu {rate}, còn thiếu {n} người.").format(
            name=c.name, start=fmt_date(c.start), end=fmt_date(c.end),
            rate=fmt_pct(c.target_pct), n=fmt_int(c.needed)))
    return 0
