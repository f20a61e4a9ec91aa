"""The main window: side navigation, the shared "as of" date, the File menu.

It owns the open commune file (an :class:`AppContext`) and the pages built by
:func:`ui.pages.build_pages`; opening another file builds a new context and new pages.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlite_utils
from PySide6.QtCore import QByteArray, QDate, QSize, Qt, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from bhyt_desktop import __version__
from bhyt_desktop.common import clock, touched
from bhyt_desktop.common.i18n import _
from bhyt_desktop.commune.details import get_commune
from bhyt_desktop.preferences.user import Settings, log_dir
from bhyt_desktop.store import filelock

from .backups import actions as backup_actions
from .backups.opening import open_held
from .context import AppContext
from .pages import Page, build_pages, save_all, unsaved_pages
from .widgets import date_edit

NAV_ICONS = {
    "dashboard": QStyle.SP_ComputerIcon,
    "roster": QStyle.SP_FileDialogDetailedView,
    "villages": QStyle.SP_DirIcon,
    "import": QStyle.SP_DialogOpenButton,
    "reports": QStyle.SP_FileDialogContentsView,
    "settings": QStyle.SP_FileDialogInfoView,
}
FILE_FILTER = "Tệp dữ liệu BHYT (*.db *.sqlite *.sqlite3);;Mọi tệp (*)"


class MainWindow(QMainWindow):
    def __init__(self, db: sqlite_utils.Database, path: Path, settings: Settings,
                 as_of: dt.date | None = None):
        super().__init__()
        self.settings = settings
        self.ctx: AppContext | None = None
        self.pages: list[Page] = []
        self._build_frame()
        self._build_menu()
        self._restore_geometry()
        self.set_file(db, Path(path), as_of or clock.today())

    # --- layout ----------------------------------------------------------------------

    def _build_frame(self) -> None:
        central = QWidget()
        outer = QHBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.nav = QListWidget(objectName="nav")
        self.nav.setFixedWidth(230)
        self.nav.setIconSize(QSize(18, 18))
        self.nav.currentRowChanged.connect(self._show_page)
        outer.addWidget(self.nav)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        header = QWidget(objectName="header")
        head = QHBoxLayout(header)
        head.setContentsMargins(16, 10, 16, 10)
        self.page_title = QLabel(objectName="pageTitle")
        head.addWidget(self.page_title)
        head.addStretch()
        head.addWidget(QLabel(_("Tính đến ngày:")))
        self.as_of_edit = date_edit()
        self.as_of_edit.setToolTip(_("Mọi trang tính số liệu theo ngày này (mặc định hôm nay)."))
        self.as_of_edit.dateChanged.connect(self._as_of_edited)
        head.addWidget(self.as_of_edit)
        today = QPushButton(_("Hôm nay"))
        today.clicked.connect(lambda: self.as_of_edit.setDate(QDate(clock.today())))
        head.addWidget(today)
        right_layout.addWidget(header)
        self.stack = QStackedWidget()
        right_layout.addWidget(self.stack, 1)
        outer.addWidget(right, 1)
        self.setCentralWidget(central)

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu(_("&Tệp"))
        open_action = QAction(_("&Mở tệp dữ liệu xã…"), self, shortcut=QKeySequence.Open)
        open_action.triggered.connect(self.choose_file)
        menu.addAction(open_action)
        new_action = QAction(_("&Tạo tệp dữ liệu mới…"), self, shortcut=QKeySequence.New)
        new_action.triggered.connect(self.choose_new_file)
        menu.addAction(new_action)
        self.recent_menu = menu.addMenu(_("Tệp &gần đây"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        menu.addSeparator()
        backup_actions.install(self, menu)     # back up now, restore, check the file
        menu.addSeparator()
        quit_action = QAction(_("&Thoát"), self, shortcut=QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)

        for n in range(1, 10):             # Ctrl+1 … Ctrl+6: the pages, from the keyboard
            action = QAction(self, shortcut=QKeySequence(f"Ctrl+{n}"))
            action.triggered.connect(lambda _checked=False, row=n - 1: self.nav.setCurrentRow(row)
                                     if row < self.nav.count() else None)
            self.addAction(action)

        help_menu = self.menuBar().addMenu(_("Trợ &giúp"))
        from .help import add_help_actions
        add_help_actions(self, help_menu)
        logs = QAction(_("Mở thư mục nhật ký lỗi"), self)
        logs.triggered.connect(self._open_log_dir)
        help_menu.addAction(logs)
        about = QAction(_("Giới thiệu"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    # --- the open file ---------------------------------------------------------------

    def set_file(self, db: sqlite_utils.Database, path: Path, as_of: dt.date) -> None:
        """Show ``db``: a new context and new pages (the old file is closed)."""
        old_ctx, old_pages = self.ctx, self.pages
        current = self.nav.currentRow()
        self.ctx = AppContext(db, path, self.settings, as_of)
        self.ctx.on_change(self.ctx, (touched.SETTINGS,), self.update_title)  # the commune name
        self.as_of_edit.blockSignals(True)       # the header shows the date the pages compute on
        self.as_of_edit.setDate(QDate(as_of))
        self.as_of_edit.blockSignals(False)
        self.pages = build_pages(self.ctx)
        self.nav.blockSignals(True)
        self.nav.clear()
        for page in self.pages:
            item = QListWidgetItem(self.style().standardIcon(NAV_ICONS.get(page.key, QStyle.SP_FileIcon)),
                                   page.title)
            self.nav.addItem(item)
            self.stack.addWidget(page.holder)
        self.nav.blockSignals(False)
        for page in old_pages:
            closing = getattr(page.widget, "page_closing", None) if page.built else None
            if callable(closing):
                closing()
            self.stack.removeWidget(page.holder)
            page.holder.deleteLater()
        dashboard = self.page("dashboard")
        if dashboard is not None and hasattr(dashboard, "village_activated"):
            dashboard.village_activated.connect(self.show_village)
        self.nav.setCurrentRow(max(current, 0))
        self._show_page(self.nav.currentRow())
        if old_ctx is not None:
            old_ctx.db.close()
            filelock.release(old_ctx.path)     # each open_held() is matched by one release
        self.settings.remember_file(str(path))
        self.settings.save()
        self.update_title()

    def update_title(self) -> None:
        if self.ctx is None:
            return
        name = get_commune(self.ctx.db).name or _("(chưa đặt tên xã)")
        self.setWindowTitle(f"{name} — {self.ctx.path} — BHYT Desktop")

    def open_path(self, path: Path, *, create: bool = False) -> bool:
        """Open (or create) a commune file; a plain message when it cannot be opened."""
        if self.ctx is not None and Path(path).resolve() == self.ctx.path.resolve() and not create:
            return True
        if not self.confirm_unsaved(_("mở tệp khác")):
            return False
        db = open_held(self, Path(path), create=create)
        if db is None:
            return False
        self.set_file(db, Path(path), self.ctx.as_of if self.ctx else clock.today())
        return True

    def choose_file(self) -> None:
        start = str(self.ctx.path.parent) if self.ctx else ""
        path, _filter = QFileDialog.getOpenFileName(self, _("Mở tệp dữ liệu xã"), start, _(FILE_FILTER))
        if path:
            self.open_path(Path(path))

    def choose_new_file(self) -> None:
        start = str(self.ctx.path.parent / "xa-moi.db") if self.ctx else "xa-moi.db"
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Tạo tệp dữ liệu mới"), start, _(FILE_FILTER),
            options=QFileDialog.DontConfirmOverwrite)
        if not path:
            return
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(".db")
        if target.exists():
            QMessageBox.warning(self, _("Tạo tệp dữ liệu mới"), _(
                "Tệp {path} đã có. Hãy chọn tên khác (để không ghi đè dữ liệu).").format(path=target))
            return
        if self.open_path(target, create=True):
            self.offer_first_run()

    def offer_first_run(self, always: bool = False) -> None:
        """The first-run assistant, for a file whose letterhead is not complete yet."""
        from bhyt_desktop.commune.first_run import needs_first_run

        from .first_run.wizard import FirstRunWizard
        if self.ctx is None or not (always or needs_first_run(self.ctx.db)):
            return
        self.first_run = FirstRunWizard(self.ctx.db, self.settings.operator, self)
        self.first_run.setWindowModality(Qt.WindowModal)    # open(), not exec(): nothing blocks
        self.first_run.accepted.connect(self._first_run_done)
        self.first_run.open()

    def _first_run_done(self) -> None:
        self.ctx.notify_changed(touched.SETTINGS, touched.LETTERHEAD, touched.VILLAGES, touched.TARGETS)
        self.update_title()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = [f for f in self.settings.recent_files if f]
        if not files:
            action = self.recent_menu.addAction(_("(chưa có)"))
            action.setEnabled(False)
        for f in files:
            action = self.recent_menu.addAction(f)
            action.setEnabled(Path(f).exists())
            action.triggered.connect(lambda _checked=False, f=f: self.open_path(Path(f)))

    # --- pages -----------------------------------------------------------------------

    def page(self, key: str) -> QWidget | None:
        return next((p.widget for p in self.pages if p.key == key), None)

    def current_page(self) -> QWidget | None:
        row = self.nav.currentRow()
        return self.pages[row].widget if 0 <= row < len(self.pages) else None

    def go_to(self, key: str) -> None:
        for i, p in enumerate(self.pages):
            if p.key == key:
                self.nav.setCurrentRow(i)

    def _show_page(self, row: int) -> None:
        if not 0 <= row < len(self.pages):
            return
        page = self.pages[row]
        page.widget  # noqa: B018  (built on first show)
        self.stack.setCurrentWidget(page.holder)
        self.page_title.setText(page.title)
        shown = getattr(page.widget, "page_shown", None)
        if callable(shown):
            shown()

    def show_village(self, village_id: int) -> None:
        """The dashboard asked for a village: open the roster filtered to it."""
        self.go_to("roster")
        roster = self.page("roster")
        show = getattr(roster, "show_village", None)
        if callable(show):
            show(village_id)

    def _as_of_edited(self, value: QDate) -> None:
        if self.ctx is not None and value.isValid():
            self.ctx.set_as_of(value.toPython())

    # --- unsaved edits, geometry, closing -------------------------------------------

    def confirm_unsaved(self, doing: str) -> bool:
        """True when it is fine to go on (nothing unsaved, saved, or discarded).

        "Lưu" is offered only when every page concerned can save from here
        (``save_unsaved``); otherwise the user goes back to the page to finish the edit.
        """
        pending = unsaved_pages(self.pages)
        if not pending:
            return True
        can_save = all(callable(getattr(p.widget, "save_unsaved", None)) for p in pending)
        names = ", ".join(f"«{p.title}»" for p in pending)
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Warning)
        box.setWindowTitle(_("Còn thay đổi chưa lưu"))
        save = None
        if can_save:
            box.setText(_("Trang {pages} còn thay đổi chưa lưu. Lưu lại trước khi {doing}?")
                        .format(pages=names, doing=doing))
            save = box.addButton(_("Lưu"), QMessageBox.AcceptRole)
        else:
            box.setText(_("Trang {pages} còn thay đổi chưa lưu. Bấm «Hủy» để quay lại lưu, "
                          "hoặc «Không lưu» để bỏ các thay đổi đó.").format(pages=names))
        discard = box.addButton(_("Không lưu"), QMessageBox.DestructiveRole)
        cancel = box.addButton(_("Hủy"), QMessageBox.RejectRole)
        box.setDefaultButton(save or cancel)
        box.exec()
        clicked = box.clickedButton()
        if save is not None and clicked is save:
            return save_all(self.pages)
        if clicked is discard:
            return True
        self.go_to(pending[0].key)               # back to the page holding the edit
        return False

    def _restore_geometry(self) -> None:
        raw = self.settings.window_geometry
        if not (raw and self.restoreGeometry(QByteArray.fromBase64(raw.encode("ascii")))):
            self.resize(1200, 760)

    def save_geometry(self) -> None:
        self.settings.window_geometry = bytes(self.saveGeometry().toBase64()).decode("ascii")
        self.settings.save()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt)
        if not self.confirm_unsaved(_("đóng chương trình")):
            event.ignore()
            return
        self.save_geometry()
        event.accept()

    def _open_log_dir(self) -> None:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _about(self) -> None:
        QMessageBox.about(self, _("Giới thiệu"), _(
            "BHYT Desktop {version} — theo dõi bao phủ bảo hiểm y tế cấp xã.\n"
            "Chạy không cần mạng; dữ liệu nằm trong tệp: {path}").format(
                version=__version__, path=self.ctx.path if self.ctx else ""))

