"""The printable roster list: the current filtered list as an A4 landscape PDF.

IDs are masked by default (identifiers.mask). Rows are read from SQLite in chunks and
laid out as one reportlab Table per chunk of ``ROWS_PER_TABLE`` rows (never one huge
LongTable, see ENGINEERING.md). The file is written next to the target and moved into
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

ROWS_PER_TABLE = 40
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


def write_roster_pdf(db: sqlite_utils.Database, f: rq.RosterFilter, path: str | Path, *,
                     mask_ids: bool = True, job: Job | None = None) -> int:
    """Write the list for ``f`` to ``path``. Returns the number of people listed."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    _register_fonts()
    path = Path(path)
    ids = rq.person_ids(db, f)
    total = len(ids)
    commune = get_commune(db)
    steps = 2 * total + 1            # reading rows, then laying out pages
    step(job, 0, steps, _("Đang chuẩn bị danh sách…"))

    title_style = ParagraphStyle("t", fontName=FONT_BOLD, fontSize=14, leading=18, alignment=1)
    sub_style = ParagraphStyle("s", fontName=FONT, fontSize=11, leading=14, alignment=1)
    head_style = ParagraphStyle("h", fontName=FONT_BOLD, fontSize=10, leading=12)
    cell = ParagraphStyle("c", fontName=FONT, fontSize=9, leading=11)

    headers = ["STT", _("Họ và tên"), _("Ngày sinh"), _("Giới tính"), _("Mã hộ"), _("Thôn/xóm"),
               _("Số CCCD"), _("Mã số BHXH"), _("Mã đối tượng"), _("Hạn thẻ đến"), _("Tình trạng thẻ"),
               _("Cư trú")]
    widths = [12, 48, 22, 15, 24, 32, 27, 24, 16, 22, 24, 24]
    col_widths = [w * mm for w in widths]
    style = TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 9),
        ("FONT", (0, 0), (-1, 0), FONT_BOLD, 9),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 1), (0, -1), "RIGHT"),
        ("ALIGN", (2, 1), (2, -1), "RIGHT"),
        ("ALIGN", (9, 1), (9, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ])

    story = [
        Paragraph((commune.name or "").upper(), head_style),
        Spacer(1, 4 * mm),
        Paragraph(_("DANH SÁCH NHÂN KHẨU"), title_style),
        Paragraph(_("{what} — tính đến ngày {date} — {n} người").format(
            what=describe_filter(db, f), date=fmt_date(f.as_of), n=fmt_int(total)), sub_style),
        Spacer(1, 4 * mm),
    ]
    idfmt = mask if mask_ids else (lambda v: v or "")
    done = 0
    for start in range(0, total, FETCH_CHUNK):
        chunk = ids[start:start + FETCH_CHUNK]
        rows = rq.fetch_rows(db, chunk, f.as_of, f.expiring_days)
        body = []
        for i, pid in enumerate(chunk):
            r = rows.get(pid)
            if r is None:
                continue
            body.append([
                str(start + i + 1), Paragraph(r.full_name, cell), rq.birth_text(r), rq.sex_text(r.sex),
                r.household_code, Paragraph(r.village_name, cell), idfmt(r.cccd), idfmt(r.bhxh_code),
                r.card_group or "", fmt_date(r.card_to), rq.card_state_label(r.card_state),
                rq.status_label(r.status),
            ])
        for t0 in range(0, len(body), ROWS_PER_TABLE):
            table = Table([headers, *body[t0:t0 + ROWS_PER_TABLE]], colWidths=col_widths, repeatRows=1)
            table.setStyle(style)
            story.append(table)
        done += len(chunk)
        step(job, done, steps, _("Đã đọc {done}/{total} người…").format(done=fmt_int(done), total=fmt_int(total)))
    if not total:
        story.append(Paragraph(_("Không có ai trong danh sách."), sub_style))

    def page_number(canvas, doc) -> None:
        # Called once per page while laying out: progress, and the chance to cancel.
        step(job, min(2 * total, total + doc.page * ROWS_PER_TABLE), steps,
             _("Đang dàn trang {page}…").format(page=doc.page))
        if doc.page > 1:
            canvas.setFont(FONT, 10)
            canvas.drawCentredString(landscape(A4)[0] / 2, landscape(A4)[1] - 10 * mm, str(doc.page))

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".pdf.tmp", dir=path.parent)
    os.close(fd)
    try:
        doc = SimpleDocTemplate(tmp, pagesize=landscape(A4), leftMargin=15 * mm, rightMargin=12 * mm,
                                topMargin=15 * mm, bottomMargin=15 * mm,
                                title=_("Danh sách nhân khẩu"), author=commune.name or "BHYT Desktop",
                                creator="BHYT Desktop")
        doc.build(story, onFirstPage=page_number, onLaterPages=page_number)
        step(job, steps, steps)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return total


def default_file_name(as_of: dt.date) -> str:
    return f"danh-sach-nhan-khau-{as_of:%Y%m%d}.pdf"
