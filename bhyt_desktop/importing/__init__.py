"""Importing real spreadsheets: household rosters and BHXH card lists.

The same functions serve the command line (``main.py import roster|cards``) and the UI
wizard. Nothing is written before :func:`commit_import`.

Wizard flow (each step is a plain call; run the slow ones with ``ui/operations.run_operation``
and a ``Job`` for progress and cancel)::

    sheets  = list_sheets(path)                      # 1. pick a sheet when len(sheets) > 1
    table   = read_table(path, sheet=None)           #    Table: rows (raw cells), sheet, sha256
    mapping = detect_mapping(table, db, kind)        # 2. header + columns (remembered layout wins)
    mapping.describe()                               #    [(letter, header text, field label)]
    preview_rows(table, mapping, 10)                 #    the first data rows, to show under it
    mapping = mapping.with_column("cccd", 4)         #    user corrections (source becomes 'user')
    mapping = mapping.with_rows(table, header_row=5, header_rows=2)  # header moved, columns kept
    mapping = mapping_at(table, header_row=5, header_rows=2)     # or: columns read from that header
    mapping = mapping.with_village("Thôn Đông")      #    a village for files without one
    mapping.missing(kind)                            #    labels of required fields not mapped
    plan    = plan_import(db, table, mapping, kind, job)   # 3. dry run: writes nothing
    plan.counts                 # new_people, updated, unchanged, new_cards, rejected, unmatched,
                                # in_file_duplicates, possible_duplicates, villages_created,
                                # households_created, skipped, rows; COUNT_LABELS orders
                                # and names them; plan.skipped_by_kind() details the skips
    plan.villages_new           # names of villages the import would create: ask to confirm
    plan.rejected / plan.unmatched / plan.rows       # RowOutcome(row, status, reasons, name)
    plan.possible_duplicates    # PossibleDuplicate(...).text(): never merged, listed for review
    plan.conflicts              # [(row, message)]: two rows with one ID, merged into one person
    plan.previous_imports       # this very file (same SHA-256) was imported before: say so
    write_rejects(plan, out)                         #    rejected rows + reason column (.xlsx)
    result  = commit_import(db, plan, job, operator) # 4. one transaction; ImportResult(counts...)

A user-corrected mapping (``source == 'user'``) is remembered at commit for files of the same
layout (keyed by a hash of the folded header cells); :func:`remember_mapping` saves one now.
If the user refuses some new villages, plan again with ``create_villages=[the accepted
names]`` (or False): rows that need a refused village become rejected rows with a reason. Card lists: pass
``add_unmatched=True`` to ``plan_import`` to add the people no row matched.

Every error a user can cause is a ``UserError`` with a Vietnamese message: unreadable,
encrypted, empty or unrecognisable files, missing columns, data changed since the plan.
"""

from __future__ import annotations

from bhyt_desktop.importing.commit import ImportResult, commit_import, import_history
from bhyt_desktop.importing.header import (
    FIELDS,
    Mapping,
    column_index,
    column_letter,
    detect_mapping,
    mapping_at,
    remember_mapping,
)
from bhyt_desktop.importing.plan import (
    COUNT_LABELS,
    ImportPlan,
    PossibleDuplicate,
    RowOutcome,
    plan_import,
)
from bhyt_desktop.importing.reading import Table, list_sheets, read_table
from bhyt_desktop.importing.rejects import write_rejects


def preview_rows(table: Table, mapping: Mapping, n: int = 10) -> list[tuple[int, list]]:
    """[(row number, cells)] of the first ``n`` data rows, for showing under the mapping."""
    start = mapping.data_start
    return [(i + 1, table.rows[i]) for i in range(start, min(len(table.rows), start + n))]


__all__ = [
    "COUNT_LABELS", "FIELDS", "ImportPlan", "ImportResult", "Mapping", "PossibleDuplicate", "RowOutcome", "Table",
    "column_index", "column_letter", "commit_import", "detect_mapping", "import_history",
    "list_sheets", "mapping_at", "plan_import", "preview_rows", "read_table", "remember_mapping",
    "write_rejects",
]
