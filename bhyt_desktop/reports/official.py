"""Layout primitives of a Vietnamese administrative document (Decree 30/2020/NĐ-CP, App. I).

Generic and reusable (the weekly report, one-page consolidations, lists): everything takes
plain strings and rows. Stable API:

    family = fonts.register_family()
    st = official_styles(family)
    story = [
        Header(Letterhead("ỦY BAN NHÂN DÂN XÃ AN HÒA", "BAN CHỈ ĐẠO ...", "05", "BC-BCĐ",
                          "An Hòa", date), family),
        *title_block("BÁO CÁO", ["Tiến độ ..."], st),
        Paragraph("...", st.body),
        data_table([["STT", "Thôn"]], rows, widths, st, align="CL", total_rows=1),
        signature_block(Signature("TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", "Nguyễn Văn A"),
                        ["Như trên;", "Lưu: VT."], st),
    ]
    pdf_bytes = build_pdf(story, title="...", author="...")

A4 portrait with margins top/bottom 20 mm, left 30 mm, right 15 mm; a "landscape" page
template for wide tables (``to_landscape()`` / ``to_portrait()``); page numbers centred
at the top from page 2.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from bhyt_desktop.reports.fonts import FontFamily, register_family

PAGE = A4
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20 * mm, 20 * mm, 30 * mm, 15 * mm
# Landscape pages: the binding edge (left in portrait) is at the top.
L_MARGIN_TOP, L_MARGIN_BOTTOM, L_MARGIN_LEFT, L_MARGIN_RIGHT = 25 * mm, 15 * mm, 20 * mm, 20 * mm
FRAME_WIDTH = PAGE[0] - MARGIN_LEFT - MARGIN_RIGHT                     # 165 mm
LANDSCAPE_FRAME_WIDTH = PAGE[1] - L_MARGIN_LEFT - L_MARGIN_RIGHT       # 257 mm
HEADER_LEFT = 72 * mm          # parent / issuing body column; the rest is the motto column

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"


# --- text helpers ----------------------------------------------------------------------

def vn_upper(text: str) -> str:
    """Upper case that keeps Vietnamese letters right (str.upper does; this names it)."""
    return text.upper()


def date_words(d: dt.date) -> str:
    """'ngày 05 tháng 01 năm 2026': leading zero for days < 10 and months 1 and 2."""
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def place_date_line(place: str, d: dt.date) -> str:
    """'An Hòa, ngày 22 tháng 11 năm 2026'."""
    return f"{place}, {date_words(d)}" if place else date_words(d).capitalize()


# Words naming a unit's level: the place name after them is never split across lines.
_LEVELS = ("THÀNH PHỐ", "THỊ TRẤN", "THỊ XÃ", "CƠ SỞ", "XÃ", "PHƯỜNG", "HUYỆN", "TỈNH", "QUẬN",
           "ĐẶC KHU")


def _place_start(words: list[str], i: int) -> int:
    """Index of the first word of a place name if a level word ends at ``i - 1``, else -1."""
    for level in _LEVELS:
        parts = level.split()
        if [w.upper() for w in words[i - len(parts):i]] == parts and i >= len(parts):
            if level == "XÃ" and i < len(words) and words[i].upper() == "HỘI":   # «xã hội»
                return -1
            return i
    return -1


def unit_chunks(text: str) -> list[str]:
    """The words of a unit's name, each place name glued into one chunk
    ('BẢO HIỂM XÃ HỘI CƠ SỞ AN HÒA' -> [..., 'SỞ', 'AN HÒA'])."""
    words, chunks, i = text.split(), [], 0
    while i < len(words):
        if _place_start(words, i) == i:
            j = i + 1
            while j < len(words) and j - i < 4 and _place_start(words, j) != j and \
                    not any(words[j].upper() == lv.split()[0] for lv in _LEVELS):
                j += 1
            chunks.append(" ".join(words[i:j]))
            i = j
        else:
            chunks.append(words[i])
            i += 1
    return chunks


def split_unit_name(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of a unit's name within ``width``, never breaking inside a place name."""
    lines: list[str] = []
    for chunk in unit_chunks(text):
        trial = f"{lines[-1]} {chunk}" if lines else chunk
        if lines and stringWidth(trial, font, size) <= width:
            lines[-1] = trial
        else:
            lines.append(chunk)
    return lines


def place_of_unit(name: str) -> str:
    """The place a unit is named after ('Bảo hiểm xã hội cơ sở An Hòa' -> 'An Hòa'), or ''."""
    words = name.split()
    starts = [i for i in range(1, len(words)) if _place_start(words, i) == i]
    return " ".join(words[starts[-1]:]) if starts else ""


def escape(text: str) -> str:
    """Plain text to Paragraph markup (keeps line breaks)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\n", "<br/>"))


# --- styles ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Styles:
    family: FontFamily
    body: ParagraphStyle          # 14 pt, justified, first line indented
    heading: ParagraphStyle       # "I. KẾT QUẢ ...": bold
    subheading: ParagraphStyle    # "1. Tình hình chung": bold
    title: ParagraphStyle         # "BÁO CÁO"
    summary: ParagraphStyle       # title summary line(s)
    cell: ParagraphStyle          # table cells, 12 pt
    cell_center: ParagraphStyle
    cell_right: ParagraphStyle
    cell_head: ParagraphStyle     # table header, bold centred
    caption: ParagraphStyle       # italic, centred, under charts
    note: ParagraphStyle          # italic 12 pt


def official_styles(family: FontFamily | None = None, body_size: float = 14,
                    cell_size: float = 12) -> Styles:
    f = family or register_family()
    lead = body_size * 1.25
    body = ParagraphStyle("body", fontName=f.regular, fontSize=body_size, leading=lead,
                          alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceBefore=0,
                          spaceAfter=4)
    cell = ParagraphStyle("cell", fontName=f.regular, fontSize=cell_size,
                          leading=cell_size * 1.18, alignment=TA_LEFT)
    return Styles(
        family=f,
        body=body,
        heading=ParagraphStyle("heading", parent=body, fontName=f.bold, spaceBefore=6,
                               keepWithNext=1),
        subheading=ParagraphStyle("subheading", parent=body, fontName=f.bold, spaceBefore=3,
                                  keepWithNext=1),
        title=ParagraphStyle("title", fontName=f.bold, fontSize=14, leading=17,
                             alignment=TA_CENTER),
        summary=ParagraphStyle("summary", fontName=f.bold, fontSize=14, leading=17,
                               alignment=TA_CENTER),
        cell=cell,
        cell_center=ParagraphStyle("cell_center", parent=cell, alignment=TA_CENTER),
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_head=ParagraphStyle("cell_head", parent=cell, fontName=f.bold,
                                 alignment=TA_CENTER),
        caption=ParagraphStyle("caption", fontName=f.italic, fontSize=12, leading=15,
                               alignment=TA_CENTER, spaceBefore=2, spaceAfter=6),
        note=ParagraphStyle("note", fontName=f.italic, fontSize=12, leading=15,
                            alignment=TA_LEFT),
    )


# --- the header block ------------------------------------------------------------------

@dataclass(frozen=True)
class Letterhead:
    parent_body: str            # "ỦY BAN NHÂN DÂN XÃ AN HÒA" (caps, plain); may be ""
    issuing_body: str           # "BAN CHỈ ĐẠO THỰC HIỆN CHÍNH SÁCH BHXH, BHYT" (caps, bold)
    number: str                 # "05"; "" leaves room to write it by hand
    symbol: str                 # "BC-BCĐ"
    place: str                  # "An Hòa"
    date: dt.date

    @property
    def number_line(self) -> str:
        number = self.number.strip() or "\u00a0" * 8
        return f"Số: {number}/{self.symbol}" if self.symbol else f"Số: {number}"


def _fit(text: str, font: str, sizes: Sequence[float], width: float) -> float:
    for size in sizes:
        if stringWidth(text, font, size) <= width:
            return size
    return sizes[-1]


class Header(Flowable):
    """Issuing body (left) and national motto (right), number and place-date below."""

    def __init__(self, letterhead: Letterhead, family: FontFamily | None = None,
                 left_width: float = HEADER_LEFT):
        super().__init__()
        self.lh = letterhead
        self.f = family or register_family()
        self.left_width = left_width

    def _layout(self, width: float):
        f, lh = self.f, self.lh
        lw, rw = self.left_width, width - self.left_width
        pad = 2 * mm
        left: list[tuple[str, str, float]] = []
        for line in split_unit_name(vn_upper(lh.parent_body), f.regular, 13, lw - pad):
            left.append((line, f.regular, 13))
        for line in split_unit_name(vn_upper(lh.issuing_body), f.bold, 13, lw - pad):
            left.append((line, f.bold, 13))
        motto_size = _fit(MOTTO, f.bold, (13, 12.5, 12, 11.5, 11), rw - pad)
        right = [(MOTTO, f.bold, motto_size), (MOTTO_2, f.bold, 14 if motto_size >= 12 else 13)]
        return lw, rw, left, right

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        lw, rw, left, right = self._layout(avail_width)
        top = max(sum(s * 1.2 for _t, _f, s in left), sum(s * 1.2 for _t, _f, s in right))
        self.height = top + 5 * mm + 14 * 1.3 + 2
        return avail_width, self.height

    def draw(self):
        c, f, lh = self.canv, self.f, self.lh
        lw, rw, left, right = self._layout(self.width)
        y0 = self.height
        c.setLineWidth(0.6)
        # Left column: parent body, issuing body, a short rule under the issuing body.
        y = y0
        bold_widths = []
        for text, font, size in left:
            y -= size * 1.2
            c.setFont(font, size)
            c.drawCentredString(lw / 2, y + size * 0.2, text)
            if font == f.bold:
                bold_widths.append(stringWidth(text, font, size))
        if bold_widths:
            rule = max(bold_widths) * 0.4
            c.line(lw / 2 - rule / 2, y - 2.5, lw / 2 + rule / 2, y - 2.5)
        left_bottom = y
        # Right column: motto, subtitle with a full-length rule.
        y = y0
        cx = lw + rw / 2
        for text, font, size in right:
            y -= size * 1.2
            c.setFont(font, size)
            c.drawCentredString(cx, y + size * 0.2, text)
        w2 = stringWidth(right[1][0], right[1][1], right[1][2])
        c.line(cx - w2 / 2, y - 2.5, cx + w2 / 2, y - 2.5)
        # Number (left) and place-date (right) on one line.
        base = min(left_bottom, y) - 5 * mm - 14 + 2
        c.setFont(f.regular, 13)
        c.drawCentredString(lw / 2, base, lh.number_line)
        c.setFont(f.italic, 14)
        c.drawCentredString(cx, base, place_date_line(lh.place, lh.date))


class Rule(Flowable):
    """A centred horizontal line."""

    def __init__(self, length: float, thickness: float = 0.6, space: float = 4):
        super().__init__()
        self.length, self.thickness, self.space = length, thickness, space

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        return avail_width, self.space * 2

    def draw(self):
        self.canv.setLineWidth(self.thickness)
        x = (self.width - self.length) / 2
        self.canv.line(x, self.space, x + self.length, self.space)


def title_block(kind: str, summary_lines: Sequence[str], st: Styles) -> list[Flowable]:
    """'BÁO CÁO' in bold caps, the summary line(s) in bold, a short rule below."""
    out: list[Flowable] = [Spacer(1, 8 * mm), Paragraph(escape(vn_upper(kind)), st.title)]
    longest = 0.0
    for line in summary_lines:
        out.append(Paragraph(escape(line), st.summary))
        longest = max(longest, min(stringWidth(line, st.summary.fontName, st.summary.fontSize),
                                   FRAME_WIDTH))
    if summary_lines:
        out.append(Rule(max(30 * mm, longest / 3)))
    out.append(Spacer(1, 5 * mm))
    return out


# --- signature and recipients ----------------------------------------------------------

@dataclass(frozen=True)
class Signature:
    authority: str = "TM. BAN CHỈ ĐẠO"    # "TM." / "KT." + body, caps
    position: str = "TRƯỞNG BAN"          # caps
    name: str = ""                        # signer's full name (bold); "" leaves it blank


def signature_block(sig: Signature, recipients: Sequence[str], st: Styles,
                    width: float = FRAME_WIDTH, sign_space: float = 26 * mm) -> Flowable:
    """'Nơi nhận:' (left, 12 pt bold italic; list 11 pt) beside the signature (right).

    ``recipients`` are the lines without the leading dash; the last one should be the
    archive line ("Lưu: VT, BCĐ."). Lines get "- " and a final ";" unless they end in
    punctuation already.
    """
    f = st.family
    rec_title = ParagraphStyle("rec_title", fontName=f.bold_italic, fontSize=12, leading=14)
    rec_line = ParagraphStyle("rec_line", fontName=f.regular, fontSize=11, leading=13,
                              leftIndent=0)
    sig_style = ParagraphStyle("sig", fontName=f.bold, fontSize=14, leading=17,
                               alignment=TA_CENTER)
    left: list[Flowable] = []
    if recipients:
        left.append(Paragraph("Nơi nhận:", rec_title))
        for i, line in enumerate(recipients):
            line = line.strip().lstrip("-").strip()
            if not line:
                continue
            if line[-1] not in ".;:,":
                line += "." if i == len(recipients) - 1 else ";"
            left.append(Paragraph("- " + escape(line), rec_line))
    right: list[Flowable] = [Paragraph(escape(vn_upper(sig.authority)), sig_style)]
    if sig.position:
        right.append(Paragraph(escape(vn_upper(sig.position)), sig_style))
    right.append(Spacer(1, sign_space))
    if sig.name:
        right.append(Paragraph(escape(sig.name), sig_style))
    left_w = width * 0.48
    table = Table([[left, right]], colWidths=[left_w, width - left_w])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), f.regular, 12),   # else Table declares Helvetica
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (0, 0), 4),      # "Nơi nhận" a little lower than "TM."
    ]))
    return KeepTogether([Spacer(1, 4 * mm), table])


# --- tables ----------------------------------------------------------------------------

def cell_widths(rows: Sequence[Sequence[str]], font: str, size: float,
                pad: float = 6) -> list[float]:
    """The natural width of each column (the widest cell, one line) plus padding."""
    n = max(len(r) for r in rows)
    out = [0.0] * n
    for r in rows:
        for i, text in enumerate(r):
            longest = max((stringWidth(part, font, size) for part in str(text).split("\n")),
                          default=0)
            out[i] = max(out[i], longest + pad)
    return out


def data_table(header_rows: Sequence[Sequence[str]], rows: Sequence[Sequence[str]],
               col_widths: Sequence[float], st: Styles, *, align: str = "",
               total_rows: int = 0, spans: Sequence[tuple] = (), repeat_header: bool = True,
               font_size: float | None = None) -> Table:
    """A ruled table: bold centred header rows, body cells aligned per ``align``.

    ``align`` holds one letter per column: L(eft), C(entre), R(ight) (default L).
    The last ``total_rows`` rows are bold. ``spans`` are reportlab SPAN commands'
    ((col0, row0), (col1, row1)) pairs, counted over header + body rows.
    """
    size = font_size or st.cell.fontSize
    head = ParagraphStyle("h", parent=st.cell_head, fontSize=size, leading=size * 1.18)
    styles = {
        "L": ParagraphStyle("l", parent=st.cell, fontSize=size, leading=size * 1.18),
        "C": ParagraphStyle("c", parent=st.cell_center, fontSize=size, leading=size * 1.18),
        "R": ParagraphStyle("r", parent=st.cell_right, fontSize=size, leading=size * 1.18),
    }
    bold = {k: ParagraphStyle(k + "b", parent=v, fontName=st.family.bold)
            for k, v in styles.items()}
    n = len(col_widths)
    align = (align or "").ljust(n, "L")
    data = [[Paragraph(escape(str(c)), head) for c in r] for r in header_rows]
    body_start = len(header_rows)
    for i, r in enumerate(rows):
        is_total = i >= len(rows) - total_rows
        data.append([Paragraph(escape(str(c)), (bold if is_total else styles)[align[j]])
                     for j, c in enumerate(r)])
    table = Table(data, colWidths=list(col_widths), repeatRows=len(header_rows) if repeat_header else 0)
    cmds = [
        ("FONT", (0, 0), (-1, -1), st.family.regular, size),   # else Table declares Helvetica
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:
        cmds.append(("BACKGROUND", (0, 0), (-1, body_start - 1), colors.Color(0.93, 0.93, 0.93)))
    for a, b in spans:
        cmds.append(("SPAN", a, b))
    table.setStyle(TableStyle(cmds))
    return table


# --- the document ----------------------------------------------------------------------

def _page_number(canvas, doc) -> None:
    if doc.page < 2:
        return
    family = getattr(doc, "family", None) or register_family()
    width, height = canvas._pagesize
    canvas.saveState()
    canvas.setFont(family.regular, 13)
    canvas.drawCentredString(width / 2, height - 12 * mm, str(doc.page))
    canvas.restoreState()


def make_doc(target, *, title: str = "", author: str = "", subject: str = "",
             family: FontFamily | None = None) -> BaseDocTemplate:
    """A4 document with 'portrait' (first) and 'landscape' page templates."""
    pw, ph = PAGE
    portrait_frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, pw - MARGIN_LEFT - MARGIN_RIGHT,
                           ph - MARGIN_TOP - MARGIN_BOTTOM, id="portrait",
                           leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    lw, lh = landscape(PAGE)
    landscape_frame = Frame(L_MARGIN_LEFT, L_MARGIN_BOTTOM, lw - L_MARGIN_LEFT - L_MARGIN_RIGHT,
                            lh - L_MARGIN_TOP - L_MARGIN_BOTTOM, id="landscape",
                            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    family = family or register_family()
    # Our font as the canvas's initial font: otherwise reportlab declares Helvetica.
    doc = BaseDocTemplate(target, pagesize=PAGE, title=title, author=author, subject=subject,
                          creator="BHYT Desktop", pageCompression=1,
                          initialFontName=family.regular, initialFontSize=14)
    doc.family = family
    doc.addPageTemplates([
        PageTemplate("portrait", [portrait_frame], onPage=_page_number, pagesize=PAGE),
        PageTemplate("landscape", [landscape_frame], onPage=_page_number,
                     pagesize=landscape(PAGE)),
    ])
    return doc


def to_landscape() -> list[Flowable]:
    return [NextPageTemplate("landscape"), PageBreak()]


def to_portrait() -> list[Flowable]:
    return [NextPageTemplate("portrait"), PageBreak()]


def build_pdf(story: list[Flowable], *, title: str = "", author: str = "", subject: str = "",
              family: FontFamily | None = None) -> bytes:
    """Lay the story out on A4 and return the PDF bytes."""
    buf = io.BytesIO()
    doc = make_doc(buf, title=title, author=author, subject=subject, family=family)
    doc.build(story)
    return buf.getvalue()
