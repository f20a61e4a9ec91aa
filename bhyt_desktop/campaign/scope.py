"""The report's figures narrowed to one committee member's villages, the table of members
with their villages' figures, and the month's households renewing (monthly reports).

All three work on the report's figures dict (reports/figures.py) after it is gathered, so
a member's figures are exactly the sums of the same villages' rows of the same report:

- counts (population, residents, insured, uninsured, insured elsewhere, new, renewals,
  renewals after the break, lapses, net change, expiring, lapsed, still needed) add up;
  each village's «still needed» is rounded up on its own, as in the village table;
- the rate is the summed insured over the summed population; the target is the villages'
  targets weighted by their population (None when a village has none).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlite_utils

from bhyt_desktop.campaign.members import Member, members
from bhyt_desktop.campaign.renewals import renewals
from bhyt_desktop.common.formats import rate_pct
from bhyt_desktop.coverage.engine import coverage, weekly_pace
from bhyt_desktop.store.reference import GROUP_NAMES

SUMMED = ("population", "residents", "insured", "insured_elsewhere", "new", "renewals",
          "renewals_after_break", "lapses", "net", "expiring", "lapsed")


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def sum_units(units: list[dict]) -> dict:
    """One unit from several villages' units of a figures dict (see the module's rules)."""
    out: dict = {k: sum(u.get(k) or 0 for u in units) for k in SUMMED}
    out["uninsured"] = sum(u["uninsured"] for u in units)
    needed = [u["needed"] for u in units if u["needed"] is not None]
    out["needed"] = sum(needed) if needed else None
    out["rate_pct"] = _dec(rate_pct(out["insured"], out["population"]))
    targets = [(Decimal(u["target_pct"]), u["population"]) for u in units if u["target_pct"] is not None]
    if targets and len(targets) == len(units) and out["population"]:
        weighted = sum(t * p for t, p in targets) / out["population"]
        out["target_pct"] = _dec(weighted.quantize(Decimal("0.01")))
    else:
        out["target_pct"] = None
    sources = {u["population_source"] for u in units}
    out["population_source"] = sources.pop() if len(sources) == 1 else "mixed"
    out["rate_change"] = None
    return out


def member_row(fig: dict, m: Member) -> dict:
    units = [v for v in fig["villages"] if v["id"] in m.village_ids]
    return {"id": m.id, "name": m.name, "position": m.position, "phone": m.phone,
            "villages": [v["name"] for v in units], **sum_units(units)}


def members_table(db: sqlite_utils.Database, fig: dict) -> list[dict]:
    """Each active member with their villages and those villages' figures."""
    return [member_row(fig, m) for m in members(db)]


def narrow_to_member(db: sqlite_utils.Database, fig: dict, m: Member) -> dict:
    """A copy of ``fig`` for the member's villages only: villages, total, groups, pace."""
    out = dict(fig)
    out["villages"] = [v for v in fig["villages"] if v["id"] in m.village_ids]
    out["total"] = sum_units(out["villages"])
    as_of = dt.date.fromisoformat(fig["as_of"])
    out["pace"] = {"weeks_left": fig["pace"]["weeks_left"],
                   "per_week": weekly_pace(out["total"]["needed"], as_of)}
    by_code: dict[str, int] = {}
    for u in coverage(db, as_of).villages:
        if u.village_id in m.village_ids:
            for code, n in u.by_group.items():
                by_code[code] = by_code.get(code, 0) + n
    groups = []
    for g in range(1, 6):
        codes = [{"code": c, "name": n, "insured": by_code[c]} for c, grp, n in db.execute(
            "SELECT code, grp, name FROM group_codes WHERE grp = ? ORDER BY code", [g]) if by_code.get(c)]
        groups.append({"group": g, "name": GROUP_NAMES[g], "codes": codes,
                       "insured": sum(c["insured"] for c in codes)})
    out["groups"] = groups
    out["scope"] = {"member": m.name, "position": m.position,
                    "villages": [v["name"] for v in out["villages"]]}
    return out


def add_household_renewals(db: sqlite_utils.Database, fig: dict, month: str) -> None:
    """The month's households renewing (campaign/renewals.py), for a monthly report; only
    the figures' own villages (a member's report counts their villages)."""
    ids = [v["id"] for v in fig["villages"]] if fig.get("scope") else None
    r = renewals(db, month, village_ids=ids)
    fig["household_renewals"] = r.to_json()


def narrow_dashboard(board, m: Member):
    """The dashboard (dashboard/figures.Dashboard) for the member's villages only, by the
    same rules as the report: counts and changes add up, the rate from the sums, the target
    weighted by population, still needed the sum of the villages'."""
    from dataclasses import replace

    from bhyt_desktop.dashboard.figures import UnitRow

    rows = [v for v in board.villages if v.village_id in m.village_ids]
    population = sum(v.population for v in rows)
    insured = sum(v.insured for v in rows)
    needed = [v.needed for v in rows if v.needed is not None]
    targets = [v.target_pct for v in rows if v.target_pct is not None]
    target = None
    if rows and len(targets) == len(rows) and population:
        target = (sum(v.target_pct * v.population for v in rows) / population).quantize(Decimal("0.01"))
    sources = {v.population_source for v in rows}
    total = UnitRow(None, m.name, population, sources.pop() if len(sources) == 1 else "mixed", insured,
                    rate_pct(insured, population), target, False, sum(needed) if needed else None,
                    sum(v.change for v in rows))
    return replace(board, total=total, villages=rows,
                   weekly_pace=weekly_pace(total.needed, board.as_of))
