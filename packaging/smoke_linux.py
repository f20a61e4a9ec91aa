"""Smoke-test the Linux bundle (python3 tasks.py smoke-linux) under Xvfb, in a throwaway HOME.

Unpack the tar.gz, install.sh into the user's menu, use the installed copy (the window from
the .desktop entry's command, the command line), install again over it (upgrade), then
uninstall.sh. One PASS/FAIL line per step; exit 1 on any FAIL.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

from common import BUILD, DIST, ROOT, mb, need_tools, tree_size, version
from smoke_steps import Steps, find_window, screenshot, start_xvfb

WORK = BUILD / "smoke-linux"
HOME = WORK / "home"
OPT = HOME / ".local" / "opt" / "bhyt-desktop"
APPS = HOME / ".local" / "share" / "applications" / "bhyt-desktop.desktop"
ICON = HOME / ".local" / "share" / "icons" / "hicolor" / "256x256" / "apps" / "bhyt-desktop.png"
CLI = HOME / ".local" / "bin" / "bhyt-desktop"
DATADIR = HOME / ".local" / "share" / "bhyt-desktop"
DB = DATADIR / "xa.db"
PEOPLE = 3000


def env(display: str) -> dict[str, str]:
    drop = {"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "BHYT_DESKTOP_HOME",
            "QT_QPA_PLATFORM", "PYTHONPATH", "VIRTUAL_ENV"}
    base = {k: v for k, v in os.environ.items() if k not in drop}
    return dict(base, HOME=str(HOME), DISPLAY=display, LANG="C.UTF-8")


def sh(cmd: list[str | Path], e: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], env=e, capture_output=True, text=True, timeout=timeout)


def out(proc: subprocess.CompletedProcess) -> str:
    return (proc.stdout + proc.stderr).strip()[-800:]


def unpack(tgz: Path) -> Path:
    shutil.rmtree(WORK, ignore_errors=True)
    HOME.mkdir(parents=True)
    with tarfile.open(tgz) as tar:
        tar.extractall(WORK / "unpacked", filter="tar")
    return WORK / "unpacked" / f"bhyt-desktop-{version()}"


def install(steps: Steps, folder: Path, e: dict[str, str], label: str) -> None:
    proc = sh(["sh", folder / "install.sh"], e)
    missing = [p.name for p in (OPT / "bhyt-desktop", APPS, ICON, CLI) if not p.exists()]
    valid = ""
    if shutil.which("desktop-file-validate") and APPS.exists():
        check = sh(["desktop-file-validate", APPS], e)
        valid = "; desktop-file-validate ok" if check.returncode == 0 else f"; desktop-file-validate: {out(check)}"
        missing += ["valid .desktop"] if check.returncode else []
    steps.check(label, proc.returncode == 0 and not missing,
                f"{mb(tree_size(OPT)) if OPT.exists() else '0'} in ~/.local/opt/bhyt-desktop, menu entry, icon, "
                f"~/.local/bin/bhyt-desktop{valid}" + (f"; missing {missing}\n{out(proc)}" if missing else ""))


def xcb_cursor(steps: Steps, e: dict[str, str]) -> None:
    plugin = next(OPT.rglob("libqxcb.so"), None)
    bundled = list(OPT.rglob("libxcb-cursor.so.0"))
    ldd = sh(["ldd", plugin], e).stdout if plugin else ""
    line = next((ln.strip() for ln in ldd.splitlines() if "libxcb-cursor" in ln), "")
    steps.check("libxcb-cursor0 bundled", bool(bundled) and str(OPT) in line, line or "not linked")


def window(steps: Steps, e: dict[str, str], display: str) -> subprocess.Popen | None:
    """Start the program with the menu entry's own command, on the commune file."""
    exec_line = next(ln.split("=", 1)[1] for ln in APPS.read_text().splitlines() if ln.startswith("Exec="))
    argv = [str(DB) if a == "%f" else a for a in shlex.split(exec_line)]
    started = time.monotonic()
    proc = subprocess.Popen(argv, env=e, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wid = find_window(display, "BHYT Desktop", timeout=120)
    took = time.monotonic() - started
    if wid is None:
        proc.terminate()
        steps.check("window", False, f"no window after {took:.0f} s: {proc.stderr.read().decode()[-800:] if proc.stderr else ''}")
        return None
    time.sleep(2)
    shot = WORK / "window.png"
    screenshot(display, wid, shot)
    steps.check("window", shot.exists(), f"usable window in {took:.1f} s from the .desktop Exec line; {shot}")
    return proc


def cli(steps: Steps, e: dict[str, str]) -> None:
    DATADIR.mkdir(parents=True, exist_ok=True)
    proc = sh([CLI, "demo", "--db", DB, "--people", PEOPLE, "--seed", "7"], e)
    steps.check("cli demo", proc.returncode == 0 and DB.exists(), out(proc).splitlines()[-1] if out(proc) else "")


def status(e: dict[str, str]) -> tuple[subprocess.CompletedProcess, dict | None]:
    proc = sh([CLI, "status", "--db", DB, "--json"], e)
    try:
        return proc, json.loads(proc.stdout)
    except ValueError:
        return proc, None


def report_export(steps: Steps, e: dict[str, str]) -> None:
    pdf, xlsx = DATADIR / "bao-cao.pdf", DATADIR / "xuat.xlsx"
    proc = sh([CLI, "report", "--db", DB, "-o", pdf], e)
    words = sh(["pdftotext", pdf, "-"], e).stdout if pdf.exists() else ""
    steps.check("cli report", proc.returncode == 0 and "BÁO CÁO" in words.upper(),
                f"{pdf.name}, {pdf.stat().st_size if pdf.exists() else 0} bytes")
    proc = sh([CLI, "export", "--db", DB, "-o", xlsx], e)
    meta = ""
    if xlsx.exists():
        sys.path.insert(0, str(ROOT))
        from bhyt_desktop.export.reading import read_export
        exported = read_export(xlsx)
        meta = exported.info.get("app_version", "") if exported.checksum_ok else "checksum mismatch"
    steps.check("cli export", proc.returncode == 0 and meta == version(),
                f"{xlsx.name}, metadata app_version={meta!r}, checksum verified on Linux" + ("" if proc.returncode == 0 else "\n" + out(proc)))


def main() -> int:
    need_tools({"Xvfb": "xvfb", "xwininfo": "x11-utils", "import": "imagemagick", "pdftotext": "poppler-utils"})
    tgz = DIST / f"bhyt-desktop-{version()}-linux-x86_64.tar.gz"
    if not tgz.exists():
        sys.exit(f"{tgz} is missing: run python3 tasks.py build-linux first")
    steps = Steps()
    display, xvfb = start_xvfb()
    e = env(display)
    app = None
    try:
        print(f"smoke-linux: {tgz.name} ({mb(tgz.stat().st_size)}) under Xvfb {display}", flush=True)
        folder = unpack(tgz)
        steps.check("unpack", (folder / "install.sh").exists(), f"{mb(tree_size(folder))} in {folder.name}/")
        install(steps, folder, e, "install.sh")
        xcb_cursor(steps, e)
        cli(steps, e)
        app = window(steps, e, display)
        if app:
            app.terminate()
            app.wait(30)
        proc, before = status(e)
        total = (before or {}).get("total", {})
        steps.check("cli status --json", total.get("residents", 0) > 0,
                    json.dumps(total, ensure_ascii=False) if before else out(proc))
        report_export(steps, e)
        install(steps, folder, e, "upgrade (install.sh again)")
        proc, after = status(e)
        steps.check("data kept after upgrade", after is not None and after == before,
                    "status --json identical before and after" if after == before else out(proc))
        proc = sh(["sh", folder / "uninstall.sh"], e)
        left = [p.name for p in (OPT, APPS, ICON, CLI) if p.exists() or p.is_symlink()]
        kept = sorted(p.name for p in DATADIR.iterdir()) if DATADIR.exists() else []
        steps.check("uninstall.sh", proc.returncode == 0 and not left and DB.exists(),
                    f"program, menu entry, icon, command removed; data kept in ~/.local/share/bhyt-desktop: "
                    f"{', '.join(kept)}" + (f"; left {left}" if left else ""))
    finally:
        if app and app.poll() is None:
            app.kill()
        xvfb.terminate()
    return steps.finish()


if __name__ == "__main__":
    sys.exit(main())
