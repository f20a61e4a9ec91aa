"""The village a title line, a heading row or an address names.

"DANH SÁCH HỘ GIA ĐÌNH THAM GIA BHYT THÔN ĐÔNG HÀ NĂM 2027" -> "Thôn Đông Hà": the name runs
from the kind of place (thôn, xóm, tổ dân phố, khu phố, ấp, bản) to a separator (", XÃ …",
" - XÃ …", "(CẬP NHẬT …)") or to the first word starting a date or a round ("năm 2027",
"tháng 11/2026", "quý I", "đợt 1", "kỳ 2", "lần 3", "giai đoạn", "từ ngày", a year alone).
Numbers that are part of the name stay: "Xóm 10", "Tổ dân phố 5", "Thôn 2A".
"""

from __future__ import annotations

import re

from bhyt_desktop.common.text import clean_name, fold

_VILLAGE_IN_TITLE = re.compile(r"\b(thon|xom|to dan pho|khu pho|ap)\s+(\S.*)$")
# "bản" is a village in the mountains, but "Ban chỉ đạo", "Ban nhân dân"... are committees.
# "(Ban hành kèm theo Quyết định số …)" under a form's title is no place either.
_BAN_IN_TITLE = re.compile(r"\bban\s+(?!chi dao|dieu hanh|nhan dan|van dong|thuong truc|quan ly|cong tac|hanh\b)(\S.*)$")
# A labelled line of a form's title block: "Thôn (bản, tổ dân phố): Xóm 3" (TK1-TS).
_LABELLED_VILLAGE = re.compile(r"^(thon|xom|ban|to dan pho|ap|khu pho)\s*(\([^)]*\))?\s*:\s*(\S.*)$")
_KINDS = re.compile(r"^(thon|xom|ban|to dan pho|ap|khu pho|to)\b")
# "Mã số hộ gia đình: 3500123456", "Mã hộ: HGD01" in a title block.
_HOUSEHOLD_IN_TITLE = re.compile(r"\bma (so )?ho( gia dinh| gd)?\s*:\s*([A-Za-z0-9\-]{3,20})\b")

# A word (folded) that starts a date or a round only before a number: "năm 2027", "đợt 1",
# "quý IV/2026", "kỳ 2", "lần 3". Alone they may be part of a name ("Xóm Nam", "Thôn Kỳ Sơn",
# "Thôn Phú Quý", "Xóm Chiến Thắng").
_BEFORE_NUMBER = frozenset({"nam", "thang", "quy", "dot", "ky", "lan", "ngay"})
# Words written with their diacritics that never belong to a village's name: cut wherever.
_ALWAYS = frozenset({"tháng", "đợt", "ngày"})
# Phrases (folded) no village's name holds: cut wherever they start.
_PHRASES = frozenset({"giai doan", "tu ngay", "den ngay", "tinh den", "nam hoc", "bo sung", "cap nhat",
                      "dieu chinh", "dau nam", "giua nam", "cuoi nam"})
_FORMER = re.compile(r"[^,;:()]+?\s*\([^()]+\scũ\)")
_NUMBER = re.compile(r"^(\d{1,2}|[ivx]{1,4})([/.\-]\d{2,4})?\.?$")   # 1, 11, IV, 11/2026, I/2027
_YEAR = re.compile(r"^(19|20)\d\d([/.\-]\d{2,4})?\.?$")               # 2027, 2026-2027
_MONTH_YEAR = re.compile(r"^\d{1,2}[/.\-](19|20)\d\d\.?$")            # 11/2026
_PERIOD_AFTER_NUMBER = frozenset({"thang", "nam", "quy"})              # "6 tháng đầu năm 2027"


def household_from_text(text: str) -> str:
    """'Mã số hộ gia đình: 3500123456' -> '3500123456' ('' when the line names none)."""
    cleaned = clean_name(text)
    folded = fold(cleaned)
    if len(folded) != len(cleaned):
        return ""
    m = _HOUSEHOLD_IN_TITLE.search(folded)
    return cleaned[m.start(3):m.end(3)] if m else ""


def village_from_text(text: str) -> str:
    """'DANH SÁCH HỘ GIA ĐÌNH THÔN ĐÔNG HÀ' -> 'Thôn Đông Hà' ('' when none)."""
    cleaned = clean_name(text)
    folded = fold(cleaned)
    if len(folded) != len(cleaned):
        return ""
    labelled = _LABELLED_VILLAGE.match(folded)
    if labelled:     # "Thôn (bản, tổ dân phố): Xóm 3" -> "Xóm 3"; "Thôn: Đông Hà" -> "Thôn Đông Hà"
        value = re.split(r"[,;(]|\.\s", cleaned[labelled.start(3):])[0].strip().rstrip(".")
        if not value or not any(ch.isalnum() for ch in value):
            return ""
        if _KINDS.match(fold(value)):
            return value
        return f"{cleaned[:len(labelled.group(1))].capitalize()} {value}"
    m = _VILLAGE_IN_TITLE.search(folded) or _BAN_IN_TITLE.search(folded)
    if not m:
        return ""
    kind_words = len(m.group(1).split(" ")) if m.re is _VILLAGE_IN_TITLE else 1
    raw = cleaned[m.start():]
    former = _FORMER.match(raw)           # "Xóm 1 (Nam Hồng cũ)": a village of a former commune
    if former and not raw.isupper():
        return former.group(0)
    raw = re.split(r"[,;:(]|\s-\s", raw)[0].strip()
    raw = _before_date(raw, kind_words)
    if not raw:
        return ""
    if not raw.isupper():
        return raw
    # "THÔN ĐÔNG HÀ" -> "Thôn Đông Hà", "TỔ DÂN PHỐ 5" -> "Tổ dân phố 5"; a word with a digit
    # stays as written ("Thôn 2A")
    words = [w if any(c.isdigit() for c in w) else w[:1].upper() + w[1:].lower() for w in raw.split(" ")]
    words[1:kind_words] = [w.lower() for w in words[1:kind_words]]
    return " ".join(words)


def _before_date(raw: str, kind_words: int) -> str:
    """``raw`` ("THÔN ĐÔNG HÀ NĂM 2027") cut before the first word starting a date or a round;
    '' when no word of the name is left. The first word after the kind of place is always
    the name's ("Xóm 10", "Xóm Năm")."""
    words = raw.split(" ")
    if len(words) <= kind_words + 1:
        return raw
    folded = fold(raw).split(" ")
    if len(folded) != len(words):
        return raw
    for j in range(kind_words + 1, len(words)):
        if _starts_date(words, folded, j):
            return " ".join(words[:j]).rstrip(" -–.")
    return raw


def _starts_date(words: list[str], folded: list[str], j: int) -> bool:
    f = folded[j]
    after = folded[j + 1] if j + 1 < len(folded) else ""
    if _YEAR.match(f) or _MONTH_YEAR.match(f):
        return True  # a year alone ("2027", "2026-2027") or a month ("11/2026")
    if words[j].lower() in _ALWAYS:
        return True
    if f in _BEFORE_NUMBER and after and (_NUMBER.match(after) or _YEAR.match(after) or _MONTH_YEAR.match(after)):
        return True
    if f.isdigit() and after in _PERIOD_AFTER_NUMBER:
        return True  # "6 tháng đầu năm" (a number right after the kind of place is the name's)
    return f"{f} {after}" in _PHRASES
