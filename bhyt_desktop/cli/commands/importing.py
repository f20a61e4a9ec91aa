"""`import roster FILE` / `import cards FILE`: read a spreadsheet, preview, commit."""

from __future__ import annotations

import contextlib
import json
import sys
import tempfile
from pathlib import Path

from bhyt_desktop.cli import db_path
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import fmt_date, fmt_datetime, fmt_int
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.text import clean_name
from bhyt_desktop.commune.details import find_village
from bhyt_desktop.importing import (
    FIELDS,
    column_index,
    column_letter,
    commit_import,
    detect_mapping,
    plan_import,
    read_table,
    write_rejects,
)
from bhyt_desktop.importing.plan import (
    STATUS_LABELS,
    UNCHANGED,
    UPDATED,
    ImportPlan,
    shown_counts,
    unknown_collectors_text,
)
from bhyt_desktop.importing.rejects import rejected_rows, rejects_destination
from bhyt_desktop.importing.sheets import recognised, table_on_a_later_sheet
from bhyt_desktop.importing.villages import village_display
from bhyt_desktop.preferences.user import Settings
from bhyt_desktop.roster.query import status_label
from bhyt_desktop.store import open_db

SHOWN = 20


def register(sub, common) -> None:
    p = sub.add_parser("import", parents=[common], help=_("nhập danh sách hộ hoặc danh sách thẻ từ bảng tính"))
    kinds = p.add_subparsers(dest="import_kind", metavar=_("LOẠI"), required=True,
                             parser_class=type(p))
    for kind, text in (("roster", _("danh sách hộ gia đình, nhân khẩu")),
                       ("cards", _("danh sách thẻ BHYT do BHXH gửi"))):
        k = kinds.add_parser(kind, parents=[common], help=text)
        k.add_argument("file", metavar="FILE", help=_("tệp .xlsx, .xls, .ods hoặc .csv"))
        k.add_argument("--sheet", metavar=_("TÊN"), help=_("tên trang tính (mặc định: trang đầu có dữ liệu)"))
        k.add_argument("--dry-run", action="store_true", help=_("chỉ xem trước, không ghi gì"))
        k.add_argument("--json", action="store_true", help=_("in kết quả dạng JSON"))
        k.add_argument("--rejects", metavar="OUT.xlsx", help=_("ghi các dòng bị loại kèm lý do ra tệp .xlsx"))
        k.add_argument("--village", metavar=_("TÊN"), help=_("thôn/xóm cho các dòng không ghi thôn"))
        k.add_argument("--group", metavar=_("MÃ"), help=_(
            "mã đối tượng cho các dòng không ghi mã, ví dụ GD (mẫu D03-TS không có cột này)"))
        k.add_argument("--map", action="append", default=[], metavar=_("MỤC=CỘT"),
                       help=_("sửa cột nhận sai, ví dụ --map cccd=E (mục: {fields})").format(
                           fields=", ".join(FIELDS)))
        k.add_argument("--header-row", metavar="N", help=_(
            "dòng tiêu đề của bảng khi tự nhận sai: N, hoặc N-M cho tiêu đề hai dòng"))
        k.add_argument("--operator", metavar=_("TÊN"), help=_("người nhập (mặc định: theo cài đặt)"))
        if kind == "cards":
            k.add_argument("--add-unmatched", action="store_true",
                           help=_("thêm mới những người không tìm thấy trong danh sách hộ"))
        k.set_defaults(run=run, kind=kind)


def _apply_header_row(mapping, table, text: str):
    first, _sep, last = text.partition("-")
    try:
        top = int(first) - 1
        n = int(last) - top if last else 1
    except ValueError:
        top, n = -1, 0
    if top < 0 or n not in (1, 2) or top + n > len(table.rows):
        raise UserError(_("--header-row {text}: hãy ghi số dòng, ví dụ 5 hoặc 5-6.").format(text=text))
    from bhyt_desktop.importing.header import mapping_at
    moved = mapping_at(table, top, n)
    if mapping.columns and not mapping.notes:  # keep what was already chosen
        moved.columns = {**moved.columns, **mapping.columns}
    # The village detected with the wrong header came from the wrong title rows: read it
    # again from the rows above this header (a remembered layout's village stays when
    # they name none).
    own = _title_village(table, top)
    moved.default_village = own or (mapping.default_village if mapping.village_remembered else "")
    moved.village_remembered = not own and mapping.village_remembered
    moved.default_group = mapping.default_group
    return moved


def _title_village(table, top: int) -> str:
    """The last line above row ``top`` (0-based) naming a village ("DANH SÁCH … XÓM 10")."""
    from bhyt_desktop.importing.titles import village_from_text
    village = ""
    for row in table.rows[:top]:
        for value in row:
            if isinstance(value, str):
                village = village_from_text(value) or village
    return village


def _apply_map(mapping, items: list[str]):
    for item in items:
        field, sep, col = item.partition("=")
        field = field.strip()
        if not sep or field not in FIELDS:
            raise UserError(_("--map {item}: hãy ghi MỤC=CỘT, MỤC là một trong: {fields}.").format(
                item=item, fields=", ".join(FIELDS)))
        if col.strip() in ("", "-"):
            mapping = mapping.with_column(field, None)
            continue
        try:
            mapping = mapping.with_column(field, column_index(col))
        except ValueError:
            raise UserError(_("--map {item}: cột «{col}» không hợp lệ (ví dụ: C hoặc 3).").format(
                item=item, col=col)) from None
    return mapping


def _known_group(db, code: str) -> str:
    from bhyt_desktop.commune.details import group_code_choices
    codes = [c for c, _name in group_code_choices(db)]
    wanted = code.strip().upper()
    if wanted not in codes:
        raise UserError(_("--group {code}: không có mã đối tượng này. Các mã: {codes}.").format(
            code=code, codes=", ".join(codes)))
    return wanted


def _find_table(args, table, db):
    """The sheet and mapping to import. With no --sheet, when the first sheet holding data
    has no recognisable table (a note, instructions), the next sheets are tried in order and
    the first with a table is used. Raises ``UserError`` (naming the sheets) when none has one."""
    mapping = detect_mapping(table, db, args.kind)
    if args.header_row or args.map or recognised(mapping):
        return table, mapping, None
    if args.sheet is None:
        found = table_on_a_later_sheet(args.file, table, db, args.kind)
        if found:
            return found
    raise _no_table(table, searched=args.sheet is None)


def _no_table(table, *, searched: bool = False) -> UserError:
    """No recognisable table: on the sheet read, or (``searched``) on any sheet."""
    if searched and len(table.sheets) > 1:
        return UserError(_("Không nhận ra bảng trong tệp {name}: không trang nào có dòng tiêu đề có Họ và tên, "
                           "Ngày sinh, Số CCCD… Các trang: {sheets}. Hãy kiểm tra tệp hoặc chọn đúng trang "
                           "bằng --sheet.").format(name=table.file_name, sheets=_sheet_list(table)))
    if len(table.sheets) > 1:
        return UserError(_("Không nhận ra bảng trong tệp {name} (trang «{sheet}»): không thấy dòng tiêu đề có "
                           "Họ và tên, Ngày sinh, Số CCCD… Các trang: {sheets}. Hãy kiểm tra tệp hoặc chọn "
                           "đúng trang bằng --sheet.").format(
            name=table.file_name, sheet=table.sheet, sheets=_sheet_list(table)))
    return UserError(_("Không nhận ra bảng trong tệp {name} (trang «{sheet}»): không thấy dòng tiêu đề "
                       "có Họ và tên, Ngày sinh, Số CCCD… Hãy kiểm tra tệp hoặc chọn đúng trang "
                       "bằng --sheet.").format(name=table.file_name, sheet=table.sheet))


def _sheet_list(table) -> str:
    return ", ".join(f"«{s}»" for s in table.sheets)


def run(args) -> int:
    # The rejects file is checked before anything is read or created.
    rejects = rejects_destination(args.rejects, args.file) if args.rejects else None
    table = read_table(args.file, sheet=args.sheet)
    path = Path(db_path(args))
    created = not path.exists()
    scratch = None
    if created and args.dry_run:  # preview against an empty commune, write nothing
        scratch = tempfile.TemporaryDirectory()
        db = open_db(Path(scratch.name) / "preview.db", create=True)
    else:  # a dry run never migrates nor writes the commune file
        db = open_db(path, create=True, read_only=args.dry_run)
    done = False
    try:
        table, mapping, sheet_note = _find_table(args, table, db)
        if args.header_row:
            mapping = _apply_header_row(mapping, table, args.header_row)
        mapping = _apply_map(mapping, args.map)
        if args.village:
            mapping = mapping.with_village(args.village)
        if args.group:
            mapping = mapping.with_group(_known_group(db, args.group))
        if not mapping.columns:
            raise _no_table(table)
        plan = plan_import(db, table, mapping, args.kind, add_unmatched=getattr(args, "add_unmatched", False))
        # The rejects workbook only when it has rows: rejected ones (and, for card lists, the
        # people not found), never an empty file.
        written = write_rejects(plan, rejects) if rejects and rejected_rows(plan) else None
        village = _village_shown(db, plan.mapping.default_village)
        result = None
        if not args.dry_run:
            operator = args.operator if args.operator is not None else Settings.load().operator
            from bhyt_desktop.store.backup import make_backup
            if not created:
                saved = make_backup(db.conn, path, "import")
                print(_("Đã sao lưu trước khi nhập: {path}").format(path=saved),
                      file=sys.stderr if args.json else sys.stdout)
            result = commit_import(db, plan, operator=operator, backup=False)   # made just above
            db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the import is in the file itself
        done = True
    finally:
        db.close()
        if scratch is not None:
            scratch.cleanup()
        if created and not done and scratch is None:
            _remove_new_db(path)  # a failed first import leaves no empty commune file behind
    if sheet_note:
        print(sheet_note, file=sys.stderr if args.json else sys.stdout)
    if created and not args.dry_run and not args.json:
        print(_("Đã tạo tệp dữ liệu mới: {path}").format(path=path))
    shown = str(rejects) if written is not None else None
    if args.json:
        print(json.dumps(to_json(plan, committed=result is not None, rejects=shown, written=written),
                         ensure_ascii=False, indent=2))
    else:
        print_summary(plan, committed=result is not None, rejects=shown, written=written,
                      unwritten=str(rejects) if rejects and written is None else None, village=village)
    return 0


def _village_shown(db, name: str) -> str:
    """The default village as the commune file has it or the import creates it: "Xom 3" is
    shown "Xóm 3" (or the existing village's own name), as it is written."""
    if not name:
        return ""
    known = find_village(db, clean_name(name))
    return known.name if known else village_display(name)


def _remove_new_db(path: Path) -> None:
    for p in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
        with contextlib.suppress(OSError):
            p.unlink()


def to_json(plan: ImportPlan, *, committed: bool, rejects: str | None, written: int | None) -> dict:
    m = plan.mapping
    return {
        "file": plan.table.file_name, "sheet": plan.table.sheet, "sheets": plan.table.sheets,
        "hidden_sheets": plan.table.hidden_sheets, "warnings": plan.table.warnings,
        "sha256": plan.table.sha256, "kind": plan.kind, "committed": committed,
        "header_rows": [m.header_row + 1 + i for i in range(m.header_rows)], "data_start": m.data_start + 1,
        "columns": {f: column_letter(c) for f, c in sorted(m.columns.items(), key=lambda x: x[1])},
        "mapping_source": m.source,
        "counts": plan.counts,
        "villages_created": plan.villages_new,
        "skipped": plan.skipped_by_kind(),
        "rejected": [{"row": r.row, "name": r.name, "reason": r.reason} for r in plan.rejected],
        "unmatched": [{"row": r.row, "name": r.name, "reason": r.reason} for r in plan.unmatched],
        "conflicts": [{"row": row, "message": text} for row, text in plan.conflicts],
        "decreases": [{"row": r.row, "name": r.name, "status": r.status, "reason": decrease_detail(r)}
                      for r in plan.decreases],
        "possible_duplicates": [{"row": p.row, "text": p.text()} for p in plan.possible_duplicates],
        "status_proposals": [{"row": p.row, "person_id": p.person_id, "status": p.status,
                              "status_date": p.status_date, "reason": p.reason} for p in plan.proposals],
        "unknown_collectors": [{"code": code, "cards": n} for code, n in plan.unknown_collectors.items()],
        "unread_columns": list(plan.mapping.column_notes),
        "previously_imported": [p["at"] for p in plan.previous_imports],
        "rejects_file": rejects if written is not None else None,
    }


def print_summary(plan: ImportPlan, *, committed: bool, rejects: str | None, written: int | None,
                  unwritten: str | None = None, village: str = "") -> None:
    """The preview or the import's result. ``unwritten``: the rejects file asked for and not
    written, there being no row to put in it; ``village``: the default village as it is
    written in the commune file (see :func:`_village_shown`)."""
    m, c = plan.mapping, plan.counts
    heads = ", ".join(str(m.header_row + 1 + i) for i in range(m.header_rows))
    print(_("Tệp {name}, trang «{sheet}»: tiêu đề ở dòng {heads}, dữ liệu từ dòng {start}.").format(
        name=plan.table.file_name, sheet=plan.table.sheet, heads=heads, start=m.data_start + 1))
    if len(plan.table.sheets) > 1:
        print(_("Tệp có {n} trang: {sheets} (chọn trang khác bằng --sheet).").format(
            n=len(plan.table.sheets), sheets=", ".join(plan.table.sheets)))
    if plan.table.hidden_sheets:
        print(_("Bỏ qua {n} trang ẩn: {sheets}.").format(
            n=len(plan.table.hidden_sheets), sheets=", ".join(f"«{s}»" for s in plan.table.hidden_sheets)))
    for warning in plan.table.warnings:
        print(_("Lưu ý: {text}").format(text=warning))
    cols = [f"{_(FIELDS[f])} = {column_letter(col)}" for f, col in sorted(m.columns.items(), key=lambda x: x[1])
            if f != "stt"]
    print(_("Cột nhận được: {cols}.").format(cols="; ".join(cols)))
    if m.source == "remembered":
        print(_("(Dùng cách ghép cột đã lưu cho mẫu tệp này.)"))
    if m.default_village:
        print(_("Thôn/xóm mặc định: {name}.").format(name=village or m.default_village))
    if m.default_group:
        print(_("Mã đối tượng cho dòng không ghi mã: {code}.").format(code=m.default_group))
    elif m.group_hint(plan.kind):
        print(_("Lưu ý: tệp không có cột Mã đối tượng. Dùng --group GD (hoặc mã khác) để ghi một mã cho cả tệp."))
    if m.default_household:
        print(_("Mã hộ ghi ở đầu tệp: {code}.").format(code=m.default_household))
    for note in m.column_notes:
        print(_("Lưu ý: {text}").format(text=note))
    for p in plan.previous_imports:
        print(_("Lưu ý: tệp này (cùng nội dung) đã được nhập lúc {at}.").format(at=fmt_datetime(p["at"])))
    print()
    print(_("ĐÃ NHẬP:") if committed else _("XEM TRƯỚC (chưa ghi gì vào dữ liệu):"))
    labels = [(key, _(text)) for key, text in shown_counts(c, plan.kind)]
    width = max(len(t) for _k, t in labels)
    for key, text in labels:
        print(f"  {text.ljust(width)}  {fmt_int(c[key]).rjust(7)}")
    skipped = plan.skipped_by_kind()
    if skipped:
        print(_("  Bỏ qua {n} dòng không phải người ({what}).").format(
            n=fmt_int(c["skipped"]), what=", ".join(f"{k}: {v}" for k, v in skipped.items())))
    if plan.villages_new:
        verb = _("Đã tạo") if committed else _("Sẽ tạo")
        print(_("{verb} thôn/xóm: {names}.").format(verb=verb, names=", ".join(plan.villages_new)))
    _list(_("Dòng bị loại"), [(r.row, f"{r.name + ': ' if r.name else ''}{r.reason}") for r in plan.rejected])
    _list(_("Không tìm thấy người"), [(r.row, f"{r.name}: {r.reason}") for r in plan.unmatched])
    _list(_("Trùng mã trong tệp"), plan.conflicts)
    _list(_("Dòng phần Giảm (không thêm hạn thẻ)"),
          [(r.row, f"{r.name}: {decrease_detail(r)}") for r in plan.decreases])
    _list(_("Có thể trùng người (không tự gộp)"), [(p.row, p.text()) for p in plan.possible_duplicates])
    _list(_("Đề nghị đổi tình trạng (chỉ đổi khi được duyệt ở trang Danh sách hộ)"),
          [(p.row, _("{status} từ {date} ({reason})").format(
              status=status_label(p.status), date=fmt_date(p.status_date) if p.status_date else "?",
              reason=p.reason)) for p in plan.proposals])
    if plan.unknown_collectors:
        print(unknown_collectors_text(plan))
    if written is not None:
        print(_("Đã ghi {n} dòng bị loại kèm lý do vào {path}.").format(n=fmt_int(written), path=rejects))
    elif unwritten:
        print(_("Không có dòng bị loại hay người không tìm thấy nên không ghi tệp {path}.").format(path=unwritten)
              if plan.kind == "cards" else
              _("Không có dòng bị loại nên không ghi tệp {path}.").format(path=unwritten))
    elif plan.rejected and not rejects:
        print(_("Gợi ý: thêm --rejects loai.xlsx để lưu các dòng bị loại kèm lý do, sửa rồi nhập lại."))
    if not committed:
        print(_("Chưa ghi gì. Bỏ --dry-run để nhập."))
    if plan.kind == "cards" and plan.unmatched and not plan.add_unmatched and not plan.known_people:
        print(_("Tệp dữ liệu chưa có ai trong danh sách hộ: hãy nhập danh sách hộ trước "
                "(import roster), hoặc dùng --add-unmatched."))
    elif committed and plan.kind == "cards" and plan.unmatched and not plan.add_unmatched:
        print(_("Những người không tìm thấy chưa được thêm. Dùng --add-unmatched để thêm họ như người mới."))


def decrease_detail(r) -> str:
    """What a "Giảm" row is: in the section, and whether the person was found
    ("Thuộc phần Giảm (thôi tham gia): không thêm hạn thẻ. Có trong danh sách hộ.")."""
    *found, section = r.reasons or [""]
    if r.status in (UNCHANGED, UPDATED):
        found = [_("Có trong danh sách hộ.")] + ([_("Đã bổ sung mã số còn thiếu.")] if r.status == UPDATED else [])
    return " ".join([section, *found]).strip() or _(STATUS_LABELS[r.status])


def _list(title: str, items: list[tuple[int, str]]) -> None:
    if not items:
        return
    print(f"\n{title} ({fmt_int(len(items))}):")
    for row, text in items[:SHOWN]:
        print("  " + _("Dòng {row}: {text}").format(row=row, text=text))
    if len(items) > SHOWN:
        print("  " + _("… và {n} dòng nữa (xem bằng --json hoặc --rejects).").format(n=fmt_int(len(items) - SHOWN)))
