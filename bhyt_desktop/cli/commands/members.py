"""`members` and `collectors`: the steering committee's members and the villages they follow;
the collectors (agents, village heads, mass-organisation staff) and their codes."""

from __future__ import annotations

import json

from bhyt_desktop.campaign import collectors as col
from bhyt_desktop.campaign import members as mem
from bhyt_desktop.cli import db_path
from bhyt_desktop.common.i18n import _
from bhyt_desktop.commune.details import village_by_name
from bhyt_desktop.store import open_db


def register(sub, common) -> None:
    p = sub.add_parser("members", parents=[common], help=_("thành viên Ban Chỉ đạo và thôn phụ trách"))
    p.add_argument("action", nargs="?", default="list", choices=["list", "add", "assign", "remove"],
                   help=_("list (mặc định), add, assign (giao thôn), remove"))
    p.add_argument("--name", help=_("họ tên thành viên"))
    p.add_argument("--position", default="", help=_("chức vụ"))
    p.add_argument("--phone", default="", help=_("số điện thoại"))
    p.add_argument("--village", action="append", default=[], metavar="NAME",
                   help=_("thôn/xóm phụ trách (ghi nhiều lần cho nhiều thôn)"))
    p.add_argument("--json", action="store_true", help=_("in kết quả dạng JSON"))
    p.set_defaults(run=run_members)

    p = sub.add_parser("collectors", parents=[common], help=_("người thu: đại lý thu, trưởng thôn, cán bộ đoàn thể"))
    p.add_argument("action", nargs="?", default="list", choices=["list", "add"], help=_("list (mặc định) hoặc add"))
    p.add_argument("--code", help=_("mã số người thu (Mã số nhân viên thu)"))
    p.add_argument("--name", help=_("họ tên"))
    p.add_argument("--kind", default="agent", choices=list(col.KINDS),
                   help=_("agent (đại lý thu), village_head (trưởng thôn), mass_org (đoàn thể)"))
    p.add_argument("--village", help=_("thôn/xóm (bắt buộc với trưởng thôn)"))
    p.add_argument("--phone", default="", help=_("số điện thoại"))
    p.add_argument("--json", action="store_true", help=_("in kết quả dạng JSON"))
    p.set_defaults(run=run_collectors)


def _need(value, option: str):
    from bhyt_desktop.common.errors import UserError
    if not value:
        raise UserError(_("Thiếu tham số bắt buộc: {opt}").format(opt=option))
    return value


def run_members(args) -> int:
    db = open_db(db_path(args))
    try:
        vids = [village_by_name(db, v).id for v in args.village]
        if args.action == "add":
            mem.add_member(db, _need(args.name, "--name"), position=args.position, phone=args.phone,
                           village_ids=vids)
            print(_("Đã thêm thành viên {name}.").format(name=args.name))
        elif args.action == "assign":
            m = mem.member_by_name(db, _need(args.name, "--name"))
            mem.set_villages(db, m.id, vids)
            print(_("{name} phụ trách: {villages}").format(name=m.name, villages=", ".join(args.village) or "—"))
        elif args.action == "remove":
            m = mem.member_by_name(db, _need(args.name, "--name"))
            mem.delete_member(db, m.id)
            print(_("Đã xóa thành viên {name}.").format(name=m.name))
        else:
            rows = mem.members(db)
            if args.json:
                print(json.dumps([{"name": m.name, "position": m.position, "phone": m.phone,
                                   "villages": m.village_names} for m in rows], ensure_ascii=False, indent=2))
            else:
                for m in rows:
                    print(f"{m.name} — {m.position or '—'} — {m.phone or '—'}: {', '.join(m.village_names) or '—'}")
    finally:
        db.close()
    return 0


def run_collectors(args) -> int:
    db = open_db(db_path(args))
    try:
        if args.action == "add":
            vid = village_by_name(db, args.village).id if args.village else None
            col.add_collector(db, _need(args.code, "--code"), _need(args.name, "--name"), kind=args.kind,
                              village_id=vid, phone=args.phone)
            print(_("Đã thêm người thu {code} {name}.").format(code=args.code, name=args.name))
            return 0
        rows = col.collectors(db)
        if args.json:
            print(json.dumps([{"code": k.code, "name": k.name, "kind": k.kind, "village": k.village_name or None,
                               "phone": k.phone} for k in rows], ensure_ascii=False, indent=2))
        else:
            for k in rows:
                print(f"{k.code:<8} {k.name:<30} {col.kind_label(k.kind):<18} {k.village_name}")
    finally:
        db.close()
    return 0
