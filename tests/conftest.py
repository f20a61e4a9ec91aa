"""Shared fixtures: a fresh temp commune file per test, an isolated home, Qt offscreen."""

from __future__ import annotations

import datetime as dt
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from bhyt_desktop.common import (
    clock,
    i18n,  # noqa: E402
)
from bhyt_desktop.store import open_db  # noqa: E402

DEMO_ANCHOR = dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    """Settings, logs and the default commune file go to a temp folder, never the real home."""
    home = tmp_path / "home"
    monkeypatch.setenv("BHYT_DESKTOP_HOME", str(home))
    # "Today" is the demo's anchor in every test, in this process and in child processes,
    # so no test depends on the day it runs (bhyt_desktop/clock.py).
    monkeypatch.setenv("BHYT_DESKTOP_TODAY", DEMO_ANCHOR.isoformat())
    clock.fix_today(DEMO_ANCHOR)
    i18n.set_language("vi")
    yield home
    i18n.set_language("vi")
    clock.fix_today(None)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "xa.db"


@pytest.fixture
def db(db_path):
    database = open_db(db_path, create=True)
    yield database
    database.close()


@pytest.fixture
def demo_db(tmp_path):
    """A small demo commune (600 people, fixed seed and date)."""
    from bhyt_desktop.demo.generate import generate
    path = tmp_path / "demo.db"
    database = open_db(path, create=True)
    generate(database, people=600, seed=7, anchor=DEMO_ANCHOR)
    yield database
    database.close()
