"""The "Nhập dữ liệu" page: a four-step wizard over ``bhyt_desktop.importing``.

    page = ImportPage(ctx)     # ctx: ui.context.AppContext
    page.has_unsaved()         # a preview is shown and not imported yet

1. Chọn tệp: the file, the kind of list, the sheet.
2. Kiểm tra cột: the detected header and columns over the first rows; the user corrects them.
3. Xem trước: the dry run's counts, villages to create (confirm), rejected / unmatched rows,
   possible duplicates; save the rejects workbook.
4. Xong: the commit's summary; "Nhập tệp khác".

Nothing is written before the commit. Slow work (reading, the dry run, the commit, the
rejects workbook) goes through ``ui.operations.run_operation`` on a worker thread that opens
its own connection. Enter goes to the next step (except the commit itself, which needs a
click or Alt+N), Esc goes back.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bhyt_desktop.common import touched
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.jobs import Cancelled
from bhyt_desktop.common.text import fold
from bhyt_desktop.commune.details import group_code_choices, villages
from bhyt_desktop.importing import (
    ImportPlan,
    Mapping,
    commit_import,
    detect_mapping,
    plan_import,
    read_table,
    write_rejects,
)
from bhyt_desktop.importing.rejects import rejects_destination
from bhyt_desktop.importing.sheets import recognised, table_on_a_later_sheet

from ..operations import run_operation, show_error
from .common import show_message
from .file_step import FileStep
from .mapping_step import MappingStep
from .preview_step import DoneStep, PreviewStep

FILE, MAPPING, PREVIEW, DONE = range(4)
STEP_TITLES = ["1. Chọn tệp", "2. Kiểm tra cột", "3. Xem trước", "4. Xong"]
# What an import writes, and what makes a preview out of date when changed elsewhere.
IMPORTED = (touched.PEOPLE, touched.CARDS, touched.VILLAGES)
NEXT_TEXT = {FILE: "Tiếp tục: đọc tệp  ›", MAPPING: "Xem trước  ›", PREVIEW: "&Nhập vào dữ liệu"}


def village_note(mapping: Mapping) -> str:
    """Say so when the default village was carried over from an earlier file of this layout."""
    if not mapping.village_remembered:
        return ""
    return _("Thôn/xóm cho dòng không ghi thôn («{name}») lấy theo lần nhập trước của mẫu tệp này: "
             "hãy kiểm tra lại.").format(name=mapping.default_village)


class ImportPage(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.table = None
        self.plan: ImportPlan | None = None
        self.result = None
        self.operation = None
        self.all_new_villages: list[str] = []
        self.accepted_villages: set[str] = set()
        self._committing = False

        layout = QVBoxLayout(self)
        title = QLabel(_("Nhập dữ liệu từ bảng tính"))
        title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        layout.addWidget(title)
        steps = QHBoxLayout()
        self.step_labels = [QLabel(_(t)) for t in STEP_TITLES]
        for i, label in enumerate(self.step_labels):
            if i:
                steps.addWidget(QLabel("›"))
            steps.addWidget(label)
        steps.addStretch(1)
        layout.addLayout(steps)

        self.stack = QStackedWidget()
        self.file_step = FileStep()
        self.mapping_step = MappingStep()
        self.preview_step = PreviewStep()
        self.done_step = DoneStep()
        for w in (self.file_step, self.mapping_step, self.preview_step, self.done_step):
            self.stack.addWidget(w)
        layout.addWidget(self.stack, 1)

        nav = QHBoxLayout()
        self.back_button = QPushButton(_("‹  Quay lại"))
        self.back_button.setObjectName("import_back")
        self.back_button.setToolTip(_("Quay lại bước trước (Esc)"))
        self.next_button = QPushButton()
        self.next_button.setObjectName("import_next")
        self.next_button.setMinimumWidth(180)
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        layout.addLayout(nav)

        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.file_step.changed.connect(self._update_nav)
        self.mapping_step.changed.connect(self._update_nav)
        self.preview_step.replan_requested.connect(self.start_plan)
        self.preview_step.save_rejects_requested.connect(self.save_rejects)
        self.preview_step.stale_changed.connect(self._update_nav)
        self.done_step.again.clicked.connect(self.restart)
        self.done_step.save_rejects.clicked.connect(self.save_rejects)
        for keys in (Qt.Key_Return, Qt.Key_Enter):
            shortcut = QShortcut(QKeySequence(keys), self, context=Qt.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self._enter)
        escape = QShortcut(QKeySequence(Qt.Key_Escape), self, context=Qt.WidgetWithChildrenShortcut)
        escape.activated.connect(self._escape)
        ctx.on_change(self, IMPORTED, self._data_changed)
        self._go(FILE)

    # --- state -------------------------------------------------------------------------

    def step(self) -> int:
        return self.stack.currentIndex()

    def busy(self) -> bool:
        return self.operation is not None

    def has_unsaved(self) -> bool:
        """True while a preview is shown and not imported (leaving would drop it)."""
        return self.step() == PREVIEW and self.plan is not None

    def _go(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        for i, label in enumerate(self.step_labels):
            label.setStyleSheet("font-weight: bold; color: #0b4f9c;" if i == index else "color: #777;")
        self._update_nav()
        focus = {FILE: self.file_step.browse, MAPPING: self.mapping_step.combos["full_name"],
                 PREVIEW: self.next_button, DONE: self.done_step.again}[index]
        focus.setFocus()

    def _update_nav(self) -> None:
        step, busy = self.step(), self.busy()
        self.back_button.setVisible(step in (MAPPING, PREVIEW))
        self.back_button.setEnabled(not busy)
        self.next_button.setVisible(step != DONE)
        if step != DONE:
            self.next_button.setText(_(NEXT_TEXT[step]))
        ready = {FILE: self.file_step.ready(), MAPPING: self.mapping_step.ready(),
                 PREVIEW: self.plan is not None and not self.preview_step.is_stale(), DONE: False}[step]
        self.next_button.setEnabled(ready and not busy)

    def _enter(self) -> None:
        if self.step() == FILE and self.file_step.path_edit.hasFocus():
            self.file_step.set_path(self.file_step.path_edit.text())   # a typed or pasted path
        if self.step() in (FILE, MAPPING):
            self.next()
        elif self.step() == DONE:
            self.restart()

    def _escape(self) -> None:
        if self.back_button.isVisible() and self.back_button.isEnabled():
            self.back()

    def back(self) -> None:
        if self.busy():
            return
        if self.step() == PREVIEW:
            self.plan = None
            self._go(MAPPING)
        elif self.step() == MAPPING:
            self._go(FILE)

    def next(self) -> None:
        if self.busy() or not self.next_button.isEnabled():
            return
        {FILE: self.start_read, MAPPING: self.start_plan, PREVIEW: self.start_commit}.get(self.step(), lambda: None)()

    def restart(self) -> None:
        """Back to step 1 for another file (the kind of list is kept)."""
        self.table = self.plan = self.result = None
        self.file_step.set_path("")
        self._go(FILE)

    def _run(self, title: str, work, on_success, on_failure, on_cancel=None, *, ctx=None,
             changes=()) -> None:
        """``run_operation`` with the page's busy state; a ``UserError`` goes to
        ``on_failure(text)`` (a cancel to ``on_cancel(text)`` when given), a bug to the error
        dialog."""
        def success(value):
            self.operation = None
            on_success(value)
            self._update_nav()

        def failure(exc):
            self.operation = None
            if isinstance(exc, Cancelled) and on_cancel is not None:
                on_cancel(str(exc))
            elif isinstance(exc, UserError):
                on_failure(str(exc))
            else:  # a bug: the error dialog with copyable details
                on_failure("")
                show_error(self, exc)
            self._update_nav()

        self.operation = run_operation(self, title, work, ctx=ctx, changes=changes,
                                       on_success=success, on_failure=failure)
        self._update_nav()

    # --- 1 -> 2: read the file, detect the header --------------------------------------

    def start_read(self) -> None:
        path, sheet, kind = self.file_step.path(), self.file_step.sheet(), self.file_step.kind()

        def work(job, db):
            job.step(0, 2, _("Đang đọc tệp {name}…").format(name=path.name))
            table = read_table(path, sheet=sheet)
            job.step(1, 2, _("Đang tìm dòng tiêu đề…"))
            mapping, sheet_note = detect_mapping(table, db, kind), ""
            if sheet is None and not recognised(mapping):  # «Tự chọn»: a note first, the list after
                found = table_on_a_later_sheet(path, table, db, kind)
                if found:
                    table, mapping, sheet_note = found
            return table, (mapping, " ".join(t for t in (sheet_note, village_note(mapping)) if t))

        show_message(self.file_step.error, "")
        self._run(_("Đọc tệp"), work, self._read_done, self.file_step.show_error,
                  lambda text: self.file_step.show_error(text, blocking=False), ctx=self.ctx)

    def _read_done(self, value) -> None:
        self.table, (mapping, village_note) = value
        names = [v.name for v in villages(self.ctx.db)]
        self.mapping_step.load(self.table, mapping, self.file_step.kind(), names, group_code_choices(self.ctx.db))
        show_message(self.mapping_step.note, village_note)
        self._go(MAPPING)

    # --- 2 -> 3: the dry run -----------------------------------------------------------

    def start_plan(self) -> None:
        """The dry run. On the preview page it runs again with the user's choices: villages
        they refused (every other new village is created) and, for card lists, whether to add
        the people no row matched."""
        replanning = self.step() == PREVIEW
        mapping, table, kind = self.mapping_step.mapping, self.table, self.file_step.kind()
        refused = {fold(v) for v in self.all_new_villages} - \
            {fold(v) for v in self.preview_step.accepted_villages()} if replanning else set()
        add_unmatched = replanning and self.preview_step.add_unmatched.isChecked()

        def work(job, db):
            plan = plan_import(db, table, mapping, kind, job, add_unmatched=add_unmatched)
            candidates = list(plan.villages_new)
            if refused & {fold(v) for v in candidates}:
                plan = plan_import(db, table, mapping, kind, job, add_unmatched=add_unmatched,
                                   create_villages=[v for v in candidates if fold(v) not in refused])
            return plan, candidates

        def failed(text: str) -> None:
            target = self.preview_step.error if replanning else self.mapping_step.problem
            show_message(target, text)

        self._run(_("Xem trước"), work, lambda value: self._plan_done(*value, replanning), failed,
                  ctx=self.ctx)

    def _plan_done(self, plan: ImportPlan, candidates: list[str], replanning: bool) -> None:
        """Show the plan; the village list keeps every candidate, refused ones unticked."""
        known = self.all_new_villages if replanning else []
        self.all_new_villages = known + [v for v in candidates if v not in known]
        created = set(plan.villages_new)
        self.accepted_villages = {v for v in self.all_new_villages if v in created}
        self.plan = plan
        self.preview_step.show_plan(plan, self.all_new_villages, self.accepted_villages)
        self._go(PREVIEW)

    # --- 3 -> 4: the commit ------------------------------------------------------------

    def start_commit(self) -> None:
        plan = self.plan
        operator = getattr(self.ctx.settings, "operator", "") or ""

        def work(job, db):
            return commit_import(db, plan, job, operator)

        def failed(text: str) -> None:
            self._committing = False
            show_message(self.preview_step.error, text)

        show_message(self.preview_step.error, "")
        self._committing = True
        self._run(_("Nhập vào dữ liệu"), work, self._commit_done, failed, ctx=self.ctx,
                  changes=IMPORTED)

    def _commit_done(self, result) -> None:
        self.result = result
        self.done_step.show_result(self.plan, result)
        self._go(DONE)
        self._committing = False

    def _data_changed(self) -> None:
        """Someone else saved (an edit on another page): the preview may be out of date."""
        if self.step() == PREVIEW and self.plan is not None and not self._committing:
            self.preview_step.set_stale(_("Dữ liệu vừa thay đổi ở trang khác: hãy xem trước lại trước khi nhập."))
            self._update_nav()

    # --- the rejects workbook ----------------------------------------------------------

    def rejects_target(self) -> str:
        """Where to save (a dialog; tests replace it)."""
        plan = self.plan
        suggested = plan.table.path.with_name(f"{plan.table.path.stem}_dong_bi_loai.xlsx")
        path, _filter = QFileDialog.getSaveFileName(self, _("Lưu các dòng bị loại"), str(suggested),
                                                    _("Bảng tính Excel (*.xlsx)"))
        if path and not Path(path).suffix:
            path += ".xlsx"
        return path  # another extension (the .xls being imported...) is rejects_destination's to judge

    def save_rejects(self) -> None:
        if self.plan is None or self.busy():
            return
        target = self.rejects_target()
        if not target:
            return
        plan = self.plan
        note = self.done_step.rejects_note if self.step() == DONE else self.preview_step.rejects_note

        def done(n: int) -> None:
            note.setStyleSheet("color: #1b6e20; font-weight: bold;")
            show_message(note, _("Đã lưu {n} dòng kèm lý do vào {path}. Sửa trong Excel rồi nhập lại tệp đó.").format(
                n=n, path=out))

        def failed(text: str) -> None:
            note.setStyleSheet("color: #a00000; font-weight: bold;")
            show_message(note, text)

        try:  # never over the file being imported (nor a folder that is gone)
            out = rejects_destination(target, plan.table.path)
        except UserError as exc:
            failed(str(exc))
            return

        self._run(_("Lưu các dòng bị loại"), lambda job, _db: write_rejects(plan, out), done, failed)


__all__ = ["ImportPage"]
