"""What is not a person: blank rows, subtotals, section and village headings, the signature block."""

from __future__ import annotations

import datetime as dt
import math
import re

from bhyt_desktop.common.text import fold
from bhyt_desktop.importing.cells import _DIGIT, _fold, _text
from bhyt_desktop.importing.header import Mapping
from bhyt_desktop.importing.titles import village_from_text

# Subtotals: "Cộng", "Cộng xóm 1", "Cộng hộ 2", "Tổng cộng", "Tổng số"... "Công" and "Tống" are
# family names, so with diacritics only the words "Cộng" and "Tổng" mark one; typed without them
# ("Cong xom 1", "Tong Thi Lan") the row's own cells decide (see _is_subtotal).
_SUBTOTAL = re.compile(r"^(tong cong\b|tong so\b|(cong|tong)\s*[:.]|(cong|tong)\s+(xom|thon|to|ban|ap|khu|toan|so|danh|ho|"
                       r"tang|giam|lai|chung)\b|(cong|tong)\s*\d|cong$|tong$)")
_SUBTOTAL_WORDS = ("cộng", "tổng")
_O = frozenset("oòóỏõọôồốổỗộơờớởỡợ" + "oòóỏõọôồốổỗộơờớởỡợ".upper())  # the second letter of Cộng, Tổng
_NAME_SHAPED = re.compile(r"^[a-z]+( [a-z]+){1,5}$")
# Words of a subtotal's label: a text made of these only ("Tong cong", "Cong ho") is a person's
# name only beside a relation or a birth date.
_SUBTOTAL_VOCABULARY = frozenset(
    "cong tong so xom thon to ban ap khu toan xa danh sach ho tang giam lai chung nguoi khau the cac".split())
# Notes under the table: "Ghi chú: danh sách gồm 1 hộ, 1 khẩu", "Số hộ: 12; Số khẩu: 45".
_NOTE = re.compile(r"^(ghi chu|luu y|chu y|so ho|so khau|so nhan khau|so nguoi|tong so)\b")
_DECREASE = re.compile(r"\bgiam\b")
_COUNT = re.compile(r"^[\d.,\s]+$")
_SECTION_ONLY = re.compile(r"^(([ivx]+|[a-d]|\d{1,2})\s*[.)/-]?\s*)?(tang|giam|dieu chinh)(\s+moi)?$")
_SECTION = re.compile(r"^([ivx]+|[a-d]|\d{1,2})?\s*[.)/-]?\s*(tang|giam|dieu chinh|danh sach)\b")
# D03-TS sub-section headings between the people ("I | Hộ gia đình", "II. Học sinh, sinh viên",
# "Người thuộc hộ gia đình cận nghèo"): they start with a word no Vietnamese family name is
# (written with its diacritics: "Hộ" is not "Hồ", "Học", "Người", "Đối tượng"...) and hold a word
# of the participant groups' names no personal name holds. Typed without diacritics only the
# words that are not a family name either count ("Ho gia dinh" may be Hồ Gia Định: a person).
_HEADING_START = frozenset(
    "hộ học người đối nhóm trẻ cựu các ngân nhà hưu lao nông hỗ cận đóng mức tự danh cán lực khối loại "
    "phần mục diện".split())
_HEADING_START_ASCII = frozenset("hoc nguoi nhom tre cuu cac danh muc".split())
_GROUP_WORDS = re.compile(
    r"\b(ho gia dinh|hoc sinh|hoc vien|sinh vien|ngheo|nguoi|doi tuong|nhom|tre em|tuoi|cuu chien binh|"
    r"ngan sach|ho tro|dong|muc|tham gia|bhyt|bhxh|thanh vien|dan toc|thieu so|nghiep|trung binh|bao tro|"
    r"xa hoi|co cong|than nhan|luc luong|vu trang|huu tri|lao dong|y te|chuyen trach|danh sach|khac)\b")
# "I", "II.", "A", "1", and the numbered sub-sections of D03-TS (Decision 490): "I.1", "II.2.", "A.1"
_ENUMERATOR = re.compile(r"^([ivxl]{1,4}|[a-z]|\d{1,3})([.)]([ivxl]{1,4}|\d{1,3}))*[.)]?$", re.IGNORECASE)
_WORD = re.compile(r"\w+")
# The signature block: markers that never appear in a person's row...
_SIGNATURE = re.compile(
    r"(ky\s*,?\s*ghi ro ho ten|ky ten|ky va ghi ro|ky\s*,?\s*dong dau|nguoi lap|lap bieu|xac nhan cua|"
    r"ngay\s+\S*\s*thang\s+\S*\s*nam|^tm\b|^kt\b|^noi nhan)")
# The place-date line ("Nam Toàn, ngày 20 tháng 11 năm 2026"), whose digits must not pass for an
# ID or a birth date in the column it sits over.
_DATE_LINE = re.compile(r"ngay\s+\S*\s*thang\s+\S*\s*nam|^\D+,\s*ngay\s+\d")
# ...and titles, which count only where the name column is empty or holds the title itself
# (a person's row may mention "cán bộ" in a note).
_SIGNATURE_TITLE = re.compile(
    r"^(truong thon|truong xom|truong ban|truong ap|to truong|thu truong|chu tich|pho chu tich|"
    r"giam doc|can bo|xac nhan)\b")


def _cell(row: list, col: int | None):
    if col is None or col >= len(row):
        return None
    return row[col]


def row_texts(row: list) -> list[str]:
    return [t for t in (_text(v) for v in row) if t]


def _first_text(row: list) -> str:
    for v in row:
        t = _text(v)
        if t:
            return t
    return ""


def classify_non_person(row: list, mapping: Mapping, after_signature: bool) -> tuple[str, str] | None:
    """(category, detail) when the row is not a person; None when it may be one. The detail
    is the village a village heading names, or a section heading's folded text."""
    cols = mapping.columns
    if _looks_like_id(_cell(row, cols.get("cccd"))) or _looks_like_id(_cell(row, cols.get("bhxh_code"))):
        return None  # an ID: a person (or a rejected row), never a subtotal or a signature
    has_birth = any(_looks_like_date(_cell(row, cols.get(f))) for f in ("birth_date", "birth_male", "birth_female"))
    name = _text(_cell(row, cols.get("full_name")))
    if has_birth:
        first = _first_text(row)
        if _is_subtotal(name or first, row, cols) or (first != name and _is_subtotal(first, row, cols)):
            return "subtotal", ""
        return None
    texts = row_texts(row)
    if not texts:
        return "blank", ""
    lead = name or texts[0]
    if _is_subtotal(lead, row, cols) or (texts[0] != lead and _is_subtotal(texts[0], row, cols)):
        return "subtotal", ""
    lead, first = _fold(lead), _fold(texts[0])
    folded = [_fold(t) for t in texts]
    if after_signature or any(_SIGNATURE.search(t) for t in folded):
        if not after_signature and name and not _signature_name(name) and _date_line_in(row, cols):
            return None  # a birth written out in words in a person's row: the cleaner says what is wrong
        return "signature", ""
    if any(_SIGNATURE_TITLE.match(t) for t in folded) and (not name or _SIGNATURE_TITLE.match(_fold(name))):
        return "signature", ""
    if len(texts) == 1 or (len(texts) == 2 and texts[0].rstrip(".").isalnum() and len(texts[0]) <= 4):
        village = village_from_text(texts[-1])
        if village and fold(village) == fold(texts[-1]):
            return "village", village
        if _SECTION.match(fold(texts[-1])) or _SECTION.match(first):
            return "section", fold(texts[-1])
    if _SECTION_ONLY.match(lead) and all(_COUNT.match(t) or (len(t) <= 4 and t.rstrip(".").isalnum())
                                         for t in texts if _fold(t) != lead):
        return "section", lead  # "II | Giảm" with the section's counts beside it
    if len(texts) <= 2 and _is_subsection(name, texts):
        # Not a "section": a "section" row starts or ends the "Giảm" part, and a sub-section
        # heading under "B. GIẢM" must not end it.
        return "subsection", ""
    if _is_note(texts, folded) and not _evidence(row, cols):
        return "note", ""  # "Ghi chú: …", "Số hộ: 12; Số khẩu: 45" under the table
    return None


def is_decrease_section(text: str) -> bool:
    """A heading of the people leaving ("Giảm", "B. GIẢM", "Danh sách giảm") in form D03-TS."""
    return bool(_DECREASE.search(text))


def _looks_like_id(value) -> bool:
    if value.__class__ is str and len(value) >= 6 and value.isascii() and value.isdigit():
        return True  # a clean ID: the common case
    if value is None or value == "":
        return False
    if isinstance(value, int | float) and not isinstance(value, bool):
        return not math.isfinite(value) or abs(value) >= 100000
    text = str(value)
    return len(_DIGIT.findall(text)) >= 6 and not _DATE_LINE.search(_fold(text))


def _looks_like_date(value) -> bool:
    if isinstance(value, dt.date):
        return True
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value >= 1800  # a year or an Excel serial; a subtotal's count is small
    text = _text(value)
    return len(_DIGIT.findall(text)) >= 4 and (len(text) <= 12 or not _DATE_LINE.search(_fold(text)))


def _date_line_in(row: list, cols: dict[str, int]) -> bool:
    """Whether a birth column holds a place-date line ("ngày 20 tháng 11 năm 2026")."""
    for f in ("birth_date", "birth_male", "birth_female"):
        text = _text(_cell(row, cols.get(f)))
        if len(text) > 12 and _DATE_LINE.search(_fold(text)):
            return True
    return False


def _signature_name(name: str) -> bool:
    folded = _fold(name)
    return bool(_SIGNATURE.search(folded) or _SIGNATURE_TITLE.match(folded))


def _is_subtotal(text: str, row: list, cols: dict[str, int]) -> bool:
    """Whether ``text`` (a row's name, or its first text) labels a subtotal."""
    if len(text) < 4 or text[0] not in "cCtT" or text[1] not in _O:
        return False  # most names: no folding needed (this runs for every row without an ID)
    folded = _fold(text)
    if not folded.startswith(("cong", "tong")):
        return False
    word = text.split(" ", 1)[0].lower()
    if not word.isascii():  # with diacritics the word itself says it: "Cộng", "Tổng" but "Công", "Tống"
        return word.startswith(_SUBTOTAL_WORDS)
    # Typed without diacritics: "Cong xom 1", "Tong cong" are subtotals, "Tong Thi Lan" a name.
    # A person's row carries a relation, a birth date or a household code; a subtotal's none.
    strong = _SUBTOTAL.match(folded)
    if not _NAME_SHAPED.match(folded):
        return bool(strong) or not _evidence(row, cols)  # "Tong Thi Lan 2" beside "Con": rejected, not lost
    if not strong:
        return False  # a name: the cleaner keeps it or rejects it with a reason
    evidence = _evidence(row, cols)
    if all(w in _SUBTOTAL_VOCABULARY for w in folded.split(" ")):
        return evidence < 2  # "Tong cong", "Cong ho": a person only beside a relation or a birth date
    return not evidence  # "Tong Cong Minh" beside a household code; "Cong thon Dong Ha" alone


def _evidence(row: list, cols: dict[str, int]) -> int:
    """How surely a row without an ID is a person's: 2 beside a relation or a birth date, 1
    beside a household code or a number in a birth column (a count, or a date as a serial), 0."""
    relation = _text(_cell(row, cols.get("relation")))
    if relation and not _COUNT.match(relation):
        return 2
    found = 1 if _text(_cell(row, cols.get("household_code"))) else 0
    for f in ("birth_date", "birth_male", "birth_female"):
        value = _cell(row, cols.get(f))
        if _looks_like_date(value):
            if isinstance(value, int | float):
                found = 1
            else:
                return 2
    return found


def _is_note(texts: list[str], folded: list[str]) -> bool:
    """A note under the table: every text a remark ("Ghi chú: …", "Số hộ: 12", a text with ":")
    or a number or a mark ("1.", "*")."""
    notes = 0
    for t, f in zip(texts, folded, strict=True):
        if _NOTE.match(f) or ":" in t:
            notes += 1
        elif not (_COUNT.match(t) or (len(t) <= 4 and (t.rstrip(".").isalnum() or not any(map(str.isalnum, t))))):
            return False
    return notes > 0


def _is_subsection(name: str, texts: list[str]) -> bool:
    """A D03-TS sub-section heading ("I | Hộ gia đình", "II. Học sinh, sinh viên"): the row's only
    text is the heading (in the name column, or alone in the row), beside at most one enumerator
    ("I", "II.", "A", "1"), starting with a word no family name is and naming a participant group."""
    if name:
        heading, others = name, list(texts)
        others.remove(name)
    elif len(texts) == 1:
        heading, others = texts[0], []
    elif len(texts) == 2 and _ENUMERATOR.match(texts[0]):
        heading, others = texts[1], [texts[0]]
    else:
        return False
    if len(others) > 1 or (others and not _ENUMERATOR.match(others[0])):
        return False
    words = _WORD.findall(heading.lower())
    if words and _ENUMERATOR.match(words[0]) and len(words) > 1:
        words = words[1:]  # "II. Học sinh…", "1. Người…"
    if not words:
        return False
    first = words[0]
    if first not in _HEADING_START and not (first.isascii() and first in _HEADING_START_ASCII):
        return False
    return bool(_GROUP_WORDS.search(_fold(" ".join(words))))
