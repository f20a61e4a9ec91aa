"""The dry run: read every row, decide what an import would do, write nothing.

:func:`plan_import` returns an :class:`ImportPlan` holding the counts a preview shows, every
row's outcome (with reasons), the villages and households to create, the people to add or
update and the card periods to add. :func:`commit.commit_import` carries it out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from bhyt_desktop.common import clock
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import fmt_int
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.jobs import Job, step
from bhyt_desktop.common.text import clean_name, fold
from bhyt_desktop.importing import cells
from bhyt_desktop.importing.builder import Builder
from bhyt_desktop.importing.cells import HEAD, relation_of
from bhyt_desktop.importing.cleaning import Record, RowCleaner, RowIssue
from bhyt_desktop.importing.extras import leaving_month
from bhyt_desktop.importing.header import CARD_FIELDS, Mapping
from bhyt_desktop.importing.outcomes import (  # noqa: F401  (re-exported: the plan's vocabulary)
    COUNT_LABELS,
    KINDS,
    MERGED,
    NEW,
    REJECTED,
    SKIP_LABELS,
    SKIPPED,
    STATUS_LABELS,
    UNCHANGED,
    UNMATCHED,
    UPDATED,
    NewCard,
    NewHousehold,
    NewPerson,
    PersonUpdate,
    PossibleDuplicate,
    RowOutcome,
    StatusProposal,
    shown_counts,
)
from bhyt_desktop.importing.reading import Table, gc_paused  # noqa: F401  (commit uses it from here)
from bhyt_desktop.importing.skipping import classify_non_person, is_decrease_section


@dataclass
class ImportPlan:
    kind: str
    table: Table
    mapping: Mapping
    rows: list[RowOutcome]
    villages_new: list[str]                  # display names, in order of first appearance
    households_new: list[NewHousehold]
    new_people: list[NewPerson]
    updates: list[PersonUpdate]
    cards_new: list[NewCard]
    possible_duplicates: list[PossibleDuplicate]
    conflicts: list[tuple[int, str]]
    fingerprint: tuple
    previous_imports: list[dict]             # earlier imports of the same file (same SHA-256)
    add_unmatched: bool = False
    known_people: int = 0                    # people in the commune file when planned
    decrease_rows: list[int] = field(default_factory=list)  # rows under a "Giảm" heading (D03-TS)
    proposals: list[StatusProposal] = field(default_factory=list)  # "Giảm" reasons, for review
    # «Mã số nhân viên thu» codes no collector has: {code: cards}; those cards go to the
    # village head by default until the collector is added (campaign/collectors.py)
    unknown_collectors: dict[str, int] = field(default_factory=dict)

    @property
    def rejected(self) -> list[RowOutcome]:
        return [r for r in self.rows if r.status == REJECTED]

    @property
    def unmatched(self) -> list[RowOutcome]:
        """Rows no person matched (a "Giảm" row not found is listed with the "Giảm" rows)."""
        leaving = set(self.decrease_rows)
        return [r for r in self.rows if r.status == UNMATCHED and r.row not in leaving]

    @property
    def decreases(self) -> list[RowOutcome]:
        """The people rows under a "Giảm" heading (rejected ones are listed as rejected)."""
        rows = set(self.decrease_rows)
        return [r for r in self.rows if r.row in rows and r.status not in (REJECTED, SKIPPED, MERGED)]

    def skipped_by_kind(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for r in self.rows:
            if r.status == SKIPPED:
                out[r.reasons[0] if r.reasons else ""] += 1
        return dict(out)

    @property
    def counts(self) -> dict[str, int]:
        by: defaultdict[str, int] = defaultdict(int)
        leaving = set(self.decrease_rows)
        for r in self.rows:
            # a "Giảm" row is counted once, as a "Giảm" row, not also as unchanged or not found
            if r.row in leaving and r.status in (UNCHANGED, UNMATCHED):
                continue
            by[r.status] += 1
        updated_people = {u.person_id for u in self.updates}
        return {
            "rows": len(self.rows) - by[SKIPPED],
            "new_people": len(self.new_people),
            "updated": len(updated_people),
            "unchanged": by[UNCHANGED],
            "new_cards": len(self.cards_new),
            "rejected": by[REJECTED],
            "unmatched": by[UNMATCHED],
            "in_file_duplicates": by[MERGED],
            "possible_duplicates": len(self.possible_duplicates),
            "villages_created": len(self.villages_new),
            "households_created": len(self.households_new),
            "skipped": by[SKIPPED],
            "decreases": len(self.decreases),
            "proposals": len(self.proposals),
        }

    @property
    def has_changes(self) -> bool:
        return bool(self.new_people or self.updates or self.cards_new or self.villages_new)


def fingerprint(db) -> tuple:
    """Changes whenever people, cards, households or villages change."""
    return tuple(db.execute(
        "SELECT (SELECT count(*) || ':' || ifnull(max(id), 0) FROM people), "
        "(SELECT count(*) || ':' || ifnull(max(id), 0) FROM cards), "
        "(SELECT count(*) || ':' || ifnull(max(id), 0) FROM households), "
        "(SELECT count(*) || ':' || ifnull(max(id), 0) FROM villages), "
        "(SELECT ifnull(max(id), 0) FROM audit_log)").fetchone())


def plan_import(db, table: Table, mapping: Mapping, kind: str = "roster", job: Job | None = None, *,
                today: dt.date | None = None, add_unmatched: bool = False,
                create_villages: bool | Iterable[str] = True) -> ImportPlan:
    """Decide what importing ``table`` with ``mapping`` would do. Writes nothing.

    ``kind``: 'roster' (households and people) or 'cards' (card periods from BHXH).
    ``add_unmatched``: for card lists, add people no row matched (else they are listed only).
    ``create_villages``: True (create every village named in the file), False (none), or the
    names the user agreed to; rows needing a refused village are rejected with a reason.
    Raises ``UserError`` when a required column is missing; cancel via ``job``.
    """
    if kind not in KINDS:
        raise ValueError(kind)
    try:
        with gc_paused():
            plan = _plan(db, table, mapping, kind, job, today=today, add_unmatched=add_unmatched,
                         create_villages=create_villages)
        plan.unknown_collectors = unknown_collector_codes(db, plan.cards_new)
        return plan
    finally:
        cells.forget()


def unknown_collector_codes(db, cards: list[NewCard]) -> dict[str, int]:
    """The new cards' collector codes that match no collector, with the number of cards each
    (codes compared as the commit compares them, in capitals)."""
    known = {str(r[0]).upper() for r in db.execute("SELECT code FROM collectors")}
    out: dict[str, int] = defaultdict(int)
    for c in cards:
        if c.collector and c.collector.upper() not in known:
            out[c.collector] += 1
    return dict(sorted(out.items()))


def unknown_collectors_text(plan: ImportPlan) -> str:
    """'' or the sentence naming the unknown «Mã số nhân viên thu» codes and their cards."""
    if not plan.unknown_collectors:
        return ""
    codes = "; ".join(_("{code}: {n} thẻ").format(code=code, n=fmt_int(n))
                      for code, n in plan.unknown_collectors.items())
    return _("Mã số nhân viên thu chưa có trong danh sách người thu ({codes}): các thẻ này được tính cho "
             "trưởng thôn/xóm. Hãy thêm người thu có mã đó (trang Thôn/xóm, thẻ «Ban Chỉ đạo, người thu») "
             "trước khi nhập; thẻ đã nhập thì chọn lại người thu khi sửa thẻ.").format(codes=codes)


def _check_columns(table: Table, mapping: Mapping) -> None:
    """Every column chosen lies within the table (``--map cccd=ZZZZ`` would otherwise make
    every row 475,254 cells wide)."""
    from bhyt_desktop.importing.header import column_letter
    width = max(table.width, max((len(r) for r in table.rows), default=0))
    for field_name, col in mapping.columns.items():
        if col is not None and col >= width:
            raise UserError(_("Cột {col} (chọn cho «{field}») nằm ngoài bảng: tệp chỉ có dữ liệu đến cột "
                              "{last}.").format(col=column_letter(col), field=field_name,
                                                 last=column_letter(max(width - 1, 0))))


def _plan(db, table: Table, mapping: Mapping, kind: str, job: Job | None, *, today: dt.date | None,
          add_unmatched: bool, create_villages: bool | Iterable[str]) -> ImportPlan:
    missing = mapping.missing(kind)
    if missing:
        raise UserError(_("Không nhận ra cột: {cols}. Hãy chọn cột cho các mục này.").format(
            cols=", ".join(missing)))
    today = today or clock.today()
    group_codes = {r[0] for r in db.execute("SELECT code FROM group_codes WHERE active = 1")}
    rows = table.rows
    total = len(rows)
    outcomes: dict[int, RowOutcome] = {}
    records: list[Record] = []
    head_rows: list[int] = []
    after_signature = False
    context_village = mapping.default_village
    relation_col = mapping.columns.get("relation")
    _check_columns(table, mapping)
    cleaner = RowCleaner(mapping, kind=kind, today=today, group_codes=group_codes, date1904=table.date1904)
    # Rows under a "Giảm" heading (form D03-TS) are people leaving: matched and listed, never
    # given a card period, so they are read without the card columns.
    no_cards = replace(mapping, columns={f: c for f, c in mapping.columns.items() if f not in CARD_FIELDS})
    leaving = RowCleaner(no_cards, kind="roster", today=today, group_codes=group_codes,
                         date1904=table.date1904)
    in_decrease = False
    decrease_rows: list[int] = []
    # a rejected row's name, as the cleaner joins it ("Họ đệm" | "Tên" columns)
    name_cols = [c for c in (mapping.columns["full_name"], mapping.columns.get("given_name")) if c is not None]
    for i in range(mapping.data_start, total):
        if i % 2000 == 0:
            step(job, i, total, _("Đang kiểm tra dòng {n}…").format(n=i + 1))
        row, number = rows[i], i + 1
        skip = classify_non_person(row, mapping, after_signature)
        if skip:
            category, detail = skip  # detail: the village a heading names, or a section's text
            if category == "signature":
                after_signature = True
            if category == "village":
                context_village = detail
            if category == "section":
                in_decrease = is_decrease_section(detail)
            if category != "blank":
                outcomes[number] = RowOutcome(number, SKIPPED, [_(SKIP_LABELS[category])])
            continue
        if relation_col is not None and relation_col < len(row) and relation_of(row[relation_col]) == HEAD:
            head_rows.append(number)
        result = (leaving if in_decrease else cleaner)(row, number, context_village)
        if in_decrease:
            decrease_rows.append(number)
            if isinstance(result, Record):
                result.decrease = True
                result.leaving_from = leaving_month(row, mapping, today)
        if isinstance(result, RowIssue):
            name = " ".join(clean_name(row[c]) for c in name_cols if c < len(row)).strip()
            outcomes[number] = RowOutcome(number, REJECTED, result.reasons, name=name, village=context_village)
        else:
            records.append(result)
    step(job, total, total, _("Đang đối chiếu…"))
    allowed = None if create_villages is True else {fold(v) for v in (create_villages or ())}
    builder = Builder(db, kind, mapping, outcomes, add_unmatched, allowed)
    builder.run(records, head_rows)
    for number in decrease_rows:
        outcome = outcomes[number]
        if outcome.status not in (REJECTED, MERGED):
            outcome.reasons.append(_("Thuộc phần Giảm (thôi tham gia): không thêm hạn thẻ."))
    return ImportPlan(
        kind=kind, table=table, mapping=mapping,
        rows=[outcomes[k] for k in sorted(outcomes)],
        villages_new=list(builder.villages_new.values()),
        households_new=list(builder.households_new.values()),
        new_people=builder.new_people, updates=builder.updates, cards_new=builder.cards_new,
        possible_duplicates=builder.possible, conflicts=builder.conflicts,
        fingerprint=fingerprint(db), previous_imports=_previous(db, table.sha256),
        add_unmatched=add_unmatched, known_people=len(builder.known.people),
        decrease_rows=decrease_rows, proposals=builder.proposals,
    )


def _previous(db, sha: str) -> list[dict]:
    try:
        return [dict(r) for r in db.query(
            "SELECT id, at, operator, kind, file_name FROM import_log WHERE sha256 = ? ORDER BY id", [sha])]
    except Exception:
        return []


