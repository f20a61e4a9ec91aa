"""The printable roster list: the current filtered list as an A4 landscape PDF.

IDs are masked by default (identifiers.mask). Rows are read from SQLite in chunks and
laid out as one small reportlab Table per page (never one huge LongTable, see
ENGINEERING.md). The file is written next to the target and moved into
place only when complete, so a cancelled or failed export leaves nothing half-written.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import sqlite_utils

from . import roster_query as rq
from .commune import get_commune
from .formats import fmt_date, fmt_int
from .i18n import _
from .identifiers import mask
from .jobs import Job, step

FETCH_CHUNK = 1000

# A serif covering Vietnamese: Times New Roman where the system has it (Windows),
# else Liberation Serif 2.x, else DejaVu Serif. One family only (shared internal names clash).
_FONT_CANDIDATES = [
    ("C:/Windows/Fonts/times.ttf", "C:/Windows/Fonts/timesbd.ttf"),
    ("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
     "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf"),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"),
]
FONT, FONT_BOLD = "RosterSerif", "RosterSerif-Bold"


def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    for regular, bold in _FONT_CANDIDATES:
        if Path(regular).exists() and Path(bold).exists():
            pdfmetrics.registerFont(TTFont(FONT, regular))
            pdfmetrics.registerFont(TTFont(FONT_BOLD, bold))
            return
    raise FileNotFoundError("no Vietnamese serif font found")


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
    if stringWidth(text, FONT, size) <= width:
        return text
    while text and stringWidth(text + "…", FONT, size) > width:
        text = text[:-1]
    return text + "…"


def write_roster_pdf(db: sqlite_utils.Database, f: rq.RosterFilter, path: str | Path, *,
                     mask_ids: bool = True, job: Job | None = None) -> int:
    """Write the list for ``f`` to ``path``. Returns the number of people listed.

    Every body row is one line of the same height, so the rows a page holds are known in
    advance: each page gets its own small Table (header row + that page's rows) and a
    page break. Layout cost stays linear; no table ever spans pages.
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    _register_fonts()
    path = Path(path)
    ids = rq.person_ids(db, f)
    total = len(ids)
    commune = get_commune(db)
    step(job, 0, total, _("Đang chuẩn bị danh sách…"))

    page_w, page_h = landscape(A4)
    margins = dict(leftMargin=15 * mm, rightMargin=12 * mm, topMargin=15 * mm, bottomMargin=15 * mm)
    frame_w = page_w - margins["leftMargin"] - margins["rightMargin"] - 12      # Frame padding 6+6
    frame_h = page_h - margins["topMargin"] - margins["bottomMargin"] - 12
    size, row_h, head_h, pad = 9, 13.5, 26, 3

    title_style = ParagraphStyle("t", fontName=FONT_BOLD, fontSize=14, leading=18, alignment=1)
    sub_style = ParagraphStyle("s", fontName=FONT, fontSize=11, leading=14, alignment=1)
    unit_style = ParagraphStyle("u", fontName=FONT_BOLD, fontSize=11, leading=14)
    head_cell = ParagraphStyle("h", fontName=FONT_BOLD, fontSize=size, leading=11, alignment=1)

    labels = ["STT", _("Họ và tên"), _("Ngày sinh"), _("Giới tính"), _("Mã hộ"), _("Thôn/xóm"),
              _("Số CCCD"), _("Mã số BHXH"), _("Mã đối tượng"), _("Hạn thẻ đến"), _("Tình trạng thẻ"),
              _("Cư trú")]
    weights = [10, 50, 20, 13, 22, 30, 25, 22, 14, 20, 22, 22]
    col_widths = [frame_w * w / sum(weights) for w in weights]
    header = [Paragraph(text, head_cell) for text in labels]
    style = TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, size),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 1), (0, -1), "RIGHT"),
        ("ALIGN", (2, 1), (2, -1), "RIGHT"),
        ("ALIGN", (9, 1), (9, -1), "RIGHT"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ])

    intro = [
        Paragraph((commune.name or "").upper(), unit_style),
        Spacer(1, 3 * mm),
        Paragraph(_("DANH SÁCH NHÂN KHẨU"), title_style),
        Paragraph(_("{what} — tính đến ngày {date} — {n} người").format(
            what=describe_filter(db, f), date=fmt_date(f.as_of), n=fmt_int(total)), sub_style),
        Spacer(1, 3 * mm),
    ]
    intro_h = sum(fl.wrap(frame_w, frame_h)[1] for fl in intro)
    first_rows = int((frame_h - intro_h - head_h) // row_h) - 1
    other_rows = int((frame_h - head_h) // row_h) - 1

    story = list(intro)
    idfmt = mask if mask_ids else (lambda v: v or "")
    fit_cols = {1: col_widths[1], 5: col_widths[5], 10: col_widths[10], 11: col_widths[11]}
    page_rows: list[list[str]] = []
    capacity = first_rows

    def flush() -> None:
        nonlocal page_rows, capacity
        if len(story) > len(intro):
            story.append(PageBreak())
        table = Table([header, *page_rows], colWidths=col_widths,
                      rowHeights=[head_h] + [row_h] * len(page_rows))
        table.setStyle(style)
        story.append(table)
        page_rows, capacity = [], other_rows

    for start in range(0, total, FETCH_CHUNK):
        chunk = ids[start:start + FETCH_CHUNK]
        rows = rq.fetch_rows(db, chunk, f.as_of, f.expiring_days)
        for i, pid in enumerate(chunk):
            r = rows.get(pid)
            if r is None:
                continue
            cells = [
                fmt_int(start + i + 1), r.full_name, rq.birth_text(r), rq.sex_text(r.sex),
                r.household_code, r.village_name, idfmt(r.cccd), idfmt(r.bhxh_code),
                r.card_group or "", fmt_date(r.card_to), rq.card_state_label(r.card_state),
                rq.status_label(r.status),
            ]
            for col, width in fit_cols.items():
                cells[col] = _fit(cells[col], width - 2 * pad, size)
            page_rows.append(cells)
            if len(page_rows) == capacity:
                flush()
        step(job, start + len(chunk), total,
             _("Đã xếp {done}/{total} người…").format(done=fmt_int(start + len(chunk)), total=fmt_int(total)))
    if page_rows:
        flush()
    if not total:
        story.append(Paragraph(_("Không có ai trong danh sách."), sub_style))

    def page_number(canvas, doc) -> None:
        step(job, total, total, _("Đang ghi trang {page}…").format(page=doc.page))   # lets Cancel work
        if doc.page > 1:
            canvas.setFont(FONT, 10)
            canvas.drawCentredString(page_w / 2, page_h - 9 * mm, str(doc.page))

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".pdf.tmp", dir=path.parent)
    os.close(fd)
    try:
        doc = SimpleDocTemplate(tmp, pagesize=landscape(A4), **margins,
                                title=_("Danh sách nhân khẩu"), author=commune.name or "BHYT Desktop",
                                creator="BHYT Desktop")
        doc.build(story, onFirstPage=page_number, onLaterPages=page_number)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return total


def default_file_name(as_of: dt.date) -> str:
    return f"danh-sach-nhan-khau-{as_of:%Y%m%d}.pdf"
