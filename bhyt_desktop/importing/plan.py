"""The dry run: read every row, decide what an import would do, write nothing.

:func:`plan_import` returns an :class:`ImportPlan` holding the counts a preview shows, every
row's outcome (with reasons), the villages and households to create, the people to add or
update and the card periods to add. :func:`commit.commit_import` carries it out.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import UserError
from ..i18n import _
from ..jobs import Job, step
from ..text import clean_name, fold
from .cleaning import HEAD, Record, RowCleaner, RowIssue, classify_non_person, relation_of
from .header import Mapping
from .matching import (
    GENERATED_PREFIX,
    Known,
    P,
    birth_key,
    generated_code,
    group_households,
    load_known,
    merge_in_file,
    name_birth,
)
from .reading import Table

KINDS = ("roster", "cards")
# Row outcomes
NEW, UPDATED, UNCHANGED, REJECTED, SKIPPED, MERGED, UNMATCHED = (
    "new", "updated", "unchanged", "rejected", "skipped", "merged", "unmatched")
STATUS_LABELS = {
    NEW: "Người mới", UPDATED: "Cập nhật", UNCHANGED: "Không đổi", REJECTED: "Bị loại",
    SKIPPED: "Bỏ qua (không phải người)", MERGED: "Trùng trong tệp (gộp)", UNMATCHED: "Không tìm thấy người",
}
# The preview's counts, in the order to show them (keys of ImportPlan.counts; labels are
# Vietnamese source strings, pass them through _()).
COUNT_LABELS = [
    ("new_people", "Người mới"), ("updated", "Người được cập nhật"), ("unchanged", "Không thay đổi"),
    ("new_cards", "Kỳ thẻ mới"), ("households_created", "Hộ mới"), ("rejected", "Dòng bị loại"),
    ("unmatched", "Không tìm thấy người"), ("in_file_duplicates", "Dòng trùng trong tệp (đã gộp)"),
    ("possible_duplicates", "Có thể trùng người (cần xem lại)"), ("villages_created", "Thôn/xóm tạo mới"),
]
SKIP_LABELS = {
    "blank": "dòng trống", "subtotal": "dòng cộng/tổng", "section": "dòng tiêu đề mục",
    "village": "dòng tên thôn/xóm", "signature": "phần chữ ký", "numbering": "dòng đánh số cột",
}


@dataclass(slots=True)
class RowOutcome:
    row: int                 # spreadsheet row number, 1-based
    status: str
    reasons: list[str] = field(default_factory=list)
    name: str = ""
    person: int | None = None  # >0 existing person id, <0 -(index+1) into plan.new_people
    village: str = ""          # the village the row was read under (for the rejects file)

    @property
    def reason(self) -> str:
        return " ".join(self.reasons)


@dataclass(slots=True)
class NewPerson:
    record: Record
    household: str           # household code (existing or new)


@dataclass(slots=True)
class NewHousehold:
    code: str
    village: str             # folded village name
    address: str = ""
    head: int | None = None  # index into new_people


@dataclass(slots=True)
class PersonUpdate:
    person_id: int
    row: int
    changes: dict            # people column -> new value ("household_code" to move)


@dataclass(slots=True)
class NewCard:
    person: int              # >0 existing id, <0 -(index+1) into new_people
    group_code: str
    valid_from: str
    valid_to: str
    card_number: str
    row: int


@dataclass(slots=True)
class PossibleDuplicate:
    row: int
    name: str
    birth: str
    village: str
    other: str               # "dòng 12" or the existing person's name and id

    def text(self) -> str:
        return _("Dòng {row}: {name} ({birth}, {village}) có thể trùng với {other}.").format(
            row=self.row, name=self.name, birth=self.birth, village=self.village, other=self.other)


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

    @property
    def rejected(self) -> list[RowOutcome]:
        return [r for r in self.rows if r.status == REJECTED]

    @property
    def unmatched(self) -> list[RowOutcome]:
        return [r for r in self.rows if r.status == UNMATCHED]

    def skipped_by_kind(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for r in self.rows:
            if r.status == SKIPPED:
                out[r.reasons[0] if r.reasons else ""] += 1
        return dict(out)

    @property
    def counts(self) -> dict[str, int]:
        by = defaultdict(int)
        for r in self.rows:
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
    with gc_paused():
        return _plan(db, table, mapping, kind, job, today=today, add_unmatched=add_unmatched,
                     create_villages=create_villages)


@contextlib.contextmanager
def gc_paused():
    """No cyclic garbage collection while building 100,000s of small objects: it would scan
    them again and again (seconds on a big file). Plain reference counting still frees."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _plan(db, table: Table, mapping: Mapping, kind: str, job: Job | None, *, today: dt.date | None,
          add_unmatched: bool, create_villages: bool | Iterable[str]) -> ImportPlan:
    missing = mapping.missing(kind)
    if missing:
        raise UserError(_("Không nhận ra cột: {cols}. Hãy chọn cột cho các mục này.").format(
            cols=", ".join(missing)))
    today = today or dt.date.today()
    group_codes = {r[0] for r in db.execute("SELECT code FROM group_codes WHERE active = 1")}
    rows = table.rows
    total = len(rows)
    outcomes: dict[int, RowOutcome] = {}
    records: list[Record] = []
    head_rows: list[int] = []
    after_signature = False
    context_village = mapping.default_village
    relation_col = mapping.columns.get("relation")
    cleaner = RowCleaner(mapping, kind=kind, today=today, group_codes=group_codes)
    for i in range(mapping.data_start, total):
        if i % 2000 == 0:
            step(job, i, total, _("Đang kiểm tra dòng {n}…").format(n=i + 1))
        row, number = rows[i], i + 1
        skip = classify_non_person(row, mapping, after_signature)
        if skip:
            category, village = skip
            if category == "signature":
                after_signature = True
            if category == "village":
                context_village = village
            if category != "blank":
                outcomes[number] = RowOutcome(number, SKIPPED, [_(SKIP_LABELS[category])])
            continue
        if relation_col is not None and relation_col < len(row) and relation_of(row[relation_col]) == HEAD:
            head_rows.append(number)
        result = cleaner(row, number, context_village)
        if isinstance(result, RowIssue):
            name = clean_name(row[mapping.columns["full_name"]]) if mapping.columns["full_name"] < len(row) else ""
            outcomes[number] = RowOutcome(number, REJECTED, result.reasons, name=name, village=context_village)
        else:
            records.append(result)
    step(job, total, total, _("Đang đối chiếu…"))
    allowed = None if create_villages is True else {fold(v) for v in (create_villages or ())}
    builder = _Builder(db, kind, mapping, outcomes, add_unmatched, allowed)
    builder.run(records, head_rows)
    return ImportPlan(
        kind=kind, table=table, mapping=mapping,
        rows=[outcomes[k] for k in sorted(outcomes)],
        villages_new=list(builder.villages_new.values()),
        households_new=list(builder.households_new.values()),
        new_people=builder.new_people, updates=builder.updates, cards_new=builder.cards_new,
        possible_duplicates=builder.possible, conflicts=builder.conflicts,
        fingerprint=fingerprint(db), previous_imports=_previous(db, table.sha256),
        add_unmatched=add_unmatched, known_people=len(builder.known.people),
    )


def _previous(db, sha: str) -> list[dict]:
    try:
        return [dict(r) for r in db.query(
            "SELECT id, at, operator, kind, file_name FROM import_log WHERE sha256 = ? ORDER BY id", [sha])]
    except Exception:
        return []


def _birth_text(r: Record) -> str:
    if r.birth_date:
        return dt.date.fromisoformat(r.birth_date).strftime("%d/%m/%Y")
    return str(r.birth_year or "")


class _Builder:
    """Matching and the lists of writes, kept apart from the row loop above."""

    def __init__(self, db, kind: str, mapping: Mapping, outcomes: dict[int, RowOutcome], add_unmatched: bool,
                 allowed: set[str] | None):
        self.db, self.kind, self.mapping, self.outcomes = db, kind, mapping, outcomes
        self.allowed = allowed
        self.add_unmatched = add_unmatched
        self.known: Known = load_known(db)
        self.village_ids = {r[0]: r[1] for r in db.execute("SELECT name_key, id FROM villages")}
        self.village_names = {r[0]: r[1] for r in db.execute("SELECT name_key, name FROM villages")}
        self.villages_new: dict[str, str] = {}
        self.households_new: dict[str, NewHousehold] = {}
        self.new_people: list[NewPerson] = []
        self.updates: list[PersonUpdate] = []
        self.cards_new: list[NewCard] = []
        self.possible: list[PossibleDuplicate] = []
        self.conflicts: list[tuple[int, str]] = []
        self.card_keys: set[tuple[int, str, str]] = set(self.known.cards)
        self.file_name_birth: dict[tuple[str, str, str], Record] = {}
        self.new_by_row: dict[int, int] = {}
        self.filled: set[tuple[int, str]] = set()
        self._vkeys: dict[str, str] = {}

    # -- shared ---------------------------------------------------------------------
    def reject(self, r: Record, reason: str) -> None:
        self.outcomes[r.row] = RowOutcome(r.row, REJECTED, [reason], name=r.full_name, village=r.village)

    def village_key(self, name: str) -> str | None:
        """Folded key of a village, registering a new one; None when the row has none."""
        if not name:
            return None
        key = self._vkeys.get(name)
        if key is None:
            key = self._vkeys[name] = fold(clean_name(name))
        if not key:
            return None
        if key not in self.village_ids and key not in self.villages_new:
            if self.allowed is not None and key not in self.allowed:
                return None
            self.villages_new[key] = clean_name(name)
        return key

    def add_card(self, person: int, r: Record) -> bool:
        if not r.has_card:
            return False
        key = (person, r.valid_from, r.valid_to)
        if key in self.card_keys:
            return False
        self.card_keys.add(key)
        self.cards_new.append(NewCard(person, r.group_code, r.valid_from, r.valid_to, r.card_number, r.row))
        return True

    def find_by_ids(self, r: Record) -> tuple[int | None, str]:
        a = self.known.by_cccd.get(r.cccd) if r.cccd else None
        b = self.known.by_bhxh.get(r.bhxh_code) if r.bhxh_code else None
        if a and b and a != b:
            return None, _("Số CCCD thuộc {a}, còn mã số BHXH thuộc {b}: hãy kiểm tra lại.").format(
                a=self.person_name(a), b=self.person_name(b))
        pid = a or b
        if pid and pid < 0:
            if self.kind == "roster":
                return None, _("Trùng mã định danh với một dòng khác trong tệp.")
            return pid, ""
        if pid:
            row = self.known.people[pid]
            for f, label in (("cccd", _("Số CCCD")), ("bhxh_code", _("Mã số BHXH"))):
                mine, theirs = getattr(r, f), row[P[f]]
                if mine and theirs and mine != theirs:
                    return None, _("{label} khác với người đã có ({name}) dù mã kia trùng: hãy kiểm tra lại.").format(
                        label=label, name=row[P["full_name"]])
        return pid, ""

    def person_name(self, pid: int) -> str:
        if pid > 0:
            return self.known.people[pid][P["full_name"]]
        return self.new_people[-pid - 1].record.full_name

    def changes_for(self, pid: int, r: Record, household: str | None) -> dict:
        row = self.known.people[pid]
        ch: dict = {}
        if r.full_name != row[P["full_name"]]:
            ch.update(full_name=r.full_name, name_key=r.name_key, sort_key=r.sort_key)
        if r.birth_date and r.birth_date != row[P["birth_date"]]:
            ch.update(birth_date=r.birth_date, birth_year=r.birth_year)
        elif not r.birth_date and r.birth_year and r.birth_year != row[P["birth_year"]]:
            ch.update(birth_date=None, birth_year=r.birth_year)
        if r.sex and r.sex != row[P["sex"]]:
            ch["sex"] = r.sex
        if r.relation and r.relation != row[P["relation"]] and self.kind == "roster":
            ch["relation"] = r.relation
        for f in ("cccd", "bhxh_code"):
            if getattr(r, f) and getattr(r, f) != row[P[f]]:
                ch[f] = getattr(r, f)
        if household and not household.startswith(GENERATED_PREFIX + "-"):
            current = self.known.household_of.get(row[P["household_id"]])
            if current != household:
                ch["household_code"] = household
        return ch

    def new_person(self, r: Record, household: str) -> int:
        self.new_people.append(NewPerson(r, household))
        ref = -len(self.new_people)
        self.new_by_row[r.row] = ref
        for f, index in (("cccd", self.known.by_cccd), ("bhxh_code", self.known.by_bhxh)):
            if getattr(r, f):
                index[getattr(r, f)] = ref
        return ref

    def ensure_household(self, code: str, r: Record) -> bool:
        if code in self.known.household_codes or code in self.households_new:
            return True
        vkey = self.village_key(r.village)
        if vkey is None:
            return False
        self.households_new[code] = NewHousehold(code, vkey, r.address)
        return True

    def no_village_reason(self, r: Record) -> str:
        if r.village:
            return _("Thôn/xóm «{name}» chưa có và không được tạo mới.").format(name=r.village)
        return _("Không rõ thôn/xóm: tệp không có cột Thôn/Xóm hay Địa chỉ. "
                 "Hãy chọn cột hoặc nhập tên thôn cho cả tệp.")

    def check_possible(self, r: Record, vkey: str | None) -> None:
        birth = birth_key(r.birth_date, r.birth_year)
        if not birth:
            return
        for pid in name_birth(self.known, r.name_key, birth):
            row = self.known.people[pid]
            same_village = vkey is not None and self.village_ids.get(vkey) == row[P["village_id"]]
            if same_village and not (r.cccd or r.bhxh_code) or same_village and not (row[P["cccd"]] or row[P["bhxh_code"]]):
                self.possible.append(PossibleDuplicate(
                    r.row, r.full_name, _birth_text(r), self.village_names.get(vkey, r.village),
                    _("{name} (mã người {id}) đã có").format(name=row[P["full_name"]], id=pid)))
                return
        key = (r.name_key, birth, vkey or "")
        other = self.file_name_birth.get(key)
        if other is not None and not (r.cccd and other.cccd) and not (r.bhxh_code and other.bhxh_code):
            self.possible.append(PossibleDuplicate(
                r.row, r.full_name, _birth_text(r), r.village, _("dòng {row} trong tệp").format(row=other.row)))
        else:
            self.file_name_birth.setdefault(key, r)

    # -- roster ---------------------------------------------------------------------
    def run(self, records: list[Record], head_rows: list[int]) -> None:
        if self.kind == "roster":
            self.run_roster(records, head_rows)
        else:
            self.run_cards(records)

    def run_roster(self, records: list[Record], head_rows: list[int]) -> None:
        people, owner, conflicts = merge_in_file(records, kind="roster")
        for row, text in conflicts:
            self.conflicts.append((row, text))
            self.outcomes[row] = RowOutcome(row, MERGED, [text])
        by_row = {r.row: r for r in records}
        keys = group_households(people, head_rows, has_relation="relation" in self.mapping.columns)
        # A generated household whose member is already known joins that person's household.
        existing_for_key: dict[str, str] = {}
        matched: dict[int, int] = {}
        for r in people:
            pid, problem = self.find_by_ids(r)
            if problem:
                self.reject(r, problem)
                continue
            if pid is None and not (r.cccd or r.bhxh_code):
                pid = self.same_household_match(r, keys[r.row])
            if pid:
                matched[r.row] = pid
                code = keys[r.row]
                if code.startswith(GENERATED_PREFIX + "-"):
                    existing_for_key.setdefault(code, self.known.household_of[self.known.people[pid][P["household_id"]]])
        for r in people:
            done = self.outcomes.get(r.row)
            if done is not None and done.status == REJECTED:
                continue
            code = existing_for_key.get(keys[r.row], keys[r.row])
            pid = matched.get(r.row)
            if pid:
                ch = self.changes_for(pid, r, code)
                if "household_code" in ch and not self.ensure_household(code, r):
                    ch.pop("household_code")
                if ch:
                    self.updates.append(PersonUpdate(pid, r.row, ch))
                added = self.add_card(pid, r)
                status = UPDATED if ch or added else UNCHANGED
                self.outcomes[r.row] = RowOutcome(r.row, status, name=r.full_name, person=pid)
                continue
            vkey = self.village_key(r.village) if r.village else None
            if not self.ensure_household(code, r):
                self.reject(r, self.no_village_reason(r))
                continue
            if vkey is None:
                vkey = self.households_new[code].village if code in self.households_new else None
            self.check_possible(r, vkey)
            ref = self.new_person(r, code)
            if r.is_head and code in self.households_new and self.households_new[code].head is None:
                self.households_new[code].head = -ref - 1
            self.add_card(ref, r)
            self.outcomes[r.row] = RowOutcome(r.row, NEW, name=r.full_name, person=ref)
        for row, kept in owner.items():  # a merged row's card period still counts
            if row != kept:
                done = self.outcomes.get(kept)
                if done and done.person is not None and done.status != REJECTED:
                    self.add_card(done.person, by_row[row])

    def same_household_match(self, r: Record, code: str) -> int | None:
        """A person with no IDs already imported from this household (re-import)."""
        birth = birth_key(r.birth_date, r.birth_year)
        for pid in name_birth(self.known, r.name_key, birth):
            row = self.known.people[pid]
            if row[P["cccd"]] or row[P["bhxh_code"]]:
                continue
            if self.known.household_of.get(row[P["household_id"]]) == code:
                return pid
        return None

    # -- cards ----------------------------------------------------------------------
    def run_cards(self, records: list[Record]) -> None:
        _people, owner, conflicts = merge_in_file(records, kind="cards")
        for row, text in conflicts:
            self.conflicts.append((row, text))
        resolved: dict[int, int] = {}
        for r in records:
            kept = owner[r.row]
            if kept != r.row and kept in resolved:
                pid = resolved[kept]
                self.finish_card_row(r, pid)
                continue
            pid, problem = self.find_by_ids(r)
            if problem:
                self.reject(r, problem)
                continue
            if pid is None:
                pid, problem = self.find_by_name(r)
                if problem:
                    self.outcomes[r.row] = RowOutcome(r.row, UNMATCHED, [problem], name=r.full_name)
                    continue
            if pid is None:
                if not self.add_unmatched:
                    self.outcomes[r.row] = RowOutcome(r.row, UNMATCHED, [_(
                        "Không tìm thấy người này trong danh sách hộ (theo mã số BHXH, số CCCD, "
                        "họ tên và ngày sinh).")], name=r.full_name)
                    continue
                code = generated_code(r.village, r)
                if not self.ensure_household(code, r):
                    self.outcomes[r.row] = RowOutcome(r.row, UNMATCHED, [_(
                        "Không tìm thấy người này, và không rõ thôn/xóm để thêm mới.")], name=r.full_name)
                    continue
                vkey = self.households_new[code].village if code in self.households_new else None
                self.check_possible(r, vkey)
                pid = self.new_person(r, code)
                if code in self.households_new and self.households_new[code].head is None:
                    self.households_new[code].head = -pid - 1
                    r.relation = HEAD
                self.add_card(pid, r)
                self.outcomes[r.row] = RowOutcome(r.row, NEW, name=r.full_name, person=pid)
                resolved[r.row] = pid
                continue
            resolved[r.row] = pid
            self.finish_card_row(r, pid)

    def finish_card_row(self, r: Record, pid: int) -> None:
        ch = {}
        if pid > 0:
            row = self.known.people[pid]
            for f in ("cccd", "bhxh_code"):
                if getattr(r, f) and not row[P[f]] and (pid, f) not in self.filled:
                    ch[f] = getattr(r, f)
                    self.filled.add((pid, f))
            if ch:
                self.updates.append(PersonUpdate(pid, r.row, ch))
        added = self.add_card(pid, r)
        status = UPDATED if (ch or added) else UNCHANGED
        self.outcomes[r.row] = RowOutcome(r.row, status, name=r.full_name, person=pid)

    def find_by_name(self, r: Record) -> tuple[int | None, str]:
        if not r.birth_date and not r.birth_year:
            return None, ""
        candidates = list(dict.fromkeys(name_birth(self.known, r.name_key, birth_key(r.birth_date, r.birth_year))))
        if r.village and len(candidates) > 1:
            vid = self.village_ids.get(fold(r.village))
            narrowed = [p for p in candidates if self.known.people[p][P["village_id"]] == vid]
            candidates = narrowed or candidates
        elif r.village and candidates:
            vid = self.village_ids.get(fold(r.village))
            if vid is not None:
                candidates = [p for p in candidates if self.known.people[p][P["village_id"]] == vid]
        if len(candidates) > 1:
            return None, _("Có {n} người cùng họ tên và ngày sinh: không tự chọn được.").format(n=len(candidates))
        return (candidates[0] if candidates else None), ""
