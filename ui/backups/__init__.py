"""Backups, restore, the file check and opening a file safely (File menu)."""
