"""The import wizard ("Nhập dữ liệu"): a view over ``bhyt_desktop.importing``.

``ImportPage(ctx)`` in :mod:`ui.importing.wizard`; its steps live in :mod:`.file_step`,
:mod:`.mapping_step` and :mod:`.preview_step`.
"""
