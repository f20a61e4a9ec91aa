"""Bulk writes: build indexes once at the end instead of row by row.

Inserting 100,000+ rows into tables with several indexes costs far more than building
those indexes afterwards from sorted data. Use inside a transaction:

    with db.atomic(), deferred_indexes(db, ["people", "cards"]):
        ... executemany(...) ...
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import sqlite_utils


@contextlib.contextmanager
def deferred_indexes(db: sqlite_utils.Database, tables: list[str]) -> Iterator[None]:
    marks = ",".join("?" * len(tables))
    saved = db.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({marks})", tables).fetchall()
    for name, _sql in saved:
        db.execute(f'DROP INDEX "{name}"')
    yield
    for _name, sql in saved:
        db.execute(sql)
