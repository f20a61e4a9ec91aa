"""Work around a PySide6 6.12.0 bug on Python 3.11 (6.11.3 does not have it).

6.12.0 treats ``None``, ``True`` and ``False`` as immortal (as they are from Python 3.12):
a call to a void Qt method drops a reference to ``None`` without taking one (1,000
``label.setText()`` calls lower ``sys.getrefcount(None)`` by 1,000), and emitting a
``Signal(bool)`` drops one to ``True``/``False``. ``None`` starts near 5,000 references,
so a desktop session dies within minutes with "Fatal Python error: none_dealloc" (or
bool_dealloc).

On 3.11 we give these three objects a huge reference count once, at import (what 3.12
does for immortal objects): it can then never reach zero. They are static objects that
CPython never frees, so nothing else changes. Remove this module when the project
requires PySide6 != 6.12.0 or Python >= 3.12.
"""

from __future__ import annotations

import ctypes
import sys

_EXTRA = 1 << 40


def protect_none() -> bool:
    """Raise the reference counts once; True when it was needed (CPython < 3.12)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    for obj in (None, True, False):
        if sys.getrefcount(obj) < _EXTRA // 2:
            ctypes.c_ssize_t.from_address(id(obj)).value += _EXTRA
    return True


protect_none()
