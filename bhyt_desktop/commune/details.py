"""The commune, its villages, their statistical population and their targets."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlite_utils

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import parse_rate_bp
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.text import clean_name, fold
from bhyt_desktop.store.audit import log_change, values

COMMUNE_FIELDS = ("name", "code", "place_name", "upper_name", "upper_code")


@dataclass(frozen=True)
class Commune:
    name: str
    code: str
    place_name: str
    upper_name: str
    upper_code: str


@dataclass(frozen=True)
class Village:
    id: int
    name: str
    display_order: int
    active: bool


def get_commune(db: sqlite_utils.Database) -> Commune:
    row = db.execute(f"SELECT {', '.join(COMMUNE_FIELDS)} FROM commune WHERE id = 1").fetchone()
    return Commune(*row)


def commune_changes(**fields: str | None) -> dict[str, str]:
    """The fields given (None = leave as is), cleaned and checked: the name may not be blank."""
    changes = {k: clean_name(v) for k, v in fields.items() if v is not None}
    unknown = set(changes) - set(COMMUNE_FIELDS)
    if unknown:
        raise ValueError(f"unknown commune fields: {unknown}")
    if "name" in changes and not changes["name"]:
        raise UserError(_("Tên xã/phường không được để trống."))
    if changes.get("code") and not re.fullmatch(r"[0-9]{5}", changes["code"]):
        raise UserError(_("Mã xã «{code}» không hợp lệ: mã đơn vị hành chính của xã gồm 5 chữ số "
                          "(ví dụ 13675).").format(code=changes["code"]))
    return changes


def set_commune(db: sqlite_utils.Database, **fields: str | None) -> Commune:
    """Set the given fields (None = leave as is); a blank name is refused, nothing is written."""
    changes = commune_changes(**fields)
    if changes:
        with db.atomic():
            old = values(db, "commune", 1, list(changes))
            db.table("commune").update(1, changes)
            log_change(db, "set_commune", "commune", 1, old, changes)
    return get_commune(db)


# --- villages -------------------------------------------------------------------------

def villages(db: sqlite_utils.Database, *, include_inactive: bool = False) -> list[Village]:
    sql = "SELECT id, name, display_order, active FROM villages"
    if not include_inactive:
        sql += " WHERE active = 1"
    sql += " ORDER BY display_order, id"
    return [Village(r[0], r[1], r[2], bool(r[3])) for r in db.execute(sql)]


def group_code_choices(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """The active group codes with their names, in the order of the five groups."""
    return [(r[0], r[1]) for r in db.execute(
        "SELECT code, name FROM group_codes WHERE active = 1 ORDER BY grp, code")]


def find_village(db: sqlite_utils.Database, name: str) -> Village | None:
    """Find a village by name, ignoring case and diacritics ("xom 1" finds "Xóm 1")."""
    row = db.execute(
        "SELECT id, name, display_order, active FROM villages WHERE name_key = ?", [fold(name)]
    ).fetchone()
    return Village(row[0], row[1], row[2], bool(row[3])) if row else None


def village_by_name(db: sqlite_utils.Database, name: str) -> Village:
    v = find_village(db, name)
    if v is None:
        raise UserError(_("Không có thôn/xóm tên «{name}».").format(name=name))
    return v


def add_village(db: sqlite_utils.Database, name: str, display_order: int | None = None) -> int:
    name = clean_name(name)
    if not name:
        raise UserError(_("Tên thôn/xóm không được để trống."))
    if find_village(db, name):
        raise UserError(_("Thôn/xóm «{name}» đã có.").format(name=name))
    if display_order is None:
        display_order = (db.execute("SELECT max(display_order) FROM villages").fetchone()[0] or 0) + 1
    with db.atomic():
        vid = db.table("villages").insert(
            {"name": name, "name_key": fold(name), "display_order": display_order}
        ).last_pk
        log_change(db, "add_village", "village", vid, {}, {"name": name, "display_order": display_order})
    assert vid is not None
    return int(vid)


def rename_village(db: sqlite_utils.Database, village_id: int, new_name: str) -> None:
    new_name = clean_name(new_name)
    if not new_name:
        raise UserError(_("Tên thôn/xóm không được để trống."))
    former = db.execute("SELECT former_commune_id FROM villages WHERE id = ?", [village_id]).fetchone()
    if former and former[0] is not None:        # a village of a former commune: its own name
        from bhyt_desktop.commune.former import set_village_place
        set_village_place(db, village_id, new_name, former[0])
        return
    other = find_village(db, new_name)
    if other and other.id != village_id:
        raise UserError(_("Thôn/xóm «{name}» đã có.").format(name=new_name))
    with db.atomic():
        old = values(db, "villages", village_id, ["name"])
        db.table("villages").update(village_id, {"name": new_name, "name_key": fold(new_name)})
        log_change(db, "rename_village", "village", village_id, old, {"name": new_name})


def reorder_villages(db: sqlite_utils.Database, ordered_ids: list[int]) -> None:
    with db.atomic():
        for i, vid in enumerate(ordered_ids, start=1):
            db.execute("UPDATE villages SET display_order = ? WHERE id = ?", [i, vid])


def set_village_active(db: sqlite_utils.Database, village_id: int, active: bool) -> None:
    with db.atomic():
        old = values(db, "villages", village_id, ["active"])
        db.execute("UPDATE villages SET active = ? WHERE id = ?", [int(active), village_id])
        log_change(db, "set_village_active", "village", village_id, old, {"active": int(active)})


def merge_villages(db: sqlite_utils.Database, source_id: int, target_id: int) -> None:
    """Move every household of ``source`` into ``target``; sum their population figures.

    The source village is deactivated and remembers where it went. Targets of the source
    are dropped (the target village keeps its own).
    """
    if source_id == target_id:
        raise UserError(_("Không thể gộp một thôn/xóm vào chính nó."))
    from bhyt_desktop.store.backup import backup_before
    backup_before(db, "merge")          # checked copy first: a merge moves whole villages
    with db.atomic():
        old = values(db, "villages", source_id, ["active", "merged_into"])
        moved = db.execute("SELECT count(*) FROM households WHERE village_id = ?", [source_id]).fetchone()[0]
        db.execute("UPDATE households SET village_id = ? WHERE village_id = ?", [target_id, source_id])
        for year, pop, source in db.execute(
            "SELECT year, population, source FROM population_stats WHERE village_id = ?", [source_id]
        ).fetchall():
            db.execute(
                """INSERT INTO population_stats (village_id, year, population, source)
                   VALUES (?, ?, ?, ?)
                   ON CONFLICT(ifnull(village_id, 0), year)
                   DO UPDATE SET population = population + excluded.population""",
                [target_id, year, pop, source],
            )
        db.execute("DELETE FROM population_stats WHERE village_id = ?", [source_id])
        db.execute("DELETE FROM targets WHERE village_id = ?", [source_id])
        db.execute("UPDATE villages SET active = 0, merged_into = ? WHERE id = ?", [target_id, source_id])
        log_change(db, "merge_villages", "village", source_id, old, {"active": 0, "merged_into": target_id},
                   households=moved)


# --- population figures and targets -----------------------------------------------------

def set_population(db: sqlite_utils.Database, year: int, population: int | None,
                   village_id: int | None = None, source: str = "") -> None:
    """Set (or with None, clear) the statistical population of a unit for a year."""
    with db.atomic():
        old = db.execute("SELECT population FROM population_stats WHERE ifnull(village_id, 0) = ? AND year = ?",
                         [village_id or 0, year]).fetchone()
        db.execute("DELETE FROM population_stats WHERE ifnull(village_id, 0) = ? AND year = ?",
                   [village_id or 0, year])
        if population is not None:
            if population < 0:
                raise UserError(_("Dân số không được âm."))
            db.execute(
                "INSERT INTO population_stats (village_id, year, population, source) VALUES (?, ?, ?, ?)",
                [village_id, year, int(population), clean_name(source)],
            )
        log_change(db, "set_population", "village" if village_id else "commune", village_id,
                   {"population": old[0] if old else None},
                   {"population": int(population) if population is not None else None}, year=year)


def set_target(db: sqlite_utils.Database, year: int, rate: str | float | int | None,
               village_id: int | None = None) -> None:
    """Set (or with None, clear) the yearly coverage target of the commune or a village."""
    with db.atomic():
        old = db.execute("SELECT rate_bp FROM targets WHERE ifnull(village_id, 0) = ? AND year = ?",
                         [village_id or 0, year]).fetchone()
        db.execute("DELETE FROM targets WHERE ifnull(village_id, 0) = ? AND year = ?",
                   [village_id or 0, year])
        bp = None
        if rate is not None:
            bp = parse_rate_bp(rate)
            db.execute("INSERT INTO targets (village_id, year, rate_bp) VALUES (?, ?, ?)",
                       [village_id, year, bp])
        log_change(db, "set_target", "village" if village_id else "commune", village_id,
                   {"rate_bp": old[0] if old else None}, {"rate_bp": bp}, year=year)

