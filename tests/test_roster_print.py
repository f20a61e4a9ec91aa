"""The printable roster list (PDF): Vietnamese text, masked IDs, paging, cancel."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from bhyt_desktop.common.jobs import Cancelled, Job
from bhyt_desktop.roster import query as rq
from bhyt_desktop.roster.printing import describe_filter, write_roster_pdf
from tests.roster_helpers import AS_OF, named_roster


def test_small_list_text_and_masking(db, tmp_path):
    named_roster(db)
    out = tmp_path / "ds.pdf"
    assert write_roster_pdf(db, rq.RosterFilter(as_of=AS_OF), out) == 7
    text = PdfReader(out).pages[0].extract_text()
    for expected in ("DANH SÁCH NHÂN KHẨU", "toàn xã — tính đến ngày 22/11/2026 — 7 người",
                     "Nguyễn Thị Hương", "Hoàng Văn Đông", "17/05/1980", "1950", "********1234",
                     "Sắp hết hạn", "Chưa từng có thẻ", "Đã mất", "Đi làm ăn xa"):
        assert expected in text, expected
    assert "036180001234" not in text
    write_roster_pdf(db, rq.RosterFilter(as_of=AS_OF), out, mask_ids=False)
    assert "036180001234" in PdfReader(out).pages[0].extract_text()


def test_many_rows_page_by_page_in_order(demo_db, tmp_path):
    f = rq.RosterFilter(as_of=AS_OF)
    out = tmp_path / "all.pdf"
    steps = []
    n = write_roster_pdf(demo_db, f, out, job=Job(on_progress=lambda d, t, m: steps.append((d, t))))
    pages = PdfReader(out).pages
    assert n == 600 and len(pages) >= 600 // 40
    assert steps[-1][0] == steps[-1][1]
    numbers = []
    ends = {"Cư trú", "Thường trú", "Đi làm ăn xa", "Đã chuyển đi", "Đã mất"}
    for i, page in enumerate(pages):
        lines = page.extract_text().splitlines()
        if i:
            assert lines[0].strip() == str(i + 1)          # page number on top from page 2
        assert sum("Họ và tên" in line for line in lines) == 1   # one header row per page
        # Each cell is a line; a row number follows the last cell ("Cư trú") of the row above.
        lines = [line.strip() for line in lines]
        numbers += [int(line.replace(".", "")) for prev, line in zip(lines, lines[1:], strict=False)
                    if prev in ends and line.replace(".", "").isdigit()]
    assert numbers == list(range(1, 601))                   # every row once, in order


def test_cancel_leaves_no_file(demo_db, tmp_path):
    out = tmp_path / "out" / "x.pdf"
    job = Job()
    job.cancel()
    with pytest.raises(Cancelled):
        write_roster_pdf(demo_db, rq.RosterFilter(as_of=AS_OF), out, job=job)
    assert not out.exists()
    assert not out.parent.exists() or list(out.parent.iterdir()) == []


def test_describe_filter(db):
    ids = named_roster(db)
    vid = db.execute("SELECT village_id FROM households WHERE id = ?", [ids["h2"]]).fetchone()[0]
    f = rq.RosterFilter(as_of=AS_OF, village_id=vid, card_state="lapsed", search="van")
    assert describe_filter(db, f) == "Xóm 2; thẻ: hết hạn; tìm «van»"


def test_cancel_while_writing_pages_removes_the_temp_file(demo_db, tmp_path):
    out = tmp_path / "out" / "x.pdf"
    out.parent.mkdir()
    job = Job()

    def progress(done, total, message):
        if message.startswith("Đang ghi trang 3"):
            job.cancel()
    job._on_progress = progress
    with pytest.raises(Cancelled):
        write_roster_pdf(demo_db, rq.RosterFilter(as_of=AS_OF), out, job=job)
    assert list(out.parent.iterdir()) == []
