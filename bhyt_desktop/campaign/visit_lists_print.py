"""The door-to-door lists on paper (A4 portrait PDF) and as a workbook (.xlsx).

One village per section, each on a new page: a table grouped by household (a household row
with its code, head, address, phone, type and what it would pay, then the members to visit),
a tick box «Đã vận động» and room for notes on every line, the village's total and
signature lines for the village head. A summary of every village ends the document. IDs are
masked unless asked; every page says it holds personal data. Black on white, grey only as a
light fill, so it prints and photocopies in black and white.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import sqlite_utils

from bhyt_desktop.campaign.contribution import money_text
from bhyt_desktop.campaign.visit_lists import (
    MONTHS,
    VisitHousehold,
    VisitLists,
    VisitPerson,
    household_type_label,
    kind_title,
)
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import fmt_date, fmt_int
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.identifiers import mask
from bhyt_desktop.common.jobs import Job, step
from bhyt_desktop.commune.details import get_commune
from bhyt_desktop.coverage.definitions import card_state_label
from bhyt_desktop.reports.output import write_pdf

COL_MM = (8, 37, 9, 10, 25, 17, 21, 21, 12, 20)      # 180 mm: A4 less 18 + 12 mm margins


def personal_data_note() -> str:
    return _("TÀI LIỆU CÓ THÔNG TIN CÁ NHÂN — chỉ dùng để vận động tham gia BHYT, không sao chụp, không để lộ")


def column_labels() -> list[str]:
    return ["STT", _("Họ và tên"), _("Tuổi"), _("Mã ĐT"), _("Tình trạng thẻ"), _("Hạn thẻ đến"),
            _("Mã số BHXH"), _("Số tiền {n} tháng").format(n=MONTHS), _("Đã vận động"), _("Ghi chú")]


def _id_text(p: VisitPerson, show_ids: bool) -> str:
    value = p.bhxh_code or p.cccd or ""
    return value if show_ids else mask(value)


def person_cells(p: VisitPerson, show_ids: bool) -> list[str]:
    """Name, age, group, state, end date, ID, amount: what every list shows of a person."""
    return [p.name, "" if p.age is None else str(p.age), p.group_code, card_state_label(p.state),
            fmt_date(p.card_to), _id_text(p, show_ids),
            "" if p.amount is None else money_text(p.amount)]


def household_line(h: VisitHousehold) -> str:
    parts = [_("Hộ {code}").format(code=h.code), _("Chủ hộ: {name}").format(name=h.head or "—")]
    if h.address:
        parts.append(h.address)
    if h.phone:
        parts.append(_("ĐT: {phone}").format(phone=h.phone))
    parts.append(household_type_label(h.household_type))
    if any(p.amount is not None for p in h.people):   # else all hold another group's card
        parts.append(_("Hộ đóng {n} tháng: {amount}").format(n=MONTHS, amount=money_text(h.amount)))
    return " — ".join(parts)


def write_pdf_lists(db: sqlite_utils.Database, lists: VisitLists, path: str | os.PathLike,
                    *, show_ids: bool = False, job: Job | None = None) -> Path:
    return write_pdf(path, pdf_bytes(db, lists, show_ids=show_ids, job=job))


def pdf_bytes(db: sqlite_utils.Database, lists: VisitLists, *, show_ids: bool = False,
              job: Job | None = None) -> bytes:
    """The PDF in memory (written by the caller in one go: never half a file). ``job`` gets
    a step per village while the pages are laid out, then one per page drawn."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, SimpleDocTemplate

    from bhyt_desktop.reports.fonts import register_family

    font = register_family()
    commune = get_commune(db)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=18 * mm, rightMargin=12 * mm,
                            topMargin=20 * mm, bottomMargin=16 * mm,
                            title=_("Danh sách vận động tham gia BHYT"),
                            initialFontName=font.regular, initialFontSize=10,   # else Helvetica
                            author=commune.name or "BHYT Desktop", creator="BHYT Desktop")
    st = _styles(font)
    story: list = []
    for i, village in enumerate(lists.villages):
        step(job, i, len(lists.villages), _("Đang dàn trang {village}…").format(village=village.name))
        if i:
            story.append(PageBreak())
        story += _village_story(lists, village, commune.name, st, show_ids,
                                (doc.width - 12, doc.height - 12))    # the frame less its padding
    if len(lists.villages) > 1:
        story.append(PageBreak())
        story += _totals_story(lists, st)

    pages = max(1, sum(isinstance(f, PageBreak) for f in story) + 1)

    def on_page(canvas, doc_) -> None:
        step(job, min(doc_.page, pages), pages, _("Đang ghi trang {n}…").format(n=doc_.page))
        w, h = A4
        canvas.saveState()
        canvas.setFont(font.italic, 8.5)
        canvas.drawString(18 * mm, h - 11 * mm, personal_data_note())
        canvas.setFont(font.regular, 9)
        canvas.drawRightString(w - 12 * mm, 9 * mm, _("Trang {n}").format(n=doc_.page))
        canvas.drawString(18 * mm, 9 * mm, (commune.name or "") + " — " + fmt_date(lists.as_of))
        canvas.restoreState()

    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()


def _styles(font) -> dict:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    base = ParagraphStyle("b", fontName=font.regular, fontSize=9.5, leading=11.5)
    return {
        "font": font,
        "cell": base,
        "head": ParagraphStyle("h", parent=base, fontName=font.bold, alignment=TA_CENTER, fontSize=9),
        "household": ParagraphStyle("hh", parent=base, fontName=font.bold),
        "title": ParagraphStyle("t", parent=base, fontName=font.bold, fontSize=13.5, leading=17,
                                alignment=TA_CENTER, spaceAfter=2),
        "sub": ParagraphStyle("s", parent=base, fontSize=11, leading=14, alignment=TA_CENTER),
        "small": ParagraphStyle("sm", parent=base, fontName=font.italic, fontSize=9, leading=11),
        "commune": ParagraphStyle("c", parent=base, fontName=font.bold, fontSize=11, leading=14),
        "sign": ParagraphStyle("sg", parent=base, fontName=font.bold, fontSize=11, leading=14,
                               alignment=TA_CENTER),
        "sign_note": ParagraphStyle("sn", parent=base, fontName=font.italic, alignment=TA_CENTER),
    }


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class TickBox:
    """An empty square to tick by hand (a flowable; fonts rarely have ☐)."""

    def __new__(cls, size: float = 8.5):
        from reportlab.platypus.flowables import Flowable

        class _Box(Flowable):
            def wrap(self, aw, ah):
                return size, size

            def draw(self):
                self.canv.setLineWidth(0.8)
                self.canv.rect(0, 0, size, size)
        return _Box()


def _village_story(lists: VisitLists, village, commune_name: str, st: dict, show_ids: bool,
                   frame: tuple[float, float]) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    story: list = [
        Paragraph(_esc((commune_name or "").upper()), st["commune"]),
        Spacer(1, 3 * mm),
        Paragraph(_("DANH SÁCH HỘ GIA ĐÌNH CẦN VẬN ĐỘNG THAM GIA BHYT"), st["title"]),
        Paragraph(_esc(kind_title(lists.kind, lists.days)), st["sub"]),
        Paragraph(_esc(_("{village} — tính đến ngày {date}").format(
            village=village.name, date=fmt_date(lists.as_of))), st["sub"]),
        Spacer(1, 2 * mm),
        Paragraph(_esc(_("Số tiền: phần hộ phải đóng cho {n} tháng theo mức ngày {date}, đã trừ phần "
                         "Nhà nước và tỉnh hỗ trợ; để trống khi người đó đã có thẻ nhóm khác. "
                         "Mã ĐT: mã đối tượng của thẻ gần nhất.").format(
            n=MONTHS, date=fmt_date(lists.as_of))), st["small"]),
        Spacer(1, 2 * mm),
    ]
    width, height = frame
    used = sum(f.wrap(width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in story)
    if not village.households:
        story.append(Paragraph(_("Không có ai trong danh sách."), st["cell"]))
    else:
        story += _village_tables(village, st, show_ids, width, height - used, height)
    story += [
        Spacer(1, 3 * mm),
        Paragraph(_esc(_("Cộng {village}: {h} hộ, {p} người; số tiền các hộ phải đóng: {amount}.").format(
            village=village.name, h=fmt_int(len(village.households)), p=fmt_int(village.people),
            amount=money_text(village.amount))), st["household"]),
        Spacer(1, 8 * mm),
        _signatures(st),
    ]
    return story


TABLE_STYLE: list[tuple] = [
    ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("ALIGN", (2, 0), (2, -1), "RIGHT"), ("ALIGN", (5, 0), (5, -1), "RIGHT"),
    ("ALIGN", (7, 0), (7, -1), "RIGHT"), ("ALIGN", (8, 0), (8, -1), "CENTER"),
    ("LEFTPADDING", (0, 0), (-1, -1), 2.5), ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
]
SAFETY = 4      # points kept free at the bottom of each page's table


def _fit(text: str, font: str, width: float, size: float = 9) -> str:
    """``text``, cut with an ellipsis if wider than ``width`` points (rows stay one line)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _village_tables(village, st: dict, show_ids: bool, width: float, first_room: float,
                    page_room: float) -> list:
    """The village's table cut into one table per page, each with the column headings, whole
    households on each page (a household taller than a page is split). Paginating here keeps
    the work linear: one big table split by reportlab page after page is quadratic."""
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, Table

    widths = [w * mm for w in COL_MM]
    font = st["font"].regular
    header = [Paragraph(_esc(c), st["head"]) for c in column_labels()]
    header_h = Table([header], colWidths=widths, style=TABLE_STYLE).wrap(width, page_room)[1]
    blocks: list[tuple[list[list], float]] = []
    number = 0
    for h in village.households:
        rows: list[list] = [[Paragraph(_esc(household_line(h)), st["household"])] + [""] * 9]
        for p in h.people:
            number += 1
            name, age, group, state, *rest = person_cells(p, show_ids)
            rows.append([str(number), _fit(name, font, widths[1] - 5), age, group,
                         _fit(state, font, widths[4] - 5), *rest, TickBox(), ""])
        height = Table(rows, colWidths=widths, style=_style(rows, font)).wrap(width, page_room)[1]
        blocks.append((rows, height))
    out: list = []
    room, chunk, used = first_room, [header], header_h
    for rows, height in blocks:
        if len(chunk) > 1 and used + height > room - SAFETY:
            out += [_table(chunk, widths, font), PageBreak()]
            room, chunk, used = page_room, [header], header_h
        chunk += rows
        used += height
    out.append(_table(chunk, widths, font))
    return out


def _style(rows: list[list], font: str, first: int = 0) -> list[tuple]:
    style: list[tuple] = [("FONT", (0, 0), (-1, -1), font, 9), *TABLE_STYLE]
    for r, row in enumerate(rows[first:], first):
        if row[1] == "":          # a household's row: spans the table
            style += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), (0.94, 0.94, 0.94))]
    return style


def _table(rows: list[list], widths: list[float], font: str):
    from reportlab.platypus import Table
    style = _style(rows, font, first=1)
    style.append(("BACKGROUND", (0, 0), (-1, 0), (0.88, 0.88, 0.88)))
    return Table(rows, colWidths=widths, repeatRows=1, style=style)


def _signatures(st: dict):
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table

    cells = [[Paragraph(_("NGƯỜI LẬP DANH SÁCH"), st["sign"]), Paragraph(_("TRƯỞNG THÔN"), st["sign"])],
             [Paragraph(_("(Ký, ghi rõ họ tên)"), st["sign_note"]),
              Paragraph(_("(Ký, ghi rõ họ tên)"), st["sign_note"])],
             ["", ""]]
    return Table(cells, colWidths=[90 * mm, 90 * mm], rowHeights=[None, None, 22 * mm],
                 style=[("FONT", (0, 0), (-1, -1), st["font"].regular, 10)])   # else Helvetica


def _totals_story(lists: VisitLists, st: dict) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table

    rows = [[Paragraph(_esc(c), st["head"]) for c in
             ("STT", _("Thôn/xóm"), _("Số hộ"), _("Số người"), _("Số tiền các hộ phải đóng"))]]
    for i, v in enumerate(lists.villages, 1):
        rows.append([str(i), Paragraph(_esc(v.name), st["cell"]), fmt_int(len(v.households)),
                     fmt_int(v.people), money_text(v.amount)])
    rows.append(["", Paragraph(_("Tổng cộng"), st["household"]), fmt_int(lists.households),
                 fmt_int(lists.people), money_text(lists.amount)])
    table = Table(rows, colWidths=[12 * mm, 70 * mm, 25 * mm, 25 * mm, 48 * mm], repeatRows=1, style=[
        ("FONT", (0, 0), (-1, -1), st["font"].regular, 10),
        ("FONT", (0, -1), (-1, -1), st["font"].bold, 10),
        ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)),
        ("BACKGROUND", (0, 0), (-1, 0), (0.88, 0.88, 0.88)),
        ("ALIGN", (2, 1), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ])
    return [Paragraph(_("TỔNG HỢP DANH SÁCH VẬN ĐỘNG"), st["title"]),
            Paragraph(_esc(f"{lists.scope} — " + kind_title(lists.kind, lists.days)), st["sub"]),
            Paragraph(_esc(_("Tính đến ngày {date}").format(date=fmt_date(lists.as_of))), st["sub"]),
            Spacer(1, 4 * mm), table]


# --- workbook -----------------------------------------------------------------------------

XLSX_WIDTHS = (16, 12, 24, 20, 14, 24, 7, 28, 6, 8, 20, 12, 14, 14, 12, 24)


def write_xlsx_lists(db: sqlite_utils.Database, lists: VisitLists, path: str | os.PathLike,
                     *, show_ids: bool = False, job: Job | None = None) -> Path:
    """One sheet, one row per person, the household's details on every row (to sort and
    filter), and a summary sheet. Text goes through common/sheet_text."""
    from openpyxl import Workbook

    from bhyt_desktop.common.scratch import openpyxl_scratch_in
    from bhyt_desktop.common.sheet_text import text_cell
    from bhyt_desktop.export.sheets import check_target, print_setup, save_atomically

    out = check_target(path)
    commune = get_commune(db)
    with openpyxl_scratch_in(out.parent):
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(_("Danh sách vận động"))
        for i, w in enumerate(XLSX_WIDTHS):
            ws.column_dimensions[chr(ord("A") + i)].width = w
        print_setup(ws, landscape=True, header_row=4)        # A4 across, header on every page
        t = lambda v: text_cell(ws, v)  # noqa: E731
        bold = _bold_cell(ws)
        b = lambda v: text_cell(ws, v, bold)  # noqa: E731
        money = _money_cell(ws)
        ws.append([b(_("DANH SÁCH HỘ GIA ĐÌNH CẦN VẬN ĐỘNG THAM GIA BHYT"))])
        ws.append([t(f"{commune.name} — {lists.scope} — {kind_title(lists.kind, lists.days)} — "
                     + _("tính đến ngày {date}").format(date=fmt_date(lists.as_of)))])
        ws.append([t(personal_data_note())])
        heading = _bold_cell(ws, wrap=True)
        ws.row_dimensions[4].height = 30                      # the long headings on two lines
        ws.append([text_cell(ws, c, heading) for c in (_("Thôn/xóm"), _("Mã hộ"), _("Chủ hộ"), _("Địa chỉ"), _("Điện thoại"),
                                  _("Loại hộ"), "STT", _("Họ và tên"), _("Tuổi"), _("Mã ĐT"),
                                  _("Tình trạng thẻ"), _("Hạn thẻ đến"), _("Mã số BHXH"),
                                  _("Số tiền {n} tháng (đồng)").format(n=MONTHS), _("Đã vận động"),
                                  _("Ghi chú"))])
        number = 0
        for i, v in enumerate(lists.villages):
            step(job, i, len(lists.villages), _("Đang ghi {village}…").format(village=v.name))
            for h in v.households:
                for p in h.people:
                    number += 1
                    name, age, group, state, end, ident, _money = person_cells(p, show_ids)
                    ws.append([t(v.name), t(h.code), t(h.head), t(h.address), t(h.phone),
                               t(household_type_label(h.household_type)), number, t(name),
                               p.age, t(group), t(state), t(end), t(ident), text_cell(ws, p.amount, money), "", ""])
        summary = wb.create_sheet(_("Tổng hợp"))
        print_setup(summary, landscape=False, header_row=1)
        for col, w in zip("ABCD", (24, 12, 12, 32), strict=True):
            summary.column_dimensions[col].width = w
        summary.append([text_cell(summary, c, _bold_cell(summary)) for c in (_("Thôn/xóm"), _("Số hộ"), _("Số người"),
                                       _("Số tiền các hộ phải đóng (đồng)"))])
        total = _money_cell(summary)
        for v in lists.villages:
            summary.append([t(v.name), len(v.households), v.people, text_cell(summary, v.amount, total)])
        summary.append([t(_("Tổng cộng")), lists.households, lists.people, text_cell(summary, lists.amount, total)])
        return save_atomically(wb, out)


def _bold_cell(ws, *, wrap: bool = False):
    """A bold cell style for titles and (wrapped) column headings."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    cell = WriteOnlyCell(ws)
    cell.font = Font(bold=True)
    cell.alignment = Alignment(vertical="center", wrap_text=wrap)
    return cell


def _money_cell(ws):
    """Amounts in đồng with thousands separators (1.234.567 in a Vietnamese Excel)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws)
    cell.number_format = "#,##0"
    return cell


def write_lists(db: sqlite_utils.Database, lists: VisitLists, path: str | os.PathLike,
                *, show_ids: bool = False, job: Job | None = None) -> Path:
    """By the file's extension: .pdf or .xlsx."""
    suffix = Path(path).suffix.lower()
    if suffix == ".pdf":
        return write_pdf_lists(db, lists, path, show_ids=show_ids, job=job)
    if suffix == ".xlsx":
        return write_xlsx_lists(db, lists, path, show_ids=show_ids, job=job)
    raise UserError(_("Tệp danh sách phải có đuôi .pdf hoặc .xlsx: «{name}».").format(name=Path(path).name))
