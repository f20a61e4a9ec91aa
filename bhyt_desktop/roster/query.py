"""The roster list in SQL: filters, search-as-you-type and Vietnamese order over people.

The UI keeps only the ordered ids (``person_ids``) and fetches the rows it shows
(``fetch_rows``) in blocks. SQLite does it all, over the indexes of migrations 1 and 4;
hints (``INDEXED BY``, ``NOT INDEXED``, ``+col``) pin plans measured at 100,000 people
(bench/bench_roster.py): there are no ANALYZE statistics to choose them.

Card state of a person on the as-of date D: valid (with expiring inside it), lapsed or
never insured, as bhyt_desktop/coverage/definitions.py defines them.

Search: digits look up CCCD / BHXH number prefixes (and the last digits, which is what
masked printouts show) and household codes; anything else matches names without
diacritics, each typed word being the start of a word of the name, in any order
("nguyen thi huong", "huong", "thi huo" all find "Nguyễn Thị Hương"), plus household
codes by prefix.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from array import array
from dataclasses import dataclass
from typing import NamedTuple

import sqlite_utils

from bhyt_desktop.common.formats import fmt_date
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.text import fold
from bhyt_desktop.coverage import definitions as defs

# --- filter vocabularies ------------------------------------------------------------------

CARD_STATES = defs.CARD_STATES
STATUS_FILTERS = ("counted", "resident", "away", "moved_out", "deceased")
# (key, lowest age, highest age or None), age in whole years on the as-of date.
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-5", 0, 5), ("6-17", 6, 17), ("18-59", 18, 59), ("60-79", 60, 79), ("80+", 80, None),
)

SORT_NAME, SORT_BIRTH, SORT_HOUSEHOLD, SORT_VILLAGE = "name", "birth", "household", "village"
SORTS = (SORT_NAME, SORT_BIRTH, SORT_HOUSEHOLD, SORT_VILLAGE)


card_state_label = defs.card_state_label


def status_label(status: str) -> str:
    return {"resident": _("Thường trú"), "away": _("Đi làm ăn xa"), "moved_out": _("Đã chuyển đi"),
            "deceased": _("Đã mất"), "counted": _("Đang tính dân số")}[status]


def age_band_label(key: str) -> str:
    return {"0-5": _("Dưới 6 tuổi"), "6-17": _("6–17 tuổi"), "18-59": _("18–59 tuổi"),
            "60-79": _("60–79 tuổi"), "80+": _("Từ 80 tuổi")}[key]


def birth_text(row) -> str:
    """dd/mm/yyyy, or the year alone when only the year is known."""
    if row.birth_date:
        return fmt_date(row.birth_date)
    return str(row.birth_year) if row.birth_year else ""


def sex_text(sex: str | None) -> str:
    return {"M": _("Nam"), "F": _("Nữ")}.get(sex or "", "")


@dataclass
class RosterFilter:
    """What the roster list shows. Empty / None fields do not filter."""
    as_of: dt.date
    search: str = ""
    village_id: int | None = None
    former_commune_id: int | None = None  # every village of a former commune (merged communes)
    household_id: int | None = None
    law_group: int | None = None          # 1..5: holds a valid card of a code in that group
    group_code: str | None = None         # holds a valid card of that code
    card_state: str | None = None         # one of CARD_STATES
    age_band: str | None = None           # a key of AGE_BANDS
    status: str | None = None             # one of STATUS_FILTERS
    overlapping: bool = False             # holds cards of different codes at the same time
    sort: str = SORT_NAME
    descending: bool = False
    expiring_days: int = 30


# --- search parsing -----------------------------------------------------------------------

_ID_SEPARATORS = re.compile(r"[\s.\-]")
_NOT_WORD = re.compile(r"[^a-z0-9 ]")


def _search_terms(text: str) -> tuple[str | None, list[str], str | None]:
    """(digits, name words, household code) from what the user typed."""
    raw = (text or "").strip()
    if not raw:
        return None, [], None
    compact = _ID_SEPARATORS.sub("", raw)
    if compact.isdigit():
        return compact, [], compact
    words = [w for w in _NOT_WORD.sub(" ", fold(raw)).split() if w]
    code = raw.upper() if " " not in raw and any(ch.isdigit() for ch in raw) else None
    return None, words, code


def _age_bounds(as_of: dt.date, lo: int, hi: int | None) -> tuple[str, str | None, int, int | None]:
    """Birth-date bounds (ISO) and birth-year bounds for 'age between lo and hi on as_of'."""
    def years_before(n: int) -> dt.date:
        try:
            return as_of.replace(year=as_of.year - n)
        except ValueError:          # 29 February
            return as_of.replace(year=as_of.year - n, day=28)
    latest = years_before(lo).isoformat()                       # born on or before
    earliest = years_before(hi + 1).isoformat() if hi is not None else None   # born after
    return latest, earliest, as_of.year - lo, (as_of.year - hi) if hi is not None else None


# --- the list query ---------------------------------------------------------------------

def _name_condition(words: list[str], params: dict, alias: str = "p.") -> str:
    parts = []
    for i, w in enumerate(words):
        # "a word of the name starts with w": the name starts with w, or holds " w".
        # (w is [a-z0-9]+, so nothing in it is a GLOB wildcard.) Same matches as
        # (' ' || name_key) GLOB '* w*', without building a string per row: 40% faster.
        params[f"w{i}"], params[f"sw{i}"] = f"{w}*", f" {w}"
        parts.append(f"({alias}name_key GLOB :w{i} OR instr({alias}name_key, :sw{i}))")
    return "(" + " AND ".join(parts) + ")"


# A search matching at most FEW_MATCHES people is run from the small indexes (names: from
# the holders of the rarest typed word, if it starts fewer than HOLDERS name words); a
# broader one walks people_roster in name order.
FEW_MATCHES, HOLDERS = 5000, 15000


def _prefix_end(word: str) -> str:
    """The first string after every string that starts with ``word`` (ASCII last letter)."""
    return word[:-1] + chr(ord(word[-1]) + 1)


def _rarest_word(db: sqlite_utils.Database, words: list[str], lim: int) -> str | None:
    """The typed word that starts the fewest name words (counted in the index), if fewer than ``lim``."""
    best, fewest = None, lim
    for w in sorted(set(words), key=lambda w: (-len(w), w)):
        (n,) = db.execute("SELECT count(*) FROM (SELECT 1 FROM people_words WHERE word >= ? AND word < ?"
                          " LIMIT ?)", [w, _prefix_end(w), fewest]).fetchone()
        if n < fewest:
            best, fewest = w, n
    return best


def _few_search_matches(db: sqlite_utils.Database, f: RosterFilter) -> list[int] | None:
    """The ids the search box matches, found from the small indexes, when few match.

    Name words: the holders of the rarest typed word, from people_words (migration 4),
    each checked against every word; digits look up the CCCD / BHXH indexes (prefix by
    range, last digits by a scan of those partial indexes); household codes the code index.
    None when there is no search, a village / household narrows the list anyway, every typed
    word starts HOLDERS name words or more, or more than FEW_MATCHES people match (then one
    walk of people_roster in name order is cheaper).
    """
    digits, words, code = _search_terms(f.search)
    if not (digits or words or code) or f.village_id is not None or f.household_id is not None:
        return None
    lim = FEW_MATCHES + 1
    found: set[int] = set()
    queries: list[tuple[str, dict]] = []
    if words:
        rare = _rarest_word(db, words, HOLDERS)
        if rare is None:
            # Every typed word starts HOLDERS name words or more: one walk of people_roster
            # is cheaper than looking for the (maybe few) people with all.
            return None
        # The rarest word's holders (people_words, migration 4), checked against every word.
        params: dict = {"lim": lim, "lo": rare, "hi": _prefix_end(rare)}
        cond = _name_condition(words, params, alias="p.")
        queries.append(("SELECT DISTINCT w.person_id AS id FROM people_words w CROSS JOIN people p"
                        f" ON p.id = w.person_id WHERE w.word >= :lo AND w.word < :hi AND {cond} LIMIT :lim",
                        params))
    if digits:
        p = {"q": digits, "q_hi": digits + ":", "tail": "*" + digits, "lim": lim}
        queries += [
            ("SELECT id FROM people INDEXED BY people_cccd WHERE cccd >= :q AND cccd < :q_hi LIMIT :lim", p),
            ("SELECT id FROM people INDEXED BY people_bhxh WHERE bhxh_code >= :q AND bhxh_code < :q_hi"
             " LIMIT :lim", p),
        ]
        if len(digits) >= 3:
            queries += [
                ("SELECT id FROM people INDEXED BY people_cccd WHERE cccd IS NOT NULL AND cccd GLOB :tail"
                 " LIMIT :lim", p),
                ("SELECT id FROM people INDEXED BY people_bhxh WHERE bhxh_code IS NOT NULL"
                 " AND bhxh_code GLOB :tail LIMIT :lim", p),
            ]
    if code:
        p = {"code": code, "code_hi": code + "\uffff", "tail": "*" + code, "lim": lim}
        sub = "code >= :code AND code < :code_hi" + (" OR code GLOB :tail" if digits else "")
        queries.append((f"SELECT id FROM people WHERE household_id IN (SELECT id FROM households WHERE {sub})"
                        " LIMIT :lim", p))
    for sql, params in queries:
        (text,) = db.execute(f"SELECT json_group_array(id) FROM ({sql})", params).fetchone()
        found.update(json.loads(text))
        if len(found) > FEW_MATCHES:
            return None
    return sorted(found)


def _where(f: RosterFilter, name_ids: list[int] | None = None) -> tuple[list[str], dict, str]:
    """SQL conditions on ``p`` (people), their parameters, and the access hint.

    ``name_ids``: the people the search box matches, found beforehand (_few_search_matches).
    """
    d = f.as_of.isoformat()
    params: dict = {"d": d, "soon": (f.as_of + dt.timedelta(days=f.expiring_days)).isoformat()}
    conds: list[str] = []
    needs_row = False          # a condition reads a people column besides id / sort_key

    if f.village_id is not None:
        conds.append("p.village_id = :village")
        params["village"] = f.village_id
    if f.former_commune_id is not None:
        conds.append("p.village_id IN (SELECT id FROM villages WHERE former_commune_id = :former)")
        params["former"] = f.former_commune_id
    if f.household_id is not None:
        conds.append("p.household_id = :household")
        params["household"] = f.household_id

    digits, words, code = _search_terms(f.search)
    if digits or words or code:
        needs_row = True
        alts = []
        if name_ids is not None:       # matches found from the small indexes beforehand
            params["name_ids"] = "[" + ",".join(str(i) for i in name_ids) + "]"
            alts.append("p.id IN (SELECT value FROM json_each(:name_ids))")
            digits, words, code = "", [], ""
        if digits:
            params.update(q=digits, q_hi=digits + ":", q_tail="*" + digits)
            alts.append("(p.cccd >= :q AND p.cccd < :q_hi)")
            alts.append("(p.bhxh_code >= :q AND p.bhxh_code < :q_hi)")
            if len(digits) >= 3:
                alts.append("p.cccd GLOB :q_tail OR p.bhxh_code GLOB :q_tail")
        if words:
            alts.append(_name_condition(words, params))
        if code:
            params.update(code=code, code_hi=code + "\uffff", code_tail="*" + code)
            sub = "code >= :code AND code < :code_hi"
            if digits:
                sub += " OR code GLOB :code_tail"
            alts.append(f"p.household_id IN (SELECT id FROM households WHERE {sub})")
        conds.append("(" + " OR ".join(alts) + ")")

    # Card conditions, two ways: for a few candidate rows (a village, a household, a
    # search), look each person's cards up in cards_person; for the whole roster, build
    # the set of person ids once from the covering card indexes.
    narrow = f.village_id is not None or f.household_id is not None or name_ids is not None
    if narrow:
        def card(cond: str) -> str:
            return f"EXISTS (SELECT 1 FROM cards c WHERE c.person_id = p.id AND {cond})"
        states = {key: [sql("p")] for key, sql in defs.STATE_SQL.items()}
        valid = defs.card_valid_sql("c")
        by_code = card(f"{valid} AND c.group_code = :gcode")
        by_group = card(f"{valid} AND c.group_code IN (SELECT code FROM group_codes WHERE grp = :lgroup)")
    else:
        # Sets from the card indexes: sorted ids build SQLite's in-memory set faster (-30%).
        # Expiring and lapsed people are few (5%, 8%): their ids drive (no '+'), then sort.
        states = {
            "valid": [f"+p.id IN ({defs.INSURED_IDS})"],
            "expiring": [f"p.id IN ({defs.EXPIRING_IDS})"],
            "waiting": [f"p.id IN ({defs.STARTING_LATER_IDS})", f"+p.id NOT IN ({defs.INSURED_IDS})"],
            "lapsed": [f"p.id IN ({defs.LAPSED_IDS})"],
            "never": [f"+p.id NOT IN ({defs.HOLDERS_IDS})"],
        }
        by_code = f"+p.id IN ({defs.INSURED_IDS} AND group_code = :gcode)"
        by_group = (f"+p.id IN ({defs.INSURED_IDS}"
                    " AND group_code IN (SELECT code FROM group_codes WHERE grp = :lgroup))")
    if f.card_state is not None:
        if f.card_state not in states:
            raise ValueError(f"unknown card state {f.card_state!r}")
        conds += states[f.card_state]
    if f.group_code:
        params["gcode"] = f.group_code
        conds.append(by_code)
    elif f.law_group is not None:
        params["lgroup"] = f.law_group
        conds.append(by_group)

    if f.overlapping:
        conds.append(defs.overlapping_groups_sql("p"))

    if f.age_band:
        band = {k: (lo, hi) for k, lo, hi in AGE_BANDS}.get(f.age_band)
        if band is None:
            raise ValueError(f"unknown age band {f.age_band!r}")
        latest, earliest, year_hi, year_lo = _age_bounds(f.as_of, *band)
        needs_row = True
        params.update(b_latest=latest, b_year_hi=year_hi)
        by_date = "p.birth_date <= :b_latest"
        by_year = "p.birth_year <= :b_year_hi"
        if earliest:
            params.update(b_earliest=earliest, b_year_lo=year_lo)
            by_date += " AND p.birth_date > :b_earliest"
            by_year += " AND p.birth_year >= :b_year_lo"
        conds.append(f"((p.birth_date IS NOT NULL AND {by_date})"
                     f" OR (p.birth_date IS NULL AND {by_year}))")

    if f.status == "counted":
        needs_row = True
        conds.append(defs.counted_sql("p"))
    elif f.status:
        if f.status not in STATUS_FILTERS:
            raise ValueError(f"unknown status {f.status!r}")
        needs_row = True
        params["status"] = f.status
        conds.append("p.status = :status")

    if narrow or f.card_state in ("expiring", "waiting", "lapsed"):
        hint = ""                                   # the village / household / id list drives
    elif needs_row and f.sort != SORT_NAME:
        hint = "NOT INDEXED"                        # one pass over the table, sort matches
    elif needs_row:
        hint = "INDEXED BY people_roster"           # walk the name order, covering every filter
    else:
        hint = "INDEXED BY people_sort_key"         # walk the name order, covering
    return conds, params, hint


def _order(f: RosterFilter, hint: str) -> tuple[str, str]:
    """(extra FROM joins, ORDER BY clause)."""
    desc = " DESC" if f.descending else ""
    # '+' keeps SQLite from walking the sort index when it would look every row up.
    name = "p.sort_key" if hint.startswith("INDEXED BY") else "+p.sort_key"
    if f.sort == SORT_NAME:
        return "", f"{name}{desc}, p.id{desc}"
    if f.sort == SORT_BIRTH:
        return "", (f"coalesce(p.birth_date, printf('%04d-00-00', p.birth_year)){desc},"
                    f" {name}, p.id")
    if f.sort == SORT_HOUSEHOLD:
        return ("JOIN households h ON h.id = p.household_id",
                f"h.code{desc}, (h.head_person_id IS NOT p.id), {name}, p.id")
    if f.sort == SORT_VILLAGE:
        return ("JOIN villages v ON v.id = p.village_id",
                f"v.display_order{desc}, v.id{desc}, {name}, p.id")
    raise ValueError(f"unknown sort {f.sort!r}")


def list_sql(f: RosterFilter, name_ids: list[int] | None = None) -> tuple[str, dict]:
    conds, params, hint = _where(f, name_ids)
    if f.sort == SORT_VILLAGE and hint == "INDEXED BY people_sort_key":
        # No condition on people's columns: walk the villages in display order and each
        # one's people in name order (migration 4's indexes), nothing to sort.
        desc = " DESC" if f.descending else ""
        where = " AND ".join(conds) or "1"
        return (f"SELECT p.id FROM villages v INDEXED BY villages_order"
                f" CROSS JOIN people p INDEXED BY people_village_order ON p.village_id = v.id"
                f" WHERE {where} ORDER BY v.display_order{desc}, v.id{desc}, p.sort_key, p.id", params)
    joins, order = _order(f, hint)
    if f.sort != SORT_NAME and hint.startswith("INDEXED BY"):
        hint = "NOT INDEXED"
    where = " AND ".join(conds) or "1"
    return f"SELECT p.id FROM people p {hint} {joins} WHERE {where} ORDER BY {order}", params


def person_ids(db: sqlite_utils.Database, f: RosterFilter) -> array:
    """Ids of the people matching ``f``, in display order (an int64 array, not Python rows)."""
    sql, params = list_sql(f, _few_search_matches(db, f))
    # One JSON text instead of 100,000 row tuples: ~40% faster. The aggregate reads the
    # ordered subquery in order (SQLite never flattens an ORDER BY subquery into an
    # aggregate); the tests check the order.
    (text,) = db.execute(f"SELECT json_group_array(id) FROM ({sql})", params).fetchone()
    return array("q", json.loads(text))


def count(db: sqlite_utils.Database, f: RosterFilter) -> int:
    conds, params, hint = _where(f)
    where = " AND ".join(conds) or "1"
    return db.execute(f"SELECT count(*) FROM people p WHERE {where}", params).fetchone()[0]


def id_slice(db: sqlite_utils.Database, f: RosterFilter, offset: int, limit: int) -> list[int]:
    sql, params = list_sql(f)
    return [r[0] for r in db.execute(f"{sql} LIMIT :lim OFFSET :off", {**params, "lim": limit, "off": offset})]


# --- rows ---------------------------------------------------------------------------------

class RosterRow(NamedTuple):
    id: int
    full_name: str
    birth_date: str | None
    birth_year: int | None
    sex: str | None
    relation: str
    household_id: int
    household_code: str
    is_head: bool
    village_id: int
    village_name: str
    cccd: str | None
    bhxh_code: str | None
    status: str
    status_date: str | None
    card_group: str | None      # the card valid on D, else the last one that ended before D
    card_from: str | None
    card_to: str | None
    card_state: str


_ROW_SQL = """
SELECT p.id, p.full_name, p.birth_date, p.birth_year, p.sex, p.relation,
       p.household_id, h.code, h.head_person_id IS p.id, p.village_id, v.name,
       p.cccd, p.bhxh_code, p.status, p.status_date,
       (SELECT group_code || '|' || valid_from || '|' || valid_to FROM cards c
         WHERE c.person_id = p.id AND c.valid_from <= :d AND c.valid_to >= :d
         ORDER BY c.valid_from DESC LIMIT 1) AS cur,
       (SELECT group_code || '|' || valid_from || '|' || valid_to FROM cards c
         WHERE c.person_id = p.id AND c.valid_from <= :d
         ORDER BY c.valid_to DESC LIMIT 1) AS past,
       (SELECT group_code || '|' || valid_from || '|' || valid_to FROM cards c
         WHERE c.person_id = p.id AND c.valid_from > :d
         ORDER BY c.valid_from LIMIT 1) AS next,
       (SELECT max(valid_from) FROM cards c WHERE c.person_id = p.id) AS last_start,
       (SELECT max(valid_to) FROM cards c WHERE c.person_id = p.id) AS last_end
FROM people p
JOIN households h ON h.id = p.household_id
JOIN villages v ON v.id = p.village_id
WHERE p.id IN (SELECT value FROM json_each(:ids))
"""


def fetch_rows(db: sqlite_utils.Database, ids, as_of: dt.date, expiring_days: int = 30) -> dict[int, RosterRow]:
    """The rows of the given people (any order), keyed by id."""
    ids = list(ids)
    if not ids:
        return {}
    soon = (as_of + dt.timedelta(days=expiring_days)).isoformat()
    out: dict[int, RosterRow] = {}
    params = {"d": as_of.isoformat(), "ids": "[" + ",".join(str(int(i)) for i in ids) + "]"}
    for r in db.execute(_ROW_SQL, params):
        *base, cur, past, upcoming, last_start, last_end = r
        state = defs.state_from_row(bool(cur), last_start, last_end, params["d"], soon)
        card = {"waiting": upcoming, "lapsed": past, "never": None}.get(state, cur)
        group, start, end = card.split("|") if card else (None, None, None)
        base[8] = bool(base[8])
        out[r[0]] = RosterRow._make([*base, group, start, end, state])
    return out


def card_state_of(db: sqlite_utils.Database, person_id: int, as_of: dt.date, expiring_days: int = 30) -> str:
    row = fetch_rows(db, [person_id], as_of, expiring_days).get(person_id)
    return row.card_state if row else "never"


def household_members(db: sqlite_utils.Database, household_id: int) -> list[int]:
    """Member ids: the head first, then the others by birth (oldest first)."""
    return [r[0] for r in db.execute(
        """SELECT p.id FROM people p JOIN households h ON h.id = p.household_id
           WHERE p.household_id = ? ORDER BY (h.head_person_id IS NOT p.id),
           coalesce(p.birth_date, printf('%04d-00-00', p.birth_year)), p.sort_key""", [household_id])]


def find_households(db: sqlite_utils.Database, text: str, limit: int = 50) -> list[tuple[int, str, str]]:
    """(id, code, label) of households whose code starts with, or whose head's name matches, ``text``."""
    raw = (text or "").strip()
    if not raw:
        return []
    words = [w for w in _NOT_WORD.sub(" ", fold(raw)).split() if w]
    params: dict = {"code": raw.upper(), "code_hi": raw.upper() + "\uffff", "lim": limit}
    name_cond = "0"
    if words:
        parts = []
        for i, w in enumerate(words):
            params[f"g{i}"] = f"* {w}*"
            parts.append(f"(' ' || p.name_key) GLOB :g{i}")
        name_cond = " AND ".join(parts)
    rows = db.execute(
        f"""SELECT h.id, h.code, ifnull(p.full_name, ''), v.name FROM households h
            JOIN villages v ON v.id = h.village_id
            LEFT JOIN people p ON p.id = h.head_person_id
            WHERE (h.code >= :code AND h.code < :code_hi) OR ({name_cond})
            ORDER BY h.code LIMIT :lim""", params)
    return [(hid, code, f"{code} — {head or _('(chưa có chủ hộ)')} — {vname}") for hid, code, head, vname in rows]
