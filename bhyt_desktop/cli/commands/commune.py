"""`commune`: show the commune's details, or set the ones given."""

from __future__ import annotations

from bhyt_desktop.cli import db_path
from bhyt_desktop.common.i18n import _
from bhyt_desktop.commune.details import commune_changes, get_commune, set_commune
from bhyt_desktop.store import open_db

LABELS = {
    "name": "Tên xã",
    "code": "Mã xã",
    "place_name": "Địa danh (ghi trên văn bản)",
    "upper_name": "Cơ quan cấp trên",
    "upper_code": "Mã cơ quan cấp trên",
}


def register(sub, common) -> None:
    p = sub.add_parser("commune", parents=[common], help=_("xem hoặc đặt thông tin xã"))
    p.add_argument("--name", help=_("tên xã, ví dụ «Xã Nam Toàn»"))
    p.add_argument("--code", help=_("mã đơn vị hành chính của xã"))
    p.add_argument("--place", help=_("địa danh ghi ở dòng ngày tháng, ví dụ «Nam Toàn»"))
    p.add_argument("--upper-name", dest="upper_name", help=_("đơn vị cấp trên nhận báo cáo"))
    p.add_argument("--upper-code", dest="upper_code", help=_("mã đơn vị cấp trên"))
    p.set_defaults(run=run)


def run(args) -> int:
    changes = {"name": args.name, "code": args.code, "place_name": args.place,
               "upper_name": args.upper_name, "upper_code": args.upper_code}
    setting = any(v is not None for v in changes.values())
    commune_changes(**changes)      # a blank name stops here, before the file is even created
    db = open_db(db_path(args), create=setting)
    try:
        info = set_commune(db, **changes) if setting else get_commune(db)
    finally:
        db.close()
    width = max(len(_(v)) for v in LABELS.values())
    for key, label in LABELS.items():
        print(f"{_(label):<{width}} : {getattr(info, key)}")
    return 0
