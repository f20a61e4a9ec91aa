"""Printed reports: periods, fonts, the official document layout, figures, the weekly
report and its history. No Qt here (the UI page lives in ui/reports/)."""
