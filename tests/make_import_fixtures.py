"""Make the .xls and .ods fixtures of the import tests (run once; the outputs are committed).

openpyxl cannot write .xls (old Excel 97-2003) or .ods, and old commune software exports .xls,
so LibreOffice converts the messy roster built by import_helpers:

    apt-get install -y --no-install-recommends libreoffice-calc-nogui
    /work/venv/bin/python tests/make_import_fixtures.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from import_helpers import FIXTURES, messy_roster  # noqa: E402


def main() -> int:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("LibreOffice (soffice) is needed: apt-get install libreoffice-calc-nogui", file=sys.stderr)
        return 1
    FIXTURES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        src = messy_roster(Path(tmp) / "roster_messy.xlsx")
        profile = Path(tmp) / "profile"
        for fmt in ("xls", "ods"):
            subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                            "--convert-to", fmt, "--outdir", str(FIXTURES), str(src)],
                           check=True, capture_output=True, timeout=180)
            print(FIXTURES / f"roster_messy.{fmt}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
