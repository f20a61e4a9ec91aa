"""The words a header cell may use for each field, folded (no diacritics, lower case, single
spaces): real forms (D03-TS, TK1-TS, card lists, collection agents' exports) and the ways
communes type them. header.py matches labels against these."""

from __future__ import annotations

SYNONYMS: dict[str, list[str]] = {
    "stt": ["stt", "tt", "so tt", "so thu tu", "thu tu"],
    "full_name": ["ho va ten", "ho ten", "ho va ten nguoi tham gia", "ho ten nguoi tham gia",
                  "ten", "ho va ten thanh vien", "ho ten thanh vien", "ten thanh vien",
                  "ho va ten nguoi tham gia bhyt", "ho ten nguoi tham gia bhyt"],
    "birth_date": ["ngay sinh", "ngay thang nam sinh", "nam sinh", "ngay thang sinh",
                   "ngay sinh dd mm yyyy", "sinh ngay"],
    "sex": ["gioi tinh", "gt", "gioi"],
    "cccd": ["so cccd", "cccd", "cccd cmnd", "so cccd cmnd", "so dinh danh", "so dinh danh ca nhan",
             "ma dinh danh", "ma dinh danh ca nhan", "cccd ddcn", "so cccd ddcn", "ddcn", "cmnd",
             "so cmnd", "so cmnd cccd", "cmnd cccd", "can cuoc", "so can cuoc", "can cuoc cong dan",
             "so can cuoc cong dan", "so cccd dinh danh",
             # D03-TS of Decision 490/QĐ-BHXH, TK1-TS of Decision 888/QĐ-BHXH
             "so cccd ddcn ho chieu", "cccd ddcn ho chieu", "so cmnd cccd ho chieu", "cmnd cccd ho chieu",
             "so cmnd cccd hc", "so dinh danh ca nhan ho chieu", "so cccd ho chieu", "so dinh danh ho chieu"],
    "bhxh_code": ["ma so bhxh", "ma bhxh", "ma the", "so the", "ma so bhyt", "ma the bhyt",
                  "so the bhyt", "ma so bhxh bhyt", "so so bhxh", "ma so", "so bhxh", "ma so the"],
    "relation": ["quan he voi chu ho", "quan he", "quan he chu ho", "qh voi chu ho", "qh chu ho",
                 "moi quan he voi chu ho", "quan he voi chu ho gd"],
    "household_code": ["ma ho", "ma ho gd", "ma ho gia dinh", "so ho", "ma so ho", "ma ho gd bhyt"],
    "village": ["thon", "xom", "to", "thon xom", "ban", "to dan pho", "thon to", "thon xom to",
                "ap", "khu pho", "thon ban", "thon xom ban", "ten thon", "ten xom"],
    "address": ["dia chi", "noi cu tru", "dia chi thuong tru", "dia chi cu tru", "noi o",
                "noi o hien nay", "dia chi lien he"],
    "group_code": ["ma doi tuong", "ma dt", "doi tuong", "ma nhom doi tuong", "ma doi tuong tham gia"],
    "from_month": ["tu thang", "tu thang nam", "thang bat dau", "bat dau tu thang", "tham gia tu thang",
                   "thang nam bat dau", "dong tu thang", "thoi gian dong tu thang"],
    "months": ["so thang", "so thang dong", "so thang tham gia", "so thang dong bhyt", "so thang dong tien",
               "so thang nop", "thoi gian dong so thang", "phuong thuc dong so thang"],
    "collector": ["ma so nhan vien thu", "ma nhan vien thu", "ma nv thu", "ma so nv thu", "nhan vien thu",
                  "ma nguoi thu", "ma so nguoi thu", "ma can bo thu", "ma dai ly thu", "ma so dai ly thu",
                  "manhanvienthu", "ma nvt"],
    "clinic": ["noi dang ky kcb ban dau", "noi dang ky kcb bd", "noi dk kcb bd", "noi dk kcb ban dau",
               "noi kcb", "noi kcb bd", "noi kcb ban dau", "kcb bd", "ma kcb", "ma kcb bd", "noi dang ky kcb",
               "noi dang ky kham chua benh ban dau", "noi dang ky kham benh ban dau", "benh vien dang ky"],
    "note": ["ghi chu", "ly do", "ly do giam", "ghi chu ly do", "ly do giam ghi chu"], "household_type": [
        "loai ho", "hoan canh gia dinh", "phan loai ho", "ho ngheo can ngheo", "doi tuong ho"],
    "benefit": ["luong huu", "huong luong huu", "luong huu tro cap", "huong luong huu tro cap",
                "tro cap hang thang", "huong tro cap hang thang", "luong huu tro cap bhxh"],
    "issued_elsewhere": ["noi cap the", "cap ngoai tinh", "the cap noi khac", "don vi cap the", "co quan cap the"],
}
