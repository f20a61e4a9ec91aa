"""The File menu's «Sao lưu ngay…», «Khôi phục từ bản sao lưu…» and «Kiểm tra tệp dữ liệu».

    install(window, menu)     # adds the three actions to the window's File menu

The copy, the restore and the check run through ui.operations.run_operation (progress,
errors shown plainly). A restore writes the backup into the open file in one transaction
(store.backup.restore_live: Windows cannot replace an open file), then the window opens
the file again so every page shows the restored data.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from bhyt_desktop.common import clock
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.jobs import Job
from bhyt_desktop.store import backup as bk
from bhyt_desktop.store.connection import explain, is_busy, is_full

from ..operations import run_operation
from .opening import open_held
from .restore_dialog import RestoreDialog

if TYPE_CHECKING:
    from ..main_window import MainWindow


def install(window: MainWindow, menu: QMenu) -> None:
    for text, slot in ((_("&Sao lưu ngay…"), lambda: backup_now(window)),
                       (_("&Khôi phục từ bản sao lưu…"), lambda: restore_from_backup(window)),
                       (_("&Kiểm tra tệp dữ liệu"), lambda: check_file(window))):
        action = QAction(text, window)
        action.triggered.connect(slot)
        menu.addAction(action)


def _copy_progress(job: Job, message: str):
    return lambda done, total: job.step(done, total, message)


def backup_now(window: MainWindow, out: Path | None = None) -> None:
    """Copy the file where the user chooses (a USB stick…); checked before it gets its name."""
    ctx = window.ctx
    if ctx is None:
        return
    if out is None:
        start = bk.folder(ctx.path) / f"{ctx.path.stem}-{clock.now():%d-%m-%Y}.db"
        name, _filter = QFileDialog.getSaveFileName(window, _("Sao lưu tệp dữ liệu"), str(start),
                                                    _("Tệp dữ liệu BHYT (*.db)"))
        if not name:
            return
        out = Path(name) if Path(name).suffix else Path(name).with_suffix(".db")
        if out.resolve() == ctx.path.resolve():
            QMessageBox.warning(window, _("Sao lưu"), _("Hãy chọn một tệp khác với tệp đang mở."))
            return
        bk.folder(ctx.path).mkdir(exist_ok=True)
    path = ctx.path
    run_operation(window, _("Đang sao lưu…"), lambda job, _db: bk.make_backup(
        path, path, "manual", out, _copy_progress(job, _("Đang chép dữ liệu…"))),
        ctx=None, on_success=lambda dest: QMessageBox.information(
            window, _("Sao lưu"), _("Đã sao lưu và kiểm tra bản sao: {path}").format(path=dest)),
        on_failure=lambda exc: QMessageBox.warning(window, _("Sao lưu"), _failed_copy(exc, out)))


def _failed_copy(exc: BaseException, out: Path | None) -> str:
    """A full USB stick or a locked file in words; nothing is left under the backup's name."""
    if isinstance(exc, UserError) or is_full(exc) or is_busy(exc):
        text = explain(out or Path("."), exc)
    else:
        text = _("Không ghi được bản sao lưu ({error}).").format(error=getattr(exc, "strerror", None) or exc)
    return text + " " + _("Tệp dữ liệu không bị thay đổi.")


def restore_from_backup(window: MainWindow, chosen: Path | None = None) -> None:
    ctx = window.ctx
    if ctx is None:
        return
    if chosen is None:
        dialog = RestoreDialog(ctx.path, ctx.as_of, window)
        if not dialog.exec() or dialog.chosen is None:
            return
        chosen = dialog.chosen
        answer = QMessageBox.question(window, _("Khôi phục"), _(
            "Thay dữ liệu hiện tại bằng bản sao lưu {name}?\nTệp hiện tại sẽ được sao lưu trước, "
            "nên vẫn lấy lại được.").format(name=chosen.name))
        if answer != QMessageBox.Yes:
            return
    if not window.confirm_unsaved(_("khôi phục")):
        return
    path, as_of = ctx.path, ctx.as_of

    def reopen(message: str | None, kind: str) -> None:
        db = open_held(window, path)
        if db is not None:
            window.set_file(db, path, as_of)
        if message:
            (QMessageBox.information if kind == "info" else QMessageBox.warning)(window, _("Khôi phục"), message)

    def done(before: Path | None) -> None:
        text = _("Đã khôi phục {db} từ {file}.").format(db=path.name, file=chosen.name)
        if before is not None:
            text += "\n" + _("Dữ liệu trước khi khôi phục được giữ ở {path}.").format(path=before)
        reopen(text, "info")

    run_operation(window, _("Đang khôi phục…"), lambda job, _db: bk.restore_live(
        path, chosen, _copy_progress(job, _("Đang chép bản sao lưu…"))),
        ctx=None, on_success=done, on_failure=lambda exc: reopen(explain(path, exc), "warn"),
        cancellable=False)


def check_file(window: MainWindow) -> None:
    ctx = window.ctx
    if ctx is None:
        return
    path = ctx.path

    def shown(problems: list[str]) -> None:
        box = QMessageBox(window)
        box.setWindowTitle(_("Kiểm tra tệp dữ liệu"))
        if not problems:
            box.setIcon(QMessageBox.Information)
            box.setText(_("Tệp {name} không có lỗi: dữ liệu đọc được đầy đủ, các liên kết giữa hộ, người "
                          "và thẻ đều đúng.").format(name=path.name))
        else:
            box.setIcon(QMessageBox.Warning)
            box.setText(_("Tệp {name} có {n} vấn đề. Đừng nhập thêm dữ liệu vào tệp này.").format(
                name=path.name, n=len(problems)))
            box.setDetailedText("\n".join(problems))
        box.setInformativeText(bk.latest_hint(path))
        window.check_box = box          # kept for a look (tests), shown without blocking
        box.open()

    run_operation(window, _("Đang kiểm tra tệp…"), lambda job, _db: bk.check(path), ctx=None,
                  on_success=shown,
                  cancellable=False)
