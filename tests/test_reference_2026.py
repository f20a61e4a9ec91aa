"""Migration 6 and the dated participant codes: 2026 values, the user's edits kept, the
kept-card rule's SQL and Python twin agree, Settings edits a dated row."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3

import pytest

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.coverage import definitions as defs
from bhyt_desktop.rates import codes
from bhyt_desktop.store import SCHEMA_VERSION, migrations, open_db, schema_version
from tests.factories import D, person


def test_a_new_file_holds_the_2026_codes_with_their_history(db):
    now = codes.codes_on(db, D("2026-11-22"))
    assert {"CS", "XN", "TV", "HK", "ND", "LH"} <= set(now)
    assert (now["CT"].benefit_level, now["KC"].benefit_level, now["CN"].benefit_level) == (2, 4, 2)
    assert now["MS"].grp == 3
    before = codes.codes_on(db, D("2018-11-30"))
    assert (before["CT"].benefit_level, before["KC"].benefit_level) == (4, 2)
    assert codes.codes_on(db, D("2025-12-31"))["CN"].benefit_level == 3
    assert codes.codes_on(db, D("2025-06-30"))["MS"].grp == 2
    sources = dict(db.execute("SELECT code || '@' || valid_from, source FROM code_levels"))
    assert "261/2025/QH15" in sources["CN@2026-01-01"]
    assert "146/2018" in sources["CT@2018-12-01"]
    row = db.execute("SELECT grp, benefit_level FROM group_codes WHERE code = 'CN'").fetchone()
    assert tuple(row) == (4, 2)
    rates = dict(db.execute("SELECT key || '@' || effective_from, value FROM rates"))
    assert rates["support_student_pct@2015-01-01"] == "30"
    assert rates["support_near_poor_poor_commune_pct@2025-07-01"] == "100"
    (src,) = db.execute("SELECT source FROM rates WHERE key = 'base_salary'"
                        " AND effective_from = '2024-07-01'").fetchone()
    assert src == "Nghị định 73/2024/NĐ-CP"


def test_migration_6_leaves_the_rows_the_user_changed(tmp_path):
    path = tmp_path / "v5.db"
    conn = sqlite3.connect(path)
    with conn:
        for step in migrations.MIGRATIONS[:5]:
            step(conn)
        conn.execute("PRAGMA user_version = 5")
        conn.execute("UPDATE group_codes SET benefit_level = 1 WHERE code = 'CN'")   # the user's
        conn.execute("UPDATE group_codes SET grp = 3 WHERE code = 'MS'")             # already moved
        conn.execute("UPDATE rates SET value = '2400000' WHERE key = 'base_salary'"
                     " AND effective_from = '2024-07-01'")
        conn.execute("INSERT INTO group_codes (code, grp, name, benefit_level) VALUES ('LH', 3, 'Tên của xã', 3)")
    conn.close()
    db = open_db(path)
    assert schema_version(db) == SCHEMA_VERSION == 6
    cn = db.execute("SELECT valid_from, grp, benefit_level, source FROM code_levels WHERE code = 'CN'").fetchall()
    assert [tuple(r[:3]) for r in cn] == [("2015-01-01", 4, 1)]
    assert cn[0][3] == "Giá trị người dùng đã sửa"
    assert codes.codes_on(db, D("2020-01-01"))["MS"].grp == 3
    lh = db.execute("SELECT name, benefit_level FROM group_codes WHERE code = 'LH'").fetchone()
    assert tuple(lh) == ("Tên của xã", 3)
    # untouched rows get the corrections
    assert codes.codes_on(db, D("2026-01-01"))["KC"].benefit_level == 4
    (value, src) = db.execute("SELECT value, source FROM rates WHERE key = 'base_salary'"
                              " AND effective_from = '2024-07-01'").fetchone()
    assert (value, src) == ("2400000", "")
    db.close()


def test_settings_edits_a_dated_row_and_refreshes_todays_values(db):
    codes.save_level(db, "HS", D("2027-01-01"), 4, 3, "Nghị quyết thử")
    assert codes.codes_on(db, D("2027-02-01"))["HS"].benefit_level == 3
    assert codes.codes_on(db, D("2026-11-22"))["HS"].benefit_level == 4
    codes.save_level(db, "HS", D("2026-01-01"), 4, 2, "Nghị quyết thử 2")
    assert db.execute("SELECT benefit_level FROM group_codes WHERE code = 'HS'").fetchone()[0] == 2
    codes.save_level(db, "ZZ", D("2026-01-01"), 3, 4, "Quyết định thử", name="Đối tượng thử")
    assert codes.codes_on(db, D("2026-11-22"))["ZZ"].name == "Đối tượng thử"
    with pytest.raises(UserError, match="tên đối tượng"):
        codes.save_level(db, "ZY", D("2026-01-01"), 3, 4, "x")
    with pytest.raises(UserError, match="căn cứ"):
        codes.save_level(db, "HS", D("2026-01-01"), 4, 2, " ")
    only = db.execute("SELECT id FROM code_levels WHERE code = 'ZZ'").fetchone()[0]
    with pytest.raises(UserError, match="chỉ còn một dòng"):
        codes.delete_level(db, only)
    ids = [r[0] for r in db.execute("SELECT id FROM code_levels WHERE code = 'HS' ORDER BY valid_from")]
    codes.delete_level(db, ids[-1])
    assert codes.codes_on(db, D("2027-02-01"))["HS"].benefit_level == 2


def test_the_kept_card_sql_and_its_python_twin_agree(db):
    rng = random.Random(15)
    pool = ["HS", "GD", "CN", "HN", "TE", "KC", "CT", "MS", "QN", "DN"]
    pids = []
    for _ in range(60):
        cards = [(rng.choice(pool), f"20{rng.randint(24, 26)}-{rng.randint(1, 12):02d}-01",
                  f"2027-{rng.randint(1, 12):02d}-28") for _ in range(rng.randint(2, 3))]
        pids.append(person(db, *cards))
    for day in ("2025-03-01", "2026-02-01", "2026-11-22"):
        d = {"d": day}
        sql_kept = dict(db.execute(
            f"SELECT person_id, id FROM (SELECT c.person_id, c.id, row_number() OVER (PARTITION BY"
            f" c.person_id ORDER BY {defs.KEPT_CARD_ORDER_SQL}) AS k FROM cards c"
            f" WHERE {defs.card_valid_sql('c')}) WHERE k = 1", d))
        on = codes.codes_on(db, dt.date.fromisoformat(day))
        for pid in pids:
            valid = [(cid, on[code].benefit_level, on[code].grp, on[code].law_order, vf)
                     for cid, code, vf in db.execute(
                         "SELECT id, group_code, valid_from FROM cards c WHERE person_id = :p AND "
                         + defs.card_valid_sql("c"), {**d, "p": pid})]
            assert defs.kept_card(valid) == sql_kept.get(pid)
