"""Qt views. They call bhyt_desktop (the core) and hold no business rules."""

from . import _pyside_fix  # noqa: F401  (must run before the GUI makes many Qt calls)
