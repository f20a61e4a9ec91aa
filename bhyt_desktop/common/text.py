"""Vietnamese text: normalising names, folding for search, and sort keys.

- ``clean_name`` : NFC, invisible, control and bidirectional-override characters removed, spaces
  trimmed and collapsed (what we store).
- ``fold``       : lower case, no diacritics, đ -> d (what people type).
- ``sort_key``   : orders names the Vietnamese way: given name, then middle, then family
  name; letters a ă â b c d đ e ê ...; within a word the tone only breaks a tie.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")

# Vietnamese alphabet order; f j w z appear in foreign names, put after their neighbours.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}

# Combining tone marks, in dictionary order: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {
    "\u0300": 1,  # huyền (grave)
    "\u0309": 2,  # hỏi (hook above)
    "\u0303": 3,  # ngã (tilde)
    "\u0301": 4,  # sắc (acute)
    "\u0323": 5,  # nặng (dot below)
}
# Marks that make a different letter, not a tone.
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}


# Invisible characters pasted from web pages and Word: a zero-width space marks a word break
# (it becomes a space); the joiners, the word joiner, a stray BOM and the soft hyphen are
# dropped. Python's \s matches none of them, so without this "Nguyễn\u200bThị" would be
# stored, and searched, as a different name.
_INVISIBLE = {0x200B: " ", 0x200C: None, 0x200D: None, 0x2060: None, 0xFEFF: None, 0x00AD: None}
# Control characters (NUL, the C0 and C1 controls: a word break at most) and the
# bidirectional marks, embeddings, overrides and isolates (U+202E would show "nễyugN" for
# "Nguyễn", and hide what an ID really holds): never part of a name or an ID.
_INVISIBLE.update({cp: " " for cp in (*range(0x00, 0x20), *range(0x7F, 0xA0))})
_INVISIBLE.update({cp: None for cp in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))})
_HAS_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x1f\x7f-\x9f"
                            "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean_name(value: object) -> str:
    """NFC, invisible characters removed, trimmed, inner spaces collapsed. ``None`` gives ''."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    if not text.isprintable() and _HAS_INVISIBLE.search(text):  # format (Cf) and control (Cc) characters
        text = text.translate(_INVISIBLE)
    return _SPACES.sub(" ", text).strip()


class _Digits(dict):
    """``str.translate`` table: any Unicode decimal digit (full-width ０-９, Arabic-Indic...)
    to its ASCII digit, every other character kept; filled as characters are met."""

    def __missing__(self, cp: int) -> int:
        d = unicodedata.decimal(chr(cp), None)
        self[cp] = out = cp if d is None else 48 + d
        return out


_TO_ASCII_DIGITS = _Digits()


def ascii_digits(text: str) -> str:
    """``text`` with every Unicode decimal digit made ASCII 0-9 ("０３６" -> "036")."""
    return text if text.isascii() else text.translate(_TO_ASCII_DIGITS)


# The combining marks Vietnamese uses (and their block), removed in one C call; any other
# mark left (rare) is removed one character at a time, so the result is the same.
_STRIP_MARKS = {cp: None for cp in range(0x300, 0x370) if unicodedata.combining(chr(cp))}


def fold(value: object) -> str:
    """Search key: lower case, no diacritics, đ/Đ -> d, spaces collapsed."""
    text = clean_name(value).lower().replace("đ", "d")
    folded = unicodedata.normalize("NFD", text).translate(_STRIP_MARKS)
    if folded.isascii():
        return folded
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def _letters_and_tones(word: str) -> tuple[str, str]:
    """Split a word into its Vietnamese letters (with ă â ê ô ơ ư đ) and its tone marks."""
    letters: list[str] = []
    tones: list[str] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if unicodedata.combining(ch):
            if ch in _TONES:
                tones.append(str(_TONES[ch]))
            elif letters and (letters[-1], ch) in _LETTER_MARKS:
                letters[-1] = _LETTER_MARKS[(letters[-1], ch)]
            continue
        letters.append(ch)
    return "".join(letters), "".join(tones) or "0"


def _primary(letters: str) -> str:
    # Map each letter to a private code point so binary comparison follows the alphabet.
    out = []
    for ch in letters:
        rank = _LETTER_RANK.get(ch)
        out.append(chr(0x4E00 + rank) if rank is not None else ch)
    return "".join(out)


def sort_key(full_name: object) -> str:
    """A string whose binary order is the Vietnamese order of names.

    Words are compared given name first, then middle names, then family name. Within a
    word, letters decide first (a < ă < â, d < đ ...) and the tone only breaks a tie.
    """
    words = clean_name(full_name).split(" ")
    if not words or words == [""]:
        return ""
    ordered = [words[-1], *words[1:-1], words[0]] if len(words) > 1 else words
    # \x00 and \x01 sort before every letter, so "An" comes before "Anh".
    return "\x01".join(map(_word_key, ordered))


@lru_cache(maxsize=16384)
def _word_key(word: str) -> str:
    """One word's part of a sort key (names are few words over and over: Nguyễn, Thị, Anh)."""
    letters, tone = _letters_and_tones(word)
    return _primary(letters) + "\x00" + tone


_ID_SEPARATORS = re.compile(r"[\s.\-]")
# Typed before a number in Excel to keep it as text ("'036099001234"), also as the typographic
# quotes Word and phones put in its place.
ID_TEXT_MARKS = "'\u2018\u2019`\u00b4"


def digits_only(value: object) -> str:
    """An identifier without its spaces, dots and dashes and a leading apostrophe ("'036…"), its
    digits made ASCII (full-width "０３６" -> "036"); anything else is left in for the caller to
    refuse."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if not text.isprintable():   # NUL, a bidirectional override: never part of an ID
        text = clean_name(text)
    text = text.strip()
    if text[:1] in ID_TEXT_MARKS and text:
        text = text.lstrip(ID_TEXT_MARKS)
    return _ID_SEPARATORS.sub("", ascii_digits(text))
