"""Build dist/BHYT_Desktop_<version>_setup.exe on Linux (python3 tasks.py build-windows).

1. python/: a Windows CPython 3.11.9 from PyPI, pinned and signature-checked (windows_python).
2. python/Lib/site-packages: the Windows wheels of every dependency (pip download
   --platform win_amd64, versions pinned in packaging/windows/requirements.txt), unpacked,
   PySide6 cut down to the Qt modules the program imports and the DLLs they load.
3. app/: the program's code (precompiled) and resources; two launchers built with mingw:
   "BHYT Desktop.exe" (no console) and bhyt.exe (the command line), with the icon.
4. makensis packaging/windows/installer.nsi -> the installer.

Also builds build/windows/icu-standin/icuuc.dll, for the smoke test under Wine ONLY.
"""

from __future__ import annotations

import compileall
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from common import (
    BUILD,
    CACHE,
    DIST,
    ROOT,
    copy_app,
    mb,
    need_tools,
    render_icon,
    run,
    say,
    tree_size,
    version,
)
from windows_python import build_runtime

HERE = Path(__file__).resolve().parent / "windows"
OUT = BUILD / "windows"
STAGE = OUT / "stage"
WHEELS = CACHE / "wheels-win"
TOOLS = {"makensis": "nsis", "x86_64-w64-mingw32-gcc": "gcc-mingw-w64-x86-64",
         "x86_64-w64-mingw32-windres": "binutils-mingw-w64-x86-64",
         "x86_64-w64-mingw32-objdump": "binutils-mingw-w64-x86-64",
         "osslsigncode": "osslsigncode"}

# The Qt Python modules the program imports (a test checks ui/ imports nothing else).
QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtCharts", "QtPdf", "QtPdfWidgets",
              "QtPrintSupport")
# Qt plugins: the Windows platform, its native style, icons and images the program shows.
QT_PLUGINS = ("platforms/qwindows.dll", "styles/qmodernwindowsstyle.dll",
              "iconengines/qsvgicon.dll", "imageformats/qsvg.dll", "imageformats/qico.dll",
              "imageformats/qjpeg.dll", "imageformats/qgif.dll")
# Never shipped: pip (sqlite-utils names it for its "install" command) and stubs/headers.
SKIP_DISTS = ("pip",)


def fetch_wheels() -> list[Path]:
    """The pinned Windows wheels, downloaded once into build/cache/wheels-win."""
    req = HERE / "requirements.txt"
    say("pip download (win_amd64, cp311) -r packaging/windows/requirements.txt")
    run([sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "-q",
         "--only-binary=:all:", "--platform", "win_amd64", "--python-version", "3.11",
         "--implementation", "cp", "--abi", "cp311", "--no-deps", "-d", WHEELS, "-r", req])
    wanted = [re.split(r"[=<>\s]", line)[0].lower().replace("-", "_")
              for line in req.read_text().splitlines() if line and not line.startswith("#")]
    wheels = []
    for name in wanted:
        found = [w for w in WHEELS.glob("*.whl") if w.name.lower().startswith(name + "-")]
        if not found:
            raise SystemExit(f"no wheel for {name} in {WHEELS}")
        wheels.append(max(found))
    return wheels


def unpack_wheels(wheels: list[Path], site: Path) -> None:
    site.mkdir(parents=True, exist_ok=True)
    for wheel in wheels:
        if wheel.name.split("-")[0].lower() in SKIP_DISTS:
            continue
        with zipfile.ZipFile(wheel) as z:
            z.extractall(site)


def _imports(pe: Path) -> set[str]:
    out = subprocess.run(["x86_64-w64-mingw32-objdump", "-p", str(pe)], capture_output=True,
                         text=True, check=True).stdout
    return {m.lower() for m in re.findall(r"DLL Name: (\S+)", out)}


def prune_pyside(site: Path) -> None:
    """Keep the imported Qt modules, the plugins above and every DLL they load, nothing else."""
    pyside = site / "PySide6"
    keep = {pyside / f"{m}.pyd" for m in QT_MODULES} | {pyside / "plugins" / p for p in QT_PLUGINS}
    keep |= {pyside / "__init__.py", pyside / "_config.py", pyside / "_git_pyside_version.py"}
    local = {p.name.lower(): p for p in pyside.glob("*.dll")}
    todo = [p for p in keep if p.suffix in {".pyd", ".dll"}]
    while todo:
        for dep in _imports(todo.pop()):
            if dep in local and local[dep] not in keep:
                keep.add(local[dep])
                todo.append(local[dep])
    for path in sorted(pyside.rglob("*"), reverse=True):
        if path.is_file() and path not in keep:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    shiboken = site / "shiboken6"
    for path in list(shiboken.iterdir()):
        if path.suffix in {".lib", ".pyi"} or path.name == "include":
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    for junk in list(site.rglob("*.pyi")) + list(site.rglob("__pycache__")):
        shutil.rmtree(junk) if junk.is_dir() else junk.unlink()


def build_launchers(icon: Path, dest: Path, ver: str) -> None:
    """The two launchers, with the icon and version information, built with mingw."""
    nums = (re.findall(r"\d+", ver) + ["0"] * 4)[:4]
    rc = OUT / "launcher.rc"
    rc.write_text(
        f'1 ICON "{icon}"\n'
        "1 VERSIONINFO\nFILEVERSION " + ",".join(nums) + "\nPRODUCTVERSION " + ",".join(nums) +
        '\nBEGIN\n BLOCK "StringFileInfo"\n BEGIN\n  BLOCK "042a04b0"\n  BEGIN\n'
        '   VALUE "FileDescription", "BHYT Desktop"\n'
        f'   VALUE "FileVersion", "{ver}"\n   VALUE "ProductName", "BHYT Desktop"\n'
        f'   VALUE "ProductVersion", "{ver}"\n  END\n END\n'
        ' BLOCK "VarFileInfo"\n BEGIN\n  VALUE "Translation", 0x042a, 1200\n END\nEND\n',
        encoding="utf-8")
    res = OUT / "launcher.res.o"
    run(["x86_64-w64-mingw32-windres", rc, "-O", "coff", "-o", res])
    src = HERE / "launcher.c"
    cc = ["x86_64-w64-mingw32-gcc", "-O2", "-s", "-municode", "-static"]
    run([*cc, "-mwindows", "-o", dest / "BHYT Desktop.exe", src, res])
    run([*cc, "-DCONSOLE", "-o", dest / "bhyt.exe", src, res])


def build_icu_standin() -> Path:
    """Wine lacks Windows' icuuc.dll: a stand-in for the smoke test, never in the installer."""
    out = OUT / "icu-standin" / "icuuc.dll"
    out.parent.mkdir(parents=True, exist_ok=True)
    run(["x86_64-w64-mingw32-gcc", "-O2", "-s", "-shared", "-o", out, HERE / "icu_standin.c"])
    return out


def stage(ver: str) -> None:
    shutil.rmtree(STAGE, ignore_errors=True)
    STAGE.mkdir(parents=True)
    signers = build_runtime(STAGE / "python")
    site = STAGE / "python" / "Lib" / "site-packages"
    unpack_wheels(fetch_wheels(), site)
    prune_pyside(site)
    copy_app(STAGE / "app")
    mode = compileall.py_compile.PycInvalidationMode.UNCHECKED_HASH
    for folder in (site, STAGE / "app"):
        if not compileall.compile_dir(folder, quiet=1, invalidation_mode=mode):
            raise SystemExit(f"bytecode compile failed in {folder}")
    icon = OUT / "bhyt-desktop.ico"
    render_icon(ROOT / "resources" / "icons" / "bhyt-desktop.svg", icon)
    shutil.copy2(icon, STAGE / "bhyt-desktop.ico")
    build_launchers(icon, STAGE, ver)
    (OUT / "signatures.txt").write_text(
        "".join(f"{name}\t{who}\n" for name, who in sorted(signers.items())), encoding="utf-8")


def make_installer(ver: str) -> Path:
    DIST.mkdir(exist_ok=True)
    out = DIST / f"BHYT_Desktop_{ver}_setup.exe"
    nums = (re.findall(r"\d+", ver) + ["0"] * 4)[:4]
    run(["makensis", "-V2", "-INPUTCHARSET", "UTF8", f"-DVERSION={ver}",
         f"-DVERSION4={'.'.join(nums)}", f"-DSTAGE={STAGE}", f"-DOUTFILE={out}",
         f"-DINSTALLED_KB={tree_size(STAGE) // 1024}", HERE / "installer.nsi"])
    return out


def main() -> int:
    need_tools(TOOLS)
    started = time.monotonic()
    ver = version()
    OUT.mkdir(parents=True, exist_ok=True)
    stage(ver)
    installed = tree_size(STAGE)
    say(f"staged install: {mb(installed)} in {STAGE}")
    exe = make_installer(ver)
    build_icu_standin()
    say(f"{exe.relative_to(ROOT)}: {mb(exe.stat().st_size)} (installed {mb(installed)}), "
        f"{time.monotonic() - started:.0f} s")
    limits = [(exe.stat().st_size, 40_000_000, "installer"), (installed, 150_000_000, "installed")]
    over = [f"{what} {mb(size)} > {mb(cap)}" for size, cap, what in limits if size > cap]
    if over:
        print("WARNING: over the size goal: " + "; ".join(over))
    return 0


if __name__ == "__main__":
    sys.exit(main())
