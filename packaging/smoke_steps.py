"""What both smoke tests share: PASS/FAIL lines, a private Xvfb, finding and grabbing a window."""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path


class Steps:
    """One line per step, PASS or FAIL with what was seen; exit status 1 on any FAIL."""

    def __init__(self) -> None:
        self.failed: list[str] = []
        self.started = time.monotonic()

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}", flush=True)
        if not ok:
            self.failed.append(name)
        return ok

    def finish(self) -> int:
        took = time.monotonic() - self.started
        if self.failed:
            print(f"FAIL  smoke test: {len(self.failed)} step(s) failed ({', '.join(self.failed)}), {took:.0f} s")
            return 1
        print(f"PASS  smoke test: every step passed, {took:.0f} s")
        return 0


def start_xvfb() -> tuple[str, subprocess.Popen]:
    """A private X server on a free display, 1366x768 like the users' laptops."""
    for n in range(90, 140):
        if not os.path.exists(f"/tmp/.X11-unix/X{n}") and not os.path.exists(f"/tmp/.X{n}-lock"):
            proc = subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(100):
                if os.path.exists(f"/tmp/.X11-unix/X{n}"):
                    return f":{n}", proc
                time.sleep(0.1)
            proc.terminate()
    raise SystemExit("could not start Xvfb")


def find_window(display: str, title: str, timeout: float) -> str | None:
    """The id of a mapped top-level window whose title holds ``title``, polling."""
    deadline = time.monotonic() + timeout
    env = dict(os.environ, DISPLAY=display)
    pattern = re.compile(r'^\s+(0x[0-9a-f]+) "[^"]*' + re.escape(title) + r'[^"]*": .*?(\d+)x(\d+)\+', re.M)
    while time.monotonic() < deadline:
        out = subprocess.run(["xwininfo", "-root", "-tree"], env=env, capture_output=True,
                             text=True).stdout
        for wid, w, h in pattern.findall(out):
            if int(w) > 400 and int(h) > 300:  # the main window, not a splash or a tooltip
                state = subprocess.run(["xwininfo", "-id", wid], env=env, capture_output=True,
                                       text=True).stdout
                if "IsViewable" in state:
                    return wid
        time.sleep(0.25)
    return None


def screenshot(display: str, wid: str, out: Path) -> None:
    """The whole screen (the window and what is around it), as a PNG."""
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["import", "-display", display, "-window", "root", str(out)], check=True,
                   env=dict(os.environ, DISPLAY=display), timeout=60)
