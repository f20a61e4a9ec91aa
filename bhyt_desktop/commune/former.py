"""Former communes (xã cũ): since 1/7/2025 a commune is often several merged ones, each with
its own "Xóm 1".

A village of a former commune keeps its own name in ``villages.short_name`` and is shown
everywhere as ``villages.name`` = "Xóm 1 (Nam Hồng cũ)", kept here whenever the village or
the former commune is named. The shown name's folded key stays unique, so a name is unique
within its former commune and two "Xóm 1" of different former communes are two villages.
A commune without former communes sees nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.text import clean_name, fold
from bhyt_desktop.store.audit import log


@dataclass(frozen=True)
class FormerCommune:
    id: int
    name: str


def shown_name(short_name: str, former: str | None) -> str:
    """'Xóm 1', 'Nam Hồng' -> 'Xóm 1 (Nam Hồng cũ)'; without a former commune, the name."""
    return f"{short_name} ({former} cũ)" if former else short_name


def former_communes(db: sqlite_utils.Database) -> list[FormerCommune]:
    return [FormerCommune(r[0], r[1]) for r in db.execute("SELECT id, name FROM former_communes ORDER BY id")]


def add_former_commune(db: sqlite_utils.Database, name: str) -> int:
    name = clean_name(name)
    if not name:
        raise UserError(_("Tên xã cũ không được để trống."))
    if db.execute("SELECT 1 FROM former_communes WHERE name_key = ?", [fold(name)]).fetchone():
        raise UserError(_("Xã cũ «{name}» đã có.").format(name=name))
    with db.atomic():
        fid = db.execute("INSERT INTO former_communes (name, name_key) VALUES (?, ?)", [name, fold(name)]).lastrowid
        log(db, "add_former_commune", "former_commune", fid, name)
    assert fid is not None
    return int(fid)


def rename_former_commune(db: sqlite_utils.Database, former_id: int, name: str) -> None:
    name = clean_name(name)
    if not name:
        raise UserError(_("Tên xã cũ không được để trống."))
    with db.atomic():
        db.execute("UPDATE former_communes SET name = ?, name_key = ? WHERE id = ?", [name, fold(name), former_id])
        for (vid,) in db.execute("SELECT id FROM villages WHERE former_commune_id = ?", [former_id]).fetchall():
            _write_name(db, vid)
        log(db, "rename_former_commune", "former_commune", former_id, name)


def set_village_place(db: sqlite_utils.Database, village_id: int, short_name: str,
                      former_id: int | None) -> str:
    """Name a village and put it in a former commune (None: none). Returns the shown name;
    refuses a name its former commune (or the commune) already has."""
    short_name = clean_name(short_name)
    if not short_name:
        raise UserError(_("Tên thôn/xóm không được để trống."))
    former = None
    if former_id is not None:
        row = db.execute("SELECT name FROM former_communes WHERE id = ?", [former_id]).fetchone()
        if row is None:
            raise UserError(_("Không có xã cũ này."))
        former = row[0]
    if former and fold(short_name).endswith(f"({fold(former)} cu)"):   # the shown name typed back
        short_name = short_name[:-len(f"({former} cũ)")].strip()
    name = shown_name(short_name, former)
    other = db.execute("SELECT id FROM villages WHERE name_key = ?", [fold(name)]).fetchone()
    if other and other[0] != village_id:
        raise UserError(_("Thôn/xóm «{name}» đã có.").format(name=name))
    with db.atomic():
        db.execute("UPDATE villages SET short_name = ?, former_commune_id = ?, name = ?, name_key = ? WHERE id = ?",
                   [short_name if former else "", former_id, name, fold(name), village_id])
        log(db, "set_village_place", "village", village_id, name)
    return name


def village_place(db: sqlite_utils.Database, village_id: int) -> tuple[str, int | None]:
    """(own name, former commune id or None) of a village, as the villages page edits them."""
    name, short, former_id = db.execute(
        "SELECT name, short_name, former_commune_id FROM villages WHERE id = ?", [village_id]).fetchone()
    return (short or name), former_id


def add_village_in(db: sqlite_utils.Database, short_name: str, former_id: int | None) -> int:
    """A new village of a former commune ("Xóm 1" of Nam Hồng), shown "Xóm 1 (Nam Hồng cũ)"."""
    with db.atomic():
        order = (db.execute("SELECT max(display_order) FROM villages").fetchone()[0] or 0) + 1
        vid = db.execute("INSERT INTO villages (name, name_key, display_order) VALUES (?, ?, ?)",
                         [f"#{order}", f"#new {order}", order]).lastrowid
        assert vid is not None
        set_village_place(db, vid, short_name, former_id)
        log(db, "add_village", "village", vid, short_name)
    return int(vid)


def _write_name(db: sqlite_utils.Database, village_id: int) -> None:
    short, former = db.execute(
        "SELECT v.short_name, f.name FROM villages v LEFT JOIN former_communes f ON f.id = v.former_commune_id"
        " WHERE v.id = ?", [village_id]).fetchone()
    name = shown_name(short, former)
    db.execute("UPDATE villages SET name = ?, name_key = ? WHERE id = ?", [name, fold(name), village_id])


def short_name_keys(db: sqlite_utils.Database) -> dict[str, list[str]]:
    """Folded own name of each village of a former commune -> the shown names' keys ("xom 1"
    -> ["xom 1 (nam hong cu)", "xom 1 (nam toan cu)"]), for matching names in files."""
    out: dict[str, list[str]] = {}
    for short, key in db.execute("SELECT short_name, name_key FROM villages WHERE former_commune_id IS NOT NULL"):
        out.setdefault(fold(short), []).append(key)
    return out
