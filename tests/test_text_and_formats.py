"""Vietnamese names, search folding, sort order, identifiers and number/date formats."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal

import pytest

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import (
    fmt_date,
    fmt_int,
    fmt_pct,
    parse_date,
    parse_rate_bp,
    rate_pct,
)
from bhyt_desktop.common.identifiers import mask, normalize_bhxh, normalize_cccd
from bhyt_desktop.common.text import clean_name, fold, sort_key


def test_clean_name_nfc_and_spaces():
    nfd = unicodedata.normalize("NFD", "  Nguyễn   Thị  Hương ")
    assert clean_name(nfd) == "Nguyễn Thị Hương"
    assert unicodedata.is_normalized("NFC", clean_name(nfd))


def test_fold_removes_diacritics_and_d_stroke():
    assert fold("Nguyễn Thị Hương") == "nguyen thi huong"
    assert fold("ĐẶNG Văn Đức") == "dang van duc"
    assert fold(unicodedata.normalize("NFD", "Ưng Hoàng Phúc")) == "ung hoang phuc"


def test_vietnamese_sort_order():
    names = ["Trần Văn Bình", "Lê Thị Ánh", "Nguyễn Văn An", "Phạm Đông", "Hoàng Dũng",
             "Vũ Giang", "Nguyễn Thị Anh", "Trần Ân", "Lê Ă"]
    ordered = sorted(names, key=sort_key)
    assert ordered == ["Nguyễn Văn An", "Nguyễn Thị Anh", "Lê Thị Ánh", "Lê Ă", "Trần Ân",
                       "Trần Văn Bình", "Hoàng Dũng", "Phạm Đông", "Vũ Giang"]


def test_sort_given_name_then_middle_then_family():
    ordered = sorted(["Trần Văn An", "Nguyễn Văn An", "Nguyễn Thị An"], key=sort_key)
    assert ordered == ["Nguyễn Thị An", "Nguyễn Văn An", "Trần Văn An"]


def test_tones_only_break_ties():
    # "Hà" vs "Hải": letters decide first (ha < hai), tones only when letters are equal
    assert sorted(["Lê Hải", "Lê Hà", "Lê Hạ", "Lê Ha"], key=sort_key) == ["Lê Ha", "Lê Hà", "Lê Hạ", "Lê Hải"]


@pytest.mark.parametrize(("raw", "expected"), [
    (1234567890, "001234567890"), (1234567890.0, "001234567890"), ("0012 3456 7890", "001234567890"),
    ("001.234.567.890", "001234567890"), ("", None), (None, None)])
def test_cccd_normalised(raw, expected):
    assert normalize_cccd(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "0012345678901", "00123456789A"])
def test_bad_cccd_rejected(raw):
    with pytest.raises(UserError):
        normalize_cccd(raw)


def test_bhxh_and_mask():
    assert normalize_bhxh(123456789) == "0123456789"
    assert mask("001234567890") == "********7890"
    assert mask(None) == ""


def test_dates_both_forms():
    assert parse_date("2026-03-05") == dt.date(2026, 3, 5)
    assert parse_date("05/03/2026") == dt.date(2026, 3, 5)
    assert parse_date("5/3/2026") == dt.date(2026, 3, 5)
    assert fmt_date(dt.date(2026, 3, 5)) == "05/03/2026"
    with pytest.raises(UserError):
        parse_date("29/02/2026")
    with pytest.raises(UserError):
        parse_date("tomorrow")


def test_numbers_and_rates():
    assert fmt_int(4591) == "4.591"
    assert fmt_int(1234567) == "1.234.567"
    assert rate_pct(3990, 4591) == Decimal("86.91")
    assert fmt_pct(rate_pct(3990, 4591)) == "86,91%"
    assert fmt_pct(Decimal("100")) == "100,00%"
    assert rate_pct(1, 0) is None
    assert parse_rate_bp("95") == 9500
    assert parse_rate_bp("95,5%") == 9550
    for bad in ("abc", "101", "-1", "95.555"):
        with pytest.raises(UserError):
            parse_rate_bp(bad)


def _fold_reference(value) -> str:
    import unicodedata

    from bhyt_desktop.common.text import clean_name
    text = clean_name(value).lower().replace("đ", "d")
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def _sort_key_reference(value) -> str:
    from bhyt_desktop.common.text import _letters_and_tones, _primary, clean_name
    words = clean_name(value).split(" ")
    if not words or words == [""]:
        return ""
    ordered = [words[-1], *words[1:-1], words[0]] if len(words) > 1 else words
    return "\x01".join(_primary(letters) + "\x00" + tone for letters, tone in map(_letters_and_tones, ordered))


def test_fast_fold_and_sort_key_equal_the_plain_definitions():
    """fold strips the usual marks in one call, sort_key remembers each word's part: both must
    give what the plain per-character definitions give, on any text."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from bhyt_desktop.common.text import fold, sort_key

    vietnamese = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyAĐƠ ̣̀́̃̉  \u034f\u0483\u20d0ÅǅﬁⅫ①", max_size=30)

    @settings(max_examples=400, deadline=None)
    @given(st.one_of(vietnamese, st.text(max_size=30)))
    def check(text):
        assert fold(text) == _fold_reference(text)
        assert sort_key(text) == _sort_key_reference(text)

    check()
    assert fold("Nguyễn Thị Hương") == "nguyen thi huong" and fold("ĐỖ  Đức") == "do duc"
