"""The figures of a progress report, gathered from the core as one JSON-ready dict.

The dict is what the PDF prints and what the history stores "as sent"; the next report's
changes are computed against it. Keys (version 1):

- ``as_of``, ``period`` (Period.to_json), ``commune`` (name, place_name, upper_name, code)
- ``window``: the change window (``start`` exclusive, ``end`` = as_of) and ``baseline``:
  the last issued report it is compared with (id, number, symbol, as_of) or None, in which
  case the window starts the day before the period.
- ``total`` and ``villages`` (each a *unit*, villages also ``id``, ``name``, ``rank``):
  population, population_source, residents, insured, uninsured, insured_elsewhere,
  rate_pct and target_pct (decimal strings "86.91", or None), needed, and the window's
  new, renewals, renewals_after_break, lapses, net (insured now minus insured as sent in
  the baseline report, else as on the window start), plus expiring (valid today, every
  card ending within ``expiring_days``) and lapsed (had a card, none valid today or later).
  ``total`` also has ``rate_change`` (percentage points against the baseline) or None.
- ``groups``: the five groups of the law: group, name, insured, codes [{code, name, insured}].
- ``issuers``: seed 000's split: cards issued locally by group, the armed forces' cards and
  other provinces' cards (coverage.engine.IssuerBreakdown).
- ``pace``: weeks_left in the year, per_week needed.
- ``expiring_days`` (30) and ``break_days`` (a renewal after this many days' gap is a
  new entry, 90 by law).

Counts only: no names or identifiers are ever part of the figures.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlite_utils

from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.jobs import Job, step
from bhyt_desktop.commune.details import get_commune
from bhyt_desktop.coverage import definitions as defs
from bhyt_desktop.coverage.changes import UnitChanges, changes
from bhyt_desktop.coverage.engine import UnitCoverage, coverage, weekly_pace, weeks_left
from bhyt_desktop.rates.amounts import rate_on
from bhyt_desktop.reports.periods import Period
from bhyt_desktop.store.reference import GROUP_NAMES

VERSION = 1


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _unit(u: UnitCoverage) -> dict:
    return {
        "population": u.population, "population_source": u.population_source,
        "residents": u.residents, "insured": u.insured, "uninsured": u.uninsured,
        "insured_elsewhere": u.insured_elsewhere,
        "rate_pct": _dec(u.rate_pct), "target_pct": _dec(u.target_pct), "needed": u.needed,
    }


def _add_changes(unit: dict, ch: UnitChanges | None) -> None:
    ch = ch or UnitChanges()
    unit.update(new=ch.new, renewals=ch.renewals, renewals_after_break=ch.renewals_after_break,
                lapses=ch.lapses, net=ch.net, expiring=ch.expiring)


def lapsed_by_village(db: sqlite_utils.Database, as_of: dt.date) -> dict[int, int]:
    """People counted on ``as_of`` and lapsed on it (definitions.lapsed_sql)."""
    sql = f"""
        SELECT p.village_id, count(*) FROM people p
        WHERE {defs.counted_sql()} AND {defs.lapsed_sql()}
        GROUP BY p.village_id"""
    return {vid: n for vid, n in db.execute(sql, {"d": as_of.isoformat()})}


def rank(values: list[Decimal | None]) -> list[int | None]:
    """Competition ranking, highest first (1, 2, 2, 4); None gets no rank."""
    ordered = sorted((v for v in values if v is not None), reverse=True)
    first: dict[Decimal, int] = {}
    for i, v in enumerate(ordered, start=1):
        first.setdefault(v, i)
    return [None if v is None else first[v] for v in values]


def gather(db: sqlite_utils.Database, period: Period, as_of: dt.date, *,
           baseline: dict | None = None, expiring_days: int = 30,
           job: Job | None = None) -> dict:
    """Figures for the report of ``period`` as of ``as_of``.

    ``baseline`` is the last issued report to compare with: a dict with ``id``, ``number``,
    ``symbol``, ``as_of`` (ISO) and ``figures`` (its stored figures dict), or None.
    """
    step(job, 0, 4, _("Tính tỷ lệ bao phủ…"))
    cov = coverage(db, as_of)
    if baseline:
        start = dt.date.fromisoformat(baseline["as_of"])
    else:
        start = period.start - dt.timedelta(days=1)
    if start >= as_of:
        start = as_of - dt.timedelta(days=1)
    step(job, 1, 4, _("Tính biến động trong kỳ…"))
    ch = changes(db, start, as_of, expiring_days=expiring_days, at_end=cov)
    step(job, 2, 4, _("Tính thẻ hết hạn theo thôn…"))
    lapsed = lapsed_by_village(db, as_of)

    sent_villages, sent_total = {}, None
    if baseline:
        sent = baseline["figures"]
        sent_villages = {v["id"]: v for v in sent.get("villages", [])}
        sent_total = sent.get("total")

    villages = []
    ranks = rank([u.rate_pct for u in cov.villages])
    for u, r in zip(cov.villages, ranks, strict=True):
        assert u.village_id is not None     # a village's unit, not the commune's
        unit = {"id": u.village_id, "name": u.name, **_unit(u), "rank": r}
        _add_changes(unit, ch.villages.get(u.village_id))
        unit["lapsed"] = lapsed.get(u.village_id, 0)
        if baseline:
            before = sent_villages.get(u.village_id)
            unit["net"] = u.insured - (before["insured"] if before else 0)
        villages.append(unit)

    total = _unit(cov.total)
    _add_changes(total, ch.total)
    total["lapsed"] = sum(lapsed.values())
    total["rate_change"] = None
    if sent_total is not None:
        total["net"] = cov.total.insured - sent_total["insured"]
        if total["rate_pct"] is not None and sent_total.get("rate_pct") is not None:
            total["rate_change"] = _dec(Decimal(total["rate_pct"]) - Decimal(sent_total["rate_pct"]))

    step(job, 3, 4, _("Tổng hợp theo nhóm đối tượng…"))
    groups = []
    for g in range(1, 6):
        of_group = [gc for gc in cov.groups if gc.group == g]
        codes = [{"code": gc.code, "name": gc.name, "insured": gc.insured} for gc in of_group]
        groups.append({"group": g, "name": GROUP_NAMES[g], "codes": codes,
                       "insured": sum(gc.insured for gc in of_group)})

    b = cov.by_issuer()
    issuers = {"local_by_group": {str(g): n for g, n in b.local_by_group.items()}, "local": b.local,
               "armed_forces": b.armed_forces, "other_province": b.other_province,
               "without_other_provinces": b.without_other_provinces}

    commune = get_commune(db)
    break_days = int(rate_on(db, "new_entry_break_days", as_of) or 90)
    step(job, 4, 4)
    return {
        "version": VERSION,
        "as_of": as_of.isoformat(),
        "period": period.to_json(),
        "commune": {"name": commune.name, "place_name": commune.place_name,
                    "upper_name": commune.upper_name, "code": commune.code},
        "window": {
            "start": start.isoformat(), "end": as_of.isoformat(),
            "baseline": None if not baseline else {
                "report_id": baseline["id"], "number": baseline["number"],
                "symbol": baseline["symbol"], "as_of": baseline["as_of"]},
        },
        "expiring_days": expiring_days,
        "break_days": break_days,
        "total": total,
        "villages": villages,
        "groups": groups,
        "issuers": issuers,
        "pace": {"weeks_left": weeks_left(as_of),
                 "per_week": weekly_pace(cov.total.needed, as_of)},
    }
