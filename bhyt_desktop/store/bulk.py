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

from bhyt_desktop.store.m004_roster import WORDS


def drop_indexes(conn: sqlite3.Connection, tables: Iterable[str]) -> list[str]:
    """Drop the indexes of ``tables``; return their SQL for :func:`rebuild_indexes`."""
    tables = list(tables)
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({', '.join('?' * len(tables))})", tables).fetchall()
    for name, _sql in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in rows]


@contextlib.contextmanager
def _sorting_threads(conn: sqlite3.Connection) -> Iterator[None]:
    """Let SQLite's sorter (CREATE INDEX, ORDER BY) use every core inside the block."""
    threads = conn.execute("PRAGMA threads").fetchone()[0]
    conn.execute(f"PRAGMA threads = {min(4, os.cpu_count() or 1)}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA threads = {int(threads)}")


def rebuild_indexes(conn: sqlite3.Connection, sqls: list[str]) -> None:
    """Create the indexes again, letting SQLite sort on every core."""
    if not sqls:
        return
    with _sorting_threads(conn):
        for sql in sqls:
            conn.execute(sql)


@contextlib.contextmanager
def words_at_end(conn: sqlite3.Connection, first_id: int) -> Iterator[None]:
    """``people_words`` filled once, in its key order, for the people inserted in the block.

    The ``people_words_insert`` trigger (migration 4) splits each new name_key row by row and
    inserts its words at random places in the table's b-tree: 100,000 people, ~0.55 s. Here
    the trigger is dropped, and the words of every person with ``id >= first_id`` are
    inserted in one statement sorted by (word, person_id), which only appends (~0.3 s). The
    trigger is created again from its own SQL. Run it inside a transaction: an error in the
    block rolls the DROP back with everything else.
    """
    if not conn.in_transaction:
        raise RuntimeError("words_at_end needs a transaction")
    (trigger,) = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'people_words_insert'").fetchone()
    conn.execute("DROP TRIGGER people_words_insert")
    yield
    with _sorting_threads(conn):
        conn.execute(f"""INSERT OR IGNORE INTO people_words (word, person_id)
            SELECT w.value, p.id FROM people p, json_each({WORDS.format(col="p.name_key")}) w
            WHERE p.id >= ? AND w.value <> '' ORDER BY 1, 2""", [first_id])
    conn.execute(trigger)


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
