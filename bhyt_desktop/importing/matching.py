"""Who is who: households in the file, duplicates inside the file, people already known.

- Households: by household code; where the file has none, consecutive rows that start at
  a "Chủ hộ" row; a row before any head is a household of its own. A household with no code
  gets a stable generated code (same file, same code) so re-importing changes nothing.
- In-file duplicates: rows sharing a CCCD or BHXH number are one person.
- Known people: a CCCD or BHXH number already in the file of the commune is that person.
"""

from __future__ import annotations

import bisect
import hashlib
import sys
from collections import defaultdict
from dataclasses import dataclass, field

from bhyt_desktop.common.formats import fmt_date
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.identifiers import mask
from bhyt_desktop.common.text import fold
from bhyt_desktop.importing.cleaning import Record

GENERATED_PREFIX = "NK"  # "nhập khẩu": households whose file gave no code


def generated_code(village: str, first: Record) -> str:
    ident = first.cccd or first.bhxh_code or f"{first.name_key}|{first.birth_date or first.birth_year or ''}"
    digest = hashlib.sha1(f"{fold(village)}|{ident}".encode()).hexdigest()[:10].upper()
    return f"{GENERATED_PREFIX}-{digest}"


def group_households(records: list[Record], head_rows: list[int], *, has_relation: bool) -> dict[int, str]:
    """row -> household key (the file's code, or a generated one).

    ``head_rows``: sorted rows whose relation is "Chủ hộ", rejected rows included, so the
    members of a household whose head was rejected do not join the household above.
    """
    keys: dict[int, str] = {}
    groups: dict[int, list[Record]] = defaultdict(list)
    for r in records:
        if r.household_code:
            keys[r.row] = r.household_code
            continue
        segment = bisect.bisect_right(head_rows, r.row) - 1 if has_relation else -1
        if segment < 0:
            keys[r.row] = generated_code(r.village, r)
        else:
            groups[segment].append(r)
    for members in groups.values():
        code = generated_code(members[0].village, members[0])
        for m in members:
            keys[m.row] = code
    return keys


@dataclass
class Known:
    """The people already in the commune file, indexed for matching."""
    by_cccd: dict[str, int] = field(default_factory=dict)
    by_bhxh: dict[str, int] = field(default_factory=dict)
    # hash(name_key, birth year) -> id or [ids]; compact for 100,000 people, checked on lookup
    by_name_year: dict[int, int | list[int]] = field(default_factory=dict)
    # hash(name_key) -> id or [ids], for people with no birth date nor year (old records)
    by_name_no_birth: dict[int, int | list[int]] = field(default_factory=dict)
    people: dict[int, tuple] = field(default_factory=dict)  # id -> row of PERSON_COLUMNS
    household_codes: dict[str, tuple[int, int]] = field(default_factory=dict)  # code -> (id, village)
    household_of: dict[int, str] = field(default_factory=dict)  # household id -> code
    cards: set[tuple[int, str, str]] = field(default_factory=set)  # (person, from, to)


def _index(index: dict[int, int | list[int]], key: int, pid: int) -> None:
    had = index.get(key)
    if had is None:
        index[key] = pid
    elif isinstance(had, list):
        had.append(pid)
    else:
        index[key] = [had, pid]


def name_without_birth(known: Known, name_key: str) -> list[int]:
    """Known people with this folded name and no birth date nor year."""
    found = known.by_name_no_birth.get(hash(name_key))
    ids = [] if found is None else found if isinstance(found, list) else [found]
    return [pid for pid in ids if known.people[pid][P["name_key"]] == name_key]


def name_birth(known: Known, name_key: str, birth: str) -> list[int]:
    """Known people with this folded name and a birth that agrees with ``birth``: the same
    date when both are dates (YYYY-MM-DD); the same year when either side is a year alone
    (a list that wrote "1981" and a later one that writes "15/02/1981" name the same birth)."""
    if not birth:
        return []
    found = known.by_name_year.get(hash((name_key, birth[:4])))
    if found is None:
        return []
    ids = found if isinstance(found, list) else [found]
    out = []
    for pid in ids:
        row = known.people[pid]
        if row[P["name_key"]] != name_key or str(row[P["birth_year"]]) != birth[:4]:
            continue
        if len(birth) > 4 and row[P["birth_date"]] and row[P["birth_date"]] != birth:
            continue
        out.append(pid)
    return out


PERSON_COLUMNS = ("id", "household_id", "village_id", "full_name", "name_key", "birth_date",
                  "birth_year", "sex", "relation", "cccd", "bhxh_code", "benefit")
P = {name: i for i, name in enumerate(PERSON_COLUMNS)}


def birth_key(birth_date: str | None, birth_year: int | None) -> str:
    return birth_date or (str(birth_year) if birth_year else "")


def load_known(db, *, with_cards: bool = True) -> Known:
    k = Known()
    for code, hid, vid in db.execute("SELECT code, id, village_id FROM households"):
        k.household_codes[code] = (hid, vid)
        k.household_of[hid] = code
    intern = sys.intern
    for row in db.execute(f"SELECT {', '.join(PERSON_COLUMNS)} FROM people"):
        pid = row[0]
        # repeated values (dates, relations, sex) shared, not the IDs (each one unique)
        row = tuple(intern(v) if v.__class__ is str and len(v) <= 10 and not v.isdigit() else v for v in row)
        k.people[pid] = row
        if row[P["cccd"]]:
            k.by_cccd[row[P["cccd"]]] = pid
        if row[P["bhxh_code"]]:
            k.by_bhxh[row[P["bhxh_code"]]] = pid
        if row[P["birth_year"]]:
            _index(k.by_name_year, hash((row[P["name_key"]], str(row[P["birth_year"]]))), pid)
        elif not row[P["birth_date"]]:
            _index(k.by_name_no_birth, hash(row[P["name_key"]]), pid)
    if with_cards:
        # the same few dates over and over: one string each
        k.cards = {(p, intern(f), intern(t)) for p, f, t in db.execute("SELECT person_id, valid_from, valid_to FROM cards")}
    return k


@dataclass
class InFile:
    """What :func:`merge_in_file` found: the distinct people, each row's person (the row kept
    for it), the conflicts reported on merged rows, and the rows refused."""
    people: list[Record]
    owner: dict[int, int]
    conflicts: list[tuple[int, str]]
    refused: list[tuple[Record, str]]


def merge_in_file(records: list[Record], *, kind: str) -> InFile:
    """Rows sharing an ID are one person, the conflicts reported (a name spelled two ways,
    two birth dates). A row whose name *and* birth both differ from the row holding the same
    ID is not the same person: one of the IDs is mistyped, so the later row is refused (it
    goes to the rejects file to be fixed) rather than merged and lost.

    For a card list the rows stay (each holds a card period); only the link is made.
    """
    kept: list[Record] = []
    owner: dict[int, int] = {}
    by_id: dict[tuple[str, str], Record] = {}
    conflicts: list[tuple[int, str]] = []
    refused: list[tuple[Record, str]] = []
    for r in records:
        cccd, bhxh = r.cccd, r.bhxh_code
        first = (cccd and by_id.get(("cccd", cccd))) or (bhxh and by_id.get(("bhxh_code", bhxh))) or None
        if first is None:
            kept.append(r)
            owner[r.row] = r.row
            if cccd:
                by_id[("cccd", cccd)] = r
            if bhxh:
                by_id[("bhxh_code", bhxh)] = r
            continue
        a_birth, b_birth = birth_key(first.birth_date, first.birth_year), birth_key(r.birth_date, r.birth_year)
        other_birth = bool(a_birth and b_birth and a_birth[:len(b_birth)] != b_birth[:len(a_birth)])
        if r.name_key != first.name_key and other_birth:
            label = _("Số CCCD") if cccd and first.cccd == cccd else _("Mã số BHXH")
            refused.append((r, _("{label} trùng với dòng {row} ({name}, {birth}) nhưng họ tên và ngày sinh đều "
                                 "khác: một trong hai mã bị ghi nhầm, hãy kiểm tra lại.").format(
                label=label, row=first.row, name=first.full_name,
                birth=birth_text(first.birth_date, first.birth_year, _("không rõ ngày sinh")))))
            continue
        owner[r.row] = first.row
        problems = []
        for f, label in (("cccd", _("Số CCCD")), ("bhxh_code", _("Mã số BHXH"))):
            a, b = getattr(first, f), getattr(r, f)
            if a and b and a != b:
                problems.append(_("{label} khác ({a} / {b})").format(label=label, a=mask(a), b=mask(b)))
            elif b and not a:
                setattr(first, f, b)
                by_id[(f, b)] = first
        if r.name_key != first.name_key:
            problems.append(_("họ tên khác («{a}» / «{b}»)").format(a=first.full_name, b=r.full_name))
        if other_birth:
            problems.append(_("ngày sinh khác"))
        if kind == "roster" or problems:
            text = _("Trùng mã định danh với dòng {row}: coi là một người").format(row=first.row)
            if problems:
                text += " (" + "; ".join(problems) + ")"
            conflicts.append((r.row, text + "."))
    return InFile(kept, owner, conflicts, refused)


def birth_text(birth_date: str | None, birth_year: int | None, unknown: str) -> str:
    """A birth as people read it: dd/mm/yyyy, the year alone, or ``unknown``."""
    return fmt_date(birth_date) if birth_date else str(birth_year or unknown)
