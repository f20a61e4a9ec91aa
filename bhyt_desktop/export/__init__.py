"""Export files for the upper level, reading them back, and consolidating many communes.

- ``workbook``: one commune's export workbook (``export_workbook``);
- ``reading``: open and verify an export (``read_export``);
- ``consolidate``: many communes' exports -> one workbook (``check_files``, ``consolidate``);
- ``format``: sheet names, format version and the canonical checksum;
- ``periods``: week / month / quarter / half / year periods.
"""
