"""Smoke-test the Windows installer under Wine + Xvfb (python3 tasks.py smoke-windows).

A fresh Wine prefix in build/smoke-windows; the installer run silently as a real user would
get it; the installed copy used through its own launchers (the window, the command line);
an upgrade over it; the uninstaller. One PASS/FAIL line per step; exit 1 on any FAIL.

Under Wine only: the ICU stand-in DLL (see windows/icu_standin.c) goes into the prefix's
system32, because Wine 8 has no icuuc.dll; Windows 10 1903+ has its own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path, PureWindowsPath

from common import BUILD, DIST, mb, need_tools, tree_size, version
from smoke_steps import Steps, find_window, screenshot, start_xvfb

WINE = "/usr/lib/wine/wine64"
WINESERVER = "/usr/lib/wine/wineserver"
WORK = BUILD / "smoke-windows"
PREFIX = WORK / "prefix"
USER = os.environ.get("USER") or "root"
C = PREFIX / "drive_c"
LOCAL = C / "users" / USER / "AppData" / "Local"
INSTDIR = LOCAL / "Programs" / "BHYT Desktop"
DATADIR = LOCAL / "bhyt-desktop"
DB = DATADIR / "xa.db"
START_MENU = C / "users" / USER / "AppData" / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / "Programs"
UNINSTKEY = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\BHYTDesktop"
PROGID_CMD = r"HKCU\Software\Classes\BHYTDesktop.CommuneFile\shell\open\command"
PEOPLE = 3000


def win(path: Path) -> str:
    """A path inside the prefix as Windows sees it (C:\\...)."""
    return str(PureWindowsPath("C:\\", *path.relative_to(C).parts))


class Wine:
    def __init__(self, display: str) -> None:
        self.env = dict(os.environ, WINEPREFIX=str(PREFIX), WINEDEBUG="-all", DISPLAY=display,
                        WINEDLLOVERRIDES="mscoree,mshtml=", LANG="C.UTF-8")

    def run(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
        # Pipes, not files: Wine's Python cannot start its std streams on a redirected file.
        return subprocess.run([WINE, *args], env=self.env, capture_output=True, timeout=timeout)

    def bhyt(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
        return self.run(win(INSTDIR / "bhyt.exe"), *args, timeout=timeout)

    def start(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen([WINE, *args], env=self.env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)

    def reg(self, key: str, value: str | None = None) -> str | None:
        args = ["reg", "query", key] + (["/v", value] if value else ["/ve"])
        proc = self.run(*args, timeout=120)
        return proc.stdout.decode("utf-8", "replace") if proc.returncode == 0 else None

    def wait_idle(self) -> None:
        subprocess.run([WINESERVER, "-w"], env=self.env, timeout=600)

    def kill(self) -> None:
        subprocess.run([WINESERVER, "-k"], env=self.env, timeout=120)


def text(proc: subprocess.CompletedProcess) -> str:
    return (proc.stdout + proc.stderr).decode("utf-8", "replace").strip()


def prepare(wine: Wine, steps: Steps) -> None:
    if PREFIX.exists():
        wine.kill()
        shutil.rmtree(PREFIX)
    WORK.mkdir(parents=True, exist_ok=True)
    proc = wine.run("wineboot", "-i", timeout=600)
    wine.wait_idle()
    icu = BUILD / "windows" / "icu-standin" / "icuuc.dll"
    shutil.copy2(icu, C / "windows" / "system32" / "icuuc.dll")
    steps.check("wine prefix", proc.returncode == 0 and (C / "windows").is_dir(),
                "fresh prefix, ICU stand-in in system32 (Wine only)")


def refuse_old_windows(wine: Wine, steps: Steps, exe: Path) -> None:
    """Wine 8's prefix says Windows 7 (build 7601): the installer must refuse it, then 10 1903."""
    build = wine.reg(r"HKLM\Software\Microsoft\Windows NT\CurrentVersion", "CurrentBuildNumber") or ""
    proc = wine.run(str(exe), "/S", timeout=600)
    wine.wait_idle()
    steps.check("refuses old Windows", "7601" in build and proc.returncode != 0 and not INSTDIR.exists(),
                f"Windows 7 (build 7601): exit {proc.returncode}, nothing installed")
    wine.run("winecfg", "/v", "win10", timeout=300)
    wine.wait_idle()
    build = wine.reg(r"HKLM\Software\Microsoft\Windows NT\CurrentVersion", "CurrentBuildNumber") or ""
    steps.check("prefix as Windows 10", "18362" in build or "19041" in build or "1904" in build,
                "winecfg /v win10: " + (build.split()[-1] if build.split() else "?"))


def install(wine: Wine, steps: Steps, exe: Path, label: str) -> None:
    started = time.monotonic()
    proc = wine.run(str(exe), "/S", timeout=900)
    wine.wait_idle()
    took = time.monotonic() - started
    files = [INSTDIR / "BHYT Desktop.exe", INSTDIR / "bhyt.exe", INSTDIR / "Uninstall.exe",
             INSTDIR / "python" / "pythonw.exe", INSTDIR / "app" / "main.py"]
    missing = [f.name for f in files if not f.exists()]
    shortcuts = [START_MENU / "BHYT Desktop.lnk", C / "users" / USER / "Desktop" / "BHYT Desktop.lnk"]
    missing += [s.name + " (" + s.parent.name + ")" for s in shortcuts if not s.exists()]
    reg = wine.reg(UNINSTKEY, "DisplayVersion") or ""
    ok = proc.returncode == 0 and not missing and version() in reg
    steps.check(label, ok, f"{took:.0f} s, {mb(tree_size(INSTDIR))} in {win(INSTDIR)}; "
                f"Start menu + desktop shortcuts, uninstall entry {version()}"
                + (f"; missing {missing}" if missing else "") + (f"; rc {proc.returncode}" if proc.returncode else ""))


def cli_demo(wine: Wine, steps: Steps) -> None:
    DATADIR.mkdir(parents=True, exist_ok=True)
    proc = wine.bhyt("demo", "--db", win(DB), "--people", str(PEOPLE), "--seed", "7")
    steps.check("cli demo", proc.returncode == 0 and DB.exists(),
                f"bhyt.exe demo --people {PEOPLE} -> {win(DB)}" + ("" if proc.returncode == 0 else "\n" + text(proc)[-800:]))


def status(wine: Wine) -> tuple[subprocess.CompletedProcess, dict | None]:
    proc = wine.bhyt("status", "--db", win(DB), "--json")
    try:
        return proc, json.loads(proc.stdout.decode("utf-8"))
    except ValueError:
        return proc, None


def window(wine: Wine, steps: Steps, display: str) -> None:
    """Open the commune file the way a double-click does: the command the file type names."""
    command = wine.reg(PROGID_CMD) or ""
    if "BHYT Desktop.exe" not in command or "%1" not in command:
        steps.check("file type", False, f"no open command for the commune file: {command!r}")
        return
    steps.check("file type", True, ".db -> \"BHYT Desktop.exe\" \"%1\" (HKCU; Wine ignores per-user types, so run it)")
    started = time.monotonic()
    wine.start(win(INSTDIR / "BHYT Desktop.exe"), win(DB))
    wid = find_window(display, "BHYT Desktop", timeout=240)
    took = time.monotonic() - started
    if wid is None:
        logs = DATADIR / "Logs"
        tail = "".join(p.read_text(errors="replace")[-1500:] for p in logs.rglob("*")) if logs.exists() else ""
        steps.check("window", False, f"no window after {took:.0f} s {tail}")
        wine.kill()
        return
    time.sleep(3)  # let the dashboard paint its figures before the picture
    shot = WORK / "window.png"
    screenshot(display, wid, shot)
    steps.check("window", shot.exists(), f"usable window in {took:.1f} s (first start after install, windowless launcher); {shot}")
    wine.kill()


def report_and_export(wine: Wine, steps: Steps) -> None:
    pdf = DATADIR / "bao-cao.pdf"
    proc = wine.bhyt("report", "--db", win(DB), "-o", win(pdf))
    words = ""
    if pdf.exists():
        words = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    steps.check("cli report", proc.returncode == 0 and "BÁO CÁO" in words.upper(),
                f"{win(pdf)}, {pdf.stat().st_size if pdf.exists() else 0} bytes" + ("" if proc.returncode == 0 else "\n" + text(proc)[-800:]))
    xlsx = DATADIR / "xuat.xlsx"
    proc = wine.bhyt("export", "--db", win(DB), "-o", win(xlsx))
    meta = ""
    if xlsx.exists():
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from bhyt_desktop.export.reading import read_export
        exported = read_export(xlsx)
        meta = exported.info.get("app_version", "") if exported.checksum_ok else "checksum mismatch"
    steps.check("cli export", proc.returncode == 0 and meta == version(),
                f"{win(xlsx)}, metadata app_version={meta!r}, checksum verified on Linux"
                + ("" if proc.returncode == 0 else "\n" + text(proc)[-800:]))


def uninstall(wine: Wine, steps: Steps) -> None:
    proc = wine.run(win(INSTDIR / "Uninstall.exe"), "/S", timeout=600)
    deadline = time.monotonic() + 120
    while INSTDIR.exists() and time.monotonic() < deadline:
        time.sleep(1)
    wine.wait_idle()
    left = [p.name for p in (START_MENU / "BHYT Desktop.lnk", INSTDIR) if p.exists()]
    entry = wine.reg(UNINSTKEY, "DisplayVersion")
    assoc = wine.reg(PROGID_CMD)
    kept = sorted(p.name for p in DATADIR.iterdir()) if DATADIR.exists() else []
    ok = proc.returncode == 0 and not left and entry is None and assoc is None and DB.exists()
    steps.check("uninstall", ok, f"program folder, shortcuts, uninstall entry and file type removed; "
                f"data kept in {win(DATADIR)}: {', '.join(kept)}" + (f"; left {left}" if left else ""))


def main() -> int:
    need_tools({"wine": "wine", "Xvfb": "xvfb", "xwininfo": "x11-utils", "import": "imagemagick",
                "pdftotext": "poppler-utils"})
    exe = DIST / f"BHYT_Desktop_{version()}_setup.exe"
    if not exe.exists():
        sys.exit(f"{exe} is missing: run python3 tasks.py build-windows first")
    steps = Steps()
    display, xvfb = start_xvfb()
    wine = Wine(display)
    try:
        print(f"smoke-windows: {exe.name} ({mb(exe.stat().st_size)}) under Wine 8 + Xvfb {display}", flush=True)
        prepare(wine, steps)
        refuse_old_windows(wine, steps, exe)
        install(wine, steps, exe, "install /S")
        cli_demo(wine, steps)
        window(wine, steps, display)
        proc, before = status(wine)
        total = (before or {}).get("total", {})
        steps.check("cli status --json", total.get("residents", 0) > 0,
                    json.dumps(total, ensure_ascii=False) if before else text(proc)[-800:])
        report_and_export(wine, steps)
        install(wine, steps, exe, "upgrade in place /S")
        proc, after = status(wine)
        steps.check("data kept after upgrade", after is not None and after == before,
                    "status --json identical before and after" if after == before else text(proc)[-800:])
        uninstall(wine, steps)
    finally:
        wine.kill()
        xvfb.terminate()
    return steps.finish()


if __name__ == "__main__":
    sys.exit(main())
