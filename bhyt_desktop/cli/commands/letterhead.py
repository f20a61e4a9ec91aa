"""`letterhead`: show the report's letterhead and signature, or set the parts given."""

from __future__ import annotations

from bhyt_desktop.cli import db_path
from bhyt_desktop.common.i18n import _
from bhyt_desktop.commune.details import get_commune
from bhyt_desktop.preferences.user import Settings
from bhyt_desktop.reports.letterhead import letterhead, set_letterhead
from bhyt_desktop.store import open_db

LABELS = {
    "parent_body": "Cơ quan chủ quản",
    "issuing_body": "Cơ quan ban hành",
    "symbol": "Ký hiệu văn bản",
    "authority": "Thẩm quyền ký",
    "position": "Chức vụ người ký",
    "signer": "Người ký",
}


def register(sub, common) -> None:
    p = sub.add_parser("letterhead", parents=[common], help=_("xem hoặc đặt tiêu đề và chữ ký của báo cáo"))
    p.add_argument("--parent-body", dest="parent_body", metavar=_("TÊN"),
                   help=_("cơ quan chủ quản (dòng trên cùng; để trống \"\" = theo tên xã)"))
    p.add_argument("--issuing-body", dest="issuing_body", metavar=_("TÊN"), help=_("cơ quan ban hành báo cáo"))
    p.add_argument("--symbol", metavar=_("KÝ_HIỆU"), help=_("ký hiệu văn bản, ví dụ BC-UBND"))
    p.add_argument("--authority", metavar=_("TÊN"), help=_("thẩm quyền ký, ví dụ «TM. BAN CHỈ ĐẠO» hoặc «KT. CHỦ TỊCH»"))
    p.add_argument("--position", metavar=_("TÊN"), help=_("chức vụ người ký, ví dụ TRƯỞNG BAN"))
    p.add_argument("--signer", metavar=_("HỌ_TÊN"), help=_("họ và tên người ký"))
    p.add_argument("--recipient", action="append", metavar=_("NƠI"),
                   help=_("một nơi nhận (lặp lại cho mỗi nơi; thay cả danh sách)"))
    p.add_argument("--default-recipients", action="store_true", help=_("dùng lại danh sách nơi nhận mặc định"))
    p.set_defaults(run=run)


def run(args) -> int:
    changes = {k: getattr(args, k) for k in LABELS}
    if args.recipient is not None or args.default_recipients:
        changes["recipients"] = [] if args.default_recipients else args.recipient
    setting = any(v is not None for v in changes.values())
    db = open_db(db_path(args), create=setting)
    try:
        info = (set_letterhead(db, **changes, operator=Settings.load().operator) if setting
                else letterhead(db))
        printed = info.resolved(get_commune(db))  # what the report carries
    finally:
        db.close()
    width = max(len(_(v)) for v in [*LABELS.values(), "Nơi nhận"])
    for key, label in LABELS.items():
        value = getattr(printed, key) or _("(không có)")
        note = "" if getattr(info, key) else " " + _("(mặc định)")
        print(f"{_(label):<{width}} : {value}{note}")
    print(f"{_('Nơi nhận'):<{width}} :{'' if info.recipients else ' ' + _('(mặc định)')}")
    for line in printed.recipients:
        print(f"  - {line}")
    return 0
