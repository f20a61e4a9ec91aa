"""The coverage engine: who is counted, who is insured, and what changed, on any date.

Pure functions over SQL. Definitions (docs/data-model.md repeats them):

- *counted* and *insured* on D: as defined in definitions.py; coverage's insured are the
  insured among the counted.
- *population*: the statistical figure for D's year when one is set for the unit, else the
  people counted on D. The commune's own statistical figure wins over the villages' sum.
- *target*: the unit's rate for D's year; a village without its own takes the commune's.
- *needed* = ceil(target x population) - insured, never below 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal

import sqlite_utils

from bhyt_desktop.common.formats import bp_to_pct, ceil_div, rate_pct
from bhyt_desktop.commune.campaigns import Campaign, running_on
from bhyt_desktop.coverage import definitions as defs
from bhyt_desktop.rates.codes import codes_on

# Person row ``p`` counted on :d; a card valid on :d whose holder is counted on :d.
COUNTED_ON = defs.counted_sql("p")
CARD_VALID_AND_COUNTED = defs.card_valid_sql("cards") + " AND " + defs.card_holder_counted_sql("cards")
OVERLAPPING_VALID_AND_COUNTED = defs.card_valid_sql("c") + " AND " + defs.card_holder_counted_sql("c")


@dataclass
class UnitCoverage:
    """Coverage of one unit (a village, or the commune when ``village_id`` is None)."""
    village_id: int | None
    name: str
    population: int = 0
    population_source: str = "roster"      # 'statistical', 'roster' or 'mixed'
    residents: int = 0
    insured: int = 0
    insured_elsewhere: int = 0             # of which cards issued outside the commune
    target_bp: int | None = None
    target_inherited: bool = False          # village without a target of its own
    by_group: dict[str, int] = field(default_factory=dict)  # group code -> insured

    @property
    def uninsured(self) -> int:
        return max(0, self.population - self.insured)

    @property
    def rate_pct(self) -> Decimal | None:
        return rate_pct(self.insured, self.population)

    @property
    def target_pct(self) -> Decimal | None:
        return bp_to_pct(self.target_bp)

    @property
    def needed(self) -> int | None:
        if self.target_bp is None:
            return None
        return max(0, ceil_div(self.target_bp * self.population, 10000) - self.insured)

    @property
    def behind(self) -> bool:
        return bool(self.needed)


@dataclass
class GroupCount:
    code: str
    group: int
    name: str
    insured: int
    elsewhere: int = 0            # of which cards issued in another province
    issuer: str = "local"         # who issues this code's cards (group_codes.issuer)


@dataclass
class IssuerBreakdown:
    """Seed 000's table: the cards issued locally by group, the armed forces' cards and other
    provinces' cards apart (definitions.issuer_of)."""
    local_by_group: dict[int, int]
    armed_forces: int = 0
    other_province: int = 0

    @property
    def local(self) -> int:
        return sum(self.local_by_group.values())

    @property
    def without_other_provinces(self) -> int:
        """Seed 000's total: every card but those issued by other provinces."""
        return self.local + self.armed_forces


@dataclass
class Coverage:
    as_of: dt.date
    total: UnitCoverage
    villages: list[UnitCoverage]
    groups: list[GroupCount]
    campaigns: list[Campaign] = field(default_factory=list)

    def by_issuer(self) -> IssuerBreakdown:
        out = IssuerBreakdown({g: 0 for g in range(1, 6)})
        for gc in self.groups:
            out.other_province += gc.elsewhere
            if defs.issuer_of(True, gc.issuer) == "armed_forces":
                out.armed_forces += gc.insured - gc.elsewhere
            else:
                out.local_by_group[gc.group] += gc.insured - gc.elsewhere
        return out

    @property
    def villages_needed(self) -> int:
        """The villages' still-needed added up. It can differ from the commune's: each unit
        rounds its own need up, and a village over its target does not make up for another."""
        return sum(v.needed or 0 for v in self.villages)

    def by_law_group(self) -> dict[int, int]:
        """Insured per group 1-5 of the law."""
        out = {g: 0 for g in range(1, 6)}
        for gc in self.groups:
            out[gc.group] += gc.insured
        return out


def village_units(db: sqlite_utils.Database) -> dict[int, UnitCoverage]:
    """An empty unit per village shown: active ones, and inactive ones that still hold people."""
    return {
        vid: UnitCoverage(vid, name)
        for vid, name in db.execute(
            "SELECT id, name FROM villages WHERE active = 1"
            " OR id IN (SELECT DISTINCT village_id FROM people) ORDER BY display_order, id")
    }


def coverage(db: sqlite_utils.Database, as_of: dt.date) -> Coverage:
    d = as_of.isoformat()
    units = village_units(db)

    for vid, n in db.execute(
            f"SELECT p.village_id, count(*) FROM people p WHERE {COUNTED_ON} GROUP BY p.village_id", {"d": d}):
        units[vid].residents = n

    # Insured people, counted from the cards_coverage index alone (the triggers keep each
    # card's village and its holder's counted days). A card that overlaps no other card of
    # its holder is the only one valid on any of its days; the few that overlap are
    # resolved per person by the kept-card rule of definitions.py (highest benefit, then
    # the law's order).
    rows = db.execute(
        f"""
        SELECT village_id, group_code, sum(issued_here = 0), count(*)
        FROM cards INDEXED BY cards_coverage
        WHERE overlaps = 0 AND {CARD_VALID_AND_COUNTED}
        GROUP BY village_id, group_code
        UNION ALL
        SELECT village_id, group_code, sum(issued_here = 0), count(*) FROM (
            SELECT c.village_id, c.group_code, c.issued_here,
                   row_number() OVER (PARTITION BY c.person_id ORDER BY {defs.KEPT_CARD_ORDER_SQL}) AS pick
            FROM cards c INDEXED BY cards_overlapping
            WHERE c.overlaps = 1 AND {OVERLAPPING_VALID_AND_COUNTED}
        ) WHERE pick = 1 GROUP BY village_id, group_code
        """, {"d": d})
    group_totals: dict[str, int] = {}
    group_elsewhere: dict[str, int] = {}
    for vid, code, elsewhere, n in rows:
        u = units[vid]
        u.insured += n
        u.insured_elsewhere += elsewhere
        u.by_group[code] = u.by_group.get(code, 0) + n
        group_totals[code] = group_totals.get(code, 0) + n
        group_elsewhere[code] = group_elsewhere.get(code, 0) + elsewhere

    total = complete_units(db, units, as_of.year)
    on_date = codes_on(db, as_of)
    groups = sorted(
        (GroupCount(c.code, c.grp, c.name, group_totals[c.code], group_elsewhere[c.code], c.issuer)
         for c in on_date.values() if group_totals.get(c.code)),
        key=lambda g: (g.group, g.code))
    return Coverage(as_of, total, list(units.values()), groups,
                    running_campaigns(db, as_of, units, total))


def running_campaigns(db: sqlite_utils.Database, as_of: dt.date, units: dict[int, UnitCoverage],
                      total: UnitCoverage) -> list[Campaign]:
    """Campaigns running on ``as_of``, each measured on its unit (commune or village)."""
    out = []
    for c in running_on(db, as_of):
        unit = total if c.village_id is None else units.get(c.village_id)
        if unit is not None:
            out.append(replace(c, population=unit.population, insured=unit.insured))
    return out


def complete_units(db: sqlite_utils.Database, units: dict[int, UnitCoverage],
                   year: int) -> UnitCoverage:
    """Given residents and insured per village, set population and targets; the commune total."""
    stats = {vid: pop for vid, pop in db.execute(
        "SELECT ifnull(village_id, 0), population FROM population_stats WHERE year = ?", [year])}
    targets = {vid: bp for vid, bp in db.execute(
        "SELECT ifnull(village_id, 0), rate_bp FROM targets WHERE year = ?", [year])}
    commune_target = targets.get(0)

    for vid, u in units.items():
        if vid in stats:
            u.population, u.population_source = stats[vid], "statistical"
        else:
            u.population, u.population_source = u.residents, "roster"
        if vid in targets:
            u.target_bp = targets[vid]
        elif commune_target is not None:
            u.target_bp, u.target_inherited = commune_target, True

    (commune_name,) = db.execute("SELECT name FROM commune WHERE id = 1").fetchone()
    total = UnitCoverage(None, commune_name, target_bp=commune_target)
    for u in units.values():
        total.residents += u.residents
        total.insured += u.insured
        total.insured_elsewhere += u.insured_elsewhere
        total.population += u.population
        for code, n in u.by_group.items():
            total.by_group[code] = total.by_group.get(code, 0) + n
    sources = {u.population_source for u in units.values() if u.population or u.residents}
    total.population_source = sources.pop() if len(sources) == 1 else ("mixed" if sources else "roster")
    if 0 in stats:
        total.population, total.population_source = stats[0], "statistical"
    return total


def weeks_left(as_of: dt.date) -> int:
    """Whole or part weeks from the day after ``as_of`` to 31 December (at least 1)."""
    days = (dt.date(as_of.year, 12, 31) - as_of).days
    return max(1, ceil_div(days, 7))


def weekly_pace(needed: int | None, as_of: dt.date) -> int | None:
    """People to insure per remaining week of the year to reach the target."""
    if needed is None:
        return None
    return ceil_div(needed, weeks_left(as_of))
