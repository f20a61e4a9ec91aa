"""Village names in imported files: how a new one is written, and which known one it is."""

from __future__ import annotations

from bhyt_desktop.common.text import clean_name, fold

# The kind of place a village name starts with, typed without diacritics -> written right.
_PLACE_KINDS = {"xom": "Xóm", "thon": "Thôn", "ap": "Ấp", "ban": "Bản", "to": "Tổ", "khom": "Khóm",
                "buon": "Buôn", "lang": "Làng", "khu pho": "Khu phố", "to dan pho": "Tổ dân phố"}
_KIND_PREFIXES = tuple(f"{k} " for k in sorted((fold(k) for k in _PLACE_KINDS), key=len, reverse=True))


def bare_village(key: str) -> str | None:
    """A folded village name without its kind of place ("thon dong ha" -> "dong ha"); None
    when what is left holds a digit (numbered villages of different kinds are different)."""
    for prefix in _KIND_PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix):]
            break
    return None if not key or any(c.isdigit() for c in key) else key


def village_display(name: str) -> str:
    """The name a village created from a file is shown with: "xom 3" / "Xom 3" -> "Xóm 3",
    "thon dong" -> "Thôn Dong". Only the kind of place is given its diacritics (the rest of a
    name typed without them cannot be guessed); names already written with them are kept."""
    name = clean_name(name)
    words = name.split(" ")
    for n in (3, 2, 1):
        head = " ".join(words[:n]).lower()
        if len(words) > n and head in _PLACE_KINDS and " ".join(words[:n]).isascii():
            rest = " ".join(words[n:])
            return f"{_PLACE_KINDS[head]} {rest.title() if rest.islower() else rest}"
    return name
