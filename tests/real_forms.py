"""The forms BHXH and collectors really send, built cell for cell in their layouts.

- D03-TS as revised by Decision 490/QĐ-BHXH (2023): a title block with the decision line, a
  three-row header (a parent over the participant's columns, the names, then sub-columns of
  the receipt), a numbering row «A B 1 2 … 15», sections «A. TĂNG» / «B. GIẢM» with
  sub-headings «I.1 Người tham gia …», the CCCD column «Số CCCD/ĐDCN/Hộ chiếu» (2) and the
  collector's code «Mã số nhân viên thu» (14).
- TK1-TS's household-member annex (Decision 888/QĐ-BHXH): «Mã số hộ gia đình: …» and
  «Thôn (bản, tổ dân phố): Xóm 3» in the title block, «Số CMND/ CCCD/ Hộ chiếu».
- A card list with 15-character card numbers («Mã thẻ»: code, level, province, BHXH number).
- A collection agent's software export with ASCII headers and sex as 1/0.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from import_helpers import save

D03_TITLE = [
    ["BẢO HIỂM XÃ HỘI VIỆT NAM", None, None, None, None, None, None, None, None, None, None, None, None, None, "Mẫu D03-TS"],
    [None, None, None, None, None, None, None, None, None, None, None, None, None, None,
     "(Ban hành kèm theo Quyết định số 490/QĐ-BHXH ngày 28/3/2023 của BHXH Việt Nam)"],
    [None, None, None, "DANH SÁCH NGƯỜI CHỈ THAM GIA BẢO HIỂM Y TẾ"],
    [None, None, None, "Tên đại lý thu: UBND xã Nam Toàn. Mã đại lý: DL0001"],
    [],
]
D03_HEADER = [
    ["STT", "Họ và tên", "Thông tin người tham gia", None, None, None, None, None, "Biên lai", None,
     "Phương thức đóng", None, "Số tiền", None, "Mã số nhân viên thu", "Ghi chú"],
    [None, None, "Mã số BHXH", "Số CCCD/ĐDCN/Hộ chiếu", "Ngày, tháng, năm sinh", "Giới tính",
     "Địa chỉ", "Nơi đăng ký KCB ban đầu", "Số", "Ngày", "Từ tháng", "Số tháng",
     "Người tham gia đóng", "NSNN hỗ trợ", None, None],
    [None, None, None, None, None, None, None, None, "biên lai", "biên lai", "(tháng/năm)", "(tháng)",
     "(đồng)", "(đồng)", None, None],
    ["A", "B", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "14", "15"],
]
D03_MERGES = ("C6:H6", "I6:J6", "K6:L6", "M6:N6", "A6:A8", "B6:B8", "O6:O8", "P6:P8")


def d03_490(path: Path) -> Path:
    rows = [list(r) for r in D03_TITLE] + [list(r) for r in D03_HEADER]
    rows += [
        ["A", "TĂNG"],
        ["I.1", "Người tham gia BHYT theo hộ gia đình"],
        [1, "Nguyễn Văn An", "0101234567", "001058001234", "04/03/1958", "Nam", "Xóm 1, Nam Toàn",
         "Trạm y tế xã Nam Toàn", "0000101", "05/01/2026", "01/2026", 12, 1263600, 0, "NV001", None],
        [2, "Trần Thị Bình", None, "001162005678", "05/06/1962", "Nữ", "Xóm 1, Nam Toàn",
         "Bệnh viện đa khoa Nam Trực", "0000102", "05/01/2026", "01/2026", 12, 884520, 0, "NV002", None],
        ["I.2", "Người tham gia được NSNN hỗ trợ mức đóng"],
        [1, "Lê Văn Cường", "3512345678", None, dt.date(1980, 4, 5), "Nam", "Xóm 2, Nam Toàn",
         "Trạm y tế xã Nam Toàn", "0000103", "20/06/2026", "07/2026", 12, 379080, 884520, "NV001", None],
        [None, "Cộng tăng", None, None, None, None, None, None, None, None, None, None, 2526,
         884520, None, None],
        ["B", "GIẢM"],
        ["II.1", "Người tham gia BHYT theo hộ gia đình"],
        [1, "Vũ Thị Hà", "3599990001", None, "09/09/1975", "Nữ", "Xóm 1, Nam Toàn", None, None, None,
         "10/2026", 12, None, None, "NV002", "Chết"],
        [2, "Đặng Văn Đi", "3599990003", None, "01/02/1990", "Nam", "Xóm 2, Nam Toàn", None, None, None,
         "11/2026", 12, None, None, "NV002", "Chuyển đi nơi khác"],
        [None, "Cộng giảm"],
        [None, "Tổng cộng"],
        [],
        [None, "Người lập biểu", None, None, None, None, None, None, "Nam Toàn, ngày 20 tháng 11 năm 2026"],
        [None, "(Ký, ghi rõ họ tên)"],
    ]
    return save(rows, path, merges=D03_MERGES, sheet="D03-TS")


def tk1_annex(path: Path) -> Path:
    rows = [
        ["BẢO HIỂM XÃ HỘI VIỆT NAM", None, None, None, None, None, None, "Mẫu TK1-TS"],
        [None, None, None, None, None, None, None, "(Ban hành kèm theo Quyết định số 888/QĐ-BHXH)"],
        [None, None, "PHỤ LỤC: THÀNH VIÊN HỘ GIA ĐÌNH"],
        [None, "Họ và tên chủ hộ: Hoàng Văn Hải"],
        [None, "Mã số hộ gia đình: 3500123456"],
        [None, "Thôn (bản, tổ dân phố): Xóm 3"],
        [None, "Xã (phường, thị trấn): Nam Toàn. Tỉnh: Nam Định"],
        [],
        ["STT", "Họ và tên", "Mã số BHXH", "Ngày tháng năm sinh", "Giới tính", "Nơi cấp giấy khai sinh",
         "Mối quan hệ với chủ hộ", "Số CMND/ CCCD/ Hộ chiếu", "Ghi chú"],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"],
        [1, "Hoàng Văn Hải", "3500000011", "12/05/1970", "Nam", "Nam Định", "Chủ hộ", "036070001111", None],
        [2, "Ngô Thị Hoa", "3500000012", "03/08/1973", "Nữ", "Nam Định", "Vợ", 36173002222, None],
        [3, "Hoàng Văn Huy", None, "20/10/2001", "Nam", "Nam Định", "Con", "036201003333", None],
        [],
        [None, "Nam Toàn, ngày 15 tháng 11 năm 2026"],
        [None, "Người kê khai"],
    ]
    return save(rows, path, sheet="Phu luc")


def card_list_15(path: Path) -> Path:
    rows = [
        ["BẢO HIỂM XÃ HỘI TỈNH NAM ĐỊNH"],
        ["DANH SÁCH THẺ BHYT CẤP CHO XÃ NAM TOÀN"],
        [],
        ["STT", "Họ tên", "Mã thẻ", "Ngày sinh", "Giới tính", "Địa chỉ", "Hạn thẻ từ", "Hạn thẻ đến",
         "Nơi ĐK KCB BĐ"],
        [1, "Nguyễn Văn An", "GD4363501012345", "04/03/1958", "Nam", "Xóm 1", "01/01/2026", "31/12/2026",
         "36-009"],
        [2, "Trần Thị Bình", "CN3360101234568", "05/06/1962", "Nữ", "Xóm 1", "01/03/2026", "28/02/2027",
         "36-009"],
    ]
    return save(rows, path, sheet="The")


def agent_export(path: Path) -> Path:
    rows = [
        ["HoTen", "MasoBHXH", "NgaySinh", "GioiTinh", "CMND", "Maho_Giadinh", "TuNgay", "Sothang",
         "MaDaiLy", "NgayLap"],
        ["Nguyễn Văn An", "0101234567", "04/03/1958", 1, "001058001234", "HGD01", "01/01/2026", 12,
         "DL0001", "02/01/2026"],
        ["Trần Thị Bình", None, "05/06/1962", 0, "001162005678", "HGD01", "01/03/2026", 6,
         "DL0001", "01/03/2026"],
        ["Lê Văn Cường", "3512345678", "05/04/1980", "1", None, "HGD02", "01/07/2026", 3,
         "DL0001", "20/06/2026"],
    ]
    return save(rows, path, sheet="Sheet1")


def roster_with_extras(path: Path) -> Path:
    """A household list with the columns a commune adds: household type, pension, the card's
    issuing place and clinic."""
    rows = [
        ["DANH SÁCH HỘ GIA ĐÌNH THAM GIA BHYT THÔN ĐÔNG HÀ"],
        ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Mã hộ", "Quan hệ với chủ hộ", "Loại hộ", "Lương hưu",
         "Mã đối tượng", "Hạn thẻ từ", "Hạn thẻ đến", "Nơi cấp thẻ", "Nơi ĐK KCB BĐ"],
        [1, "Đinh Văn Mạnh", "02/02/1950", "Nam", "H9", "Chủ hộ", "Hộ cận nghèo", "x", "HT",
         "01/01/2026", "31/12/2026", "Ngoài tỉnh", "Bệnh viện tỉnh Hà Nam"],
        [2, "Đinh Thị Nga", "03/03/1955", "Nữ", "H9", "Vợ", "Hộ cận nghèo", None, "CN",
         "01/01/2026", "31/12/2026", None, "Trạm y tế xã"],
    ]
    return save(rows, path)
