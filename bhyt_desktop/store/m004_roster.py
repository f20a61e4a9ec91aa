"""Migration 4: what the roster list needs to stay fast at 100,000 people.

- ``people_roster``: every people column the roster's search and filters read (name, CCCD,
  BHXH number, household, village, residence, birth) in display order (sort_key, then id).
  A broad search ("n", "nguyen", "036") or a whole-commune residence / age filter walks it
  once, in order: no sort of tens of thousands of matches, no lookup of each row
  (bench/bench_roster.py at 100,000 people: «036» 100 -> 35 ms, «n» 75 -> 35 ms,
  "counted" 117 -> 45 ms).
- ``villages_order`` and ``people_village_order``: sort by village walks the villages in
  display order and each one's people in name order (150 -> 20 ms).
- ``people_words``: the words of each name_key; a typed word is looked up by prefix from
  its rarest word instead of scanning every name ("huong": ~12 -> ~3 ms).

About 20 MB more per 100,000 people. The indexes are plain (SQLite keeps them);
``people_words`` is kept by three triggers on people (insert, rename, delete) and checked
against name_key by an oracle test (tests/test_roster_list_oracle.py).
"""

from __future__ import annotations

import sqlite3

# A name_key as a JSON array of its space-separated words: json_quote escapes quotes and
# backslashes, then each space becomes '","' (a trigger cannot use a WITH clause).
WORDS = "'[' || replace(json_quote({col}), ' ', '\",\"') || ']'"

STATEMENTS = [
    """CREATE INDEX people_roster ON people(sort_key, id, name_key, cccd, bhxh_code, household_id,
        village_id, status, status_date, in_date, birth_date, birth_year)""",
    # Sort by village (display order, then name): walk the villages in order and each
    # one's people in name order, no sort of 100,000 rows (150 -> 21 ms).
    "CREATE INDEX villages_order ON villages(display_order, id)",
    "CREATE INDEX people_village_order ON people(village_id, sort_key, id)",
    # The words of each name_key (split on spaces), kept by the triggers below: a search
    # word is looked up by prefix here, from its rarest typed word, instead of scanning
    # every name ("huong": 1,533 people found in ~2 ms instead of ~12 ms).
    """CREATE TABLE people_words (
        word       TEXT NOT NULL,
        person_id  INTEGER NOT NULL,
        PRIMARY KEY (word, person_id)
    ) WITHOUT ROWID""",
    f"""INSERT OR IGNORE INTO people_words (word, person_id)
        SELECT w.value, p.id FROM people p, json_each({WORDS.format(col="p.name_key")}) w
        WHERE w.value <> ''""",
    f"""CREATE TRIGGER people_words_insert AFTER INSERT ON people
    BEGIN
        INSERT OR IGNORE INTO people_words (word, person_id)
        SELECT value, NEW.id FROM json_each({WORDS.format(col="NEW.name_key")}) WHERE value <> '';
    END""",
    f"""CREATE TRIGGER people_words_update AFTER UPDATE OF id, name_key ON people
    BEGIN
        DELETE FROM people_words WHERE person_id = OLD.id
            AND word IN (SELECT value FROM json_each({WORDS.format(col="OLD.name_key")}));
        INSERT OR IGNORE INTO people_words (word, person_id)
        SELECT value, NEW.id FROM json_each({WORDS.format(col="NEW.name_key")}) WHERE value <> '';
    END""",
    f"""CREATE TRIGGER people_words_delete AFTER DELETE ON people
    BEGIN
        DELETE FROM people_words WHERE person_id = OLD.id
            AND word IN (SELECT value FROM json_each({WORDS.format(col="OLD.name_key")}));
    END""",
]


def migrate(conn: sqlite3.Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
