"""The month's incentive sheet for collectors and village heads (seed 004), as an official
document (PDF, A4 portrait) and as a workbook (XLSX).

PDF: letterhead, title «BẢNG TỔNG HỢP THÙ LAO VẬN ĐỘNG NGƯỜI THAM GIA BHYT», the rule and the
rate with its source, the summary by collector (cards, amount, a column to sign for the
money), each collector's new cards with their holders (IDs masked), cards credited to
nobody (not paid), and the signatures (the preparer, the accountant, the committee).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import sqlite_utils
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from bhyt_desktop.campaign.incentive import IncentiveCard, IncentiveSheet
from bhyt_desktop.common import clock
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import fmt_date, fmt_int
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.scratch import openpyxl_scratch_in
from bhyt_desktop.common.sheet_text import text_cell
from bhyt_desktop.commune.details import get_commune
from bhyt_desktop.reports.fonts import register_family
from bhyt_desktop.reports.letterhead import letterhead
from bhyt_desktop.reports.official import (
    FRAME_WIDTH,
    Header,
    Letterhead,
    Styles,
    build_pdf,
    data_table,
    escape,
    official_styles,
    title_block,
)
from bhyt_desktop.reports.output import write_pdf

TITLE = "BẢNG TỔNG HỢP"
PERSONAL = "Tài liệu có thông tin cá nhân: số định danh đã che, chỉ dùng để chi trả thù lao."


def money(n: int) -> str:
    return f"{fmt_int(n)} đ"


def month_name(sheet: IncentiveSheet) -> str:
    return f"tháng {sheet.start.month:02d}/{sheet.start.year}"


def rule_text(sheet: IncentiveSheet) -> str:
    since = f"áp dụng từ ngày {fmt_date(sheet.rate_from)}" if sheet.rate_from else ""
    source = "; ".join(t for t in (since, sheet.rate_source.strip()) if t)
    return (f"Mức hỗ trợ: {money(sheet.rate)}/thẻ ({source}). "
            f"Tính cho thẻ BHYT hộ gia đình và thẻ được ngân sách hỗ trợ một phần có hiệu lực từ "
            f"ngày {fmt_date(sheet.start)} đến ngày {fmt_date(sheet.end)}: thẻ tăng mới hoặc thẻ của "
            f"người đã tham gia nhưng gián đoạn quá {sheet.break_months} tháng; mỗi người một thẻ. "
            f"Thẻ ghi cho người thu ghi trên thẻ, nếu không có thì cho trưởng thôn nơi người tham gia cư trú.")


def _summary_table(sheet: IncentiveSheet, st: Styles) -> Table:
    head = [["STT", "Họ và tên", "Mã số", "Loại", "Số thẻ mới", "Thành tiền (đồng)", "Ký nhận"]]
    rows = [[str(i), c.name, c.code, c.kind_label, fmt_int(c.new_cards), fmt_int(c.amount), ""]
            for i, c in enumerate(sheet.collectors, start=1)]
    rows.append(["", "Tổng cộng", "", "", fmt_int(sheet.total_cards), fmt_int(sheet.total_amount), ""])
    widths = [10 * mm, 40 * mm, 16 * mm, 31 * mm, 18 * mm, 27 * mm]
    widths.append(FRAME_WIDTH - sum(widths))
    return data_table(head, rows, widths, st, align="CLCLRRL", total_rows=1, font_size=11)


def _cards_table(cards: list[IncentiveCard], st: Styles) -> Table:
    head = [["STT", "Họ và tên", "Ngày sinh", "Mã số BHXH", "Mã hộ", "Thôn", "Mã ĐT", "Hạn thẻ từ", "Ghi chú"]]
    rows = [[str(i), c.person, c.birth, c.id_masked, c.household, c.village, c.group_code,
             fmt_date(c.valid_from), "Tham gia lại" if c.after_break else "Tăng mới"]
            for i, c in enumerate(cards, start=1)]
    widths = [9 * mm, 30 * mm, 18 * mm, 22 * mm, 21 * mm, 16 * mm, 10 * mm, 18 * mm]
    widths.append(FRAME_WIDTH - sum(widths))
    return data_table(head, rows, widths, st, align="CLCCCLCCL", font_size=9)


def _signatures(options, st: Styles) -> Flowable:
    f = st.family
    bold = ParagraphStyle("sigb", fontName=f.bold, fontSize=12, leading=15, alignment=TA_CENTER)
    note = ParagraphStyle("sign", fontName=f.italic, fontSize=11, leading=14, alignment=TA_CENTER)
    cols = [
        [Paragraph("NGƯỜI LẬP BIỂU", bold), Paragraph("(Ký, ghi rõ họ tên)", note)],
        [Paragraph("KẾ TOÁN", bold), Paragraph("(Ký, ghi rõ họ tên)", note)],
        [Paragraph(escape(options.authority), bold), Paragraph(escape(options.position), bold),
         Spacer(1, 22 * mm), Paragraph(escape(options.signer), bold)],
    ]
    table = Table([cols], colWidths=[FRAME_WIDTH * 0.3, FRAME_WIDTH * 0.3, FRAME_WIDTH * 0.4])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("FONT", (0, 0), (-1, -1), f.regular, 12)]))
    return KeepTogether([Spacer(1, 6 * mm), table])


def render_pdf(db: sqlite_utils.Database, sheet: IncentiveSheet, *, doc_date: dt.date | None = None) -> bytes:
    family = register_family()
    st = official_styles(family)
    options = letterhead(db).resolved(get_commune(db))
    doc_date = doc_date or clock.today()
    story: list[Flowable] = [
        Header(Letterhead(options.parent_body, options.issuing_body, "", "BTH-BCĐ", options.place,
                          doc_date), family),
        *title_block(TITLE, [f"Thù lao vận động người tham gia BHYT {month_name(sheet)}"], st),
        Paragraph(escape(rule_text(sheet)), st.body),
        Paragraph(f"Tổng cộng {fmt_int(sheet.total_cards)} thẻ mới, số tiền "
                  f"{escape(money(sheet.total_amount))}.", st.body),
        Paragraph("I. TỔNG HỢP THEO NGƯỜI THU", st.heading),
        _summary_table(sheet, st),
    ]
    if sheet.collectors:
        story.append(Paragraph("II. DANH SÁCH THẺ MỚI THEO NGƯỜI THU", st.heading))
    for i, c in enumerate(sheet.collectors, start=1):
        story += [Paragraph(escape(f"{i}. {c.name} ({c.code}, {c.kind_label}): {fmt_int(c.new_cards)} thẻ, "
                                   f"{money(c.amount)}"), st.subheading), _cards_table(c.cards, st)]
    if sheet.unassigned:
        story += [Paragraph(escape(f"Thẻ mới chưa xác định người thu (chưa tính thù lao): "
                                   f"{fmt_int(len(sheet.unassigned))} thẻ"), st.heading),
                  _cards_table(sheet.unassigned, st)]
    story += [Spacer(1, 3 * mm), Paragraph(escape(PERSONAL), st.note), _signatures(options, st)]
    return build_pdf(story, title=f"Bảng tổng hợp thù lao vận động BHYT {month_name(sheet)}",
                     author=options.issuing_body.title(), subject="Có thông tin cá nhân", family=family)


def _xlsx_rows(sheet: IncentiveSheet) -> tuple[list[list], list[list]]:
    summary: list[list] = [[f"Thù lao vận động người tham gia BHYT {month_name(sheet)}"], [rule_text(sheet)], [],
                           ["STT", "Họ và tên", "Mã số", "Loại", "Số thẻ mới", "Mức (đồng/thẻ)", "Thành tiền (đồng)"]]
    for i, c in enumerate(sheet.collectors, start=1):
        summary.append([i, c.name, c.code, c.kind_label, c.new_cards, sheet.rate, c.amount])
    summary.append(["", "Tổng cộng", "", "", sheet.total_cards, "", sheet.total_amount])
    cards: list[list] = [["Người thu", "Mã số người thu", "STT", "Họ và tên", "Ngày sinh", "Mã số BHXH",
                          "Mã hộ", "Thôn", "Mã đối tượng", "Hạn thẻ từ", "Hạn thẻ đến", "Ghi chú", "Số tiền (đồng)"]]
    groups = [(c.name, c.code, c.cards) for c in sheet.collectors]
    if sheet.unassigned:
        groups.append(("Chưa xác định người thu (chưa tính)", "", sheet.unassigned))
    for name, code, items in groups:
        for i, k in enumerate(items, start=1):
            cards.append([name, code, i, k.person, k.birth, k.id_masked, k.household, k.village, k.group_code,
                          fmt_date(k.valid_from), fmt_date(k.valid_to),
                          "Tham gia lại" if k.after_break else "Tăng mới", k.amount if code else 0])
    cards.append([PERSONAL])
    return summary, cards


# Per sheet: column widths, header row, landscape. Both print on A4 as wide as the page, the
# heading row repeated on every page, «Trang N / M» at the foot (export/sheets.print_setup).
# The last item: the columns of amounts in đồng (shown 1.234.567 by the reader's locale).
SUMMARY_LAYOUT = ((6, 28, 10, 16, 11, 15, 18), 4, False, (5, 6))
CARDS_LAYOUT = ((22, 11, 6, 24, 11, 13, 12, 14, 9, 11, 11, 12, 13), 1, True, (12,))


def _write_sheet(ws, rows: list[list], widths: tuple[int, ...], header_row: int, landscape: bool,
                 money_columns: tuple[int, ...]) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from bhyt_desktop.export.sheets import print_setup

    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    print_setup(ws, landscape=landscape, header_row=header_row)
    bold, wrapped = WriteOnlyCell(ws), WriteOnlyCell(ws)
    bold.font = Font(bold=True)
    bold.alignment = Alignment(wrap_text=True, vertical="center")
    wrapped.alignment = Alignment(wrap_text=True, vertical="top")
    amount = WriteOnlyCell(ws)
    amount.number_format = "#,##0"
    last = get_column_letter(len(widths))
    for n, row in enumerate(rows, start=1):
        if n < header_row and len(row) == 1:        # a title or the rule: across the table, wrapped
            ws.merged_cells.add(f"A{n}:{last}{n}")
            ws.row_dimensions[n].height = 15 * max(1, -(-len(str(row[0])) // int(sum(widths) * 1.1)))
            template = bold if n == 1 else wrapped
            ws.append([text_cell(ws, row[0], template)])
            continue
        if n == header_row:
            ws.row_dimensions[n].height = 30               # two lines for the long headings
            ws.append([text_cell(ws, v, bold) for v in row])
            continue
        ws.append([text_cell(ws, v, amount if i in money_columns and isinstance(v, int) else None)
                   for i, v in enumerate(row)])


def write_xlsx(sheet: IncentiveSheet, path: str | os.PathLike[str]) -> Path:
    """Write the workbook atomically (export.sheets.save_atomically: a scratch file beside
    it, then replace); text escaped."""
    from openpyxl import Workbook

    from bhyt_desktop.export.sheets import check_target, save_atomically

    out = check_target(path)
    summary, cards = _xlsx_rows(sheet)
    with openpyxl_scratch_in(out.parent):
        wb = Workbook(write_only=True)
        for title, rows, layout in ((_("Tổng hợp"), summary, SUMMARY_LAYOUT), (_("Danh sách thẻ mới"), cards, CARDS_LAYOUT)):
            _write_sheet(wb.create_sheet(title), rows, *layout)
        return save_atomically(wb, out)


def write_sheet(db: sqlite_utils.Database, sheet: IncentiveSheet, path: str | os.PathLike[str]) -> Path:
    """PDF or XLSX by the file's extension."""
    suffix = Path(path).suffix.lower()
    if suffix == ".pdf":
        return write_pdf(path, render_pdf(db, sheet))
    if suffix == ".xlsx":
        return write_xlsx(sheet, path)
    raise UserError(_("Tệp kết quả phải có đuôi .pdf hoặc .xlsx: {path}").format(path=path))
