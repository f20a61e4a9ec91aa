"""The progress report PDF (weekly by default; month, quarter, half, year alike).

``render(figures, text, options, number, doc_date)`` lays out a figures dict (see
figures.py) in the Decree 30 format: header, title, I. results (summary, by village with
a chart, by participant group), II. what needs action (counts by village), III. the
assessment and IV. proposals typed by the user, the closing line, the signature and
"Nơi nhận". It reads nothing but its arguments, so a stored report can be laid out again.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from bhyt_desktop.common.formats import fmt_date, fmt_int, fmt_pct, rate_pct
from bhyt_desktop.reports.campaign_sections import (
    members_section,
    renewals_section,
    renewals_sentence,
    scope_phrase,
    total_label,
)
from bhyt_desktop.reports.chart import rate_chart
from bhyt_desktop.reports.fonts import register_family
from bhyt_desktop.reports.official import (
    FRAME_WIDTH,
    LANDSCAPE_FRAME_WIDTH,
    Header,
    Letterhead,
    Signature,
    Styles,
    build_pdf,
    cell_widths,
    data_table,
    escape,
    official_styles,
    signature_block,
    title_block,
    to_landscape,
    to_portrait,
)
from bhyt_desktop.reports.periods import Period

SOURCE_PHRASES = {
    "statistical": "theo số liệu thống kê",
    "roster": "theo danh sách hộ gia đình do xã quản lý",
    "mixed": "theo số liệu thống kê, thôn chưa có số liệu thống kê tính theo danh sách hộ gia đình",
}
ROMAN = ["I", "II", "III", "IV", "V", "VI"]


# --- small formatting helpers ----------------------------------------------------------

def pct(value: str | None) -> str:
    return fmt_pct(Decimal(value)) if value is not None else "—"


def target(value: str | None) -> str:
    """'95%' for a whole target, '95,50%' otherwise, '—' when there is none."""
    if value is None:
        return "—"
    d = Decimal(value)
    return fmt_pct(d, 0 if d == d.to_integral_value() else 2)


def num(n: int | None) -> str:
    return "—" if n is None else fmt_int(n)


def signed(n: int | None) -> str:
    if n is None:
        return "—"
    return f"+{fmt_int(n)}" if n > 0 else ("-" + fmt_int(-n) if n < 0 else "0")


def issuer_phrase(issuing_body: str, commune: str) -> str:
    """Who reports, inside the opening sentence: "Ban Chỉ đạo", "Ủy ban nhân dân xã"."""
    body = issuing_body.strip().upper()
    if "CHỈ ĐẠO" in body:
        return "Ban Chỉ đạo"
    if body.startswith(("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "UBND")):
        return f"Ủy ban nhân dân {commune.split(' ')[0]}"
    return issuing_body.strip()


def commune_phrase(name: str) -> str:
    """'Xã An Hòa' -> 'xã An Hòa' (inside a sentence)."""
    name = name.strip()
    for word in ("Xã", "Phường", "Thị trấn", "Đặc khu"):
        if name.startswith(word + " "):
            return word.lower() + name[len(word):]
    return f"xã {name}" if name else "xã"


def _paras(text: str, st: Styles) -> list[Flowable]:
    out = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.strip():
            out.append(Paragraph(escape(line.strip()), st.body))
    return out


def _bullet(text: str, st: Styles) -> Paragraph:
    return Paragraph("- " + text, st.body)


# --- sections --------------------------------------------------------------------------

def summary_section(fig: dict, st: Styles) -> list[Flowable]:
    t = fig["total"]
    as_of = dt.date.fromisoformat(fig["as_of"])
    year = as_of.year
    out = [Paragraph("1. Kết quả chung", st.subheading)]
    out.append(_bullet(f"Tổng dân số: <b>{num(t['population'])}</b> người "
                       f"({SOURCE_PHRASES.get(t['population_source'], '')}).", st))
    line = (f"Số người có thẻ BHYT còn giá trị sử dụng: <b>{num(t['insured'])}</b> người, "
            f"đạt tỷ lệ <b>{pct(t['rate_pct'])}</b> dân số")
    if t.get("insured_elsewhere"):
        line += f"; trong đó {num(t['insured_elsewhere'])} người có thẻ do nơi khác cấp"
    out.append(_bullet(line + ".", st))
    out.append(_bullet(f"Số người chưa tham gia BHYT (dân số trừ số người có thẻ): <b>{num(t['uninsured'])}</b> người.", st))
    if t["target_pct"] is None:
        out.append(_bullet(f"Chưa có chỉ tiêu bao phủ năm {year}.", st))
    else:
        goal = t["insured"] + (t["needed"] or 0)
        if t["needed"]:
            tail = f"còn phải vận động thêm <b>{num(t['needed'])}</b> người để đạt chỉ tiêu"
        else:
            tail = "đã đạt chỉ tiêu"
            goal = None
        goal_txt = f" ({num(goal)} người)" if goal is not None else ""
        out.append(_bullet(f"Chỉ tiêu giao năm {year}: {target(t['target_pct'])} dân số"
                           f"{goal_txt}; {tail}.", st))
    out.append(_bullet(change_sentence(fig), st))
    if renewals_sentence(fig):
        out.append(_bullet(renewals_sentence(fig), st))
    pace = fig.get("pace") or {}
    if t["needed"] and pace.get("per_week") is not None:
        out.append(_bullet(
            f"Thời gian còn lại đến hết năm {year}: {pace['weeks_left']} tuần; bình quân mỗi "
            f"tuần cần vận động thêm <b>{num(pace['per_week'])}</b> người tham gia BHYT.", st))
    return out


def window_phrase(fig: dict) -> str:
    w = fig["window"]
    b = w.get("baseline")
    if b:
        ref = f"{b['number']}/{b['symbol']}" if b.get("symbol") else b["number"]
        return f"So với Báo cáo số {ref} (số liệu đến ngày {fmt_date(b['as_of'])})"
    start = dt.date.fromisoformat(w["start"]) + dt.timedelta(days=1)
    return f"Trong kỳ (từ ngày {fmt_date(start)} đến ngày {fmt_date(w['end'])})"


def change_sentence(fig: dict) -> str:
    t = fig["total"]
    parts = [f"cấp mới {num(t['new'])} thẻ"]
    renew = f"gia hạn {num(t['renewals'])} thẻ"
    if t.get("renewals_after_break"):
        renew += (f" (trong đó {num(t['renewals_after_break'])} thẻ tham gia lại sau thời gian "
                  f"gián đoạn từ {fig.get('break_days', 90)} ngày trở lên)")
    parts.append(renew)
    parts.append(f"{num(t['lapses'])} người có thẻ hết hạn chưa gia hạn")
    net = t["net"]
    if net > 0:
        move = f"số người có thẻ tăng <b>{num(net)}</b> người"
    elif net < 0:
        move = f"số người có thẻ giảm <b>{num(-net)}</b> người"
    else:
        move = "số người có thẻ không thay đổi"
    if t.get("rate_change") is not None:
        rc = Decimal(t["rate_change"])
        if rc:
            word = "tăng" if rc > 0 else "giảm"
            move += f" (tỷ lệ bao phủ {word} {fmt_pct(abs(rc)).rstrip('%')} điểm phần trăm)"
    return f"{window_phrase(fig)}: {'; '.join(parts)}; {move}."


def _table_title(title: str, st: Styles, unit: str = "Đơn vị tính: người") -> list[Flowable]:
    return [Paragraph(f"<b>{escape(title)}</b>", st.title.clone("tt", fontSize=13, leading=16)),
            Paragraph(f"<i>{unit}</i>", st.cell_right.clone("unit", fontSize=11, leading=14,
                                                            spaceAfter=2))]


def village_section(fig: dict, st: Styles) -> tuple[list[Flowable], bool]:
    """Part 2: the table by village, its chart. Returns (flowables, needs landscape)."""
    t = fig["total"]
    year = dt.date.fromisoformat(fig["as_of"]).year
    mixed = len({v["population_source"] for v in fig["villages"]}) > 1
    head = ["STT", "Thôn, xóm", "Dân số", "Số người có thẻ BHYT", "Tỷ lệ bao phủ",
            f"Chỉ tiêu năm {year}", "Còn phải vận động", "Tăng (+), giảm (-)", "Xếp thứ"]
    rows = []
    for i, v in enumerate(fig["villages"], start=1):
        star = " (*)" if mixed and v["population_source"] == "roster" else ""
        rows.append([str(i), v["name"] + star, num(v["population"]), num(v["insured"]),
                     pct(v["rate_pct"]), target(v["target_pct"]), num(v["needed"]),
                     signed(v["net"]), str(v["rank"]) if v["rank"] else "—"])
    rows.append(["", total_label(fig), num(t["population"]), num(t["insured"]), pct(t["rate_pct"]),
                 target(t["target_pct"]), num(t["needed"]), signed(t["net"]), ""])
    fixed_mm = [10.5, 17, 17, 17, 15, 17, 17, 12]
    fixed = [w * mm for w in fixed_mm]
    # The numbers' own widths decide whether the portrait page is wide enough.
    need = cell_widths([r[2:] for r in rows], st.family.bold, 11)
    fixed[1:] = [max(a, b) for a, b in zip(fixed[1:], need, strict=True)]
    min_name = max(max((w for w in cell_widths([[word] for r in rows for word in r[1].split()],
                                                st.family.regular, 11)), default=0), 28 * mm)
    landscape = sum(fixed) + min_name > FRAME_WIDTH
    width = LANDSCAPE_FRAME_WIDTH if landscape else FRAME_WIDTH
    widths = [fixed[0], width - sum(fixed), *fixed[1:]]
    table = data_table([head], rows, widths, st, align="CLRRRRRRC", total_rows=1, font_size=11)
    out: list[Flowable] = [Paragraph("2. Kết quả theo thôn, xóm", st.subheading),
                           *_table_title(f"Bảng 1. Tỷ lệ bao phủ BHYT theo thôn, xóm đến ngày "
                                         f"{fmt_date(fig['as_of'])}", st), table]
    notes = []
    village_sum = sum(v["population"] for v in fig["villages"])
    if village_sum != t["population"]:
        notes.append(f"Dân số toàn xã theo số liệu thống kê của xã ({num(t['population'])} người), "
                     f"khác tổng dân số các thôn, xóm ({num(village_sum)} người).")
    needed_sum = sum(v["needed"] or 0 for v in fig["villages"])
    if t["needed"] is not None and needed_sum != t["needed"]:
        notes.append(f"Số còn phải vận động của toàn xã ({num(t['needed'])} người) khác tổng các "
                     f"thôn, xóm ({num(needed_sum)} người): mỗi đơn vị tính trên dân số và chỉ tiêu "
                     "của mình, làm tròn lên thành số người, và thôn đã vượt chỉ tiêu không bù "
                     "cho thôn khác.")
    if mixed:
        notes.append("(*) Thôn, xóm chưa có số liệu thống kê: dân số tính theo danh sách hộ "
                     "gia đình do xã quản lý.")
    phrase = window_phrase(fig)
    notes.append("Cột \u201cTăng (+), giảm (-)\u201d: " + phrase[0].lower() + phrase[1:] + ".")
    out += [Spacer(1, 2), *[Paragraph("<i>Ghi chú:</i> " + escape(n), st.note) for n in notes]]
    return out, landscape


def chart_section(fig: dict, st: Styles) -> list[Flowable]:
    drawing = rate_chart(fig["villages"], fig["total"]["target_pct"], st.family, FRAME_WIDTH)
    return [Spacer(1, 4 * mm), KeepTogether([
        drawing,
        Paragraph(f"Biểu đồ 1. Tỷ lệ bao phủ BHYT theo thôn, xóm so với chỉ tiêu "
                  f"(đến ngày {fmt_date(fig['as_of'])})", st.caption)])]


def group_section(fig: dict, st: Styles) -> list[Flowable]:
    total = fig["total"]["insured"]
    head = ["STT", "Nhóm đối tượng", "Mã đối tượng (số người)", "Số người có thẻ",
            "Cơ cấu"]
    rows = []
    for g in fig["groups"]:
        codes = "; ".join(f"{c['code']}: {fmt_int(c['insured'])}" for c in g["codes"]) or "—"
        rows.append([str(g["group"]), g["name"], codes, num(g["insured"]),
                     fmt_pct(rate_pct(g["insured"], total)) or "—"])
    rows.append(["", "Tổng cộng", "", num(total), "100%" if total else "—"])
    widths = [10 * mm, 62 * mm, 50 * mm, 23 * mm, 20 * mm]
    table = data_table([head], rows, widths, st, align="CLLRR", total_rows=1, font_size=11)
    return [Paragraph("3. Kết quả theo nhóm đối tượng tham gia", st.subheading),
            *_table_title("Bảng 2. Số người có thẻ BHYT theo nhóm đối tượng", st), table,
            *issuer_section(fig, st)]


def issuer_section(fig: dict, st: Styles) -> list[Flowable]:
    """Seed 000's table: shares of the groups over the cards issued locally; the armed
    forces' and other provinces' cards apart. Only when some card is not issued locally."""
    b = fig.get("issuers")
    if not b or not (b["armed_forces"] or b["other_province"]):
        return []
    base, local = b["without_other_provinces"], b["local"]
    rows = [["", "Thẻ do BHXH địa phương cấp", num(local), fmt_pct(rate_pct(local, base)) or "—"]]
    for g in fig["groups"]:
        n = b["local_by_group"][str(g["group"])]
        rows.append([str(g["group"]), g["name"], num(n), fmt_pct(rate_pct(n, local)) or "—"])
    rows.append(["", "Thẻ do quân đội, công an cấp", num(b["armed_forces"]),
                 fmt_pct(rate_pct(b["armed_forces"], base)) or "—"])
    rows.append(["", "Cộng (không kể thẻ do tỉnh khác cấp)", num(base), "100%" if base else "—"])
    rows.append(["", "Thẻ do tỉnh khác cấp (báo cáo riêng)", num(b["other_province"]), ""])
    head = ["STT", "Nơi cấp thẻ, nhóm đối tượng", "Số thẻ", "Cơ cấu"]
    widths = [10 * mm, 112 * mm, 23 * mm, 20 * mm]
    return [*_table_title("Bảng 2a. Số thẻ theo nơi cấp (cơ cấu nhóm trên số thẻ do BHXH địa phương cấp)", st),
            data_table([head], rows, widths, st, align="CLRR", total_rows=2, font_size=11)]


def action_section(fig: dict, st: Styles, number: str) -> list[Flowable]:
    t = fig["total"]
    days = fig.get("expiring_days", 30)
    as_of = dt.date.fromisoformat(fig["as_of"])
    until = as_of + dt.timedelta(days=days)
    out = [Paragraph(f"{number}. NHỮNG VIỆC CẦN TẬP TRUNG THỰC HIỆN", st.heading),
           _bullet(f"Vận động gia hạn <b>{num(t['expiring'])}</b> thẻ BHYT sẽ hết hạn trong "
                   f"{days} ngày tới (đến ngày {fmt_date(until)}), không để gián đoạn.", st),
           _bullet(f"Vận động <b>{num(t['lapsed'])}</b> người đã có thẻ BHYT nhưng thẻ đã hết "
                   f"hạn, chưa gia hạn tham gia lại.", st)]
    if t["needed"]:
        out.append(_bullet(f"Tiếp tục vận động người chưa tham gia BHYT để đạt chỉ tiêu "
                           f"(còn {num(t['needed'])} người).", st))
    head = ["STT", "Thôn, xóm", f"Thẻ sắp hết hạn trong {days} ngày tới",
            "Thẻ đã hết hạn, chưa gia hạn", "Còn phải vận động"]
    rows = [[str(i), v["name"], num(v["expiring"]), num(v["lapsed"]), num(v["needed"])]
            for i, v in enumerate(fig["villages"], start=1)]
    rows.append(["", "Toàn xã", num(t["expiring"]), num(t["lapsed"]), num(t["needed"])])
    widths = [10 * mm, 65 * mm, 30 * mm, 30 * mm, 30 * mm]
    out += [*_table_title(f"Bảng 3. Số người cần vận động theo thôn, xóm (đến ngày "
                          f"{fmt_date(as_of)})", st),
            data_table([head], rows, widths, st, align="CLRRR", total_rows=1, font_size=11)]
    return out


# --- the document ----------------------------------------------------------------------

def render(fig: dict, text, options, *, number: str = "", doc_date: dt.date) -> bytes:
    """The PDF bytes. ``text``: ReportText; ``options``: resolved ReportOptions."""
    family = register_family()
    st = official_styles(family)
    period = Period.from_json(fig["period"])
    as_of = dt.date.fromisoformat(fig["as_of"])
    commune = commune_phrase(fig["commune"]["name"])
    story: list[Flowable] = [
        Header(Letterhead(options.parent_body, options.issuing_body, number, options.symbol,
                          options.place, doc_date), family),
        *title_block("BÁO CÁO", [f"Tiến độ thực hiện chỉ tiêu bao phủ BHYT {period.name}",
                                 period.dates], st),
        Paragraph(f"Thực hiện chỉ tiêu phát triển người tham gia bảo hiểm y tế năm "
                  f"{as_of.year} được giao, {escape(issuer_phrase(options.issuing_body, commune))} "
                  f"báo cáo tiến độ thực hiện "
                  f"{period.name} trên địa bàn {escape(commune)}{escape(scope_phrase(fig))} (số liệu tính đến ngày "
                  f"{fmt_date(as_of)}) như sau:", st.body),
        Paragraph("I. KẾT QUẢ THỰC HIỆN", st.heading),
        *summary_section(fig, st),
    ]
    villages, landscape = village_section(fig, st)
    if landscape:
        story += [*to_landscape(), *villages, *to_portrait()]
    else:
        story += villages
    story += members_section(fig, st, st.title.clone("mt", fontSize=13, leading=16))
    story += renewals_section(fig, st, st.title.clone("rt", fontSize=13, leading=16))
    story += chart_section(fig, st)
    story += group_section(fig, st)
    part = 2
    story += action_section(fig, st, ROMAN[part - 1])
    part += 1
    results, difficulties = _paras(text.results, st), _paras(text.difficulties, st)
    if results or difficulties:
        story.append(Paragraph(f"{ROMAN[part - 1]}. ĐÁNH GIÁ CHUNG", st.heading))
        sub = 1
        if results:
            story += [Paragraph(f"{sub}. Kết quả đạt được", st.subheading), *results]
            sub += 1
        if difficulties:
            story += [Paragraph(f"{sub}. Khó khăn, vướng mắc", st.subheading), *difficulties]
        part += 1
    proposals = _paras(text.proposals, st)
    if proposals:
        story += [Paragraph(f"{ROMAN[part - 1]}. ĐỀ XUẤT, KIẾN NGHỊ", st.heading), *proposals]
    story.append(Paragraph(
        f"Trên đây là báo cáo tiến độ thực hiện chỉ tiêu bao phủ BHYT {period.name} "
        f"trên địa bàn {escape(commune)}./.", st.body))
    story.append(signature_block(Signature(options.authority, options.position,
                                           options.signer), options.recipients, st))
    title = f"Báo cáo tiến độ bao phủ BHYT {period.name} — {fig['commune']['name']}"
    return build_pdf(story, title=title, author=options.issuing_body.title(),
                     subject=f"Số liệu đến ngày {fmt_date(as_of)}", family=family)
