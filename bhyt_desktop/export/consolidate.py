"""Consolidation for the upper level: many communes' export files -> one workbook.

    plan = check_files(paths, force=False)   # reads and checks every file, never raises
    plan.refused / plan.warnings / plan.checks   # what the user sees before going on
    data = combine(plan)                      # UserError if anything was refused
    write_consolidation(data, "TongHop.xlsx")

Checks: a file that is not our export, or of an unknown format version, is refused; a
checksum that does not match is refused unless forced, and then marked; the same commune
twice (for the same period, or mixed periods) is refused; different as-of dates are a warning, shown per row.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from bhyt_desktop import __version__
from bhyt_desktop.common import clock
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import fmt_date, fmt_int
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.jobs import Job, step
from bhyt_desktop.common.scratch import openpyxl_scratch_in
from bhyt_desktop.export.format import (
    CONSOLIDATED_ID,
    FORMAT_VERSION,
    SHEET_FILES,
    SHEET_GROUPS,
    SHEET_GROUPS_BY_COMMUNE,
    SHEET_INFO,
    SHEET_SUMMARY,
    UNINSURED_LABEL,
    Checksum,
)
from bhyt_desktop.export.reading import ExportFile, read_export
from bhyt_desktop.export.sheets import (
    SheetWriter,
    check_target,
    discard,
    new_workbook,
    save_atomically,
)
from bhyt_desktop.export.upper_targets import UpperTargets, write_upper_sheet
from bhyt_desktop.export.workbook import CHANGE_COLUMNS, GROUP_COLUMNS, ROMAN
from bhyt_desktop.store.reference import GROUP_NAMES

OK, WARNING, FORCED, REFUSED = "ok", "warning", "forced", "refused"
STATUS_LABELS = {OK: "Hợp lệ", WARNING: "Lưu ý", FORCED: "Đã bị sửa — vẫn dùng theo lựa chọn",
                 REFUSED: "Bị từ chối"}

SUM_KEYS = ["population", "insured", "insured_elsewhere", "uninsured", "needed"]
CHANGE_KEYS = [c[0] for c in CHANGE_COLUMNS]


@dataclass
class Check:
    path: Path
    status: str
    message: str = ""
    file: ExportFile | None = None


@dataclass
class Plan:
    checks: list[Check]
    warnings: list[str] = field(default_factory=list)
    force: bool = False

    @property
    def refused(self) -> list[Check]:
        return [c for c in self.checks if c.status == REFUSED]

    @property
    def accepted(self) -> list[ExportFile]:
        return [c.file for c in self.checks if c.status != REFUSED and c.file is not None]


def expand_paths(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Files as given; a folder stands for every .xlsx in it (Excel's ~$ lock files skipped)."""
    out: list[Path] = []
    seen: set[Path] = set()
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.suffix.lower() == ".xlsx"
                           and not f.name.startswith(("~$", ".~")) and f.is_file())
            if not found:
                raise UserError(_("Thư mục «{path}» không có tệp .xlsx nào.").format(path=p))
        elif p.exists():
            found = [p]
        else:
            raise UserError(_("Không tìm thấy tệp «{path}».").format(path=p))
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                out.append(f)
    if not out:
        raise UserError(_("Chưa chọn tệp nào để tổng hợp."))
    return out


def check_files(paths: Iterable[str | os.PathLike], *, force: bool = False,
                job: Job | None = None) -> Plan:
    files = expand_paths(paths)
    checks: list[Check] = []
    for i, path in enumerate(files):
        step(job, i, len(files), _("Đang kiểm tra {name}…").format(name=path.name))
        try:
            f = read_export(path)
        except UserError as exc:
            checks.append(Check(path, REFUSED, str(exc)))
            continue
        if f.checksum_ok:
            checks.append(Check(path, OK, "", f))
        elif force:
            checks.append(Check(path, FORCED, _(
                "Mã kiểm tra không khớp: tệp đã bị sửa sau khi xuất. Vẫn dùng vì đã chọn «Vẫn dùng "
                "tệp đã bị sửa» (--force); được đánh dấu trong bảng tổng hợp."), f))
        else:
            checks.append(Check(path, REFUSED, _(
                "Mã kiểm tra không khớp: tệp đã bị sửa sau khi xuất. Hãy đề nghị xã gửi lại tệp "
                "gốc, hoặc nếu chắc chắn số liệu đúng: chọn «Vẫn dùng tệp đã bị sửa» (dòng lệnh: --force)."), f))
    step(job, len(files), len(files))
    plan = Plan(checks, force=force)

    # One file per commune: the same commune twice (same period, or two periods mixed in
    # one table) would count its people twice.
    by_commune: dict[str, list[tuple[Check, ExportFile]]] = defaultdict(list)
    for c in checks:
        if c.file is not None and c.status != REFUSED:
            by_commune[c.file.commune_code].append((c, c.file))
    for code, group in by_commune.items():
        if len(group) > 1:
            names = ", ".join(f"{c.path.name} ({f.period_key})" for c, f in group)
            same = len({f.period_key for _c, f in group}) == 1
            for c, f in group:
                c.status = REFUSED
                c.message = (_("{name} (mã {code}) có {n} tệp cho cùng kỳ: {files}. Hãy chỉ giữ "
                               "lại một tệp.") if same else
                             _("{name} (mã {code}) có {n} tệp của các kỳ khác nhau: {files}. Mỗi "
                               "xã chỉ được một tệp trong một bảng tổng hợp.")).format(
                    name=f.commune_name, code=code, n=len(group), files=names)

    accepted = plan.accepted
    dates = Counter(f.as_of for f in accepted)
    if len(dates) > 1:
        usual = dates.most_common(1)[0][0]
        odd = [f for f in accepted if f.as_of != usual]
        plan.warnings.append(_(
            "Các xã có ngày tính số liệu khác nhau: phần lớn tính đến {usual}; khác ngày: {odd}.").format(
            usual=fmt_date(usual),
            odd="; ".join(f"{f.commune_name} ({fmt_date(f.as_of)})" for f in odd)))
        for c in checks:
            if c.status == OK and c.file is not None and c.file.as_of != usual:
                c.status = WARNING
                c.message = _("Ngày tính số liệu {date} khác các xã khác ({usual}).").format(
                    date=fmt_date(c.file.as_of), usual=fmt_date(usual))
    periods = {f.period_code for f in accepted}
    if len(periods) > 1:
        plan.warnings.append(_("Các tệp thuộc các kỳ báo cáo khác nhau: {p}.").format(
            p=", ".join(sorted(p or _("(không có kỳ)") for p in periods))))
    forced = [c for c in checks if c.status == FORCED]
    if forced:
        plan.warnings.append(_("{n} tệp đã bị sửa sau khi xuất nhưng vẫn được dùng (--force): "
                               "{files}.").format(n=len(forced), files=", ".join(c.path.name for c in forced)))
    return plan


@dataclass
class CommuneRow:
    file: ExportFile
    status: str
    note: str
    figures: dict
    law_groups: dict[int, int]


@dataclass
class Combined:
    plan: Plan
    rows: list[CommuneRow]
    total: dict
    law_groups: dict[int, int]
    groups: list[dict]          # per code, summed: group, code, name, insured
    with_changes: bool
    unit_name: str
    as_of_dates: list[dt.date]

    @property
    def total_rate(self) -> Decimal | None:
        pop = self.total["population"]
        return (Decimal(self.total["insured"]) * 100 / pop).quantize(Decimal("0.01"), ROUND_HALF_UP) if pop else None


def combine(plan: Plan) -> Combined:
    """Add up the accepted files. Refuses when any file was refused (nothing half-counted)."""
    if plan.refused:
        lines = [f"- {c.path.name}: {c.message}" for c in plan.refused]
        raise UserError(_("Không tổng hợp được: {n} tệp bị từ chối.").format(n=len(plan.refused))
                        + "\n" + "\n".join(lines))
    checks = sorted(((c, c.file) for c in plan.checks if c.file is not None),
                    key=lambda cf: (cf[1].commune_code, cf[1].commune_name))
    if not checks:
        raise UserError(_("Không có tệp hợp lệ nào để tổng hợp."))
    with_changes = all(f.has_changes for _c, f in checks)
    keys = SUM_KEYS + (CHANGE_KEYS if with_changes else [])
    total = dict.fromkeys(keys, 0)
    law_total = dict.fromkeys(range(1, 6), 0)
    by_code: dict[str, dict] = {}
    rows = []
    for c, f in checks:
        figures = {k: f.total.get(k) for k in keys + ["rate", "target"]}
        for k in keys:
            total[k] += f.total.get(k) or 0
        law = dict.fromkeys(range(1, 6), 0)
        for g in f.groups:
            law[g["group"]] += g["insured"]
            entry = by_code.setdefault(g["code"], {"group": g["group"], "code": g["code"],
                                                   "name": g["name"], "insured": 0})
            entry["insured"] += g["insured"]
        for grp in law_total:
            law_total[grp] += law[grp]
        rows.append(CommuneRow(f, c.status, c.message, figures, law))
    units = Counter(f.info.get("upper_name", "") for _c, f in checks)
    return Combined(plan, rows, total, law_total,
                    sorted(by_code.values(), key=lambda g: (g["group"], g["code"])),
                    with_changes, units.most_common(1)[0][0],
                    sorted({f.as_of for _c, f in checks}))


SUMMARY_HEAD = [
    ("stt", "STT", 5, "int"), ("commune_code", "Mã xã", 9, "text"),
    ("commune_name", "Tên xã", 22, "text"), ("as_of", "Tính đến ngày", 11, "date"),
    ("period", "Kỳ", 10, "text"),
    ("population", "Dân số", 11, "int"), ("insured", "Số người có thẻ BHYT", 11, "int"),
    ("insured_elsewhere", "Trong đó: thẻ cấp nơi khác", 11, "int"),
    ("uninsured", UNINSURED_LABEL, 12, "int"), ("rate", "Tỷ lệ bao phủ", 10, "pct"),
    ("target", "Chỉ tiêu", 9, "pct"), ("needed", "Còn thiếu để đạt chỉ tiêu", 11, "int"),
]
LAW_HEAD = [("stt", "STT", 5, "int"), ("commune_code", "Mã xã", 9, "text"),
            ("commune_name", "Tên xã", 24, "text")] + [
    (f"group_{g}", f"Nhóm {g}", 11, "int") for g in range(1, 6)] + [("insured", "Cộng", 12, "int")]
NOTE_HEAD = [("note", "Ghi chú", 40, "text")]
FILES_HEAD = [
    ("stt", "STT", 5, "int"), ("file", "Tên tệp", 30, "text"), ("commune_code", "Mã xã", 9, "text"),
    ("commune_name", "Tên xã", 20, "text"), ("period", "Kỳ", 10, "text"),
    ("as_of", "Tính đến ngày", 11, "text"), ("generated_at", "Thời điểm tạo", 18, "text"),
    ("operator", "Người lập", 16, "text"), ("format_version", "Phiên bản định dạng", 9, "text"),
    ("recorded", "SHA-256 ghi trong tệp", 44, "hash"), ("computed", "SHA-256 tính lại", 44, "hash"),
    ("result", "Kết quả kiểm tra", 22, "text"), ("file_sha256", "SHA-256 của tệp", 44, "hash"),
]
TOTAL_ROW_LABEL = "Tổng cộng"


def _fraction(value) -> float | None:
    return None if value in (None, "") else float(value)


def write_consolidation(data: Combined, out_path: str | os.PathLike, *, operator: str = "",
                        job: Job | None = None, targets: UpperTargets | None = None) -> tuple[Path, str]:
    """Write the consolidation workbook; returns (path, its own SHA-256). With ``targets``
    (the upper level's unit × year table) a sheet shows each commune against them."""
    with openpyxl_scratch_in(check_target(out_path).parent):
        wb = new_workbook()
        try:
            return _write(wb, data, out_path, operator, job, targets)
        except BaseException:
            discard(wb)
            raise


def _write(wb, data: Combined, out_path, operator: str, job: Job | None,
           targets: UpperTargets | None = None) -> tuple[Path, str]:
    checksum = Checksum()
    head = SUMMARY_HEAD + ([(k, lbl, w, s) for k, lbl, w, s in CHANGE_COLUMNS] if data.with_changes else []) \
        + NOTE_HEAD
    ws = SheetWriter(wb, SHEET_SUMMARY, [c[2] for c in head], checksum)
    dates = data.as_of_dates
    ws.row(["TỔNG HỢP KẾT QUẢ THAM GIA BẢO HIỂM Y TẾ CÁC XÃ"], "title", height=22)
    ws.row([f"{data.unit_name or 'Đơn vị tổng hợp'} — {fmt_int(len(data.rows))} xã"], "subtitle")
    ws.row(["Số liệu tính đến ngày " + (fmt_date(dates[0]) if len(dates) == 1 else
            f"{fmt_date(dates[0])} – {fmt_date(dates[-1])} (các xã khác ngày, xem cột «Tính đến ngày»)")],
           "subtitle" if len(dates) == 1 else "warning")
    ws.row([c[1] for c in head], "header", height=45)
    styles = [c[3] for c in head]
    for i, r in enumerate(data.rows, start=1):
        f = r.file
        note = r.note if r.status in (FORCED, WARNING) else ""
        if r.status == FORCED:
            note = "ĐÃ BỊ SỬA SAU KHI XUẤT (vẫn dùng theo lựa chọn). " + note
        values = [i, f.commune_code, f.commune_name, f.as_of, f.period_code] + [
            r.figures.get(k) for k in ("population", "insured", "insured_elsewhere", "uninsured")
        ] + [_fraction(r.figures.get("rate")), _fraction(r.figures.get("target")), r.figures.get("needed")]
        if data.with_changes:
            values += [r.figures.get(k) for k in CHANGE_KEYS]
        values += [note.strip()]
        ws.row(values, styles)
        step(job, i, len(data.rows), _("Đang ghi bảng tổng hợp…"))
    t = data.total
    rate = data.total_rate
    values = [None, None, TOTAL_ROW_LABEL, None, None, t["population"], t["insured"],
              t["insured_elsewhere"], t["uninsured"], float(rate / 100) if rate is not None else None,
              None, t["needed"]]
    if data.with_changes:
        values += [t[k] for k in CHANGE_KEYS]
    values += [None]
    ws.row(values, ["total_" + ("pct" if s == "pct" else "int" if s in ("int", "date") else "text")
                    for s in styles])
    ws.blank()
    ws.row([None, None, "Tỷ lệ của tổng cộng = tổng số người có thẻ / tổng dân số của các xã; "
            "«còn thiếu» là tổng số còn thiếu của từng xã."], "plain")
    for w in data.plan.warnings:
        ws.row([None, None, "Lưu ý: " + w], "warning")

    gs = SheetWriter(wb, SHEET_GROUPS, [c[2] for c in GROUP_COLUMNS], checksum, landscape=False)
    gs.row(["SỐ NGƯỜI CÓ THẺ BHYT THEO NHÓM ĐỐI TƯỢNG — CỘNG CÁC XÃ"], "title", height=22)
    gs.row([f"{fmt_int(len(data.rows))} xã — tổng số người có thẻ {fmt_int(t['insured'])}"], "subtitle")
    gs.blank()
    gs.row([c[1] for c in GROUP_COLUMNS], "header", height=30)

    def share(n):
        return float((Decimal(n) / t["insured"]).quantize(Decimal("0.0001"))) if t["insured"] else None

    sub = ["total_text", "total_int", "total_text", "total_text", "total_int", "total_pct"]
    n = 0
    for grp in range(1, 6):
        gs.row([ROMAN[grp], grp, None, GROUP_NAMES[grp], data.law_groups[grp], share(data.law_groups[grp])], sub)
        for g in data.groups:
            if g["group"] == grp:
                n += 1
                gs.row([str(n), grp, g["code"], g["name"], g["insured"], share(g["insured"])],
                       ["text", "int", "text", "text", "int", "pct"])
    gs.row([None, None, None, TOTAL_ROW_LABEL, sum(data.law_groups.values()),
            share(sum(data.law_groups.values()))], sub)

    ls = SheetWriter(wb, SHEET_GROUPS_BY_COMMUNE, [c[2] for c in LAW_HEAD], checksum)
    ls.row(["SỐ NGƯỜI CÓ THẺ BHYT THEO NHÓM ĐỐI TƯỢNG CỦA TỪNG XÃ"], "title", height=22)
    ls.row(["Nhóm theo Luật Bảo hiểm y tế (sửa đổi bởi Luật số 51/2024/QH15): "
            + "; ".join(f"nhóm {g}: {GROUP_NAMES[g].lower()}" for g in range(1, 6)) + "."], "subtitle")
    ls.blank()
    ls.row([c[1] for c in LAW_HEAD], "header", height=30)
    for i, r in enumerate(data.rows, start=1):
        ls.row([i, r.file.commune_code, r.file.commune_name]
               + [r.law_groups[g] for g in range(1, 6)] + [sum(r.law_groups.values())],
               [c[3] for c in LAW_HEAD])
    ls.row([None, None, TOTAL_ROW_LABEL] + [data.law_groups[g] for g in range(1, 6)]
           + [sum(data.law_groups.values())], ["total_text"] * 3 + ["total_int"] * 6)

    if targets is not None:
        write_upper_sheet(wb, data, targets, checksum)

    fs = SheetWriter(wb, SHEET_FILES, [c[2] for c in FILES_HEAD], checksum)
    fs.row(["CÁC TỆP ĐÃ DÙNG ĐỂ TỔNG HỢP"], "title", height=22)
    fs.row(["Mỗi tệp được kiểm tra bằng mã SHA-256 ghi trong trang «Thông tin» của tệp "
            "(xem docs/export-format.md)."], "subtitle")
    fs.blank()
    fs.row([c[1] for c in FILES_HEAD], "header", height=30)
    for i, r in enumerate(data.rows, start=1):
        f = r.file
        fs.row([i, f.path.name, f.commune_code, f.commune_name, f.period_code,
                f.info.get("as_of", ""), f.info.get("generated_at", ""), f.info.get("operator", ""),
                str(f.format_version), f.recorded_sha256, f.computed_sha256,
                STATUS_LABELS[r.status], f.file_sha256], [c[3] for c in FILES_HEAD])

    info = SheetWriter(wb, SHEET_INFO, [30, 60, 16], checksum, header_row=3, landscape=False)
    info.row(["THÔNG TIN TỆP TỔNG HỢP"], "title", height=22)
    info.row(["Tệp do BHYT Desktop tạo từ các tệp xuất của xã."], "subtitle")
    info.row(["Mục", "Giá trị", "Khóa"], "header")
    fields = [
        ("Định dạng tệp", CONSOLIDATED_ID, "format"),
        ("Phiên bản định dạng", str(FORMAT_VERSION), "format_version"),
        ("Đơn vị tổng hợp", data.unit_name, "unit_name"),
        ("Số xã", str(len(data.rows)), "communes"),
        ("Số liệu tính đến ngày", ", ".join(fmt_date(d) for d in dates), "as_of"),
        ("Thời điểm tạo tệp", clock.now().strftime("%d/%m/%Y %H:%M:%S"), "generated_at"),
        ("Người lập", operator, "operator"),
        ("Phiên bản BHYT Desktop", __version__, "app_version"),
        ("Tệp bị sửa vẫn dùng", str(sum(r.status == FORCED for r in data.rows)), "forced"),
        ("Lưu ý", " | ".join(data.plan.warnings), "warnings"),
    ]
    for label, value, key in fields:
        info.row([label, value, key], ["text", "text", "key"])
    digest = checksum.hexdigest()
    info.ws.append([info.cell("Mã kiểm tra SHA-256", "text"), info.cell(digest, "text"),
                    info.cell("sha256", "key")])
    return save_atomically(wb, out_path), digest
