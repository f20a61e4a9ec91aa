"""The demo commune: deterministic, realistic, plausible figures."""

from __future__ import annotations

import datetime as dt

from bhyt_desktop.coverage.engine import coverage
from bhyt_desktop.demo.generate import generate
from bhyt_desktop.store import open_db
from tests.conftest import DEMO_ANCHOR


def _dump(path):
    db = open_db(path)
    rows = (db.execute("SELECT full_name, birth_date, cccd FROM people ORDER BY id").fetchall(),
            db.execute("SELECT person_id, group_code, valid_from, valid_to FROM cards ORDER BY id").fetchall())
    db.close()
    return rows


def test_same_seed_same_commune(tmp_path):
    for name in ("a.db", "b.db"):
        db = open_db(tmp_path / name, create=True)
        generate(db, people=300, seed=5, anchor=DEMO_ANCHOR)
        db.close()
    assert _dump(tmp_path / "a.db") == _dump(tmp_path / "b.db")


def test_demo_is_plausible(demo_db):
    cov = coverage(demo_db, DEMO_ANCHOR)
    t = cov.total
    assert demo_db.execute("SELECT count(*) FROM people").fetchone()[0] == 600
    assert 70 < t.rate_pct < 99
    assert t.population >= t.residents * 0.98
    assert t.target_pct is not None and t.needed is not None
    assert len(cov.villages) >= 4
    # names carry Vietnamese diacritics; every household has exactly one head
    names = [r[0] for r in demo_db.execute("SELECT full_name FROM people")]
    assert any("ễ" in n or "ư" in n or "Đ" in n for n in names)
    assert demo_db.execute(
        "SELECT count(*) FROM households WHERE head_person_id IS NULL").fetchone()[0] == 0


def test_group_codes_fit_ages(demo_db):
    """Every card in the history fits the holder's age when it started."""
    rows = demo_db.execute("""
        SELECT c.group_code, p.birth_year, c.valid_from FROM cards c
        JOIN people p ON p.id = c.person_id""").fetchall()
    for code, birth_year, start in rows:
        age = int(start[:4]) - birth_year
        if code == "TE":
            assert age <= 6
        if code in ("HT", "BT"):
            assert age >= 60, (code, birth_year, start)
        if code in ("SV", "DN", "HC", "CH"):
            assert age >= 18, (code, birth_year, start)
        if code in ("HS",):
            assert 5 <= age <= 19, (code, birth_year, start)


def test_histories_hold_lapses_renewals_and_expiring(demo_db):
    from bhyt_desktop.coverage.changes import changes
    ch = changes(demo_db, DEMO_ANCHOR - dt.timedelta(days=90), DEMO_ANCHOR)
    assert ch.total.renewals > 0
    assert ch.total.lapses > 0
    assert ch.total.expiring > 0
