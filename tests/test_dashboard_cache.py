"""The dashboard's cache rule (dashboard/cache.py), without Qt: a timeline answers while the
file is unchanged since it was read; any write sends the figures back to SQL."""

from __future__ import annotations

import datetime as dt

from bhyt_desktop.commune import details as cm
from bhyt_desktop.coverage.timeline import build_timeline
from bhyt_desktop.dashboard.cache import TimelineCache, data_version
from bhyt_desktop.dashboard.figures import dashboard
from bhyt_desktop.roster import edits as roster
from bhyt_desktop.store import open_db
from tests.factories import person


def test_reads_keep_the_version_and_writes_change_it(db):
    person(db, ("GD", "2026-01-01", "2026-12-31"))
    v = data_version(db)
    dashboard(db, dt.date(2026, 11, 22))
    build_timeline(db)
    assert data_version(db) == v
    cm.add_village(db, "Xóm 2")
    assert data_version(db) != v


def test_a_timeline_answers_until_the_file_is_written(db):
    pid = person(db)
    cache = TimelineCache()
    assert cache.answer(data_version(db)) is None               # nothing built yet: SQL
    read_at = data_version(db)
    tl = build_timeline(db)
    assert cache.keep(tl, read_at, data_version(db))
    assert cache.answer(data_version(db)) is tl
    roster.add_card(db, pid, "GD", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert cache.answer(data_version(db)) is None               # written: back to SQL
    assert cache.timeline is None                               # and the stale one is gone


def test_a_write_by_another_connection_also_makes_it_stale(db, db_path):
    person(db)
    cache = TimelineCache()
    read_at = data_version(db)
    cache.keep(build_timeline(db), read_at, data_version(db))
    other = open_db(db_path)
    try:
        cm.add_village(other, "Xóm 9")
    finally:
        other.close()
    assert cache.answer(data_version(db)) is None


def test_a_timeline_read_before_a_write_that_landed_during_the_build_is_refused(db):
    person(db)
    cache = TimelineCache()
    read_at = data_version(db)
    tl = build_timeline(db)
    cm.add_village(db, "Xóm 3")                                # while the worker was reading
    assert not cache.keep(tl, read_at, data_version(db))
    assert cache.answer(data_version(db)) is None


def test_drop_forgets_the_timeline(db):
    cache = TimelineCache()
    v = data_version(db)
    cache.keep(build_timeline(db), v, v)
    cache.drop()
    assert cache.answer(v) is None
