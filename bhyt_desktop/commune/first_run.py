"""The first run of a new commune file: what the assistant asks, checked and saved at once.

A new file has no commune name; before anything else the assistant («Thiết lập ban đầu»)
asks for what an official report needs (the commune's name and 5-digit code, the place
name of the date line, the upper level, the committee head who signs), the villages (typed
one a line, pasted from an Excel column, or left for the first import to create), and this
year's coverage target. Every answer is checked before anything is written, then all are
saved in one transaction: a mistake writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from bhyt_desktop.common import clock
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import parse_rate_bp
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.text import clean_name, fold
from bhyt_desktop.commune import details as cm
from bhyt_desktop.reports.history import letterhead_gaps, load_options
from bhyt_desktop.reports.letterhead import set_letterhead

# The header a column copied from a spreadsheet may carry.
_HEADERS = {"ten thon", "thon", "ten xom", "xom", "thon/xom", "ten thon/xom", "thon, xom", "stt"}


@dataclass
class FirstRun:
    name: str
    code: str
    place_name: str
    upper_name: str
    signer: str
    villages: list[str] = field(default_factory=list)   # [] = from the first import
    target: str = ""                                     # "" = set later
    year: int = 0                                        # 0 = this year


def needs_first_run(db: sqlite_utils.Database) -> bool:
    """A file whose letterhead is not complete yet (a new file has no commune name)."""
    return bool(letterhead_gaps(cm.get_commune(db), load_options(db)))


def parse_villages(text: str) -> list[str]:
    """Village names typed one a line or pasted from Excel (a column, or a row of cells):
    the first cell of each line when it is a name; numbering, headers, blanks and repeats left out."""
    names: list[str] = []
    seen: set[str] = set()
    for line in text.splitlines():
        cells = [clean_name(c) for c in line.split("\t")]
        cells = [c for c in cells if c and not c.rstrip(".").isdigit()]
        for cell in cells[:1] if len(cells) <= 2 else cells:
            key = fold(cell)
            if key in _HEADERS or key in seen:
                continue
            seen.add(key)
            names.append(cell)
    return names


def check_first_run(answers: FirstRun) -> dict[str, str]:
    """Problems by field ('' fields are required): {} when everything can be saved."""
    problems: dict[str, str] = {}
    required = {"name": _("Hãy ghi tên xã (ví dụ: Xã Nam Toàn)."),
                "code": _("Hãy ghi mã xã (5 chữ số, ví dụ 13675)."),
                "place_name": _("Hãy ghi địa danh ghi ở dòng ngày tháng (ví dụ: Nam Toàn)."),
                "upper_name": _("Hãy ghi cơ quan cấp trên nhận báo cáo (ví dụ: Bảo hiểm xã hội cơ sở Nam Trực)."),
                "signer": _("Hãy ghi họ tên Chủ tịch UBND xã (người ký báo cáo).")}
    for key, message in required.items():
        if not clean_name(getattr(answers, key)):
            problems[key] = message
    try:
        cm.commune_changes(name=answers.name or "-", code=answers.code, place_name=answers.place_name,
                           upper_name=answers.upper_name)
    except UserError as exc:
        problems.setdefault("code", str(exc))
    if answers.target.strip():
        try:
            bp = parse_rate_bp(answers.target)
            if not 0 < bp <= 10000:
                raise UserError(_("Chỉ tiêu phải lớn hơn 0 và không quá 100%."))
        except UserError as exc:
            problems["target"] = str(exc)
    return problems


def apply_first_run(db: sqlite_utils.Database, answers: FirstRun, operator: str = "") -> None:
    """Save every answer in one transaction; raises UserError (nothing written) on a problem."""
    problems = check_first_run(answers)
    if problems:
        raise UserError(" ".join(problems.values()))
    year = answers.year or clock.today().year
    with db.atomic():
        cm.set_commune(db, name=answers.name, code=answers.code, place_name=answers.place_name,
                       upper_name=answers.upper_name)
        set_letterhead(db, signer=answers.signer, operator=operator)
        for name in answers.villages:
            if cm.find_village(db, name) is None:
                cm.add_village(db, name)
        if answers.target.strip():
            cm.set_target(db, year, answers.target)
