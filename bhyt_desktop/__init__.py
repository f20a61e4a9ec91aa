"""BHYT Desktop core: data store, roster, coverage, import, reports, export. No Qt here."""

__version__ = "0.1.0"
