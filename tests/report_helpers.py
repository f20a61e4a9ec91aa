"""Helpers for the report tests: bulk communes, PDF text and fonts."""

from __future__ import annotations

import io

from pypdf import PdfReader

from bhyt_desktop.common.text import fold, sort_key
from bhyt_desktop.commune import details as cm

BASE14 = {"Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Helvetica",
          "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique", "Times-Roman",
          "Times-Bold", "Times-Italic", "Times-BoldItalic", "Symbol", "ZapfDingbats"}


def bulk_village(db, name: str, insured: int, uninsured: int, *, code: str = "GD",
                 valid_from: str = "2026-01-01", valid_to: str = "2026-12-31") -> int:
    """A village with ``insured`` people holding a card and ``uninsured`` without one."""
    found = cm.find_village(db, name)
    vid = found.id if found else cm.add_village(db, name)
    conn = db.conn
    with db.atomic():
        hid = conn.execute("INSERT INTO households (code, village_id) VALUES (?, ?)",
                           [f"{fold(name)}-{insured}-{uninsured}", vid]).lastrowid
        for i in range(insured + uninsured):
            full = f"Nguyễn Thị Hương {i}"
            pid = conn.execute(
                "INSERT INTO people (household_id, village_id, full_name, name_key, sort_key,"
                " birth_year) VALUES (?, ?, ?, ?, ?, 1980)",
                [hid, vid, full, fold(full), sort_key(full)]).lastrowid
            if i < insured:
                conn.execute("INSERT INTO cards (person_id, group_code, valid_from, valid_to)"
                             " VALUES (?, ?, ?, ?)", [pid, code, valid_from, valid_to])
    return vid


def seed004(db) -> None:
    """Seed 004: population 4,591 (statistical), 3,990 insured, target 95%."""
    cm.set_commune(db, name="Xã Nam Toàn", place_name="Nam Toàn",
                   upper_name="Bảo hiểm xã hội cơ sở Nam Trực")
    v1 = bulk_village(db, "Xóm Đông Hạ", 2200, 300)
    v2 = bulk_village(db, "Xóm Bắc Sơn", 1790, 301, code="HN")
    cm.set_population(db, 2026, 2500, v1)
    cm.set_population(db, 2026, 2091, v2)
    cm.set_population(db, 2026, 4591)
    cm.set_target(db, 2026, "95")


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def page_texts(data: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]


def pdf_fonts(data: bytes) -> set[str]:
    """BaseFont names of every font in the page resources (and in form XObjects)."""
    names: set[str] = set()

    def walk(resources):
        if not resources:
            return
        resources = resources.get_object()
        fonts = resources.get("/Font")
        if fonts:
            for ref in fonts.get_object().values():
                names.add(str(ref.get_object()["/BaseFont"]).lstrip("/"))
        xobjects = resources.get("/XObject")
        if xobjects:
            for ref in xobjects.get_object().values():
                walk(ref.get_object().get("/Resources"))

    for page in PdfReader(io.BytesIO(data)).pages:
        walk(page.get("/Resources"))
    return names
