"""Spreadsheets in the shapes real communes send, built for the import tests."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import openpyxl

FIXTURES = Path(__file__).parent / "fixtures"

TITLE = [
    ["UBND XÃ NAM TOÀN", None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["BAN CHỈ ĐẠO BHXH, BHYT", None, None, None, None, "Độc lập - Tự do - Hạnh phúc"],
    [],
    ["DANH SÁCH HỘ GIA ĐÌNH THAM GIA BHYT THÔN ĐÔNG HÀ"],
    ["(Kèm theo công văn số 12/BCĐ ngày 05/01/2026)"],
    [],
]
SIGNATURE = [
    [],
    [None, "Người lập biểu", None, None, None, None, "Trưởng thôn"],
    [None, "(Ký, ghi rõ họ tên)", None, None, None, None, "(Ký, ghi rõ họ tên)"],
    [],
    [None, "Phạm Văn Lập", None, None, None, None, "Hoàng Văn Trưởng"],
]

# (name, birth, sex, cccd, bhxh, relation, household code, group, from, to)
HOUSEHOLD_1 = [
    ("Nguyễn Văn An", dt.date(1958, 3, 4), "M", "001058001234", "0101234567", "Chủ hộ", "HGD01",
     "GD", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    ("Trần Thị Bình", dt.date(1962, 6, 5), "F", "001162005678", None, "Vợ", "HGD01",
     "GD", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    ("Nguyễn Văn Cường", 1985, "M", None, None, "Con", "HGD01", None, None, None),
]
HOUSEHOLD_2 = [
    ("Lê Văn Dũng", dt.date(1970, 1, 20), "M", "035070000111", "3512345678", "Chủ hộ", "HGD02",
     "HN", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    ("Phạm Thị Én", dt.date(1972, 2, 29), "F", "035172000222", None, "Vợ", "HGD02", None, None, None),
    ("Lê Thị Giang", dt.date(2021, 7, 15), "F", None, "3598765432", "Con", "HGD02",
     "TE", dt.date(2021, 7, 15), dt.date(2027, 7, 14)),
]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def save(rows: list[list], path: Path, merges: tuple[str, ...] = (), sheet: str = "Danh sách",
         extra_sheets: dict[str, list[list]] | None = None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(list(r))
    for m in merges:
        ws.merge_cells(m)
    for name, other in (extra_sheets or {}).items():
        extra = wb.create_sheet(name)
        for r in other:
            extra.append(list(r))
    wb.save(path)
    return path


def messy_roster_rows(start_row_hint: bool = False) -> tuple[list[list], tuple[str, ...]]:
    """Title block, two-row merged header with Nam/Nữ and Hạn thẻ, numbering row, IDs as
    numbers, NFD names, mixed date forms, subtotal and total rows, signature block.

    Header rows are 7-8, numbering row 9, people from row 10.
    """
    rows = [list(r) for r in TITLE]
    rows.append(["STT", "Họ và tên", "Ngày sinh", None, "Số CCCD", "Mã số BHXH", "Quan hệ với chủ hộ",
                 "Mã hộ", "Mã đối tượng", "Hạn thẻ", None])
    rows.append([None, None, "Nam", "Nữ", None, None, None, None, None, "Từ ngày", "Đến ngày"])
    rows.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)", "(11)"])
    merges = ("C7:D7", "J7:K7", "A7:A8", "B7:B8", "E7:E8", "F7:F8", "G7:G8", "H7:H8", "I7:I8")
    n = 0
    date_forms = [lambda d: d, lambda d: d.strftime("%d/%m/%Y"), lambda d: f"{d.day}/{d.month}/{d.year % 100:02d}",
                  lambda d: d.strftime("%d-%m-%Y"), lambda d: d.strftime("%d.%m.%Y"),
                  lambda d: float((d - dt.date(1899, 12, 30)).days)]
    for block, label in ((HOUSEHOLD_1, "Cộng hộ 1"), (HOUSEHOLD_2, "Cộng hộ 2")):
        for name, birth, sex, cccd, bhxh, rel, hh, grp, start, end in block:
            n += 1
            form = date_forms[n % len(date_forms)]
            b = form(birth) if isinstance(birth, dt.date) else str(birth)
            rows.append([
                n, nfd(name) if n % 2 else f"  {name.upper() if n == 4 else name}  ",
                b if sex == "M" else None, b if sex == "F" else None,
                float(int(cccd)) if cccd else None,          # IDs stored as numbers: zeros lost
                float(int(bhxh)) if bhxh else None, rel, hh, grp,
                date_forms[(n + 1) % 5](start) if start else None, end.strftime("%d/%m/%Y") if end else None,
            ])
        rows.append([label, None, 2, 1])
    rows.append(["Tổng cộng", None, 3, 3])
    rows += [list(r) for r in SIGNATURE]
    return rows, merges


def messy_roster(path: Path) -> Path:
    rows, merges = messy_roster_rows()
    return save(rows, path, merges)


def flat_rows(header: list[str], people: list[list]) -> list[list]:
    return [header, *people]


def write_csv(path: Path, rows: list[list], *, encoding: str = "utf-8-sig", sep: str = ";") -> Path:
    import csv
    import io
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def table_counts(db) -> dict[str, int]:
    return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("villages", "households", "people", "cards")}


def dump(db) -> list:
    """Every row of the data tables (to compare a file before and after)."""
    out = []
    for t in ("villages", "households", "people", "cards", "import_log", "import_mappings"):
        out.append((t, db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()))
    return out


def d03_card_list(path: Path) -> Path:
    """A BHXH list in the D03-TS shape: agency title, two-row header under "Thời hạn sử dụng
    thẻ", letter/number numbering row, "Tăng"/"Giảm" sections with subtotals, signatures."""
    rows = [
        ["BẢO HIỂM XÃ HỘI TỈNH NINH BÌNH", None, None, None, None, None, "Mẫu D03-TS"],
        ["BHXH CƠ SỞ NHO QUAN"],
        [None, None, "DANH SÁCH NGƯỜI CHỈ THAM GIA BẢO HIỂM Y TẾ"],
        [],
        ["STT", "Họ và tên", "Mã số BHXH", "Số CCCD", "Ngày, tháng, năm sinh", "Giới tính", "Địa chỉ",
         "Mã ĐT", "Thời hạn sử dụng thẻ", None, "Ghi chú"],
        [None, None, None, None, None, None, None, None, "Từ ngày", "Đến ngày", None],
        ["A", "B", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
        ["I", "Tăng"],
        [1, "NGUYỄN VĂN AN", "0101234567", "001058001234", "04/03/1958", "Nam", "Thôn Đông Hà", "GD",
         "01/01/2027", "31/12/2027", None],
        [2, "Trần Thị Bình", None, 1162005678.0, "05/06/1962", "Nữ", "Thôn Đông Hà", "GD", "1/1/2027",
         "31/12/2027", None],
        [3, "Lê Văn Dũng", "35 1234 5678", "035.070.000.111", "20-01-1970", "Nam", "Xóm Bến, xã Nam Toàn",
         "HN", dt.date(2027, 1, 1), dt.date(2027, 12, 31), None],
        [4, "Phạm  Thị  Mới", "3512340000", None, "1985", "Nữ", "Xóm Bến", "GD", "01.01.2027", "31.12.2027", None],
        [5, "Hoàng Văn Sai", "35123", None, "12/13/1990", "Nam", "Xóm Bến", "XX", "01/01/2027", "31/12/2026", None],
        [None, "Cộng tăng"],
        ["II", "Giảm"],
        [None, "Cộng giảm"],
        [None, "Tổng cộng"],
        [],
        [None, "Người lập biểu", None, None, None, None, "Nam Toàn, ngày 20 tháng 11 năm 2026"],
        [None, "(Ký, ghi rõ họ tên)", None, None, None, None, "Thủ trưởng đơn vị"],
        [None, "Nguyễn Thị Lập", None, None, None, None, "Trần Văn Chủ Tịch"],
    ]
    merges = ("I5:J5",) + tuple(f"{c}5:{c}6" for c in "ABCDEFGHK")
    return save(rows, path, merges, sheet="D03-TS", extra_sheets={"Hướng dẫn": [["Hướng dẫn lập biểu"]]})
