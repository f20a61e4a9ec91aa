"""The report PDF: exact figures in the extracted text, Vietnamese, fonts, layout."""

import datetime as dt
import re

from factories import person, village
from report_helpers import BASE14, bulk_village, page_texts, pdf_fonts, pdf_text, seed004

from bhyt_desktop.commune import details as cm
from bhyt_desktop.reports.history import ReportOptions, ReportText, build_report

D = dt.date
AS_OF = D(2026, 11, 22)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_seed_004_arithmetic(db):
    seed004(db)
    built = build_report(db, "week", AS_OF, doc_date=D(2026, 11, 25))
    t = built.figures["total"]
    assert (t["population"], t["insured"], t["uninsured"], t["needed"]) == (4591, 3990, 601, 372)
    assert t["rate_pct"] == "86.91"
    text = flat(pdf_text(built.pdf))
    assert "Tổng dân số: 4.591 người (theo số liệu thống kê)" in text
    assert "3.990 người, đạt tỷ lệ 86,91% dân số" in text
    assert "Số người chưa tham gia BHYT (dân số trừ số người có thẻ): 601 người" in text
    assert "95% dân số (4.362 người); còn phải vận động thêm 372 người" in text
    # the totals row of the village table
    assert "Toàn xã 4.591 3.990 86,91% 95% 372" in text
    # 6 weeks left after 22/11/2026: ceil(372 / 6) = 62 a week
    assert "6 tuần; bình quân mỗi tuần cần vận động thêm 62 người" in text


def test_village_table_ranking_and_groups(db):
    seed004(db)
    text = flat(pdf_text(build_report(db, "week", AS_OF).pdf))
    # Xóm Đông Hạ 2,200/2,500 = 88,00%, rank 1; Xóm Bắc Sơn 1,790/2,091 = 85,60%, rank 2
    assert "1 Xóm Đông Hạ 2.500 2.200 88,00% 95% 175 0 1" in text
    assert "2 Xóm Bắc Sơn 2.091 1.790 85,60% 95% 197 0 2" in text
    # groups: GD 2,200 (group 5), HN 1,790 (group 3)
    assert "HN: 1.790" in text and "GD: 2.200" in text
    assert "Tổng cộng 3.990 100%" in text
    assert "44,86%" in text and "55,14%" in text   # 1790/3990 and 2200/3990


def test_known_small_commune_figures(db):
    cm.set_commune(db, name="Xã Yên Thành", place_name="Yên Thành")
    cm.set_target(db, 2026, "90")
    village(db, "Thôn Đoài")
    person(db, ("GD", "2026-01-01", "2026-12-31"), village_name="Thôn Đoài")
    person(db, ("HS", "2025-10-01", "2026-12-10"), village_name="Thôn Đoài")       # expiring
    person(db, ("GD", "2025-01-01", "2025-12-31"), ("GD", "2026-11-18", "2027-11-17"),
           village_name="Thôn Đoài")                                              # renewal
    person(db, ("GD", "2025-01-01", "2026-06-30"), village_name="Thôn Đoài")       # lapsed
    person(db, village_name="Thôn Đoài")                                            # never
    person(db, ("TE", "2026-11-17", "2027-11-16"), village_name="Thôn Đông")       # new
    built = build_report(db, "week", AS_OF)
    f = built.figures
    t = f["total"]
    assert (t["population"], t["insured"], t["new"], t["renewals"], t["expiring"],
            t["lapsed"]) == (6, 4, 1, 1, 1, 1)
    assert t["population_source"] == "roster"
    text = flat(pdf_text(built.pdf))
    assert "Tổng dân số: 6 người (theo danh sách hộ gia đình do xã quản lý)" in text
    assert "cấp mới 1 thẻ; gia hạn 1 thẻ (trong đó 1 thẻ tham gia lại sau thời gian gián đoạn " \
           "từ 90 ngày trở lên)" in text
    assert "Trong kỳ (từ ngày 16/11/2026 đến ngày 22/11/2026)" in text
    assert "1 Thôn Đoài 5 3 60,00% 90% 2" in text
    assert "2 Thôn Đông 1 1 100,00% 90% 0" in text
    # Part 4: counts by village, never names
    assert "Vận động gia hạn 1 thẻ BHYT sẽ hết hạn trong 30 ngày tới (đến ngày 22/12/2026)" in text
    assert "Thôn Đoài 1 1 2" in text
    assert "Nguyễn Văn" not in text


def test_vietnamese_strings_and_layout(db):
    seed004(db)
    built = build_report(
        db, "week", AS_OF, number="07", doc_date=D(2026, 1, 5),
        text=ReportText("Đã tuyên truyền ở 12 thôn.", "Nhiều hộ khó khăn.", "Đề nghị hỗ trợ."),
        options=ReportOptions(signer="Trần Văn Hưởng"))
    pages = page_texts(built.pdf)
    text = flat("\n".join(pages))
    for s in ("ỦY BAN NHÂN DÂN XÃ NAM TOÀN", "BAN CHỈ ĐẠO THỰC HIỆN", "CHÍNH SÁCH BHXH, BHYT",
              "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
              "Số: 07/BC-BCĐ", "Nam Toàn, ngày 05 tháng 01 năm 2026", "BÁO CÁO",
              "Tiến độ thực hiện chỉ tiêu bao phủ BHYT tuần 47",
              "(từ ngày 16/11/2026 đến ngày 22/11/2026)", "I. KẾT QUẢ THỰC HIỆN",
              "Bảng 1. Tỷ lệ bao phủ BHYT theo thôn, xóm", "Biểu đồ 1.",
              "Nhóm tham gia theo hộ gia đình", "II. NHỮNG VIỆC CẦN TẬP TRUNG THỰC HIỆN",
              "III. ĐÁNH GIÁ CHUNG", "1. Kết quả đạt được Đã tuyên truyền ở 12 thôn.",
              "2. Khó khăn, vướng mắc Nhiều hộ khó khăn.", "IV. ĐỀ XUẤT, KIẾN NGHỊ Đề nghị hỗ trợ.",
              "trên địa bàn xã Nam Toàn./.", "TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", "Trần Văn Hưởng",
              "Nơi nhận:", "- Bảo hiểm xã hội cơ sở Nam Trực (để báo cáo);", "- Lưu: VT, BCĐ."):
        assert s in text, s
    # page numbers: none on page 1, centred at the top from page 2
    assert len(pages) >= 2
    assert not pages[0].strip().startswith("1")
    for n, page in enumerate(pages[1:], start=2):
        assert page.strip().splitlines()[0].strip() == str(n)


def test_empty_free_text_sections_are_left_out(db):
    seed004(db)
    text = flat(pdf_text(build_report(db, "week", AS_OF).pdf))
    assert "ĐÁNH GIÁ CHUNG" not in text and "ĐỀ XUẤT" not in text
    assert "Số: /BC-BCĐ" in text.replace("\u00a0", " ").replace("  ", " ")


def test_fonts_are_embedded_and_not_base14(db):
    seed004(db)
    fonts = pdf_fonts(build_report(db, "week", AS_OF).pdf)
    assert fonts, "no fonts found"
    assert not (fonts & BASE14), fonts
    for name in fonts:
        assert "+" in name          # subset-embedded TrueType: 'AAAAAA+LiberationSerif'
        assert re.search(r"LiberationSerif|TimesNewRoman", name), name


def test_every_period_kind_builds(db):
    seed004(db)
    for kind, phrase in (("month", "tháng 11 năm 2026"), ("quarter", "quý IV năm 2026"),
                         ("half", "6 tháng cuối năm 2026"), ("year", "năm 2026")):
        text = flat(pdf_text(build_report(db, kind, AS_OF).pdf))
        assert f"Tiến độ thực hiện chỉ tiêu bao phủ BHYT {phrase}" in text


def test_no_target_and_empty_commune(db):
    built = build_report(db, "week", AS_OF)
    text = flat(pdf_text(built.pdf))
    assert "Chưa có chỉ tiêu bao phủ năm 2026." in text
    assert "Tổng dân số: 0 người" in text


def test_wide_numbers_switch_the_village_table_to_landscape(db, monkeypatch):
    from bhyt_desktop.reports import weekly
    monkeypatch.setattr(weekly, "FRAME_WIDTH", 100 * 2.834645669)   # pretend a narrow page
    seed004(db)
    import io

    from pypdf import PdfReader
    built = build_report(db, "week", AS_OF)
    sizes = [tuple(round(float(x)) for x in p.mediabox[2:]) for p in PdfReader(io.BytesIO(built.pdf)).pages]
    assert (842, 595) in sizes and sizes[0] == (595, 842)


def test_a_note_says_why_village_rows_do_not_add_up_to_the_total(db):
    """Each unit rounds its own need up: 9 of 10 at 95% needs 1 in each village, but 18 of 20
    needs only 1 for the commune. The paper says so instead of leaving a silent gap."""
    cm.set_commune(db, name="Xã Yên Thành", place_name="Yên Thành")
    cm.set_target(db, 2026, "95")
    bulk_village(db, "Thôn Đoài", 9, 1)
    bulk_village(db, "Thôn Đông", 9, 1)
    built = build_report(db, "week", AS_OF)
    assert built.figures["total"]["needed"] == 1
    assert [v["needed"] for v in built.figures["villages"]] == [1, 1]
    text = flat(pdf_text(built.pdf))
    assert ("Số còn phải vận động của toàn xã (1 người) khác tổng các thôn, xóm (2 người): mỗi "
            "đơn vị tính trên dân số và chỉ tiêu của mình, làm tròn lên") in text


def test_no_rounding_note_when_the_rows_add_up(db):
    seed004(db)
    assert "khác tổng các thôn" not in flat(pdf_text(build_report(db, "week", AS_OF).pdf))
