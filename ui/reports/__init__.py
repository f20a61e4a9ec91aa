"""The reports page (weekly progress report: preview, print, issue, history)."""
