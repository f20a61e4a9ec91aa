"""What goes into a commune export: figures by village and group, and the named lists.

Only SQL and plain rows here; ``workbook.py`` lays them out. The lists are generators so a
100,000-person commune is never held in memory twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import sqlite_utils

from bhyt_desktop.common.identifiers import mask
from bhyt_desktop.coverage import definitions as defs
from bhyt_desktop.coverage.changes import Changes, UnitChanges, changes
from bhyt_desktop.coverage.engine import Coverage, coverage
from bhyt_desktop.export.periods import Period

SEX = {"M": "Nam", "F": "Nữ"}
STATUS = {"resident": "Thường trú", "away": "Đi làm ăn xa", "moved_out": "Đã chuyển đi",
          "deceased": "Đã mất"}


@dataclass
class Figures:
    coverage: Coverage
    changes: Changes | None       # only when a period is given


def figures(db: sqlite_utils.Database, as_of: dt.date, period: Period | None,
            expiring_days: int = 30) -> Figures:
    cov = coverage(db, as_of)
    ch = None
    if period is not None:
        # changes() counts (start, end]; the period's first day must be inside.
        ch = changes(db, period.start - dt.timedelta(days=1), as_of, expiring_days=expiring_days)
    return Figures(cov, ch)


def _birth(birth_date: str | None, birth_year: int | None) -> dt.date | str:
    if birth_date:
        return dt.date.fromisoformat(birth_date)
    return str(birth_year) if birth_year else ""


def _ids(cccd: str | None, bhxh: str | None, full: bool) -> tuple[str, str]:
    if full:
        return cccd or "", bhxh or ""
    return mask(cccd), mask(bhxh)


_ORDER = ("ORDER BY v.display_order, v.id, h.code, (p.id = h.head_person_id) DESC,"
          " p.birth_year, p.id")


def count_uninsured(db, as_of: dt.date) -> int:
    return db.execute(f"SELECT count(*) FROM people p WHERE {defs.counted_sql()} AND NOT {defs.insured_sql()}",
                      {"d": as_of.isoformat()}).fetchone()[0]


def uninsured_rows(db, as_of: dt.date, *, full_ids: bool = False) -> Iterator[list]:
    """People counted on ``as_of`` without a valid card, by village and household.

    Row: village, household code, full name, birth (date or year text), sex, relation,
    CCCD, BHXH number, status, last card's end date (or ''), last card's group code.
    """
    sql = f"""
        SELECT v.name, h.code, p.full_name, p.birth_date, p.birth_year, p.sex, p.relation,
               p.cccd, p.bhxh_code, p.status,
               (SELECT c.valid_to || '|' || c.group_code FROM cards c
                 WHERE c.person_id = p.id AND c.valid_from <= :d
                 ORDER BY c.valid_to DESC LIMIT 1)
        FROM people p JOIN households h ON h.id = p.household_id
        JOIN villages v ON v.id = p.village_id
        WHERE {defs.counted_sql()} AND NOT {defs.insured_sql()}
        {_ORDER}"""
    for (village, hh, name, bdate, byear, sex, rel, cccd, bhxh, status,
         last) in db.execute(sql, {"d": as_of.isoformat()}):
        cccd_out, bhxh_out = _ids(cccd, bhxh, full_ids)
        if last:
            end, code = last.split("|", 1)
            last_end: dt.date | str = dt.date.fromisoformat(end)
        else:
            last_end, code = "", ""
        yield [village, hh, name, _birth(bdate, byear), SEX.get(sex, ""), rel, cccd_out,
               bhxh_out, STATUS.get(status, status), last_end, code]


def _expiring_where() -> str:
    """Counted people expiring on :d (definitions.expiring_sql), with their last card's end."""
    return f"""
        FROM people p JOIN households h ON h.id = p.household_id
        JOIN villages v ON v.id = p.village_id
        JOIN (SELECT person_id, max(valid_to) AS last FROM cards GROUP BY person_id) x
          ON x.person_id = p.id
        WHERE {defs.counted_sql()} AND {defs.expiring_sql()}"""


def count_expiring(db, as_of: dt.date, days: int) -> int:
    p = {"d": as_of.isoformat(), "soon": (as_of + dt.timedelta(days=days)).isoformat()}
    return db.execute("SELECT count(*) " + _expiring_where(), p).fetchone()[0]


def expiring_rows(db, as_of: dt.date, days: int, *, full_ids: bool = False) -> Iterator[list]:
    """People insured on ``as_of`` whose every card ends within ``days`` days (as in the
    weekly report's "expiring"), by village and household.

    Row: village, household code, full name, birth, sex, CCCD, BHXH number, group code of
    the last card, its end date, days left.
    """
    p = {"d": as_of.isoformat(), "soon": (as_of + dt.timedelta(days=days)).isoformat()}
    sql = f"""
        SELECT v.name, h.code, p.full_name, p.birth_date, p.birth_year, p.sex,
               p.cccd, p.bhxh_code, x.last,
               (SELECT c.group_code FROM cards c WHERE c.person_id = p.id
                 AND c.valid_to = x.last ORDER BY c.valid_from DESC LIMIT 1)
        {_expiring_where()}
        {_ORDER}"""
    for village, hh, name, bdate, byear, sex, cccd, bhxh, last, code in db.execute(sql, p):
        cccd_out, bhxh_out = _ids(cccd, bhxh, full_ids)
        end = dt.date.fromisoformat(last)
        yield [village, hh, name, _birth(bdate, byear), SEX.get(sex, ""), cccd_out, bhxh_out,
               code or "", end, (end - as_of).days]


UnitChangesZero = UnitChanges()
