"""Export page pieces: ExportPanel (the commune's file) and ConsolidatePanel (upper level)."""
