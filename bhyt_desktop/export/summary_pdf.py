"""The one-page PDF summary of a consolidation, in the official style of the weekly report.

Reuses the report's Decree 30 layout (``bhyt_desktop.reports.official``: letterhead,
title, ruled tables, signature, fonts with Vietnamese letters) and its atomic writer.
The page holds the totals, the communes (all of them when few, else those furthest from
full coverage), the five participant groups and the warnings of the checks; the workbook
holds everything.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from bhyt_desktop.common import clock
from bhyt_desktop.common.formats import fmt_date, fmt_int, fmt_pct
from bhyt_desktop.export.consolidate import FORCED, Combined
from bhyt_desktop.reports.fonts import register_family
from bhyt_desktop.reports.official import (
    FRAME_WIDTH,
    Header,
    Letterhead,
    Signature,
    data_table,
    escape,
    make_doc,
    official_styles,
    place_of_unit,
    signature_block,
    title_block,
)
from bhyt_desktop.reports.output import write_pdf

ROW_LIMITS = (15, 12, 10, 8, 6)   # commune rows tried until the page holds everything


@dataclass
class SummaryOptions:
    parent_body: str = ""                 # e.g. "BẢO HIỂM XÃ HỘI TỈNH ..."; "" = none
    issuing_body: str = ""                # default: the upper unit named in the files
    symbol: str = "BC"
    number: str = ""
    place: str = ""
    authority: str = "THỦ TRƯỞNG ĐƠN VỊ"
    position: str = ""
    signer: str = ""
    recipients: list[str] = field(default_factory=lambda: ["Lưu: VT"])
    doc_date: dt.date | None = None


def _pct(fraction) -> str:
    if fraction in (None, ""):
        return "—"
    return fmt_pct(Decimal(str(fraction)) * 100)


def _story(data: Combined, opts: SummaryOptions, operator: str, limit: int) -> list[Flowable]:
    family = register_family()
    st = official_styles(family, body_size=13)
    t = data.total
    dates = data.as_of_dates
    as_of_text = fmt_date(dates[-1]) if len(dates) == 1 else \
        f"{fmt_date(dates[0])} – {fmt_date(dates[-1])}"
    n = len(data.rows)
    with_target = [r for r in data.rows if r.figures.get("target") not in (None, "")]
    reached = sum(1 for r in with_target if (r.figures.get("needed") or 0) == 0)
    story: list[Flowable] = [
        Header(Letterhead(opts.parent_body, opts.issuing_body or data.unit_name or "ĐƠN VỊ TỔNG HỢP",
                          opts.number, opts.symbol, opts.place or place_of_unit(data.unit_name or ""),
                          opts.doc_date or clock.today()),
               family),
        *title_block("BÁO CÁO", [f"Tổng hợp kết quả bao phủ BHYT của {fmt_int(n)} xã",
                                 f"(số liệu tính đến ngày {as_of_text})"], st),
        Paragraph(
            f"Tổng dân số {fmt_int(t['population'])} người; số người có thẻ BHYT còn hạn "
            f"<b>{fmt_int(t['insured'])}</b> người, đạt <b>{fmt_pct(data.total_rate)}</b>; chưa tham "
            f"gia BHYT (dân số trừ số có thẻ) {fmt_int(t['uninsured'])} người. Còn phải vận động {fmt_int(t['needed'])} người "
            f"để các xã đạt chỉ tiêu; {fmt_int(reached)}/{fmt_int(len(with_target))} xã có chỉ "
            f"tiêu đã đạt.", st.body),
    ]
    rows_src = data.rows
    shown_note = ""
    if n > limit:
        rows_src = sorted(data.rows, key=lambda r: (r.figures.get("rate") or 0))[:limit]
        shown_note = (f"Bảng nêu {limit} xã có tỷ lệ bao phủ thấp nhất; đủ {fmt_int(n)} xã "
                      f"trong tệp Excel tổng hợp.")
    head = ["STT", "Xã", "Tính đến", "Dân số", "Có thẻ", "Tỷ lệ", "Chỉ tiêu", "Còn thiếu"]
    rows = []
    for i, r in enumerate(rows_src, start=1):
        f = r.figures
        mark = " (*)" if r.status == FORCED else ""
        rows.append([str(i), r.file.commune_name + mark, fmt_date(r.file.as_of),
                     fmt_int(f.get("population")), fmt_int(f.get("insured")), _pct(f.get("rate")),
                     _pct(f.get("target")), fmt_int(f.get("needed")) if f.get("needed") is not None else "—"])
    rows.append(["", f"Cộng {fmt_int(n)} xã", "", fmt_int(t["population"]), fmt_int(t["insured"]),
                 fmt_pct(data.total_rate), "", fmt_int(t["needed"])])
    fixed = [10 * mm, 22 * mm, 21 * mm, 19 * mm, 17 * mm, 17 * mm, 19 * mm]
    widths = [fixed[0], FRAME_WIDTH - sum(fixed), *fixed[1:]]
    story += [Spacer(1, 2 * mm),
              Paragraph("<b>Bảng 1. Kết quả theo xã</b>", st.title.clone("t1", fontSize=12, leading=15)),
              data_table([head], rows, widths, st, align="CLCRRRRR", total_rows=1, font_size=10.5)]
    law = data.law_groups
    total_ins = sum(law.values())
    g_head = ["Nhóm 1", "Nhóm 2", "Nhóm 3", "Nhóm 4", "Nhóm 5", "Cộng"]
    g_row = [f"{fmt_int(law[g])}\n({fmt_pct(Decimal(law[g]) * 100 / total_ins if total_ins else None, 1)})"
             for g in range(1, 6)] + [fmt_int(total_ins)]
    story += [Spacer(1, 3 * mm),
              Paragraph("<b>Bảng 2. Số người có thẻ theo nhóm đối tượng (Luật BHYT)</b>",
                        st.title.clone("t2", fontSize=12, leading=15)),
              data_table([g_head], [g_row], [FRAME_WIDTH / 6] * 6, st, align="CCCCCC", font_size=10.5)]
    notes = [shown_note] if shown_note else []
    notes += data.plan.warnings
    if any(r.status == FORCED for r in data.rows):
        notes.append("(*) Tệp đã bị sửa sau khi xã xuất (mã kiểm tra không khớp), vẫn dùng theo "
                     "yêu cầu của người tổng hợp.")
    note_style = st.note.clone("n", fontSize=10.5, leading=13)
    story += [Spacer(1, 2 * mm)] + [Paragraph("<i>Ghi chú:</i> " + escape(x), note_style) for x in notes]
    if operator:
        story.append(Paragraph(f"Người lập: {escape(operator)}.", note_style))
    story.append(signature_block(Signature(opts.authority, opts.position, opts.signer),
                                 opts.recipients, st, sign_space=20 * mm))
    return story


def render_summary(data: Combined, opts: SummaryOptions | None = None, operator: str = "") -> bytes:
    """PDF bytes of one page (fewer commune rows are tried until it fits)."""
    opts = opts or SummaryOptions()
    pdf = b""
    for limit in ROW_LIMITS:
        buf = io.BytesIO()
        doc = make_doc(buf, title=f"Tổng hợp bao phủ BHYT {len(data.rows)} xã",
                       author=opts.issuing_body or data.unit_name, subject="BHYT Desktop")
        doc.build(_story(data, opts, operator, limit))
        pdf = buf.getvalue()
        if doc.page == 1:
            break
    return pdf


def write_summary_pdf(data: Combined, path: str | os.PathLike, *, operator: str = "",
                      options: SummaryOptions | None = None) -> Path:
    return write_pdf(path, render_summary(data, options, operator))
