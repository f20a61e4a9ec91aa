"""Build dist/bhyt-desktop-<version>-linux-x86_64.tar.gz (python3 tasks.py build-linux).

A PyInstaller one-folder bundle (packaging/linux/bhyt-desktop.spec) of this machine's Python
and PySide6, with libxcb-cursor0 inside, an icon, a .desktop template, and install.sh /
uninstall.sh for the user's menu (no root). Needs glibc >= 2.34 where it runs (Debian 12,
Ubuntu 22.04 and later).
"""

from __future__ import annotations

import os
import shutil
import sys
import tarfile
import time
from pathlib import Path

from common import BUILD, DIST, ROOT, mb, need_tools, render_icon, run, say, tree_size, version

HERE = Path(__file__).resolve().parent / "linux"
OUT = BUILD / "linux"
XCB_CURSOR = Path("/usr/lib/x86_64-linux-gnu/libxcb-cursor.so.0")


def main() -> int:
    need_tools({"Xvfb": "xvfb"})
    if not XCB_CURSOR.exists():
        need_tools({"__libxcb_cursor__": "libxcb-cursor0"})
    started = time.monotonic()
    ver = version()
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    env = dict(os.environ, BHYT_ROOT=str(ROOT), BHYT_XCB_CURSOR=str(XCB_CURSOR))  # named .so.0, as linked
    say("PyInstaller packaging/linux/bhyt-desktop.spec (one folder)")
    run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", OUT / "dist", "--workpath", OUT / "work", HERE / "bhyt-desktop.spec"],
        env=env)
    bundle = OUT / "dist" / "bhyt-desktop"
    render_icon(ROOT / "resources" / "icons" / "bhyt-desktop.svg", bundle / "bhyt-desktop.png")
    for name in ("install.sh", "uninstall.sh", "bhyt-desktop.desktop.in"):
        shutil.copy2(HERE / name, bundle / name)
    (bundle / "VERSION").write_text(ver + "\n", encoding="utf-8")
    folder = f"bhyt-desktop-{ver}"
    DIST.mkdir(exist_ok=True)
    out = DIST / f"bhyt-desktop-{ver}-linux-x86_64.tar.gz"
    say(f"tar {out.name}")
    with tarfile.open(out, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=folder)
    say(f"{out.relative_to(ROOT)}: {mb(out.stat().st_size)} (unpacked {mb(tree_size(bundle))}), "
        f"{time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
