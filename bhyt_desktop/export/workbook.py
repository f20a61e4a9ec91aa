"""The commune export workbook (``BHYT_<mã xã>_<ngày>.xlsx``): see docs/export-format.md.

    export_workbook(db, out_path, ExportOptions(as_of=..., period="week"), job=None)

Sheets, in this order: ``Tổng hợp`` (by village, with the commune total), ``Theo nhóm đối
tượng``, optionally ``Không có thẻ còn hạn`` and ``Sắp hết hạn`` (named lists: personal data, IDs
masked unless asked), and ``Thông tin`` (who, what, when, and the SHA-256 checksum).
Content written into the files is always Vietnamese (the format does not depend on the UI
language); only messages to the user go through ``_()``.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import sqlite_utils

from bhyt_desktop import __version__
from bhyt_desktop.common import clock
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import fmt_date, fmt_int
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.jobs import Job, step
from bhyt_desktop.common.scratch import openpyxl_scratch_in
from bhyt_desktop.commune.details import get_commune
from bhyt_desktop.export import data
from bhyt_desktop.export.format import (
    FORMAT_ID,
    FORMAT_VERSION,
    INFO_FIELDS,
    SHEET_EXPIRING,
    SHEET_GROUPS,
    SHEET_INFO,
    SHEET_SUMMARY,
    SHEET_UNINSURED,
    UNINSURED_LABEL,
    Checksum,
)
from bhyt_desktop.export.periods import Period, period_of
from bhyt_desktop.export.sheets import (
    BulkRows,
    SheetWriter,
    check_target,
    discard,
    new_workbook,
    save_atomically,
)
from bhyt_desktop.store.reference import GROUP_NAMES

SOURCE_LABELS = {"statistical": "thống kê", "roster": "danh sách hộ", "mixed": "hỗn hợp"}
TOTAL_LABEL = "Toàn xã"
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}

# (key, header, width, style); the summary's change columns only when there is a period.
SUMMARY_COLUMNS = [
    ("stt", "STT", 5, "int"),
    ("village", "Thôn/xóm", 22, "text"),
    ("population", "Dân số", 10, "int"),
    ("population_source", "Nguồn dân số", 12, "text"),
    ("residents", "Nhân khẩu trong danh sách", 12, "int"),
    ("insured", "Số người có thẻ BHYT", 11, "int"),
    ("insured_elsewhere", "Trong đó: thẻ cấp nơi khác", 11, "int"),
    ("uninsured", UNINSURED_LABEL, 12, "int"),
    ("rate", "Tỷ lệ bao phủ", 10, "pct"),
    ("target", "Chỉ tiêu", 9, "pct"),
    ("needed", "Còn thiếu để đạt chỉ tiêu", 11, "int"),
]
CHANGE_COLUMNS = [
    ("new", "Thẻ mới trong kỳ", 9, "int"),
    ("renewals", "Gia hạn trong kỳ", 9, "int"),
    ("renewals_after_break", "Trong đó: gia hạn sau gián đoạn", 11, "int"),
    ("lapses", "Hết hạn chưa gia hạn", 10, "int"),
    ("expiring", "Sắp hết hạn", 9, "int"),
    ("net", "Tăng/giảm số có thẻ so với đầu kỳ", 11, "int"),
]
GROUP_COLUMNS = [
    ("stt", "STT", 5, "text"),
    ("group", "Nhóm", 7, "int"),
    ("code", "Mã đối tượng", 9, "text"),
    ("name", "Đối tượng", 60, "text"),
    ("insured", "Số người có thẻ", 12, "int"),
    ("share", "Tỷ trọng", 10, "pct"),
]
UNINSURED_COLUMNS = [
    ("stt", "STT", 7, None), ("village", "Thôn/xóm", 18, None), ("household", "Mã hộ", 12, None),
    ("name", "Họ và tên", 26, None), ("birth", "Ngày sinh", 11, "list_date"),
    ("sex", "Giới tính", 8, None), ("relation", "Quan hệ với chủ hộ", 12, None),
    ("cccd", "Số CCCD/ĐDCN", 15, "list_id"), ("bhxh", "Mã số BHXH", 13, "list_id"),
    ("status", "Tình trạng cư trú", 13, None), ("last_end", "Thẻ cũ hết hạn ngày", 11, "list_date"),
    ("last_code", "Mã đối tượng thẻ cũ", 9, None),
]
EXPIRING_COLUMNS = [
    ("stt", "STT", 7, None), ("village", "Thôn/xóm", 18, None), ("household", "Mã hộ", 12, None),
    ("name", "Họ và tên", 26, None), ("birth", "Ngày sinh", 11, "list_date"),
    ("sex", "Giới tính", 8, None),
    ("cccd", "Số CCCD/ĐDCN", 15, "list_id"), ("bhxh", "Mã số BHXH", 13, "list_id"),
    ("code", "Mã đối tượng", 9, None), ("valid_to", "Hạn thẻ đến", 11, "list_date"),
    ("days_left", "Còn (ngày)", 8, None),
]


@dataclass
class ExportOptions:
    as_of: dt.date
    period: str | None = None          # week | month | quarter | half | year
    with_lists: bool = False
    full_ids: bool = False
    expiring_days: int = 30
    operator: str = ""


@dataclass
class ExportResult:
    path: Path
    sha256: str
    as_of: dt.date
    period: Period | None
    commune_code: str
    sheets: list[str]
    list_rows: dict[str, int] = field(default_factory=dict)


def default_file_name(commune_code: str, as_of: dt.date, period: Period | None = None) -> str:
    """``BHYT_<mã xã>_<yyyy-mm-dd>.xlsx``, or with the period: ``BHYT_<mã xã>_2026-W47.xlsx``
    (the as-of date is appended when it is not the period's last day)."""
    code = "".join(ch for ch in commune_code if ch.isalnum() or ch in "-_") or "xa"
    if period is None:
        return f"BHYT_{code}_{as_of.isoformat()}.xlsx"
    return f"BHYT_{code}_{period.code}_{as_of.isoformat()}.xlsx"


def _fraction(pct: Decimal | None) -> float | None:
    return None if pct is None else float(pct / 100)


def _headers(ws: SheetWriter, columns) -> None:
    ws.row([c[1] for c in columns], "header", height=45)


def _write_summary(ws: SheetWriter, commune, fig: data.Figures, period: Period | None,
                   as_of: dt.date) -> None:
    cov, ch = fig.coverage, fig.changes
    columns = SUMMARY_COLUMNS + (CHANGE_COLUMNS if ch else [])
    ws.row(["TỔNG HỢP KẾT QUẢ THAM GIA BẢO HIỂM Y TẾ"], "title", height=22)
    ws.row(["{commune} (mã {code}) — đơn vị cấp trên: {upper}".format(
        commune=commune.name, code=commune.code, upper=commune.upper_name or "—")], "subtitle")
    line = f"Số liệu tính đến ngày {fmt_date(as_of)}"
    if period:
        line += " — " + f"Kỳ: {period.label}"
    ws.row([line], "subtitle")
    _headers(ws, columns)
    styles = [c[3] for c in columns]

    def values(u, changes_unit, stt, name):
        row = [stt, name, u.population, SOURCE_LABELS[u.population_source], u.residents,
               u.insured, u.insured_elsewhere, u.uninsured, _fraction(u.rate_pct),
               _fraction(u.target_pct), u.needed]
        if ch:
            cu = changes_unit or data.UnitChangesZero
            row += [cu.new, cu.renewals, cu.renewals_after_break, cu.lapses, cu.expiring, cu.net]
        return row

    for i, v in enumerate(cov.villages, start=1):
        unit = ch.villages.get(v.village_id) if ch and v.village_id is not None else None
        ws.row(values(v, unit, i, v.name), styles)
    total_styles = ["total_text", "total_text"] + [
        "total_pct" if s == "pct" else ("total_text" if s == "text" else "total_int")
        for s in styles[2:]]
    ws.row(values(cov.total, ch.total if ch else None, None, TOTAL_LABEL), total_styles)
    ws.blank()
    ws.row([None, "Tỷ lệ bao phủ = số người có thẻ BHYT còn hạn / dân số. Dân số toàn xã theo: "
                    f"{SOURCE_LABELS[cov.total.population_source]}."], "plain")
    if ch and period:
        ws.row([None, f"Thay đổi trong kỳ tính từ {fmt_date(period.start)} đến {fmt_date(as_of)}; «sắp hết hạn»: thẻ hết hạn "
                        f"trong {ch.expiring_days} ngày tới."],
               "plain")


def _write_groups(ws: SheetWriter, commune, fig: data.Figures, as_of: dt.date) -> None:
    cov = fig.coverage
    ws.row(["SỐ NGƯỜI CÓ THẺ BHYT THEO NHÓM ĐỐI TƯỢNG"], "title", height=22)
    ws.row([f"{commune.name} (mã {commune.code}) — tính đến ngày {fmt_date(as_of)}"], "subtitle")
    ws.row(["Nhóm theo Luật Bảo hiểm y tế (sửa đổi bởi Luật số 51/2024/QH15)."], "subtitle")
    _headers(ws, GROUP_COLUMNS)
    total = cov.total.insured
    by_group = cov.by_law_group()

    def share(n):
        return float((Decimal(n) / total).quantize(Decimal("0.0001"))) if total else None

    code_styles = ["text", "int", "text", "text", "int", "pct"]
    group_styles = ["total_text", "total_int", "total_text", "total_text", "total_int", "total_pct"]
    n = 0
    for grp in range(1, 6):
        ws.row([ROMAN[grp], grp, None, GROUP_NAMES[grp], by_group[grp], share(by_group[grp])],
               group_styles)
        for gc in cov.groups:
            if gc.group == grp:
                n += 1
                ws.row([str(n), grp, gc.code, gc.name, gc.insured, share(gc.insured)], code_styles)
    ws.row([None, None, None, "Tổng cộng", total, share(total)], group_styles)
    _write_issuers(ws, cov.by_issuer(), code_styles, group_styles)


def _write_issuers(ws: SheetWriter, b, code_styles: list[str], group_styles: list[str]) -> None:
    """Seed 000's table under the groups (after a blank row, which ends the table for
    readers): the cards issued locally by group with shares over them, the armed forces'
    cards and other provinces' cards apart."""
    def over(n: int, base: int):
        return float((Decimal(n) / base).quantize(Decimal("0.0001"))) if base else None

    base = b.without_other_provinces
    ws.blank()
    ws.row(["THEO NƠI CẤP THẺ (không kể thẻ do tỉnh khác cấp; cơ cấu nhóm tính trên số thẻ do BHXH "
            "địa phương cấp)"], "subtitle")
    ws.row([None, None, None, "Thẻ do BHXH địa phương cấp", b.local, over(b.local, base)], group_styles)
    for grp in range(1, 6):
        ws.row([ROMAN[grp], grp, None, GROUP_NAMES[grp], b.local_by_group[grp],
                over(b.local_by_group[grp], b.local)], code_styles)
    ws.row([None, None, None, "Thẻ do quân đội, công an cấp (quân nhân, công an, thân nhân)", b.armed_forces,
            over(b.armed_forces, base)], group_styles)
    ws.row([None, None, None, "Cộng (không kể thẻ do tỉnh khác cấp)", base, over(base, base)], group_styles)
    ws.row([None, None, None, "Thẻ do tỉnh khác cấp (báo cáo riêng)", b.other_province, None], group_styles)


def _write_list(ws: SheetWriter, title: str, note: str, columns, rows, count: int,
                job: Job | None, label: str, full_ids: bool, bulk: list[BulkRows], folder: Path) -> int:
    ws.row([title], "title", height=22)
    ws.row(["CÓ DỮ LIỆU CÁ NHÂN — chỉ dùng cho công việc BHYT, không chuyển tiếp, không đăng "
            "lên mạng." + " " + ("Số định danh đầy đủ." if full_ids else
                                 "Số định danh chỉ hiện 4 chữ số cuối.")], "warning")
    ws.row([note], "subtitle")
    _headers(ws, columns)
    out = BulkRows(ws, [None] + [c[3] for c in columns[1:]], folder)
    bulk.append(out)
    n = 0
    for n, values in enumerate(rows, start=1):
        out.row([n, *values])
        if n % 2000 == 0:
            step(job, n, count, label)
    step(job, n, count, label)
    return n


def _info_rows(commune, opts: ExportOptions, period: Period | None, sheets: list[str]) -> list:
    values = {
        "format": FORMAT_ID,
        "format_version": str(FORMAT_VERSION),
        "commune_name": commune.name,
        "commune_code": commune.code,
        "upper_name": commune.upper_name,
        "upper_code": commune.upper_code,
        "period": period.label if period else "",
        "period_code": period.code if period else "",
        "period_start": fmt_date(period.start) if period else "",
        "period_end": fmt_date(period.end) if period else "",
        "as_of": fmt_date(opts.as_of),
        "generated_at": clock.now().strftime("%d/%m/%Y %H:%M:%S"),
        "operator": opts.operator,
        "app_version": __version__,
        "personal_data": "có" if opts.with_lists else "không",
        "ids": ("đầy đủ" if opts.full_ids else "ẩn, chỉ 4 chữ số cuối") if opts.with_lists else "",
        "sheets": "; ".join(sheets),
    }
    return [[label, values[key], key] for key, label in INFO_FIELDS if key != "sha256"]


def export_workbook(db: sqlite_utils.Database, out_path: str | os.PathLike,
                    opts: ExportOptions, job: Job | None = None) -> ExportResult:
    """Write the export; nothing is left behind if it fails or is cancelled."""
    commune = get_commune(db)
    if not commune.code.strip():
        raise UserError(_("Chưa có mã xã. Hãy nhập mã xã (trong phần thông tin xã) trước khi "
                          "xuất tệp gửi cấp trên."))
    period = period_of(opts.period, opts.as_of) if opts.period else None
    step(job, 0, 0, _("Đang tính số liệu…"))
    fig = data.figures(db, opts.as_of, period, opts.expiring_days)
    folder = check_target(out_path).parent
    with openpyxl_scratch_in(folder):
        return _export(db, commune, fig, period, out_path, folder, opts, job)


def _export(db, commune, fig, period, out_path, folder: Path, opts: ExportOptions,
            job: Job | None) -> ExportResult:
    wb = new_workbook()
    bulk: list[BulkRows] = []
    try:
        checksum = Checksum()
        sheets = [SHEET_SUMMARY, SHEET_GROUPS]
        summary_cols = SUMMARY_COLUMNS + (CHANGE_COLUMNS if fig.changes else [])
        _write_summary(SheetWriter(wb, SHEET_SUMMARY, [c[2] for c in summary_cols], checksum),
                       commune, fig, period, opts.as_of)
        _write_groups(SheetWriter(wb, SHEET_GROUPS, [c[2] for c in GROUP_COLUMNS], checksum,
                                  landscape=False), commune, fig, opts.as_of)
        list_rows: dict[str, int] = {}
        if opts.with_lists:
            n_un = data.count_uninsured(db, opts.as_of)
            n_ex = data.count_expiring(db, opts.as_of, opts.expiring_days)
            head = f"{commune.name} (mã {commune.code}) — tính đến ngày {fmt_date(opts.as_of)} — theo thôn/xóm và hộ"
            list_rows[SHEET_UNINSURED] = _write_list(
                SheetWriter(wb, SHEET_UNINSURED, [c[2] for c in UNINSURED_COLUMNS], checksum),
                f"DANH SÁCH NGƯỜI CHƯA CÓ THẺ BHYT CÒN HẠN ({fmt_int(n_un)} người)",
                head, UNINSURED_COLUMNS, data.uninsured_rows(db, opts.as_of, full_ids=opts.full_ids),
                n_un, job, _("Đang ghi danh sách không có thẻ còn hạn…"), opts.full_ids, bulk, folder)
            list_rows[SHEET_EXPIRING] = _write_list(
                SheetWriter(wb, SHEET_EXPIRING, [c[2] for c in EXPIRING_COLUMNS], checksum),
                f"DANH SÁCH THẺ BHYT SẮP HẾT HẠN TRONG {opts.expiring_days} NGÀY ({fmt_int(n_ex)} người)",
                head, EXPIRING_COLUMNS,
                data.expiring_rows(db, opts.as_of, opts.expiring_days, full_ids=opts.full_ids),
                n_ex, job, _("Đang ghi danh sách sắp hết hạn…"), opts.full_ids, bulk, folder)
            sheets += [SHEET_UNINSURED, SHEET_EXPIRING]

        info = SheetWriter(wb, SHEET_INFO, [30, 60, 16], checksum, header_row=3, landscape=False)
        info.row(["THÔNG TIN TỆP XUẤT"], "title", height=22)
        info.row(["Tệp do BHYT Desktop tạo. Mọi chỉnh sửa sau khi xuất sẽ làm mã kiểm tra "
                  "không còn khớp."], "subtitle")
        info.row(["Mục", "Giá trị", "Khóa"], "header")
        for row in _info_rows(commune, opts, period, sheets):
            info.row(row, ["text", "text", "key"])
        digest = checksum.hexdigest()
        # The checksum row itself is not part of the checksum (see format.py).
        info.ws.append([info.cell("Mã kiểm tra SHA-256", "text"), info.cell(digest, "text"),
                        info.cell("sha256", "key")])
        step(job, 0, 0, _("Đang lưu tệp…"))
        path = save_atomically(wb, out_path, bulk)
    except BaseException:
        discard(wb)
        for b in bulk:
            b.discard()
        raise
    return ExportResult(path, digest, opts.as_of, period, commune.code, sheets, list_rows)
