"""The upper level's own targets for its communes (seed 001: a unit × year table), used in
the consolidation so a district or BHXH office sees each commune against the target it set.

The table is a spreadsheet: a header row with «Mã xã» (or «Mã đơn vị») and one column per
year («2026», «Năm 2026»); each cell a rate: 95, «95%», «95,5» or 0.95. The commune's
«still needed» against it is ceil(target × population) − insured, as for its own target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import ceil_div
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.text import clean_name, fold

SHEET_UPPER = "Chỉ tiêu cấp trên giao"
_CODE_HEADERS = {"ma xa", "ma don vi", "ma xa phuong", "ma"}
_YEAR = re.compile(r"^(nam\s+)?((19|20)\d\d)$")


@dataclass(frozen=True)
class UpperTargets:
    by_unit_year: dict[tuple[str, int], Decimal]     # (commune code, year) -> target %
    source: str = ""

    def target(self, code: str, year: int) -> Decimal | None:
        return self.by_unit_year.get((clean_name(code), year))


def _rate(value, where: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip().replace("%", "").replace(" ", "").replace(",", ".")
    try:
        rate = Decimal(text)
    except InvalidOperation:
        raise UserError(_("Chỉ tiêu không hợp lệ ở {where}: «{value}».").format(where=where, value=value)) from None
    if 0 < rate <= 1 and not isinstance(value, str):
        rate *= 100                                        # a percent cell: 0.95
    if not 0 <= rate <= 100:
        raise UserError(_("Chỉ tiêu không hợp lệ ở {where}: «{value}».").format(where=where, value=value))
    return rate.quantize(Decimal("0.01"), ROUND_HALF_UP)


def read_upper_targets(path: str | Path) -> UpperTargets:
    """The unit × year table of ``path``; UserError (Vietnamese) when none is found."""
    from bhyt_desktop.importing.reading import read_table

    table = read_table(path)
    for i, row in enumerate(table.rows[:40]):
        keys = [fold(clean_name(v)) if v is not None else "" for v in row]
        years = {c: int(m.group(2)) for c, k in enumerate(keys) if (m := _YEAR.match(k.replace(".0", "")))}
        code_col = next((c for c, k in enumerate(keys) if k in _CODE_HEADERS), None)
        if code_col is None or not years:
            continue
        out: dict[tuple[str, int], Decimal] = {}
        for n, r in enumerate(table.rows[i + 1:], start=i + 2):
            code = clean_name(r[code_col]) if code_col < len(r) and r[code_col] is not None else ""
            if isinstance(r[code_col] if code_col < len(r) else None, float):
                code = str(int(r[code_col]))                   # a code typed as a number
            if not code:
                continue
            for c, year in years.items():
                rate = _rate(r[c] if c < len(r) else None, _("dòng {n}").format(n=n))
                if rate is not None:
                    out[(code, year)] = rate
        return UpperTargets(out, Path(path).name)
    raise UserError(_("Không thấy bảng chỉ tiêu trong {name}: cần một dòng tiêu đề có «Mã xã» và các cột năm "
                      "(ví dụ 2026).").format(name=Path(path).name))


def needed(target: Decimal, population: int | None, insured: int | None) -> int | None:
    if population is None or insured is None:
        return None
    bp = int((target * 100).to_integral_value(ROUND_HALF_UP))
    return max(0, ceil_div(bp * population, 10000) - insured)


def write_upper_sheet(wb, data, targets: UpperTargets, checksum) -> list[str]:
    """A sheet of each commune against the upper level's target for its year; returns the
    communes with no target in the table (named on the sheet too)."""
    from bhyt_desktop.export.sheets import SheetWriter

    head = [("STT", 5, "int"), ("Mã xã", 9, "text"), ("Tên xã", 24, "text"), ("Năm", 7, "text"),
            ("Dân số", 11, "int"), ("Số người có thẻ BHYT", 11, "int"), ("Tỷ lệ bao phủ", 10, "pct"),
            ("Chỉ tiêu cấp trên giao", 10, "pct"), ("Còn thiếu theo chỉ tiêu cấp trên", 12, "int"),
            ("Chỉ tiêu xã tự đặt", 10, "pct")]
    ws = SheetWriter(wb, SHEET_UPPER, [h[1] for h in head], checksum)
    ws.row(["CÁC XÃ SO VỚI CHỈ TIÊU CẤP TRÊN GIAO"], "title", height=22)
    ws.row([f"Bảng chỉ tiêu: {targets.source}"], "subtitle")
    ws.row([h[0] for h in head], "header", height=45)
    missing, total_needed = [], 0
    for i, r in enumerate(data.rows, start=1):
        f, fig = r.file, r.figures
        target = targets.target(f.commune_code, f.as_of.year)
        need = needed(target, fig.get("population"), fig.get("insured")) if target is not None else None
        if target is None:
            missing.append(f"{f.commune_code} {f.commune_name}")
        total_needed += need or 0
        ws.row([i, f.commune_code, f.commune_name, str(f.as_of.year), fig.get("population"), fig.get("insured"),
                _fraction(fig.get("rate")), float(target / 100) if target is not None else None, need,
                _fraction(fig.get("target"))], [h[2] for h in head])
    ws.row([None, None, "Tổng cộng", None, data.total["population"], data.total["insured"],
            float(data.total_rate / 100) if data.total_rate is not None else None, None, total_needed, None],
           ["total_text", "total_text", "total_text", "total_text", "total_int", "total_int", "total_pct",
            "total_text", "total_int", "total_text"])
    if missing:
        ws.blank()
        ws.row([None, None, "Không có chỉ tiêu cấp trên cho: " + "; ".join(missing)], "warning")
    return missing


def _fraction(value) -> float | None:
    return None if value in (None, "") else float(value)
