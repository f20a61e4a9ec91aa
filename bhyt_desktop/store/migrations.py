"""Numbered schema migrations. ``MIGRATIONS[n-1]`` takes a file from version n-1 to n.

Each step runs in its own transaction (see ``connection.migrate``) after the file has been
copied aside. Never edit a step that has shipped: add a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from bhyt_desktop.coverage import definitions as defs
from bhyt_desktop.store import m002_import, m003_reports, m004_roster, m005_campaign, m006_reference
from bhyt_desktop.store.reference import seed_reference

V1_SCHEMA = """
CREATE TABLE commune (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL DEFAULT '',
    code        TEXT NOT NULL DEFAULT '',
    place_name  TEXT NOT NULL DEFAULT '',
    upper_name  TEXT NOT NULL DEFAULT '',
    upper_code  TEXT NOT NULL DEFAULT ''
);
INSERT INTO commune (id) VALUES (1);

CREATE TABLE villages (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    name_key       TEXT NOT NULL,
    display_order  INTEGER NOT NULL DEFAULT 0,
    active         INTEGER NOT NULL DEFAULT 1,
    merged_into    INTEGER REFERENCES villages(id)
);
CREATE UNIQUE INDEX villages_name_key ON villages(name_key);

-- Statistical population of a unit in a year. village_id NULL = the whole commune.
CREATE TABLE population_stats (
    id          INTEGER PRIMARY KEY,
    village_id  INTEGER REFERENCES villages(id) ON DELETE CASCADE,
    year        INTEGER NOT NULL,
    population  INTEGER NOT NULL CHECK (population >= 0),
    source      TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX population_stats_unit_year ON population_stats(ifnull(village_id, 0), year);

-- Yearly coverage target, in basis points (9500 = 95.00%). village_id NULL = commune.
CREATE TABLE targets (
    id          INTEGER PRIMARY KEY,
    village_id  INTEGER REFERENCES villages(id) ON DELETE CASCADE,
    year        INTEGER NOT NULL,
    rate_bp     INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000)
);
CREATE UNIQUE INDEX targets_unit_year ON targets(ifnull(village_id, 0), year);

CREATE TABLE campaigns (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    village_id  INTEGER REFERENCES villages(id) ON DELETE CASCADE,
    start_date  TEXT NOT NULL,
    end_date    TEXT NOT NULL,
    rate_bp     INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
    CHECK (start_date <= end_date)
);

CREATE TABLE households (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL,
    village_id      INTEGER NOT NULL REFERENCES villages(id),
    address         TEXT NOT NULL DEFAULT '',
    head_person_id  INTEGER REFERENCES people(id) ON DELETE SET NULL,
    phone           TEXT NOT NULL DEFAULT '',
    household_type  TEXT NOT NULL DEFAULT 'other'
        CHECK (household_type IN ('poor', 'near_poor', 'farm_avg', 'other'))
);
CREATE UNIQUE INDEX households_code ON households(code);
CREATE INDEX households_village ON households(village_id);

CREATE TABLE people (
    id            INTEGER PRIMARY KEY,
    household_id  INTEGER NOT NULL REFERENCES households(id),
    village_id    INTEGER NOT NULL REFERENCES villages(id),  -- kept equal to the household's
    full_name     TEXT NOT NULL,
    name_key      TEXT NOT NULL,          -- folded: no diacritics, lower case
    sort_key      TEXT NOT NULL,          -- Vietnamese order (text.sort_key)
    birth_date    TEXT,                   -- ISO date, or NULL when only the year is known
    birth_year    INTEGER,
    sex           TEXT CHECK (sex IN ('M', 'F')),
    relation      TEXT NOT NULL DEFAULT '',
    cccd          TEXT CHECK (cccd IS NULL OR (length(cccd) = 12 AND cccd NOT GLOB '*[^0-9]*')),
    bhxh_code     TEXT CHECK (bhxh_code IS NULL OR (length(bhxh_code) = 10 AND bhxh_code NOT GLOB '*[^0-9]*')),
    status        TEXT NOT NULL DEFAULT 'resident'
        CHECK (status IN ('resident', 'away', 'moved_out', 'deceased')),
    status_date   TEXT,                   -- when moved out / died / left to work away
    in_date       TEXT,                   -- on the roster from (moved in); NULL = always
    note          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX people_household ON people(household_id);
-- Covering index for counting the population of each village on a date.
CREATE INDEX people_population ON people(village_id, status, status_date, in_date, birth_date);
CREATE INDEX people_name_key ON people(name_key);
CREATE INDEX people_sort_key ON people(sort_key);
CREATE UNIQUE INDEX people_cccd ON people(cccd) WHERE cccd IS NOT NULL;
CREATE UNIQUE INDEX people_bhxh ON people(bhxh_code) WHERE bhxh_code IS NOT NULL;

CREATE TRIGGER households_village_follow AFTER UPDATE OF village_id ON households
BEGIN
    UPDATE people SET village_id = NEW.village_id WHERE household_id = NEW.id;
END;

CREATE TABLE group_codes (
    code           TEXT PRIMARY KEY,
    grp            INTEGER NOT NULL CHECK (grp BETWEEN 1 AND 5),
    name           TEXT NOT NULL,
    benefit_level  INTEGER NOT NULL CHECK (benefit_level BETWEEN 1 AND 5),
    active         INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE cards (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    group_code   TEXT NOT NULL REFERENCES group_codes(code),
    valid_from   TEXT NOT NULL,
    valid_to     TEXT NOT NULL,
    card_number  TEXT NOT NULL DEFAULT '',
    issued_here  INTEGER NOT NULL DEFAULT 1,   -- 0 = issued in another commune/province
    source       TEXT NOT NULL DEFAULT '',     -- where the record came from (manual, file name...)
    created_at   TEXT NOT NULL DEFAULT (datetime('now')),
    -- Kept by triggers, never written by the program: the person's village and the days
    -- they are counted (from count_from; until the day before count_to), and whether another
    -- card of theirs overlaps this one. They let coverage count from one index.
    village_id   INTEGER,
    count_from   TEXT,
    count_to     TEXT,
    overlaps     INTEGER NOT NULL DEFAULT 0,
    CHECK (valid_from <= valid_to)
);
-- Coverage on D scans this index alone, already grouped by village and group.
CREATE INDEX cards_coverage ON cards(village_id, group_code, issued_here, valid_to, valid_from,
                                     count_from, count_to, overlaps);
CREATE INDEX cards_overlapping ON cards(person_id, valid_from) WHERE overlaps = 1;
-- Per person (changes, overlaps); by end date (lapses, expiring); by start (new, renewals).
CREATE INDEX cards_person ON cards(person_id, valid_from, valid_to, group_code, issued_here);
CREATE INDEX cards_valid ON cards(valid_to, valid_from, person_id);
CREATE INDEX cards_start ON cards(valid_from, person_id);

-- A writer that inserts village_id itself (the demo generator) vouches for all four
-- derived columns; every other insert gets them here.
CREATE TRIGGER cards_fill AFTER INSERT ON cards WHEN NEW.village_id IS NULL
BEGIN
    UPDATE cards SET (village_id, count_from, count_to) = (
        SELECT p.village_id, {COUNT_FROM}, {COUNT_TO} FROM people p WHERE p.id = NEW.person_id)
    WHERE id = NEW.id;
    UPDATE cards SET overlaps = 1
    WHERE person_id = NEW.person_id AND valid_from <= NEW.valid_to AND valid_to >= NEW.valid_from
      AND (SELECT count(*) FROM cards o WHERE o.person_id = NEW.person_id
           AND o.valid_from <= NEW.valid_to AND o.valid_to >= NEW.valid_from) > 1;
END;

CREATE TRIGGER cards_dates_changed AFTER UPDATE OF person_id, valid_from, valid_to ON cards
BEGIN
    UPDATE cards SET (village_id, count_from, count_to) = (
        SELECT p.village_id, {COUNT_FROM}, {COUNT_TO} FROM people p WHERE p.id = NEW.person_id)
    WHERE id = NEW.id;
    UPDATE cards SET overlaps = EXISTS (SELECT 1 FROM cards o WHERE o.person_id = cards.person_id AND o.id != cards.id AND o.valid_from <= cards.valid_to AND o.valid_to >= cards.valid_from) WHERE person_id IN (OLD.person_id, NEW.person_id);
END;

CREATE TRIGGER cards_deleted AFTER DELETE ON cards
BEGIN
    UPDATE cards SET overlaps = EXISTS (SELECT 1 FROM cards o WHERE o.person_id = cards.person_id AND o.id != cards.id AND o.valid_from <= cards.valid_to AND o.valid_to >= cards.valid_from) WHERE person_id = OLD.person_id AND overlaps = 1;
END;

CREATE TRIGGER people_cards_follow
AFTER UPDATE OF village_id, status, status_date, in_date, birth_date ON people
BEGIN
    UPDATE cards SET (village_id, count_from, count_to) = (
        SELECT p.village_id, {COUNT_FROM}, {COUNT_TO} FROM people p WHERE p.id = NEW.id)
    WHERE person_id = NEW.id;
END;

-- Amounts and rates by effective date (base salary, contribution shares...). Value is a
-- decimal string so nothing is lost to floating point.
CREATE TABLE rates (
    id              INTEGER PRIMARY KEY,
    key             TEXT NOT NULL,
    effective_from  TEXT NOT NULL,
    value           TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX rates_key_date ON rates(key, effective_from);

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
    operator   TEXT NOT NULL DEFAULT '',
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL DEFAULT '',
    entity_id  INTEGER,
    detail     TEXT NOT NULL DEFAULT ''
);
"""


# The triggers derive each card's counted days from definitions.py (the same text as ever:
# tests/test_figure_definitions.py checks the stored triggers against it).
V1_SCHEMA = V1_SCHEMA.replace("{COUNT_FROM}", defs.COUNT_FROM_SQL).replace("{COUNT_TO}", defs.COUNT_TO_SQL)


def _v1(conn: sqlite3.Connection) -> None:
    for statement in _split(V1_SCHEMA):
        conn.execute(statement)
    seed_reference(conn)


def _split(script: str) -> list[str]:
    """Split a schema script into statements (triggers hold ';' inside BEGIN...END)."""
    out, buf = [], []
    for line in script.splitlines():
        if line.strip().startswith("--") or not line.strip():
            continue
        buf.append(line)
        joined = "\n".join(buf)
        if sqlite3.complete_statement(joined):
            out.append(joined)
            buf = []
    if buf:
        out.append("\n".join(buf))
    return out


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1,                    # 1: commune, roster, cards, reference data
    m002_import.migrate,    # 2: import log, remembered column mappings
    m003_reports.migrate,   # 3: report history
    m004_roster.migrate,    # 4: roster list index (sort order, covering the filters)
    m005_campaign.migrate,  # 5: committee members, collectors, pension flag, campaign rates
    m006_reference.migrate,  # 6: dated code levels with sources (2026), support rates, clinic, proposals
]
SCHEMA_VERSION = len(MIGRATIONS)
