"""The About box names the program's version (the one pyproject and the installers use)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from bhyt_desktop import __version__
from tests.ui_shell_helpers import open_window


def test_about_box_shows_the_version_and_the_file(qtbot, tmp_path, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about",
                        staticmethod(lambda parent, title, text: shown.append(text)))
    path = tmp_path / "xa.db"
    window = open_window(qtbot, path, show=False)
    window._about()
    assert len(shown) == 1
    assert f"BHYT Desktop {__version__}" in shown[0] and str(path) in shown[0]
