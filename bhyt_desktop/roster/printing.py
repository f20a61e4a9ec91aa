"""The printable roster list: the current filtered list as an A4 landscape PDF.

IDs are masked by default (identifiers.mask). Rows are read from SQLite in chunks and
drawn page by page on a reportlab canvas (one-line rows, a header row and grid per page):
constant memory and no table layout, where one Table per page of 100,000 rows took 58 s
and 850 MB. The file is written next to the target and moved into place only when
complete, so a cancelled or failed export leaves nothing half-written.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import sqlite_utils

from bhyt_desktop.common.formats import fmt_date, fmt_int
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.identifiers import mask
from bhyt_desktop.common.jobs import Job, step
from bhyt_desktop.commune.details import get_commune
from bhyt_desktop.roster import query as rq

FETCH_CHUNK = 1000

def _font():
    """The one serif family of every printed document (reports/fonts.py)."""
    from bhyt_desktop.reports.fonts import register_family
    return register_family()


def describe_filter(db: sqlite_utils.Database, f: rq.RosterFilter) -> str:
    """One line saying what the list holds, in Vietnamese."""
    parts = []
    if f.village_id is not None:
        row = db.execute("SELECT name FROM villages WHERE id = ?", [f.village_id]).fetchone()
        parts.append(row[0] if row else "?")
    if f.group_code:
        parts.append(_("đối tượng {code}").format(code=f.group_code))
    elif f.law_group:
        parts.append(_("nhóm {n}").format(n=f.law_group))
    if f.card_state:
        parts.append(_("thẻ: {state}").format(state=rq.card_state_label(f.card_state).lower()))
    if f.age_band:
        parts.append(rq.age_band_label(f.age_band).lower())
    if f.status:
        parts.append(rq.status_label(f.status).lower())
    if f.search.strip():
        parts.append(_("tìm «{text}»").format(text=f.search.strip()))
    return "; ".join(parts) if parts else _("toàn xã")


def _fit(text: str, width: float, size: float) -> str:
    """``text``, cut with an ellipsis if it is wider than ``width`` points (rows stay one line)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    if stringWidth(text, _font().regular, size) <= width:
        return text
    while text and stringWidth(text + "…", _font().regular, size) > width:
        text = text[:-1]
    return text + "…"


COLUMNS = (   # (label, relative width, right-aligned)
    ("STT", 10, True), ("Họ và tên", 46, False), ("Ngày sinh", 20, True), ("Giới tính", 13, False),
    ("Mã hộ", 22, False), ("Thôn/xóm", 26, False), ("Số CCCD", 25, False), ("Mã số BHXH", 22, False),
    ("Mã đối tượng", 14, False), ("Hạn thẻ đến", 20, True), ("Tình trạng thẻ", 30, False),
    ("Cư trú", 22, False),
)


def _column_labels() -> list[str]:
    return ["STT", _("Họ và tên"), _("Ngày sinh"), _("Giới tính"), _("Mã hộ"), _("Thôn/xóm"),
            _("Số CCCD"), _("Mã số BHXH"), _("Mã đối tượng"), _("Hạn thẻ đến"), _("Tình trạng thẻ"),
            _("Cư trú")]


def _cells(r: rq.RosterRow, number: int, idfmt) -> list[str]:
    return [fmt_int(number), r.full_name, rq.birth_text(r), rq.sex_text(r.sex), r.household_code,
            r.village_name, idfmt(r.cccd), idfmt(r.bhxh_code), r.card_group or "", fmt_date(r.card_to),
            rq.card_state_label(r.card_state), rq.status_label(r.status)]


def write_roster_pdf(db: sqlite_utils.Database, f: rq.RosterFilter, path: str | Path, *,
                     mask_ids: bool = True, job: Job | None = None) -> int:
    """Write the list for ``f`` to ``path``. Returns the number of people listed.

    Drawn page by page on a reportlab canvas while rows stream from SQLite in chunks:
    every row is one line of the same height (long names are cut with "…"), each page
    has its own header row and grid, and only one chunk of rows is in memory.
    """
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    path = Path(path)
    ids = rq.person_ids(db, f)
    total = len(ids)
    commune = get_commune(db)
    step(job, 0, total, _("Đang chuẩn bị danh sách…"))

    page_w, page_h = landscape(A4)
    left, right, top, bottom = 15 * mm, 12 * mm, 15 * mm, 15 * mm
    table_w = page_w - left - right
    size, row_h, head_h, pad = 9, 13.5, 26, 3
    weights = [w for _l, w, _r in COLUMNS]
    widths = [table_w * w / sum(weights) for w in weights]
    xs = [left]
    for w in widths:
        xs.append(xs[-1] + w)
    right_aligned = [r for _l, _w, r in COLUMNS]
    head_lines = [simpleSplit(label, _font().bold, size, w - 2 * pad)[:2] for label, w in zip(_column_labels(), widths, strict=True)]
    idfmt = mask if mask_ids else (lambda v: v or "")

    def draw_header(c, y_top: float) -> float:
        c.setFillGray(0.91)
        c.rect(left, y_top - head_h, table_w, head_h, stroke=0, fill=1)
        c.setFillGray(0)
        c.setFont(_font().bold, size)
        for i, lines in enumerate(head_lines):
            cx = (xs[i] + xs[i + 1]) / 2
            y = y_top - head_h / 2 + (len(lines) - 1) * 5.5 - 3
            for line in lines:
                c.drawCentredString(cx, y, line)
                y -= 11
        return y_top - head_h

    def draw_rows(c, y_top: float, rows: list[list[str]]) -> None:
        y_head = y_top + head_h
        c.setFont(_font().regular, size)
        y = y_top
        for cells in rows:
            base = y - row_h + 4
            for i, text in enumerate(cells):
                if not text:
                    continue
                if right_aligned[i]:
                    c.drawRightString(xs[i + 1] - pad, base, text)
                else:
                    c.drawString(xs[i] + pad, base, _fit(text, widths[i] - 2 * pad, size))
            y -= row_h
        c.setLineWidth(0.4)
        lines = [(x, y_head, x, y) for x in xs]
        lines += [(left, yy, left + table_w, yy) for yy in
                  [y_head] + [y_top - k * row_h for k in range(len(rows) + 1)]]
        c.lines(lines)

    def first_page(c) -> float:
        y = page_h - top
        c.setFont(_font().bold, 11)
        c.drawString(left, y - 11, (commune.name or "").upper())
        c.setFont(_font().bold, 14)
        c.drawCentredString(page_w / 2, y - 32, _("DANH SÁCH NHÂN KHẨU"))
        c.setFont(_font().regular, 11)
        c.drawCentredString(page_w / 2, y - 48, _("{what} — tính đến ngày {date} — {n} người").format(
            what=describe_filter(db, f), date=fmt_date(f.as_of), n=fmt_int(total)))
        return y - 60

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".pdf.tmp", dir=path.parent)
    os.close(fd)
    try:
        c = Canvas(tmp, pagesize=(page_w, page_h), pageCompression=1, initialFontName=_font().regular,
                   initialFontSize=size)
        c.setTitle(_("Danh sách nhân khẩu"))
        c.setAuthor(commune.name or "BHYT Desktop")
        c.setCreator("BHYT Desktop")
        page = 1
        y_top = first_page(c)
        capacity = int((y_top - bottom - head_h) // row_h)
        page_rows: list[list[str]] = []

        def flush() -> None:
            nonlocal page, y_top, capacity, page_rows
            draw_rows(c, draw_header(c, y_top), page_rows)
            c.showPage()
            page += 1
            c.setFont(_font().regular, 10)
            c.drawCentredString(page_w / 2, page_h - 9 * mm, str(page))   # from page 2, at the top
            y_top = page_h - top
            capacity = int((y_top - bottom - head_h) // row_h)
            page_rows = []

        for start in range(0, total, FETCH_CHUNK):
            chunk = ids[start:start + FETCH_CHUNK]
            rows = rq.fetch_rows(db, chunk, f.as_of, f.expiring_days)
            for i, pid in enumerate(chunk):
                r = rows.get(pid)
                if r is not None:
                    page_rows.append(_cells(r, start + i + 1, idfmt))
                if len(page_rows) == capacity:
                    flush()
                    step(job, start + i + 1, total,
                         _("Đang ghi trang {page}…").format(page=page))
        if page_rows or total == 0:
            if total == 0:
                c.setFont(_font().regular, 11)
                c.drawString(left, y_top - 20, _("Không có ai trong danh sách."))
            else:
                draw_rows(c, draw_header(c, y_top), page_rows)
            c.showPage()
        step(job, total, total)
        c.save()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return total


def default_file_name(as_of: dt.date) -> str:
    return f"danh-sach-nhan-khau-{as_of:%Y%m%d}.pdf"
