"""The letterhead and signature block of the printed report, as the commune sets them.

Decree 30/2020 wants the parent and issuing bodies, and the authority and position above
the signature, in capitals: they are stored in capitals whatever the user typed. The
document symbol ("BC-BCĐ", "BC-UBND") follows the number: "Số: 05/BC-UBND".
"""

from __future__ import annotations

import re
from dataclasses import replace

import sqlite_utils

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.text import clean_name
from bhyt_desktop.commune.details import get_commune
from bhyt_desktop.reports.history import ReportOptions, load_options, save_options
from bhyt_desktop.store.audit import log_change

_SYMBOL = re.compile(r"^[A-ZĐ0-9]+(?:[-.][A-ZĐ0-9]+)*$")
MAX_LENGTH = 120
MAX_RECIPIENTS = 12


def letterhead(db: sqlite_utils.Database) -> ReportOptions:
    """The saved settings (blank fields mean the commune's defaults, see ``resolved``)."""
    return load_options(db)


def default_letterhead(db: sqlite_utils.Database) -> ReportOptions:
    """What a report prints when nothing is set: shown to the user as the blanks' meaning."""
    return ReportOptions().resolved(get_commune(db))


def set_letterhead(db: sqlite_utils.Database, *, parent_body: str | None = None, issuing_body: str | None = None,
                   symbol: str | None = None, authority: str | None = None, position: str | None = None,
                   signer: str | None = None, recipients: list[str] | None = None,
                   operator: str = "") -> ReportOptions:
    """Change the fields given (None = keep). Raises ``UserError`` with a Vietnamese message
    for a value the printed report cannot carry; nothing is saved then."""
    opts = load_options(db)
    changes: dict = {}
    for name, value, caps in (("parent_body", parent_body, True), ("issuing_body", issuing_body, True),
                              ("authority", authority, True), ("position", position, True),
                              ("signer", signer, False)):
        if value is None:
            continue
        text = clean_name(value)
        if len(text) > MAX_LENGTH:
            raise UserError(_("«{text}…» dài quá {n} ký tự.").format(text=text[:30], n=MAX_LENGTH))
        text = text.upper() if caps else text
        if name in ("parent_body", "issuing_body"):  # the letterhead writes the name in full
            text = re.sub(r"^(UBND|UỶ BAN NHÂN DÂN)\b", "ỦY BAN NHÂN DÂN", text)
        changes[name] = text
    if symbol is not None:
        text = re.sub(r"\s+", "-", re.sub(r"\s*-\s*", "-", clean_name(symbol))).upper()  # "bc ubnd" -> BC-UBND
        if not _SYMBOL.match(text):
            raise UserError(_("Ký hiệu văn bản «{text}» không hợp lệ: ghi chữ in hoa và dấu gạch ngang, "
                              "ví dụ BC-UBND hoặc BC-BCĐ.").format(text=symbol.strip()))
        changes["symbol"] = text
    if recipients is not None:
        lines = [clean_name(line.strip().lstrip("-–•").strip()) for line in recipients]
        lines = [line for line in lines if line]
        if len(lines) > MAX_RECIPIENTS:
            raise UserError(_("Nơi nhận có {n} dòng: tối đa {max} dòng.").format(n=len(lines), max=MAX_RECIPIENTS))
        changes["recipients"] = lines
    new = replace(opts, **changes)
    if not new.issuing_body:
        raise UserError(_("Hãy ghi cơ quan ban hành báo cáo (ví dụ: BAN CHỈ ĐẠO THỰC HIỆN CHÍNH SÁCH BHXH, BHYT)."))
    if not new.position:
        raise UserError(_("Hãy ghi chức vụ người ký (ví dụ: TRƯỞNG BAN, CHỦ TỊCH)."))
    if new != opts:
        with db.atomic():
            save_options(db, new)
            log_change(db, "report_settings", "report_settings", None,
                       {k: getattr(opts, k) for k in changes}, changes, operator)
    return new
