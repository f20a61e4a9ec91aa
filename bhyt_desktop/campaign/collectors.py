"""Collectors: collection agents (đại lý thu), village heads (trưởng thôn) and mass-organisation
staff who sell cards, each with a code (the "Mã số nhân viên thu" of form D03-TS).

A card is credited to its collector: the one written on the card (from an import's
«Mã số nhân viên thu» column, or set by hand), else by default the head of the holder's
village (the active collector of kind ``village_head`` for that village, the first entered).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.text import clean_name, fold
from bhyt_desktop.store.audit import log

KINDS = ("agent", "village_head", "mass_org")


def kind_label(kind: str) -> str:
    return {"agent": _("Đại lý thu"), "village_head": _("Trưởng thôn/xóm"),
            "mass_org": _("Cán bộ đoàn thể")}[kind]


@dataclass
class Collector:
    id: int
    code: str
    name: str
    kind: str
    village_id: int | None
    village_name: str
    phone: str
    active: bool


# The collector credited with card row ``c`` (the card's own, else its village's head).
VILLAGE_HEAD_SQL = ("(SELECT k.id FROM collectors k WHERE k.kind = 'village_head' AND k.active = 1"
                    " AND k.village_id = {village} ORDER BY k.id LIMIT 1)")


def credited_sql(c: str = "c", village: str = "c.village_id") -> str:
    return f"coalesce({c}.collector_id, {VILLAGE_HEAD_SQL.format(village=village)})"


def _check(code: str, name: str, kind: str) -> tuple[str, str]:
    code = clean_name(code)
    name = clean_name(name)
    if not code:
        raise UserError(_("Hãy ghi mã số người thu."))
    if len(code) > 30 or len(name) > 120:
        raise UserError(_("Mã số hoặc họ tên người thu quá dài."))
    if not name:
        raise UserError(_("Hãy ghi họ tên người thu."))
    if kind not in KINDS:
        raise UserError(_("Loại người thu «{kind}» không hợp lệ (agent, village_head, mass_org).").format(kind=kind))
    return code, name


def add_collector(db: sqlite_utils.Database, code: str, name: str, *, kind: str = "agent",
                  village_id: int | None = None, phone: str = "", operator: str = "") -> int:
    code, name = _check(code, name, kind)
    if kind == "village_head" and village_id is None:
        raise UserError(_("Trưởng thôn/xóm cần ghi thôn/xóm phụ trách."))
    if find_collector(db, code):
        raise UserError(_("Mã số người thu «{code}» đã có.").format(code=code))
    with db.atomic():
        cur = db.execute("INSERT INTO collectors (code, name, kind, village_id, phone) VALUES (?, ?, ?, ?, ?)",
                         [code, name, kind, village_id, phone.strip()])
        cid = int(cur.lastrowid or 0)
        log(db, "collector_add", "collectors", cid, f"{code} {name} ({kind})", operator=operator)
    return cid


def update_collector(db: sqlite_utils.Database, collector_id: int, *, name: str | None = None,
                     kind: str | None = None, village_id: int | None = None, phone: str | None = None,
                     active: bool | None = None, operator: str = "") -> None:
    old = get_collector(db, collector_id)
    new_name = old.name if name is None else name
    new_kind = old.kind if kind is None else kind
    _check(old.code, new_name, new_kind)
    changes = {"name": clean_name(new_name), "kind": new_kind,
               "village_id": old.village_id if village_id is None else village_id,
               "phone": old.phone if phone is None else phone.strip(),
               "active": int(old.active if active is None else active)}
    with db.atomic():
        db.execute("UPDATE collectors SET name = ?, kind = ?, village_id = ?, phone = ?, active = ? WHERE id = ?",
                   [*changes.values(), collector_id])
        log(db, "collector_edit", "collectors", collector_id,
            ", ".join(f"{k}={v}" for k, v in changes.items()), operator=operator)


def _row(r) -> Collector:
    return Collector(r[0], r[1], r[2], r[3], r[4], r[5] or "", r[6], bool(r[7]))


_SELECT = ("SELECT k.id, k.code, k.name, k.kind, k.village_id, v.name, k.phone, k.active"
           " FROM collectors k LEFT JOIN villages v ON v.id = k.village_id")


def collectors(db: sqlite_utils.Database, *, include_inactive: bool = False) -> list[Collector]:
    where = "" if include_inactive else " WHERE k.active = 1"
    return [_row(r) for r in db.execute(_SELECT + where + " ORDER BY k.code")]


def get_collector(db: sqlite_utils.Database, collector_id: int) -> Collector:
    row = db.execute(_SELECT + " WHERE k.id = ?", [collector_id]).fetchone()
    if row is None:
        raise UserError(_("Không có người thu mã {id}.").format(id=collector_id))
    return _row(row)


def find_collector(db: sqlite_utils.Database, code: str) -> Collector | None:
    """By code, ignoring case and surrounding spaces (codes typed or imported)."""
    code = clean_name(code)
    row = db.execute(_SELECT + " WHERE k.code = ? COLLATE NOCASE", [code]).fetchone()
    return _row(row) if row else None


def collector_by_code_or_name(db: sqlite_utils.Database, text: str) -> Collector:
    found = find_collector(db, text)
    if found:
        return found
    named = [k for k in collectors(db, include_inactive=True) if fold(k.name) == fold(text)]
    if len(named) == 1:
        return named[0]
    raise UserError(_("Không có người thu mã hoặc tên «{text}».").format(text=text))


def village_head(db: sqlite_utils.Database, village_id: int) -> Collector | None:
    row = db.execute(_SELECT + " WHERE k.id = " + VILLAGE_HEAD_SQL.format(village="?"),
                     [village_id]).fetchone()
    return _row(row) if row else None


def set_card_collector(db: sqlite_utils.Database, card_id: int, collector_id: int | None,
                       operator: str = "") -> None:
    """Credit a card to a collector by hand (None: back to the village head by default)."""
    if db.execute("SELECT 1 FROM cards WHERE id = ?", [card_id]).fetchone() is None:
        raise UserError(_("Không có thẻ mã {id}.").format(id=card_id))
    if collector_id is not None:
        get_collector(db, collector_id)
    with db.atomic():
        db.execute("UPDATE cards SET collector_id = ? WHERE id = ?", [collector_id, card_id])
        log(db, "card_collector", "cards", card_id, str(collector_id or ""), operator=operator)


def credit_cards_by_code(db: sqlite_utils.Database, card_codes: dict[int, str]) -> list[str]:
    """Credit imported cards from the file's «Mã số nhân viên thu» column ({card id: code}).
    Returns the codes not found among the collectors (those cards keep the default)."""
    unknown: set[str] = set()
    ids = {k.code.casefold(): k.id for k in collectors(db, include_inactive=True)}
    rows = []
    for card_id, code in card_codes.items():
        code = clean_name(code)
        if not code:
            continue
        cid = ids.get(code.casefold())
        if cid is None:
            unknown.add(code)
        else:
            rows.append((cid, card_id))
    with db.atomic():
        db.conn.executemany("UPDATE cards SET collector_id = ? WHERE id = ?", rows)
    return sorted(unknown)


def collector_label() -> str:
    """The card form's label for its collector."""
    return _("Người thu")


def collector_items(db: sqlite_utils.Database) -> list[tuple[str, int | None]]:
    """Choices for a card's collector: the default (the village head), then each active one."""
    return [(_("Mặc định: trưởng thôn/xóm của người tham gia"), None),
            *((f"{k.code} — {k.name} ({kind_label(k.kind)})", k.id) for k in collectors(db))]


def credited_collector(db: sqlite_utils.Database, card_id: int) -> Collector | None:
    row = db.execute(f"SELECT {credited_sql('c')} FROM cards c WHERE c.id = ?", [card_id]).fetchone()
    if row is None or row[0] is None:
        return None
    return get_collector(db, row[0])
