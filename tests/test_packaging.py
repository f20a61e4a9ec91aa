"""The static parts of the installers (the builds themselves run in tasks.py build-*/smoke-*)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

import bhyt_desktop
from bhyt_desktop.cli import main

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
NSI = (PACKAGING / "windows" / "installer.nsi").read_text(encoding="utf-8")

sys.path.insert(0, str(PACKAGING))
import build_windows  # noqa: E402
import common  # noqa: E402


def test_version_has_one_source():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert project["project"]["dynamic"] == ["version"]
    attr = project["tool"]["setuptools"]["dynamic"]["version"]["attr"]
    assert attr == "bhyt_desktop.__version__"
    assert common.version() == bhyt_desktop.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+", common.version())


def test_installer_is_per_user_and_refuses_old_windows():
    assert "RequestExecutionLevel user" in NSI
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\${APPNAME}"' in NSI
    assert "Target amd64-unicode" in NSI
    assert "!define MIN_BUILD 18362" in NSI and "${AtLeastBuild} ${MIN_BUILD}" in NSI
    assert "cần Windows 10 phiên bản 1903" in NSI
    assert "HKLM" not in NSI  # nothing that needs administrator rights


def test_installer_has_shortcuts_uninstall_entry_and_file_type():
    for needed in ('Section "Uninstall"', "WriteUninstaller", '"$SMPROGRAMS\\${APPNAME}.lnk"',
                   '"$DESKTOP\\${APPNAME}.lnk"', "UninstallString", "DisplayVersion",
                   "DisplayIcon", 'Software\\Classes\\.db\\OpenWithProgids', '\\shell\\open\\command',
                   '"%1"', "MUI_LANGUAGE \"Vietnamese\""):
        assert needed in NSI, needed


def test_uninstall_and_upgrade_never_remove_the_data_folder():
    assert '!define DATADIR "$LOCALAPPDATA\\bhyt-desktop"' in NSI
    removals = [line for line in NSI.splitlines() if re.match(r"\s*(RMDir|Delete)\b", line)]
    assert removals
    for line in removals:
        assert "$INSTDIR" in line or "$SMPROGRAMS" in line or "$DESKTOP" in line, line
        assert "DATADIR" not in line and "bhyt-desktop\"" not in line, line
    uninstall = NSI[NSI.index('Section "Uninstall"'):]
    assert "${DATADIR}" in uninstall  # the closing message says where the data stays


def test_the_package_data_folder_is_the_one_the_installer_names():
    # platformdirs on Windows: %LOCALAPPDATA%\<appname>; the installer's messages name it.
    from bhyt_desktop.preferences.user import APP_SLUG
    assert f"$LOCALAPPDATA\\{APP_SLUG}" in NSI


def test_the_installer_keeps_every_qt_module_the_program_imports():
    imported = set()
    for path in list((ROOT / "ui").rglob("*.py")) + list((ROOT / "bhyt_desktop").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PySide6."):
                imported.add(node.module.split(".")[1])
    assert imported, "no Qt import found"
    assert imported <= set(build_windows.QT_MODULES), imported - set(build_windows.QT_MODULES)
    assert "platforms/qwindows.dll" in build_windows.QT_PLUGINS


def test_windows_wheels_are_pinned_by_version_and_hash():
    lines = [ln for ln in (PACKAGING / "windows" / "requirements.txt").read_text().splitlines()
             if ln and not ln.startswith("#")]
    names = {ln.split("==")[0] for ln in lines}
    assert {"pyside6_essentials", "pyside6_addons", "shiboken6", "sqlite_utils", "openpyxl",
            "reportlab", "python_calamine", "platformdirs"} <= names
    for ln in lines:
        assert re.fullmatch(r"[\w.]+==[\w.]+ --hash=sha256:[0-9a-f]{64}", ln), ln
    pyside = next(ln for ln in lines if ln.startswith("pyside6_essentials=="))
    major, minor = (int(x) for x in pyside.split("==")[1].split(".")[:2])
    assert (6, 6) <= (major, minor) < (6, 12)  # pyproject's range (6.12 aborts on Python 3.11)


def test_windows_python_is_pinned_by_hash():
    import windows_python
    assert re.fullmatch(r"[0-9a-f]{64}", windows_python.SDIST_SHA256)
    assert "python.exe" in windows_python.CORE_FILES and "pythonw.exe" in windows_python.CORE_FILES
    assert "_sqlite3.pyd" in windows_python.EXTENSIONS


def test_launchers_run_main_in_utf8_and_the_gui_one_has_no_console():
    src = (PACKAGING / "windows" / "launcher.c").read_text(encoding="utf-8")
    assert "-X utf8" in src and "app\\\\main.py" in src
    assert 'L"python\\\\pythonw.exe"' in src and 'L"python\\\\python.exe"' in src
    assert "-mwindows" in (PACKAGING / "build_windows.py").read_text(encoding="utf-8")


def test_packaging_tasks_exist():
    sys.path.insert(0, str(ROOT))
    import tasks
    for task in ("build-windows", "smoke-windows", "build-linux", "smoke-linux"):
        script, _ = tasks.PACKAGING[task]
        assert (PACKAGING / script).exists(), script
    linux = PACKAGING / "linux"
    desktop = (linux / "bhyt-desktop.desktop.in").read_text(encoding="utf-8")
    assert "Exec=" in desktop and "Icon=bhyt-desktop" in desktop and "Terminal=false" in desktop
    assert "libxcb-cursor" in (linux / "bhyt-desktop.spec").read_text(encoding="utf-8")


def test_a_double_clicked_commune_file_opens_the_window(tmp_path):
    db = tmp_path / "xa.db"
    db.write_bytes(b"")
    opened: list[str | None] = []
    assert main([str(db)], open_app=lambda path: opened.append(path) or 0) == 0
    assert opened == [str(db)]


def test_a_missing_file_is_not_taken_for_a_double_click(tmp_path, capsys):
    opened: list[str | None] = []
    code = main([str(tmp_path / "none.db")], open_app=lambda path: opened.append(path) or 0)
    assert code == 2 and opened == []
