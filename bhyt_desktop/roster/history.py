"""A person's history as a person reads it: when, who, what, and each field from → to.

Built from the audit log (store/audit.py): edits in the roster, moves, status, cards added
or deleted by hand or by an import, and fields an import updated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from bhyt_desktop.common.formats import fmt_date, fmt_datetime
from bhyt_desktop.common.i18n import _
from bhyt_desktop.roster.query import status_label
from bhyt_desktop.store.audit import history

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryLine:
    at: str              # dd/mm/yyyy HH:MM
    operator: str
    what: str
    changes: list[Change]


def action_label(action: str) -> str:
    return {
        "add_person": _("Thêm nhân khẩu"), "update_person": _("Sửa thông tin"),
        "move_person": _("Chuyển hộ"), "set_status": _("Đổi tình trạng cư trú"),
        "add_card": _("Thêm thẻ BHYT"), "delete_card": _("Xóa thẻ BHYT"),
        "import_update": _("Cập nhật khi nhập tệp"), "import_card": _("Thẻ thêm khi nhập tệp"),
    }.get(action, action)


def field_label(key: str) -> str:
    return {
        "full_name": _("Họ và tên"), "birth_date": _("Ngày sinh"), "birth_year": _("Năm sinh"),
        "sex": _("Giới tính"), "relation": _("Quan hệ với chủ hộ"), "cccd": _("Số CCCD"),
        "bhxh_code": _("Mã số BHXH"), "status": _("Tình trạng cư trú"), "status_date": _("Ngày đổi tình trạng"),
        "in_date": _("Ngày đến"), "note": _("Ghi chú"), "household_id": _("Hộ"), "village_id": _("Thôn/xóm"),
        "group_code": _("Mã đối tượng"), "valid_from": _("Hạn thẻ từ"), "valid_to": _("Hạn thẻ đến"),
        "card_number": _("Số thẻ"), "issued_here": _("Cấp tại xã"), "source": _("Nguồn"),
    }.get(key, key)


def _names(db: sqlite_utils.Database, table: str, column: str) -> dict[int, str]:
    return {r[0]: r[1] for r in db.execute(f"SELECT id, {column} FROM {table}")}


def value_text(key: str, value: Any, households: dict[int, str], villages: dict[int, str]) -> str:
    if value is None or value == "":
        return "—"
    if key == "status":
        try:
            return status_label(str(value))
        except KeyError:
            return str(value)
    if key == "sex":
        return {"M": _("Nam"), "F": _("Nữ")}.get(str(value), str(value))
    if key == "household_id":
        return households.get(int(value), f"#{value}")
    if key == "village_id":
        return villages.get(int(value), f"#{value}")
    if key == "issued_here":
        return _("Có") if value else _("Không")
    if isinstance(value, str) and _ISO.match(value):
        return fmt_date(value)
    return str(value)


def person_history(db: sqlite_utils.Database, person_id: int) -> list[HistoryLine]:
    """Newest first."""
    households, villages = _names(db, "households", "code"), _names(db, "villages", "name")
    out = []
    for line in history(db, "person", person_id):
        keys = list(dict.fromkeys([*line["old"], *line["new"]]))
        changes = [Change(field_label(k), value_text(k, line["old"].get(k), households, villages),
                          value_text(k, line["new"].get(k), households, villages)) for k in keys]
        changes = [c for c in changes if c.old != c.new]        # '' and None both read «—»
        out.append(HistoryLine(fmt_datetime(line["at"]), line["operator"] or _("(không rõ)"),
                               action_label(line["action"]), changes))
    return out[::-1]
