"""The commune file: one SQLite database per commune."""

from bhyt_desktop.store.connection import migrate_db, open_db, schema_version
from bhyt_desktop.store.migrations import SCHEMA_VERSION

__all__ = ["open_db", "migrate_db", "schema_version", "SCHEMA_VERSION"]
