"""Building, issuing and keeping progress reports.

- ``build_report`` makes the PDF of a period (not stored): preview, print, save.
- ``issue_report`` makes it with its number and stores it in ``reports``: number, period,
  as-of date, the figures as sent (JSON), the free text, the letterhead used, the PDF.
- The next report's changes are computed against the figures of the last issued report
  of the same kind (``last_issued``), not against today's data for that date: corrections
  made to the roster since then show up as changes, as the upper level expects.
- ``list_reports``, ``get_report``, ``reprint`` give back what was sent, byte for byte.
- Drafts: the free text typed before printing, one per period (``save_draft``).
- Letterhead and signature settings (``ReportOptions``) live in ``report_settings``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass, field, fields
from typing import cast

import sqlite_utils

from bhyt_desktop.common import clock
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import fmt_date
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.jobs import Job
from bhyt_desktop.commune.details import get_commune
from bhyt_desktop.reports.figures import gather
from bhyt_desktop.reports.periods import KINDS, Period, period_of
from bhyt_desktop.store.audit import log


@dataclass
class ReportText:
    results: str = ""
    difficulties: str = ""
    proposals: str = ""


@dataclass
class ReportOptions:
    parent_body: str = ""        # "" = "ỦY BAN NHÂN DÂN" + the commune's name
    issuing_body: str = "BAN CHỈ ĐẠO THỰC HIỆN CHÍNH SÁCH BHXH, BHYT"
    symbol: str = "BC-BCĐ"
    place: str = ""              # "" = the commune's place name
    authority: str = "TM. BAN CHỈ ĐẠO"
    position: str = "TRƯỞNG BAN"
    signer: str = ""
    recipients: list[str] = field(default_factory=list)   # [] = the default list
    expiring_days: int = 30

    def resolved(self, commune) -> ReportOptions:
        """Fill the blanks from the commune's settings."""
        out = ReportOptions(**asdict(self))
        name = commune.name.strip()
        if not out.parent_body:
            bare = re.sub(r"^(UBND|ỦY BAN NHÂN DÂN|ủy ban nhân dân)\s+", "", name)
            out.parent_body = f"ỦY BAN NHÂN DÂN {bare}".strip().upper()
        if out.parent_body == out.issuing_body:  # issued by the People's Committee itself: one line
            out.parent_body = ""
        if not out.place:
            out.place = commune.place_name.strip() or re.sub(
                r"^(xã|phường|thị trấn|đặc khu)\s+", "", name, flags=re.I)
        if not out.recipients:
            out.recipients = ([f"{commune.upper_name} (để báo cáo)"] if commune.upper_name else [])
            out.recipients += ["Thường trực Đảng ủy, HĐND, UBND xã",
                               "Các thành viên Ban Chỉ đạo", "Lưu: VT, BCĐ."]
        return out


@dataclass
class BuiltReport:
    pdf: bytes
    figures: dict
    period: Period
    as_of: dt.date
    number: str
    doc_date: dt.date
    text: ReportText
    options: ReportOptions


@dataclass
class ReportInfo:
    id: int
    number: str
    symbol: str
    period: Period
    as_of: dt.date
    issued_at: str
    issued_by: str

    @property
    def number_line(self) -> str:
        return f"{self.number}/{self.symbol}" if self.symbol else self.number

    @property
    def issued_at_text(self) -> str:
        """'22/11/2026 10:19'."""
        if not self.issued_at:
            return ""
        stamp = dt.datetime.fromisoformat(self.issued_at)
        return f"{fmt_date(stamp.date())} {stamp:%H:%M}"


@dataclass
class StoredReport(ReportInfo):
    figures: dict
    text: ReportText
    options: dict
    pdf: bytes


# --- settings --------------------------------------------------------------------------

def load_options(db: sqlite_utils.Database) -> ReportOptions:
    row = db.execute("SELECT value FROM report_settings WHERE key = 'options'").fetchone()
    opts = ReportOptions()
    if row:
        saved = json.loads(row[0])
        known = {f.name for f in fields(ReportOptions)}
        opts = ReportOptions(**{k: v for k, v in saved.items() if k in known})
    return opts


def save_options(db: sqlite_utils.Database, options: ReportOptions) -> None:
    with db.atomic():
        db.execute("INSERT INTO report_settings (key, value) VALUES ('options', ?)"
                   " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                   [json.dumps(asdict(options), ensure_ascii=False)])


# --- drafts ----------------------------------------------------------------------------

def save_draft(db: sqlite_utils.Database, period: Period, as_of: dt.date, text: ReportText) -> None:
    """Keep the free text typed for a period (one draft per period)."""
    with db.atomic():
        db.execute(
            """INSERT INTO reports (status, year, period_kind, period_start, period_end, as_of,
                                    results, difficulties, proposals)
               VALUES ('draft', ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(period_kind, period_start) WHERE status = 'draft' DO UPDATE SET
                 as_of = excluded.as_of, results = excluded.results,
                 difficulties = excluded.difficulties, proposals = excluded.proposals,
                 updated_at = strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')""",
            [period.year, period.kind, period.start.isoformat(), period.end.isoformat(),
             as_of.isoformat(), text.results, text.difficulties, text.proposals])


def load_draft(db: sqlite_utils.Database, period: Period) -> ReportText:
    row = db.execute(
        "SELECT results, difficulties, proposals FROM reports WHERE status = 'draft'"
        " AND period_kind = ? AND period_start = ?",
        [period.kind, period.start.isoformat()]).fetchone()
    return ReportText(*row) if row else ReportText()


# --- numbers and baselines -------------------------------------------------------------

def propose_number(db: sqlite_utils.Database, year: int, symbol: str = "BC-BCĐ") -> str:
    """The next number of the year for this symbol: '01', '02'... after the highest issued."""
    highest = 0
    for (number,) in db.execute("SELECT number FROM reports WHERE status = 'issued'"
                                " AND year = ? AND symbol = ?", [year, symbol]):
        m = re.match(r"\d+", number or "")
        if m:
            highest = max(highest, int(m.group()))
    return f"{highest + 1:02d}"


def last_issued(db: sqlite_utils.Database, kind: str, before: dt.date) -> dict | None:
    """The last issued report of ``kind`` with an as-of date before ``before``."""
    row = db.execute(
        "SELECT id, number, symbol, as_of, figures FROM reports WHERE status = 'issued'"
        " AND period_kind = ? AND as_of < ? ORDER BY as_of DESC, id DESC LIMIT 1",
        [kind, before.isoformat()]).fetchone()
    if not row:
        return None
    return {"id": row[0], "number": row[1], "symbol": row[2], "as_of": row[3],
            "figures": json.loads(row[4])}


# --- building and issuing --------------------------------------------------------------

def build_report(db: sqlite_utils.Database, kind: str, as_of: dt.date, *, number: str = "",
                 text: ReportText | None = None, options: ReportOptions | None = None,
                 doc_date: dt.date | None = None, job: Job | None = None,
                 member: str | None = None, with_members: bool = False) -> BuiltReport:
    """Gather the figures and lay out the PDF (nothing is stored). ``member``: only that
    committee member's villages; ``with_members``: add the table of members and their
    villages' figures (bhyt_desktop/campaign/scope.py)."""
    from bhyt_desktop.campaign import scope
    from bhyt_desktop.campaign.members import member_by_name
    from bhyt_desktop.reports.weekly import render

    if kind not in KINDS:
        period_of(kind, as_of)   # raises the user-facing error
    period = period_of(kind, as_of)
    options = (options or load_options(db)).resolved(get_commune(db))
    text = text or ReportText()
    doc_date = doc_date or max(as_of, clock.today())
    baseline = last_issued(db, kind, as_of)
    figures = gather(db, period, as_of, baseline=baseline, expiring_days=options.expiring_days,
                     job=job)
    if member:
        figures = scope.narrow_to_member(db, figures, member_by_name(db, member))
    if with_members:
        figures["members"] = scope.members_table(db, figures)
    if period.kind == "month":
        scope.add_household_renewals(db, figures, f"{period.start:%Y-%m}")
    pdf = render(figures, text, options, number=number, doc_date=doc_date)
    return BuiltReport(pdf, figures, period, as_of, number, doc_date, text, options)


def letterhead_gaps(commune, options: ReportOptions) -> list[str]:
    """What an official report still lacks before it may be issued (labels, in the user's
    language): the commune's name, the place of the date line, the upper level, the signer."""
    gaps = []
    if not commune.name.strip():
        gaps.append(_("tên xã"))
    if not (options.place.strip() or commune.place_name.strip()):
        gaps.append(_("địa danh (ghi ở dòng ngày tháng)"))
    if not commune.upper_name.strip():
        gaps.append(_("cơ quan cấp trên"))
    if not options.signer.strip():
        gaps.append(_("người ký"))
    return gaps


def require_letterhead(db: sqlite_utils.Database, options: ReportOptions | None = None) -> None:
    """Refuse (UserError) to issue a report whose letterhead or signature is incomplete."""
    gaps = letterhead_gaps(get_commune(db), options or load_options(db))
    if gaps:
        raise UserError(_("Chưa phát hành được: báo cáo còn thiếu {gaps}. Hãy điền ở trang Cài đặt "
                          "(hoặc lệnh commune / letterhead).").format(gaps=", ".join(gaps)))


class AlreadyIssued(UserError):
    """The period already has an issued report; issue again only when asked to."""

    def __init__(self, earlier: list[ReportInfo]):
        self.earlier = earlier
        first = earlier[0]
        super().__init__(_("{period} đã có báo cáo số {n} phát hành lúc {at}.").format(
            period=first.period.name, n=first.number_line, at=first.issued_at_text))


def issued_for_period(db: sqlite_utils.Database, period: Period) -> list[ReportInfo]:
    """The reports already issued for ``period`` (same kind and start), newest first."""
    return [_info(r) for r in db.execute(
        f"SELECT {_INFO_COLS} FROM reports WHERE status = 'issued' AND period_kind = ?"
        " AND period_start = ? ORDER BY issued_at DESC, id DESC",
        [period.kind, period.start.isoformat()])]


def issue_report(db: sqlite_utils.Database, kind: str, as_of: dt.date, *,
                 number: str | None = None, text: ReportText | None = None,
                 options: ReportOptions | None = None, doc_date: dt.date | None = None,
                 issued_by: str = "", job: Job | None = None,
                 with_members: bool = False, again: bool = False) -> tuple[int, BuiltReport]:
    """Build the report with its number and record it in the history. Returns (id, report).

    Refused while the letterhead is incomplete (:func:`require_letterhead`), and, unless
    ``again``, when the period already has an issued report (:class:`AlreadyIssued`).
    (A report narrowed to one member's villages is never issued: the next report of the
    commune is compared with the last issued one.)"""
    options = options or load_options(db)
    require_letterhead(db, options)
    if not again and (earlier := issued_for_period(db, period_of(kind, as_of))):
        raise AlreadyIssued(earlier)
    doc_date = doc_date or max(as_of, clock.today())
    symbol = options.symbol
    number = (number or "").strip() or propose_number(db, doc_date.year, symbol)
    if not re.fullmatch(r"[0-9A-Za-z.\-]{1,12}", number):
        raise UserError(_("Số báo cáo không hợp lệ: «{n}».").format(n=number))
    if db.execute("SELECT 1 FROM reports WHERE status = 'issued' AND year = ? AND symbol = ?"
                  " AND number = ?", [doc_date.year, symbol, number]).fetchone():
        raise UserError(_("Số {n}/{s} năm {y} đã được dùng cho một báo cáo khác.").format(
            n=number, s=symbol, y=doc_date.year))
    built = build_report(db, kind, as_of, number=number, text=text, options=options,
                         doc_date=doc_date, job=job, with_members=with_members)
    p = built.period
    with db.atomic():
        rid = cast(int, db.execute(
            """INSERT INTO reports (status, number, symbol, year, period_kind, period_start,
                                    period_end, as_of, figures, results, difficulties,
                                    proposals, options, pdf, issued_at, issued_by)
               VALUES ('issued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                       strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'), ?)""",
            [number, symbol, doc_date.year, p.kind, p.start.isoformat(), p.end.isoformat(),
             as_of.isoformat(), json.dumps(built.figures, ensure_ascii=False),
             built.text.results, built.text.difficulties, built.text.proposals,
             json.dumps({**asdict(built.options), "doc_date": doc_date.isoformat()},
                        ensure_ascii=False),
             built.pdf, issued_by]).lastrowid)
        db.execute("DELETE FROM reports WHERE status = 'draft' AND period_kind = ?"
                   " AND period_start = ?", [p.kind, p.start.isoformat()])
        log(db, "issue_report", "report", rid, f"{number}/{symbol} {p.key}", operator=issued_by)
    return rid, built


# --- history ---------------------------------------------------------------------------

_INFO_COLS = "id, number, symbol, period_kind, year, period_start, period_end, as_of, issued_at, issued_by"


def _period_from_row(kind: str, start: str, as_of: str) -> Period:
    p = period_of(kind, dt.date.fromisoformat(start))
    return p if p.start.isoformat() == start else period_of(kind, dt.date.fromisoformat(as_of))


def _info(row) -> ReportInfo:
    rid, number, symbol, kind, _year, start, _end, as_of, issued_at, issued_by = row[:10]
    return ReportInfo(rid, number, symbol, _period_from_row(kind, start, as_of),
                      dt.date.fromisoformat(as_of), issued_at or "", issued_by)


def list_reports(db: sqlite_utils.Database, kind: str | None = None) -> list[ReportInfo]:
    """Issued reports, newest first."""
    sql = f"SELECT {_INFO_COLS} FROM reports WHERE status = 'issued'"
    params: list = []
    if kind:
        sql += " AND period_kind = ?"
        params.append(kind)
    sql += " ORDER BY issued_at DESC, id DESC"
    return [_info(r) for r in db.execute(sql, params)]


def get_report(db: sqlite_utils.Database, report_id: int) -> StoredReport:
    row = db.execute(
        f"SELECT {_INFO_COLS}, figures, results, difficulties, proposals, options, pdf"
        " FROM reports WHERE status = 'issued' AND id = ?", [report_id]).fetchone()
    if not row:
        raise UserError(_("Không có báo cáo đã phát hành với mã {id}.").format(id=report_id))
    info = _info(row)
    figures, results, difficulties, proposals, options, pdf = row[10:]
    return StoredReport(**asdict(info) | {"period": info.period},
                        figures=json.loads(figures),
                        text=ReportText(results, difficulties, proposals),
                        options=json.loads(options), pdf=bytes(pdf))


def reprint(db: sqlite_utils.Database, report_id: int) -> bytes:
    """The PDF exactly as it was issued."""
    return get_report(db, report_id).pdf
