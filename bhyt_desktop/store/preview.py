"""What a backup holds, shown before restoring it: the commune, its people and its figures.

Read from a copy in memory (an older backup is brought up to date there, never on disk).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _


@dataclass
class Preview:
    commune: str
    villages: int
    households: int
    people: int
    cards: int
    population: int
    insured: int
    rate_pct: Decimal | None
    as_of: dt.date


def preview(path: str | Path, as_of: dt.date) -> Preview:
    from bhyt_desktop.commune.details import get_commune
    from bhyt_desktop.coverage.engine import coverage
    from bhyt_desktop.store.backup import check
    from bhyt_desktop.store.connection import open_db

    path = Path(path)
    problems = check(path)
    if problems:
        raise UserError(_("Bản sao lưu {name} bị hỏng: {why}").format(name=path.name, why="; ".join(problems[:3])))
    db = open_db(path, read_only=True)
    try:
        def n(table: str) -> int:
            return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        cov = coverage(db, as_of)
        return Preview(get_commune(db).name, n("villages"), n("households"), n("people"), n("cards"),
                       cov.total.population, cov.total.insured, cov.total.rate_pct, as_of)
    finally:
        db.close()
