"""The progress report's campaign parts (bhyt_desktop/campaign/scope.py gives the figures):
the phrase naming a member's villages, the table «Thành viên BCĐ phụ trách», and the
month's households renewing."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from bhyt_desktop.common.formats import fmt_int
from bhyt_desktop.reports.official import FRAME_WIDTH, Styles, data_table, escape


def _num(n: int | None) -> str:
    return "—" if n is None else fmt_int(n)


def _pct(value: str | None) -> str:
    return "—" if value is None else value.replace(".", ",") + "%"


def scope_phrase(fig: dict) -> str:
    """'' for the whole commune; else the member and their villages (plain text)."""
    s = fig.get("scope")
    if not s:
        return ""
    who = s["member"] + (f" ({s['position']})" if s.get("position") else "")
    return f", các thôn, xóm do đồng chí {who} phụ trách: {', '.join(s['villages']) or 'chưa giao thôn nào'}"


def total_label(fig: dict) -> str:
    return "Cộng các thôn phụ trách" if fig.get("scope") else "Toàn xã"


def members_section(fig: dict, st: Styles, title_style) -> list[Flowable]:
    rows_in = fig.get("members")
    if not rows_in:
        return []
    head = ["STT", "Thành viên BCĐ", "Thôn, xóm phụ trách", "Dân số", "Có thẻ", "Tỷ lệ",
            "Chỉ tiêu", "Còn phải vận động", "Tăng (+), giảm (-)"]
    rows = []
    for i, m in enumerate(rows_in, start=1):
        who = m["name"] + (f"\n{m['position']}" if m.get("position") else "")
        net = m["net"]
        rows.append([str(i), who, ", ".join(m["villages"]) or "—", _num(m["population"]),
                     _num(m["insured"]), _pct(m["rate_pct"]), _pct(m["target_pct"]), _num(m["needed"]),
                     f"+{fmt_int(net)}" if net > 0 else fmt_int(net)])
    fixed = [9 * mm, 0, 30 * mm, 15 * mm, 15 * mm, 15 * mm, 15 * mm, 17 * mm, 15 * mm]
    fixed[1] = FRAME_WIDTH - sum(fixed)
    table = data_table([head], rows, fixed, st, align="CLLRRRRRR", font_size=10)
    return [Paragraph("Thành viên BCĐ phụ trách", st.subheading),
            Paragraph("<b>Bảng. Kết quả các thôn, xóm theo thành viên Ban Chỉ đạo phụ trách</b>", title_style),
            table,
            Paragraph("<i>Ghi chú:</i> số liệu của mỗi thành viên là tổng các thôn, xóm do thành viên "
                      "đó phụ trách (cùng số liệu của bảng theo thôn, xóm); chỉ tiêu là bình quân chỉ "
                      "tiêu các thôn theo dân số.", st.note)]


def renewals_sentence(fig: dict) -> str:
    """'' when the figures carry no households renewing (only monthly reports do)."""
    r = fig.get("household_renewals")
    if not r:
        return ""
    month = r["month"]
    return escape(f"Trong tháng {month[5:]}/{month[:4]}: {_num(r['households_renewing'])} hộ gia đình có "
                  f"người gia hạn thẻ BHYT ({_num(r['members_renewed'])} người), trong đó "
                  f"{_num(r['households_all_renewed'])} hộ gia hạn đủ cho mọi thành viên đến hạn.")


def renewals_section(fig: dict, st: Styles, title_style) -> list[Flowable]:
    """The month's households renewing by village (monthly reports only)."""
    r = fig.get("household_renewals")
    if not r or not r["households_renewing"]:
        return []
    head = ["STT", "Thôn, xóm", "Hộ có người gia hạn", "Trong đó: hộ gia hạn đủ", "Số người gia hạn"]
    rows = [[str(i), v["name"], _num(v["households_renewing"]), _num(v["households_all_renewed"]),
             _num(v["members_renewed"])] for i, v in enumerate(r["villages"], start=1)]
    rows.append(["", total_label(fig), _num(r["households_renewing"]), _num(r["households_all_renewed"]),
                 _num(r["members_renewed"])])
    widths = [10 * mm, 0, 30 * mm, 30 * mm, 28 * mm]
    widths[1] = FRAME_WIDTH - sum(widths)
    month = r["month"]
    return [Paragraph(f"<b>Bảng. Hộ gia đình gia hạn thẻ BHYT tháng {month[5:]}/{month[:4]} theo thôn, xóm</b>",
                      title_style),
            data_table([head], rows, widths, st, align="CLRRR", total_rows=1, font_size=11),
            Paragraph("<i>Ghi chú:</i> hộ gia hạn đủ: mọi thành viên có thẻ hết hạn trong tháng hoặc trong "
                      "thời gian gián đoạn theo luật trước đó đều đã gia hạn.", st.note)]
