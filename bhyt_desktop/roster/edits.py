"""The household roster: households, people and each person's card history.

Every write is one transaction. Values are checked here (not only in the UI) so the
command line, imports and the UI obey the same rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

import sqlite_utils

from bhyt_desktop.common import clock
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.identifiers import normalize_bhxh, normalize_cccd
from bhyt_desktop.common.text import clean_name, fold, sort_key
from bhyt_desktop.store.audit import log_change, values

HOUSEHOLD_TYPES = ("poor", "near_poor", "farm_avg", "other")
STATUSES = ("resident", "away", "moved_out", "deceased")
HEAD_RELATION = "Chủ hộ"


@dataclass
class Birth:
    """A birth date, or only the year when that is all the records hold."""
    date: dt.date | None = None
    year: int | None = None

    def __post_init__(self) -> None:
        if self.date is not None:
            self.year = self.date.year


def add_household(db: sqlite_utils.Database, code: str, village_id: int, *, address: str = "",
                  phone: str = "", household_type: str = "other") -> int:
    code = clean_name(code)
    if not code:
        raise UserError(_("Mã hộ không được để trống."))
    if household_type not in HOUSEHOLD_TYPES:
        raise UserError(_("Loại hộ không hợp lệ: {value}").format(value=household_type))
    if db.execute("SELECT 1 FROM households WHERE code = ?", [code]).fetchone():
        raise UserError(_("Mã hộ «{code}» đã có.").format(code=code))
    with db.atomic():
        new = {"code": code, "village_id": village_id, "address": clean_name(address),
               "phone": clean_name(phone), "household_type": household_type}
        hid = cast(int, db.table("households").insert(new).last_pk)
        log_change(db, "add_household", "household", hid, {}, new)
    return hid


def update_household(db: sqlite_utils.Database, household_id: int, **fields) -> None:
    allowed = {"code", "village_id", "address", "phone", "household_type", "head_person_id"}
    if set(fields) - allowed:
        raise ValueError(f"unknown household fields: {set(fields) - allowed}")
    if "household_type" in fields and fields["household_type"] not in HOUSEHOLD_TYPES:
        raise UserError(_("Loại hộ không hợp lệ: {value}").format(value=fields["household_type"]))
    with db.atomic():
        old = values(db, "households", household_id, list(fields))
        db.table("households").update(household_id, fields)
        log_change(db, "update_household", "household", household_id, old, fields)


def _person_fields(full_name: str | None = None, birth: Birth | None = None, cccd=None, bhxh_code=None,
                   **rest) -> dict:
    out = dict(rest)
    if full_name is not None:
        name = clean_name(full_name)
        if not name:
            raise UserError(_("Họ tên không được để trống."))
        out.update(full_name=name, name_key=fold(name), sort_key=sort_key(name))
    if birth is not None:
        if birth.date and birth.date > clock.today():
            raise UserError(_("Ngày sinh ở tương lai: {value}.").format(value=birth.date.strftime("%d/%m/%Y")))
        out.update(birth_date=birth.date.isoformat() if birth.date else None, birth_year=birth.year)
    if cccd is not None:
        out["cccd"] = normalize_cccd(cccd)
    if bhxh_code is not None:
        out["bhxh_code"] = normalize_bhxh(bhxh_code)
    if "sex" in out and out["sex"] not in (None, "M", "F"):
        raise UserError(_("Giới tính không hợp lệ."))
    if "status" in out and out["status"] not in STATUSES:
        raise UserError(_("Tình trạng cư trú không hợp lệ."))
    for key in ("status_date", "in_date"):
        if isinstance(out.get(key), dt.date):
            out[key] = out[key].isoformat()
    return out


def _check_unique_ids(db: sqlite_utils.Database, fields: dict, person_id: int | None) -> None:
    for col, label in (("cccd", _("Số CCCD")), ("bhxh_code", _("Mã số BHXH"))):
        value = fields.get(col)
        if value:
            row = db.execute(f"SELECT id, full_name FROM people WHERE {col} = ? AND id IS NOT ?",
                             [value, person_id]).fetchone()
            if row:
                raise UserError(_("{label} {value} đã thuộc về {name}.").format(label=label, value=value, name=row[1]))


def add_person(db: sqlite_utils.Database, household_id: int, full_name: str, *,
               birth: Birth | None = None, sex: str | None = None, relation: str = "",
               cccd: str | None = None, bhxh_code: str | None = None, status: str = "resident",
               status_date: dt.date | None = None, in_date: dt.date | None = None) -> int:
    row = db.execute("SELECT village_id FROM households WHERE id = ?", [household_id]).fetchone()
    if row is None:
        raise UserError(_("Không tìm thấy hộ gia đình."))
    fields = _person_fields(full_name, birth or Birth(), cccd or "", bhxh_code or "", sex=sex,
                            relation=clean_name(relation), status=status,
                            status_date=status_date, in_date=in_date)
    _check_unique_ids(db, fields, None)
    with db.atomic():
        pid = cast(int, db.table("people").insert(
            {"household_id": household_id, "village_id": row[0], **fields}).last_pk)
        if fold(relation) == fold(HEAD_RELATION):
            db.execute("UPDATE households SET head_person_id = ? WHERE id = ? AND head_person_id IS NULL",
                       [pid, household_id])
        log_change(db, "add_person", "person", pid, {},
                   {"household_id": household_id, "village_id": row[0], **fields})
    return pid


def update_person(db: sqlite_utils.Database, person_id: int, *, full_name: str | None = None,
                  birth: Birth | None = None, cccd: str | None = None, bhxh_code: str | None = None,
                  **rest) -> None:
    allowed = {"sex", "relation", "status", "status_date", "in_date", "note"}
    if set(rest) - allowed:
        raise ValueError(f"unknown person fields: {set(rest) - allowed}")
    fields = _person_fields(full_name, birth, cccd, bhxh_code, **rest)
    _check_unique_ids(db, fields, person_id)
    with db.atomic():
        old = values(db, "people", person_id, list(fields))
        db.table("people").update(person_id, fields)
        log_change(db, "update_person", "person", person_id, old, fields)


def move_person(db: sqlite_utils.Database, person_id: int, household_id: int) -> None:
    row = db.execute("SELECT village_id FROM households WHERE id = ?", [household_id]).fetchone()
    if row is None:
        raise UserError(_("Không tìm thấy hộ gia đình."))
    with db.atomic():
        old = values(db, "people", person_id, ["household_id", "village_id"])
        db.execute("UPDATE households SET head_person_id = NULL WHERE head_person_id = ?", [person_id])
        db.execute("UPDATE people SET household_id = ?, village_id = ? WHERE id = ?",
                   [household_id, row[0], person_id])
        log_change(db, "move_person", "person", person_id, old,
                   {"household_id": household_id, "village_id": row[0]})


def set_status(db: sqlite_utils.Database, person_id: int, status: str, on: dt.date | None) -> None:
    """Mark a person moved out or deceased (with the date), working away, or resident."""
    if status not in STATUSES:
        raise UserError(_("Tình trạng cư trú không hợp lệ."))
    if status in ("moved_out", "deceased") and on is None:
        raise UserError(_("Hãy nhập ngày chuyển đi hoặc ngày mất."))
    new = {"status": status, "status_date": on.isoformat() if on else None}
    with db.atomic():
        old = values(db, "people", person_id, list(new))
        db.execute("UPDATE people SET status = ?, status_date = ? WHERE id = ?",
                   [status, on.isoformat() if on else None, person_id])
        log_change(db, "set_status", "person", person_id, old, new)


CARD_SHOWN = ("person_id", "group_code", "valid_from", "valid_to", "card_number", "issued_here", "source")
def add_card(db: sqlite_utils.Database, person_id: int, group_code: str, valid_from: dt.date,
             valid_to: dt.date, *, card_number: str = "", issued_here: bool = True,
             source: str = "manual") -> int:
    code = clean_name(group_code).upper()
    if not db.execute("SELECT 1 FROM group_codes WHERE code = ?", [code]).fetchone():
        raise UserError(_("Mã đối tượng không có trong danh mục: «{code}».").format(code=group_code))
    if valid_from > valid_to:
        raise UserError(_("Hạn thẻ: ngày bắt đầu sau ngày kết thúc."))
    # The import's rule too: a card starts at most a year ahead (roster.cards imports this
    # module through roster.validation, hence the import here).
    from bhyt_desktop.roster.cards import check_card_start
    check_card_start(valid_from)
    with db.atomic():
        card = {"group_code": code, "valid_from": valid_from.isoformat(), "valid_to": valid_to.isoformat(),
                "card_number": clean_name(card_number), "issued_here": int(issued_here), "source": source}
        cid = cast(int, db.table("cards").insert({"person_id": person_id, **card}).last_pk)
        log_change(db, "add_card", "person", person_id, {}, card, card_id=cid)
    return cid


def delete_card(db: sqlite_utils.Database, card_id: int) -> None:
    with db.atomic():
        old = values(db, "cards", card_id, list(CARD_SHOWN))
        db.execute("DELETE FROM cards WHERE id = ?", [card_id])
        if old:
            person = old.pop("person_id")
            log_change(db, "delete_card", "person", person, old, {}, card_id=card_id)


def cards_of(db: sqlite_utils.Database, person_id: int) -> list[dict]:
    return [dict(r) for r in db.query(
        "SELECT * FROM cards WHERE person_id = ? ORDER BY valid_from", [person_id])]
