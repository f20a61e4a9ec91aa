"""Carrying out a plan: everything in one transaction, then the import log.

The commit is all or nothing: a failure, a cancel or the program being killed halfway
leaves the commune file as it was (SQLite rolls back an unfinished transaction).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.jobs import Job, step
from bhyt_desktop.coverage import definitions as defs
from bhyt_desktop.importing.header import remember_mapping
from bhyt_desktop.importing.plan import ImportPlan, fingerprint, gc_paused
from bhyt_desktop.store.audit import log, log_change, values
from bhyt_desktop.store.backup import backup_before
from bhyt_desktop.store.bulk import checks_at_end, drop_indexes, rebuild_indexes, words_at_end

CHUNK = 5000
BULK_THRESHOLD = 1_000     # below it both ways take a few milliseconds


@dataclass
class ImportResult:
    import_id: int
    counts: dict
    villages_created: list[str] = field(default_factory=list)
    backup: Path | None = None      # the checked copy made just before the commit


def collector_ids(conn) -> dict[str, int]:
    """Collector code -> id (migration 5's table); a code not on the list is left unset."""
    return {code.upper(): cid for code, cid in conn.execute("SELECT code, id FROM collectors")}


def _progress(job: Job | None, done: int, total: int) -> None:
    step(job, done, total, _("Đang ghi {done}/{total}…").format(done=done, total=total))


def commit_import(db, plan: ImportPlan, job: Job | None = None, operator: str = "", *,
                  backup: bool = True) -> ImportResult:
    """Write ``plan`` in one transaction. Raises ``UserError`` if the data changed since the
    plan was made (make a new plan), ``Cancelled`` if ``job`` was cancelled (nothing written).

    A file on disk is backed up first (``backups/``, reason ``import``), from the window
    and the command line alike; ``backup=False`` when the caller has just made one.
    """
    if fingerprint(db) != plan.fingerprint:
        raise UserError(_("Dữ liệu đã thay đổi từ lúc xem trước. Hãy xem trước lại rồi mới nhập."))
    saved = None
    if backup:
        step(job, 0, 0, _("Đang sao lưu trước khi nhập…"))
        saved = backup_before(db, "import")
    try:
        with gc_paused():
            result = _commit(db, plan, job, operator)
    except sqlite3.IntegrityError as exc:
        # A value the cleaning should have refused reached a rule of the commune file. The
        # transaction is rolled back: say so, not "the file is damaged" (it is not).
        raise UserError(_("Không nhập được: một dòng có giá trị mà tệp xã không chấp nhận ({err}). "
                          "Chưa có gì được ghi, tệp xã vẫn như cũ. Hãy sửa dòng đó trong bảng tính "
                          "hoặc báo cho người hỗ trợ.").format(err=exc)) from exc
    if not db.conn.in_transaction:
        # the import into the file itself, not only its -wal (a -wal deleted after a crash
        # would take the import with it); PASSIVE never waits for the window's readers
        db.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    result.backup = saved
    return result


def _bulk_indexes(conn, plan: ImportPlan) -> list[str]:
    """For an import adding at least BULK_THRESHOLD people and as many as the file holds (a
    first import), the indexes of people and households are dropped and built again at the
    end, inside the same transaction: building an index once from sorted data is much faster
    than random inserts into eight of them (first 5,000 people: commit 0.45 -> 0.14 s).
    Returns their SQL."""
    existing = conn.execute("SELECT count(*) FROM people").fetchone()[0]
    if len(plan.new_people) < BULK_THRESHOLD or len(plan.new_people) < existing:
        return []
    return drop_indexes(conn, ("people", "households"))


def _bulk_card_indexes(conn, n_cards: int, *, all_derived: bool) -> list[str]:
    """The same for the cards indexes, but only when not one of the cards goes through the
    ``cards_fill`` trigger (every card is a new person's, its columns computed here): the
    trigger looks cards up by person, and without the indexes each firing would scan the
    whole table (a quadratic commit). Nothing else touches cards until they are rebuilt."""
    if n_cards < BULK_THRESHOLD or not all_derived:
        return []
    if conn.execute("SELECT count(*) FROM cards").fetchone()[0] > n_cards:
        return []
    return drop_indexes(conn, ("cards",))


def _new_people_card_columns(plan: ImportPlan, p_base: int, households: dict) -> dict[int, tuple]:
    """The columns the ``cards_fill`` trigger would derive, for the cards of people this import
    adds (index in ``plan.cards_new`` -> (village_id, count_from, count_to, overlaps)).

    Inserting them already set skips the trigger (``WHEN NEW.village_id IS NULL``), whose
    per-card look-ups are most of a big commit. It is exact because everything the trigger
    reads is known here: a new person lives in their household's village, is a resident
    (count_to NULL) with no in_date (count_from = birth date), and every card they hold is
    one of this plan's, so a card overlaps exactly when another of theirs in the plan shares
    a day with it (what the trigger leaves after the last insert, whatever the order).
    """
    out: dict[int, tuple] = {}
    by_person: dict[int, list[int]] = {}
    for i, c in enumerate(plan.cards_new):
        if c.person < 0:
            np = plan.new_people[-c.person - 1]
            out[i] = (households[np.household][1], defs.count_from(None, np.record.birth_date),
                      defs.count_to("resident", None), 0)
            by_person.setdefault(c.person, []).append(i)
    cards = plan.cards_new
    for held in by_person.values():
        if len(held) < 2:
            continue
        for i in held:
            a = cards[i]
            if any(j != i and cards[j].valid_from <= a.valid_to and cards[j].valid_to >= a.valid_from
                   for j in held):
                out[i] = (*out[i][:3], 1)
    return out


def _insert_chunks(conn, sql: str, items: list, row_of, job: Job | None, done: int, total: int) -> int:
    """``sql`` once for each of ``items`` (``row_of(index, item)`` gives its parameters), a
    chunk at a time: only one chunk's rows are in memory, and progress is said after each.
    Returns ``done`` plus the rows written."""
    for start in range(0, len(items), CHUNK):
        rows = [row_of(i, item) for i, item in enumerate(items[start:start + CHUNK], start=start)]
        conn.executemany(sql, rows)
        done += len(rows)
        _progress(job, done, total)
    return done


def _commit(db, plan: ImportPlan, job: Job | None, operator: str) -> ImportResult:
    conn = db.conn
    total = (len(plan.villages_new) + len(plan.households_new) + len(plan.new_people)
             + len(plan.updates) + len(plan.cards_new)) or 1
    done = 0
    _progress(job, 0, total)
    with db.atomic():
        rebuild = _bulk_indexes(conn, plan)
        # villages
        order = conn.execute("SELECT ifnull(max(display_order), 0) FROM villages").fetchone()[0]
        from bhyt_desktop.common.text import fold
        for name in plan.villages_new:
            order += 1
            conn.execute("INSERT INTO villages (name, name_key, display_order) VALUES (?, ?, ?)",
                         [name, fold(name), order])
        village_ids = dict(conn.execute("SELECT name_key, id FROM villages").fetchall())
        done += len(plan.villages_new)
        # a big first import: CHECK constraints verified per table at the end, not per row
        checks = checks_at_end(conn, ("households", "people", "cards")) if rebuild else contextlib.nullcontext()
        with checks:
            # households (heads set once the people exist)
            hh_base = conn.execute("SELECT ifnull(max(id), 0) FROM households").fetchone()[0]
            done = _insert_chunks(
                conn, "INSERT INTO households (id, code, village_id, address, household_type) VALUES (?, ?, ?, ?, ?)",
                plan.households_new, lambda i, h: (hh_base + i + 1, h.code, village_ids[h.village], h.address,
                                                   h.household_type or "other"),
                job, done, total)
            households = {code: (hid, vid) for code, hid, vid in
                          conn.execute("SELECT code, id, village_id FROM households")}
            # new people, with ids given here so cards and heads can refer to them
            p_base = conn.execute("SELECT ifnull(max(id), 0) FROM people").fetchone()[0]

            def person_row(i, np):
                r = np.record
                return (p_base + i + 1, *households[np.household], r.full_name, r.name_key, r.sort_key,
                        r.birth_date, r.birth_year, r.sex, r.relation, r.cccd, r.bhxh_code, r.benefit)

            # a big first import: the name words (roster search) filled once, sorted
            words = words_at_end(conn, p_base + 1) if rebuild else contextlib.nullcontext()
            with words:
                done = _insert_chunks(
                    conn, "INSERT INTO people (id, household_id, village_id, full_name, name_key, sort_key, "
                    "birth_date, birth_year, sex, relation, cccd, bhxh_code, benefit) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    plan.new_people, person_row, job, done, total)
            heads = [(p_base + h.head + 1, households[h.code][0]) for h in plan.households_new if h.head is not None]
            conn.executemany("UPDATE households SET head_person_id = ? WHERE id = ? AND head_person_id IS NULL",
                             [(pid, hid) for pid, hid in heads])
            # updates of known people
            for n, u in enumerate(plan.updates, start=1):
                changes = dict(u.changes)
                code = changes.pop("household_code", None)
                if code is not None:
                    hid, vid = households[code]
                    changes.update(household_id=hid, village_id=vid)
                    conn.execute("UPDATE households SET head_person_id = NULL WHERE head_person_id = ?", [u.person_id])
                if changes:
                    old = values(db, "people", u.person_id, list(changes))
                    sets = ", ".join(f"{k} = ?" for k in changes)
                    conn.execute(f"UPDATE people SET {sets} WHERE id = ?", [*changes.values(), u.person_id])
                    log_change(db, "import_update", "person", u.person_id, old, changes, operator,
                               file=plan.table.file_name)
                if n % 1000 == 0:
                    _progress(job, done + n, total)
            done += len(plan.updates)
            # card periods, ids given here so they keep the plan's order
            c_base = conn.execute("SELECT ifnull(max(id), 0) FROM cards").fetchone()[0]
            source = plan.table.file_name
            derived = _new_people_card_columns(plan, p_base, households)
            cards_new = plan.cards_new
            rebuild += _bulk_card_indexes(conn, len(cards_new), all_derived=len(derived) == len(cards_new))
            # a known person's card gets its columns from the cards_fill trigger
            unknown = (None, None, None, 0)
            collectors = collector_ids(conn)
            done = _insert_chunks(
                conn, "INSERT INTO cards (id, person_id, group_code, valid_from, valid_to, card_number, source, "
                "village_id, count_from, count_to, overlaps, clinic, issued_here, collector_id)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                cards_new, lambda i, c: (c_base + i + 1, p_base - c.person if c.person < 0 else c.person,
                                         c.group_code, c.valid_from, c.valid_to, c.card_number, source,
                                         *(derived.get(i) or unknown), c.clinic, int(c.issued_here),
                                         collectors.get(c.collector)),
                job, done, total)
            conn.executemany(
                "INSERT INTO status_proposals (person_id, status, status_date, reason, source) VALUES (?, ?, ?, ?, ?)",
                [(s.person_id, s.status, s.status_date, s.reason, source) for s in plan.proposals])
            for i, c in enumerate(cards_new):     # a known person's new card: in their history
                if c.person > 0:
                    log_change(db, "import_card", "person", c.person, {}, {
                        "group_code": c.group_code, "valid_from": c.valid_from, "valid_to": c.valid_to,
                        "card_number": c.card_number, "source": source}, operator, card_id=c_base + i + 1)
        if rebuild:
            step(job, done, total, _("Đang sắp xếp chỉ mục…"))
            rebuild_indexes(conn, rebuild)
        counts = plan.counts
        import_id = conn.execute(
            "INSERT INTO import_log (operator, kind, file_name, sha256, sheet, counts) VALUES (?, ?, ?, ?, ?, ?)",
            [operator, plan.kind, plan.table.file_name, plan.table.sha256, plan.table.sheet,
             json.dumps(counts)]).lastrowid
        log(db, "import", "import", import_id, f"{plan.kind} {plan.table.file_name} {json.dumps(counts)}",
            operator=operator)
        if plan.mapping.source == "user":
            remember_mapping(db, plan.mapping, plan.kind)
        _progress(job, total, total)
    return ImportResult(import_id, counts, list(plan.villages_new))


def import_history(db, limit: int = 50) -> list[dict]:
    """The latest imports, newest first (counts decoded)."""
    out = []
    for r in db.query("SELECT * FROM import_log ORDER BY id DESC LIMIT ?", [limit]):
        r = dict(r)
        r["counts"] = json.loads(r["counts"] or "{}")
        out.append(r)
    return out
