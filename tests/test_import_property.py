"""Property tests over cell values: never a crash, every row imported, skipped or rejected
with a reason, and whatever the plan says is what the commit writes."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bhyt_desktop.importing import Table, commit_import, detect_mapping, plan_import
from bhyt_desktop.importing.plan import (
    MERGED,
    NEW,
    REJECTED,
    SKIPPED,
    UNCHANGED,
    UNMATCHED,
    UPDATED,
)
from bhyt_desktop.store import open_db

HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Mã số BHXH", "Quan hệ với chủ hộ",
          "Mã hộ", "Thôn", "Mã đối tượng", "Từ ngày", "Đến ngày"]

names = st.sampled_from(["Nguyễn Văn An", "Trần Thị Bình", "LÊ VĂN CƯỜNG", "  pham  thi  dung ", "Cộng",
                         "Tổng cộng", "Người lập biểu", "(Ký, ghi rõ họ tên)", "Đỗ Minh Đức", "A", "Xóm 3"])
texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)
dates = st.dates(min_value=dt.date(1890, 1, 1), max_value=dt.date(2040, 12, 31))
numbers = st.one_of(st.integers(-10, 10**13).map(float), st.floats(allow_nan=True, allow_infinity=True),
                    st.integers(0, 10**13))
date_texts = dates.flatmap(lambda d: st.sampled_from([
    d.strftime("%d/%m/%Y"), f"{d.day}/{d.month}/{d.year % 100:02d}", d.strftime("%d-%m-%Y"),
    d.strftime("%d.%m.%Y"), str(d.year), d.isoformat(), "31/02/1990", "00/00/0000"]))
ids = st.one_of(st.from_regex(r"0?[0-9]{9,12}", fullmatch=True), st.integers(10**8, 10**12).map(float),
                st.sampled_from(["001 090 000 001", "0010.9000.0001", "12A", ""]))
cell = st.one_of(st.none(), st.just(""), texts, numbers, dates, st.booleans(),
                 st.datetimes(min_value=dt.datetime(1890, 1, 1), max_value=dt.datetime(2040, 1, 1)))


@st.composite
def rows(draw):
    out = []
    for _i in range(draw(st.integers(0, 12))):
        r = [draw(st.one_of(st.integers(1, 99), cell)), draw(st.one_of(names, cell)),
             draw(st.one_of(date_texts, dates, cell)), draw(st.one_of(st.sampled_from(["Nam", "Nữ", "nu", "x"]), cell)),
             draw(st.one_of(ids, cell)), draw(st.one_of(ids, cell)),
             draw(st.one_of(st.sampled_from(["Chủ hộ", "Vợ", "Con", "chu ho"]), cell)),
             draw(st.one_of(st.sampled_from(["H1", "H2", ""]), cell)),
             draw(st.one_of(st.sampled_from(["Xóm 1", "xom 1", "Thôn Đông", ""]), cell)),
             draw(st.one_of(st.sampled_from(["GD", "HN", "TE", "ZZ", "gd"]), cell)),
             draw(st.one_of(date_texts, dates, cell)), draw(st.one_of(date_texts, dates, cell))]
        out.append(r[:draw(st.integers(1, len(r)))])
    return out


_TEMPLATE: list[Path] = []


def _template() -> Path:
    """One fresh commune file, copied for each example (creating one each time is slow)."""
    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="bhyt-prop-"))
        open_db(folder / "t.db", create=True).close()
        _TEMPLATE.append(folder / "t.db")
    return _TEMPLATE[0]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=rows(), kind=st.sampled_from(["roster", "cards"]), add_unmatched=st.booleans())
@example(data=[["\x08"]], kind="roster", add_unmatched=False)  # a row of one control character: blank
def test_every_row_is_imported_skipped_or_rejected_with_a_reason(data, kind, add_unmatched):
    table = Table(Path("p.xlsx"), "S", ["S"], [HEADER, *data], "0" * 64, width=len(HEADER))
    mapping = detect_mapping(table)
    assert mapping.data_start == 1 and mapping.columns["full_name"] == 1
    _every_row_has_an_outcome(table, mapping, data, kind, add_unmatched)


MONTHS_HEADER = [*HEADER[:-2], "Từ tháng", "Số tháng"]
months = st.one_of(st.sampled_from(["01/2026", "T3/2026", "Tháng 7/2026", "2026-07", "13/2026", "1/26"]),
                   st.just(1.2026), dates, cell)
counts = st.one_of(st.sampled_from([12, 6.0, "3", "12 tháng", "0", "61", "x"]), cell)
headings = st.sampled_from([["A", "Tăng"], ["B", "GIẢM"], [None, "II. Giảm"], [None, "Danh sách giảm"],
                            ["III", "Điều chỉnh", None, None, None, None, None, None, None, None, None, 3]])


@st.composite
def d03_rows(draw):
    """Rows of a D03-TS list: month periods, and section headings between the people."""
    out = []
    for r in draw(rows()):
        r = (r + [None] * 12)[:12]
        r[10], r[11] = draw(months), draw(counts)
        if draw(st.booleans()):
            out.append(list(draw(headings)))
        out.append(r)
    return out


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=d03_rows(), kind=st.sampled_from(["roster", "cards"]), add_unmatched=st.booleans(),
       group=st.sampled_from(["", "GD", "HN"]))
def test_d03ts_rows_are_imported_skipped_or_rejected_and_leaving_rows_get_no_card(data, kind, add_unmatched, group):
    table = Table(Path("d03.xlsx"), "S", ["S"], [MONTHS_HEADER, *data], "1" * 64, width=len(MONTHS_HEADER))
    mapping = detect_mapping(table).with_group(group)
    assert mapping.columns["from_month"] == 10 and mapping.columns["months"] == 11
    plan = _every_row_has_an_outcome(table, mapping, data, kind, add_unmatched)
    leaving = set(plan.decrease_rows)
    assert not [c for c in plan.cards_new if c.row in leaving]
    assert not [p for p in plan.new_people if p.record.row in leaving and kind == "cards"]


def _visible(value) -> str:
    """A cell's visible text: a cell holding only control characters (a stray backspace or
    escape) shows nothing, and a row of such cells is a blank row, skipped without a word."""
    if value in (None, ""):
        return ""
    return "".join(ch for ch in str(value) if ch.isprintable()).strip()


def _every_row_has_an_outcome(table, mapping, data, kind, add_unmatched):
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(_template(), Path(tmp) / "x.db")
        db = open_db(Path(tmp) / "x.db")
        try:
            plan = plan_import(db, table, mapping, kind, today=dt.date(2026, 11, 22), add_unmatched=add_unmatched)
            seen = {o.row for o in plan.rows}
            for i, r in enumerate(data, start=2):
                if any(_visible(v) for v in r):
                    assert i in seen, f"row {i} has no outcome"
            for o in plan.rows:
                assert o.status in {NEW, UPDATED, UNCHANGED, REJECTED, SKIPPED, MERGED, UNMATCHED}
                if o.status in (REJECTED, UNMATCHED, SKIPPED, MERGED):
                    assert o.reason.strip(), o
            assert len(seen) == len(plan.rows)
            commit_import(db, plan)
            counted = db.execute("SELECT count(*) FROM people").fetchone()[0]
            assert counted == plan.counts["new_people"]
            assert db.execute("SELECT count(*) FROM cards").fetchone()[0] == plan.counts["new_cards"]
            # the same rows again: nothing new
            again = plan_import(db, table, mapping, kind, today=dt.date(2026, 11, 22), add_unmatched=add_unmatched)
            assert (again.counts["new_people"], again.counts["new_cards"]) == (0, 0), again.rows
            return plan
        finally:
            db.close()


@settings(max_examples=150, deadline=None)
@given(data=rows(), kind=st.sampled_from(["roster", "cards"]), split_birth=st.booleans())
def test_a_cleaner_remembering_cells_cleans_as_a_fresh_one(data, kind, split_birth):
    """The cleaner remembers each column's answers per cell value (dates, groups, villages...):
    a row cleaned after others must come out exactly as it would alone, numbers and booleans
    included (1, 1.0 and True are one dict key, not one cell)."""
    from bhyt_desktop.importing.cleaning import RowCleaner
    from bhyt_desktop.importing.header import Mapping

    fields = ["full_name", "birth_date", "sex", "cccd", "bhxh_code", "relation", "household_code",
              "village", "group_code", "valid_from", "valid_to"]
    if split_birth:  # the birth date under a "Nam" or a "Nữ" sub-column
        fields[1:3] = ["birth_male", "birth_female"]
    columns = {f: i for i, f in enumerate(fields, start=1)}
    mapping = Mapping(header_row=0, header_rows=1, data_start=1, columns=columns, headers=HEADER, layout_key="t")
    args = dict(kind=kind, today=dt.date(2026, 11, 22), group_codes={"GD", "HN", "TE"})
    shared = RowCleaner(mapping, **args)
    rows_twice = data + [list(reversed(r)) for r in data] + data  # the same cells again, and in other columns
    for number, row in enumerate(rows_twice, start=1):
        alone = RowCleaner(mapping, **args)(row, number, "Xóm 9")
        assert shared(row, number, "Xóm 9") == alone
