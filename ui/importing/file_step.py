"""Step 1 of the import wizard: the file, what kind of list it is, and the sheet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.importing import list_sheets

from .common import message_label, show_message

AUTO_SHEET = ""  # combo data: let the core take the first sheet holding data


class FileStep(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.sheets: list[str] = []
        self.path_error = ""     # the file cannot be opened at all
        self.read_error = ""     # reading the chosen sheet failed; cleared by another choice
        layout = QVBoxLayout(self)
        intro = QLabel(_("Chọn tệp bảng tính cần nhập (.xlsx, .xls, .ods hoặc .csv) và cho biết đó là "
                         "loại danh sách nào. Chưa có gì được ghi vào dữ liệu cho tới bước cuối."))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        box = QGroupBox(_("Tệp cần nhập"))
        form = QFormLayout(box)
        row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("import_path")
        self.path_edit.setPlaceholderText(_("Bấm «Chọn tệp…» hoặc dán đường dẫn tệp vào đây"))
        self.path_edit.editingFinished.connect(lambda: self.set_path(self.path_edit.text()))
        self.browse = QPushButton(_("Chọn tệp…"))
        self.browse.setObjectName("import_browse")
        self.browse.clicked.connect(self.choose_file)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse)
        form.addRow(_("Tệp:"), row)
        self.sheet_label = QLabel(_("Trang tính:"))
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("import_sheet")
        self.sheet_combo.currentIndexChanged.connect(lambda _i: self.show_error(""))
        form.addRow(self.sheet_label, self.sheet_combo)
        self.form = form
        form.setRowVisible(self.sheet_combo, False)
        layout.addWidget(box)

        kind_box = QGroupBox(_("Loại danh sách"))
        kinds = QVBoxLayout(kind_box)
        self.roster_radio = QRadioButton(_("Danh sách hộ gia đình, nhân khẩu (do thôn/xóm lập)"))
        self.cards_radio = QRadioButton(_("Danh sách thẻ BHYT do cơ quan BHXH gửi (thêm kỳ thẻ cho người đã có)"))
        self.roster_radio.setChecked(True)
        self.kind_group = QButtonGroup(self)
        for button in (self.roster_radio, self.cards_radio):
            self.kind_group.addButton(button)
            kinds.addWidget(button)
            button.toggled.connect(lambda _c: self.show_error(""))
        layout.addWidget(kind_box)

        self.error = message_label("error")
        self.error.setObjectName("import_file_error")
        layout.addWidget(self.error)
        self.hint = message_label("note")
        show_message(self.hint, _("Mẹo: tệp có dòng tiêu đề, dòng cộng, phần chữ ký… vẫn nhập được; chương "
                                  "trình tự tìm bảng và cho bạn sửa ở bước sau. Tệp có mật khẩu cần bỏ "
                                  "mật khẩu trong Excel trước."))
        layout.addWidget(self.hint)
        layout.addStretch(1)

    # --- state -------------------------------------------------------------------------

    def path(self) -> Path | None:
        text = self.path_edit.text().strip().strip('"')
        return Path(text) if text else None

    def kind(self) -> str:
        return "cards" if self.cards_radio.isChecked() else "roster"

    def sheet(self) -> str | None:
        if len(self.sheets) <= 1:
            return None
        data = self.sheet_combo.currentData()
        return data or None

    def ready(self) -> bool:
        return self.path() is not None and not self.path_error and not self.read_error

    def show_error(self, text: str, *, blocking: bool = True) -> None:
        """Say why the chosen sheet could not be read ('' clears it). A blocking message keeps
        "next" disabled until another file, sheet or kind is chosen (a cancel does not)."""
        self.read_error = text if blocking else ""
        show_message(self.error, text or self.path_error)
        self.changed.emit()

    # --- actions -----------------------------------------------------------------------

    def choose_file(self) -> None:
        start = str(self.path().parent) if self.path() else ""
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Chọn tệp cần nhập"), start,
            _("Bảng tính (*.xlsx *.xls *.ods *.csv);;Tất cả các tệp (*)"))
        if path:
            self.set_path(path)

    def set_path(self, path: str | Path) -> None:
        """Show ``path`` and list its sheets; an unreadable file says why, in Vietnamese."""
        text = str(path).strip().strip('"')
        if self.path_edit.text() != text:
            self.path_edit.setText(text)
        self.sheets = []
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.blockSignals(False)
        error = ""
        if text:
            try:
                self.sheets = list_sheets(Path(text))
            except UserError as exc:
                error = str(exc)
            except OSError as exc:  # a network drive gone, a locked file...
                error = _("Không mở được tệp {name}: {err}").format(name=Path(text).name, err=exc.strerror or exc)
        several = len(self.sheets) > 1
        if several:
            self.sheet_combo.blockSignals(True)
            self.sheet_combo.addItem(_("Tự chọn (trang đầu tiên có dữ liệu)"), AUTO_SHEET)
            for name in self.sheets:
                self.sheet_combo.addItem(name, name)
            self.sheet_combo.blockSignals(False)
        self.form.setRowVisible(self.sheet_combo, several)
        self.path_error = error
        self.show_error("")
