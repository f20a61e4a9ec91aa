"""The serif family every printed document uses: Times New Roman, else Liberation Serif 2.

Decree 30/2020 asks for Times New Roman. Windows has it; where it is missing (Linux, some
Macs) we use the bundled Liberation Serif 2.x (resources/fonts/, SIL OFL, metric-compatible
with Times New Roman, covers all of Vietnamese). reportlab's built-in base-14 Times drops
most Vietnamese letters, so it is never used.

    family = register_family()          # once per process, cached
    family.regular, family.bold ...     # reportlab font names for styles
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

BUNDLED_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"
BUNDLED = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bold_italic": "LiberationSerif-BoldItalic.ttf",
}
# File names Times New Roman goes by: Windows, macOS, Linux (msttcorefonts).
TIMES_NAMES = {
    "regular": ("times.ttf", "times new roman.ttf", "times_new_roman.ttf"),
    "bold": ("timesbd.ttf", "times new roman bold.ttf", "times_new_roman_bold.ttf"),
    "italic": ("timesi.ttf", "times new roman italic.ttf", "times_new_roman_italic.ttf"),
    "bold_italic": ("timesbi.ttf", "times new roman bold italic.ttf",
                    "times_new_roman_bold_italic.ttf"),
}
# Letters a Vietnamese document cannot do without; a font missing one is not used.
VIETNAMESE_PROBE = "ĐđƯưƠơĂăÂâÊêÔôỷệủễịặồứữỡẫẩậềểỗổộờởợừửựỳỹỵ"
FAMILY = "BHYTSerif"


@dataclass(frozen=True)
class FontFamily:
    regular: str
    bold: str
    italic: str
    bold_italic: str
    display_name: str          # "Times New Roman" or "Liberation Serif"
    source: str                # "system" or "bundled"
    paths: tuple[str, ...]

    @property
    def name(self) -> str:
        """The family name for Paragraph markup (<b>, <i> pick the right face)."""
        return self.regular


def font_dirs() -> list[Path]:
    """The usual font folders of Windows, macOS and Linux, those that exist."""
    home = Path.home()
    dirs: list[Path] = []
    if sys.platform.startswith("win"):
        windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot") or r"C:\Windows"
        dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    elif sys.platform == "darwin":
        dirs += [Path("/System/Library/Fonts/Supplemental"), Path("/Library/Fonts"),
                 home / "Library" / "Fonts"]
    else:
        dirs += [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
                 home / ".local" / "share" / "fonts", home / ".fonts"]
    return [d for d in dirs if d.is_dir()]


def _index(dirs: list[Path], depth: int = 3) -> dict[str, Path]:
    """lower-case file name -> path, for .ttf files up to ``depth`` folders down."""
    found: dict[str, Path] = {}
    for root in dirs:
        base = len(root.parts)
        for folder, subdirs, files in os.walk(root):
            if len(Path(folder).parts) - base >= depth:
                subdirs[:] = []
            for f in files:
                if f.lower().endswith(".ttf"):
                    found.setdefault(f.lower(), Path(folder) / f)
    return found


def find_times_new_roman(dirs: list[Path] | None = None) -> dict[str, Path] | None:
    """The four Times New Roman files, or None unless all four are there."""
    index = _index(font_dirs() if dirs is None else dirs)
    out = {}
    for face, names in TIMES_NAMES.items():
        path = next((index[n] for n in names if n in index), None)
        if path is None:
            return None
        out[face] = path
    return out


def covers_vietnamese(path: Path) -> bool:
    try:
        face = TTFont("probe", str(path)).face
    except Exception:   # unreadable or unsupported (e.g. a CFF-flavoured font)
        return False
    return all(ord(ch) in face.charToGlyph for ch in VIETNAMESE_PROBE)


def bundled_paths() -> dict[str, Path]:
    return {face: BUNDLED_DIR / name for face, name in BUNDLED.items()}


@cache
def register_family(prefer_system: bool = True) -> FontFamily:
    """Register the serif family with reportlab (once) and return its font names.

    Set ``BHYT_DESKTOP_FONT=bundled`` to always use the bundled font (tests, or a
    system Times New Roman that prints badly).
    """
    paths, display, source = None, "Liberation Serif", "bundled"
    if prefer_system and os.environ.get("BHYT_DESKTOP_FONT", "").lower() != "bundled":
        system = find_times_new_roman()
        if system and all(covers_vietnamese(p) for p in system.values()):
            paths, display, source = system, "Times New Roman", "system"
    if paths is None:
        paths = bundled_paths()
    suffix = "TNR" if source == "system" else "Lib"
    names = {face: f"{FAMILY}{suffix}-{face}" for face in paths}
    for face, path in paths.items():
        pdfmetrics.registerFont(TTFont(names[face], str(path)))
    family = names["regular"]
    addMapping(family, 0, 0, names["regular"])
    addMapping(family, 1, 0, names["bold"])
    addMapping(family, 0, 1, names["italic"])
    addMapping(family, 1, 1, names["bold_italic"])
    pdfmetrics.registerFontFamily(family, normal=names["regular"], bold=names["bold"],
                                  italic=names["italic"], boldItalic=names["bold_italic"])
    return FontFamily(names["regular"], names["bold"], names["italic"], names["bold_italic"],
                      display, source, tuple(str(p) for p in paths.values()))
