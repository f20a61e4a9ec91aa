"""Windows of the campaign's daily work."""
