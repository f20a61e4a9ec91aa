"""Members of the commune's steering committee (Ban Chỉ đạo), each following villages.

A member has a name, a position ("Phó Chủ tịch UBND xã", "Trưởng thôn"...) and a phone;
``member_villages`` says which villages they follow (seed 003: each member takes charge of
some villages). The dashboard and the weekly report can be narrowed to one member's villages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.text import clean_name, fold
from bhyt_desktop.store.audit import log

MAX_LENGTH = 120


@dataclass
class Member:
    id: int
    name: str
    position: str = ""
    phone: str = ""
    active: bool = True
    village_ids: list[int] = field(default_factory=list)
    village_names: list[str] = field(default_factory=list)


def _text(value: str | None, label: str) -> str:
    text = clean_name(value or "")
    if len(text) > MAX_LENGTH:
        raise UserError(_("{label} dài quá {n} ký tự.").format(label=label, n=MAX_LENGTH))
    return text


def _phone(value: str | None) -> str:
    text = (value or "").strip()
    if text and not all(ch.isdigit() or ch in " .+-()" for ch in text):
        raise UserError(_("Số điện thoại «{phone}» không hợp lệ.").format(phone=text))
    return text


def add_member(db: sqlite_utils.Database, name: str, *, position: str = "", phone: str = "",
               village_ids: list[int] | None = None, operator: str = "") -> int:
    name = _text(name, _("Họ tên"))
    if not name:
        raise UserError(_("Hãy ghi họ tên thành viên Ban Chỉ đạo."))
    fields = {"name": name, "position": _text(position, _("Chức vụ")), "phone": _phone(phone)}
    with db.atomic():
        cur = db.execute("INSERT INTO committee_members (name, position, phone) VALUES (?, ?, ?)",
                         [fields["name"], fields["position"], fields["phone"]])
        member_id = int(cur.lastrowid or 0)
        log(db, "member_add", "committee_members", member_id, name, operator=operator)
        if village_ids:
            _write_villages(db, member_id, village_ids)
    return member_id


def update_member(db: sqlite_utils.Database, member_id: int, *, name: str | None = None,
                  position: str | None = None, phone: str | None = None,
                  active: bool | None = None, operator: str = "") -> None:
    get_member(db, member_id)
    changes: dict[str, object] = {}
    if name is not None:
        changes["name"] = _text(name, _("Họ tên"))
        if not changes["name"]:
            raise UserError(_("Hãy ghi họ tên thành viên Ban Chỉ đạo."))
    if position is not None:
        changes["position"] = _text(position, _("Chức vụ"))
    if phone is not None:
        changes["phone"] = _phone(phone)
    if active is not None:
        changes["active"] = int(active)
    if not changes:
        return
    with db.atomic():
        sets = ", ".join(f"{k} = ?" for k in changes)
        db.execute(f"UPDATE committee_members SET {sets} WHERE id = ?", [*changes.values(), member_id])
        log(db, "member_edit", "committee_members", member_id,
            ", ".join(f"{k}={v}" for k, v in changes.items()), operator=operator)


def delete_member(db: sqlite_utils.Database, member_id: int, operator: str = "") -> None:
    m = get_member(db, member_id)
    with db.atomic():
        db.execute("DELETE FROM committee_members WHERE id = ?", [member_id])
        log(db, "member_delete", "committee_members", member_id, m.name, operator=operator)


def _write_villages(db: sqlite_utils.Database, member_id: int, village_ids: list[int]) -> None:
    known = {r[0] for r in db.execute("SELECT id FROM villages")}
    unknown = [v for v in village_ids if v not in known]
    if unknown:
        raise UserError(_("Không có thôn/xóm mã {ids}.").format(ids=", ".join(map(str, unknown))))
    db.execute("DELETE FROM member_villages WHERE member_id = ?", [member_id])
    db.conn.executemany("INSERT OR IGNORE INTO member_villages (member_id, village_id) VALUES (?, ?)",
                        [(member_id, v) for v in village_ids])


def set_villages(db: sqlite_utils.Database, member_id: int, village_ids: list[int],
                 operator: str = "") -> None:
    """The villages the member follows, replacing the previous ones."""
    get_member(db, member_id)
    with db.atomic():
        _write_villages(db, member_id, village_ids)
        log(db, "member_villages", "committee_members", member_id,
            ",".join(map(str, village_ids)), operator=operator)


def members(db: sqlite_utils.Database, *, include_inactive: bool = False) -> list[Member]:
    """Every member with their villages (villages in display order)."""
    sql = "SELECT id, name, position, phone, active FROM committee_members"
    if not include_inactive:
        sql += " WHERE active = 1"
    out = {r[0]: Member(r[0], r[1], r[2], r[3], bool(r[4])) for r in db.execute(sql + " ORDER BY id")}
    for mid, vid, vname in db.execute(
            "SELECT mv.member_id, v.id, v.name FROM member_villages mv JOIN villages v ON v.id = mv.village_id"
            " ORDER BY v.display_order, v.id"):
        if mid in out:
            out[mid].village_ids.append(vid)
            out[mid].village_names.append(vname)
    return list(out.values())


def get_member(db: sqlite_utils.Database, member_id: int) -> Member:
    for m in members(db, include_inactive=True):
        if m.id == member_id:
            return m
    raise UserError(_("Không có thành viên Ban Chỉ đạo mã {id}.").format(id=member_id))


def member_by_name(db: sqlite_utils.Database, name: str) -> Member:
    """Find a member by name: as typed (any case), else ignoring diacritics, else a unique
    partial match."""
    key, typed = fold(name), clean_name(name).casefold()
    every = members(db, include_inactive=True)
    found = ([m for m in every if m.name.casefold() == typed]
             or [m for m in every if fold(m.name) == key]
             or [m for m in every if key and key in fold(m.name)])
    if len(found) == 1:
        return found[0]
    if not found:
        raise UserError(_("Không có thành viên Ban Chỉ đạo tên «{name}».").format(name=name))
    raise UserError(_("Có {n} thành viên trùng với «{name}»: {names}. Hãy ghi đầy đủ họ tên.").format(
        n=len(found), name=name, names=", ".join(m.name for m in found)))
