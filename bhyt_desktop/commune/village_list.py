"""Villages as the "Thôn & chỉ tiêu" page lists them: status, households, people."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from bhyt_desktop.common.i18n import _


@dataclass(frozen=True)
class VillageRow:
    id: int
    name: str
    display_order: int
    active: bool
    merged_into: str                # name of the village it was merged into, or ''
    households: int
    people: int                     # on the roster now (resident or away)

    @property
    def status_text(self) -> str:
        if self.merged_into:
            return _("Đã gộp vào {name}").format(name=self.merged_into)
        return _("Đang dùng") if self.active else _("Ngừng dùng")


def village_rows(db: sqlite_utils.Database, *, include_inactive: bool = False) -> list[VillageRow]:
    where = "" if include_inactive else "WHERE v.active = 1"
    sql = f"""
        SELECT v.id, v.name, v.display_order, v.active, ifnull(m.name, ''),
               (SELECT count(*) FROM households h WHERE h.village_id = v.id),
               (SELECT count(*) FROM people p WHERE p.village_id = v.id
                 AND p.status IN ('resident', 'away'))
        FROM villages v LEFT JOIN villages m ON m.id = v.merged_into
        {where}
        ORDER BY v.active DESC, v.display_order, v.id"""
    return [VillageRow(r[0], r[1], r[2], bool(r[3]), r[4], r[5], r[6]) for r in db.execute(sql)]


def move(ids: list[int], village_id: int, delta: int) -> list[int]:
    """The order after moving ``village_id`` by ``delta`` places (clamped)."""
    out = list(ids)
    i = out.index(village_id)
    j = max(0, min(len(out) - 1, i + delta))
    out.insert(j, out.pop(i))
    return out
