"""Bulk writes: build indexes once at the end instead of row by row.

Inserting 100,000+ rows into tables with several indexes costs far more than building
those indexes afterwards from sorted data. Inside a transaction, either

    with db.atomic(), deferred_indexes(db.conn, ["people", "cards"]):
        ... executemany(...) ...

or, when the tables are decided at different moments, ``drop_indexes`` then
``rebuild_indexes`` with what it returned.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable, Iterator


def drop_indexes(conn: sqlite3.Connection, tables: Iterable[str]) -> list[str]:
    """Drop the indexes of ``tables``; return their SQL for :func:`rebuild_indexes`."""
    tables = list(tables)
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({', '.join('?' * len(tables))})", tables).fetchall()
    for name, _sql in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in rows]


def rebuild_indexes(conn: sqlite3.Connection, sqls: list[str]) -> None:
    """Create the indexes again, letting SQLite sort on every core."""
    if not sqls:
        return
    threads = conn.execute("PRAGMA threads").fetchone()[0]
    conn.execute(f"PRAGMA threads = {min(4, os.cpu_count() or 1)}")
    try:
        for sql in sqls:
            conn.execute(sql)
    finally:
        conn.execute(f"PRAGMA threads = {int(threads)}")


@contextlib.contextmanager
def checks_at_end(conn: sqlite3.Connection, tables: Iterable[str]) -> Iterator[None]:
    """CHECK constraints verified once per table at the end instead of row by row.

    Evaluating a table's CHECKs inside each INSERT is most of the cost of a bulk insert into
    people (100,000 rows: ~0.6 s with them, ~0.25 s without); ``PRAGMA quick_check(table)``
    then verifies every row's CHECK and NOT NULL constraints in one pass (~0.15 s). Raises
    ``sqlite3.IntegrityError`` when a row breaks one: run it inside the transaction, which the
    error then rolls back. SQLite before 3.33 cannot check one table: rows are checked as usual.
    """
    tables = list(tables)
    if sqlite3.sqlite_version_info < (3, 33, 0):
        yield
        return
    conn.execute("PRAGMA ignore_check_constraints = ON")
    try:
        yield
    finally:
        conn.execute("PRAGMA ignore_check_constraints = OFF")
    for table in tables:
        problems = [r[0] for r in conn.execute(f'PRAGMA quick_check("{table}")') if r[0] != "ok"]
        if problems:
            raise sqlite3.IntegrityError(f"{table}: {problems[0]}")


@contextlib.contextmanager
def deferred_indexes(conn: sqlite3.Connection, tables: list[str]) -> Iterator[None]:
    saved = drop_indexes(conn, tables)
    yield
    rebuild_indexes(conn, saved)
