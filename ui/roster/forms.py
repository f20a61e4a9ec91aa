"""A small base for keyboard-first entry dialogs.

- Fields sit in a grid: label, input, and the check message right next to the input.
- Each field is checked as the user types (rules from bhyt_desktop.validation); Save is
  enabled only when every field is acceptable.
- Enter saves (Save is the default button), Esc cancels; tab order follows the grid.
- Saving calls ``save()``, which writes through bhyt_desktop.roster (one transaction);
  a UserError is shown at the bottom of the dialog and nothing is lost.
- Closing or cancelling with unsaved edits asks first (``confirm_discard``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.roster.validation import Check

ERROR_STYLE = "color: #b42318;"


class Field:
    def __init__(self, key: str, widget: QWidget, message: QLabel,
                 check: Callable[[str], Check] | None):
        self.key, self.widget, self.message, self.check = key, widget, message, check
        self.result = Check(True, None)

    def text(self) -> str:
        w = self.widget
        if isinstance(w, QLineEdit):
            return w.text()
        if isinstance(w, QComboBox):
            data = w.currentData()
            return "" if data is None else str(data)
        if isinstance(w, QCheckBox):
            return "1" if w.isChecked() else ""
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        return ""


class EntryDialog(QDialog):
    saved = Signal(object)          # what save() returned (an id, usually)

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WA_DeleteOnClose, False)
        self.fields: dict[str, Field] = {}
        self._grid = QGridLayout()
        self._grid.setColumnStretch(1, 1)
        self._grid.setColumnMinimumWidth(2, 220)
        self._row = 0
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Save).setText(_("Lưu"))
        self.buttons.button(QDialogButtonBox.Cancel).setText(_("Hủy"))
        self.buttons.button(QDialogButtonBox.Save).setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet("font-weight: bold;")
        self.intro.hide()
        layout.addWidget(self.intro)
        layout.addLayout(self._grid)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._initial: dict[str, str] = {}
        self._done = False

    # --- building ---------------------------------------------------------------------

    def set_intro(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.setVisible(bool(text))

    def add_field(self, key: str, label: str, widget: QWidget,
                  check: Callable[[str], Check] | None = None) -> QWidget:
        lab = QLabel(label)
        lab.setBuddy(widget)
        message = QLabel()
        message.setStyleSheet(ERROR_STYLE)
        message.setObjectName(f"msg_{key}")
        field = Field(key, widget, message, check)
        self.fields[key] = field
        self._grid.addWidget(lab, self._row, 0)
        self._grid.addWidget(widget, self._row, 1)
        self._grid.addWidget(message, self._row, 2)
        self._row += 1
        widget.setObjectName(key)
        if isinstance(widget, QLineEdit | QComboBox):
            widget.setMinimumWidth(280)
        elif isinstance(widget, QListWidget):
            widget.setMinimumSize(480, 200)
        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(lambda _t, f=field: self._check(f))
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(lambda _i, f=field: self._check(f))
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(lambda _b, f=field: self._check(f))
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(lambda f=field: self._check(f))
        return widget

    def line(self, key: str, label: str, text: str = "", check=None, placeholder: str = "") -> QLineEdit:
        w = QLineEdit(text)
        w.setPlaceholderText(placeholder)
        self.add_field(key, label, w, check)
        return w

    def combo(self, key: str, label: str, items: list[tuple[str, object]], current=None) -> QComboBox:
        w = QComboBox()
        for text, data in items:
            w.addItem(text, data)
        if current is not None:
            i = w.findData(current)
            if i >= 0:
                w.setCurrentIndex(i)
        self.add_field(key, label, w)
        return w

    def finish(self) -> None:
        """Call after adding fields: runs the checks and remembers the starting values."""
        for f in self.fields.values():
            self._check(f, show=False)
        self._initial = {k: f.text() for k, f in self.fields.items()}
        self._update_save()

    # --- checking -----------------------------------------------------------------------

    def _check(self, field: Field, show: bool = True) -> None:
        field.result = field.check(field.text()) if field.check else Check(True, field.text())
        self.recheck(field.key)
        if show or field.text():
            field.message.setText("" if field.result.ok else field.result.message)
        self.error.hide()
        self._update_save()

    def recheck(self, key: str) -> None:
        """Hook: cross-field checks (e.g. a card's end after its start)."""

    def set_result(self, key: str, result: Check) -> None:
        f = self.fields[key]
        f.result = result
        f.message.setText("" if result.ok else result.message)
        self._update_save()

    def _update_save(self) -> None:
        ok = all(f.result.ok for f in self.fields.values())
        self.buttons.button(QDialogButtonBox.Save).setEnabled(ok)

    def value(self, key: str):
        return self.fields[key].result.value

    def message(self, key: str) -> str:
        return self.fields[key].message.text()

    def is_dirty(self) -> bool:
        return not self._done and any(f.text() != self._initial.get(k, "") for k, f in self.fields.items())

    # --- saving and closing -------------------------------------------------------------

    def save(self):
        raise NotImplementedError

    def accept(self) -> None:
        for f in self.fields.values():
            self._check(f)
        bad = [f for f in self.fields.values() if not f.result.ok]
        if bad:
            bad[0].widget.setFocus()
            return
        try:
            result = self.save()
        except UserError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self._done = True
        self.saved.emit(result)
        super().accept()

    def confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self, self.windowTitle(), _("Bạn chưa lưu các thay đổi. Bỏ các thay đổi này?"),
            QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Cancel)
        return answer == QMessageBox.Discard

    def reject(self) -> None:
        if self.is_dirty() and not self.confirm_discard():
            return
        self._done = True          # nothing more to ask about
        super().reject()

    def closeEvent(self, event) -> None:
        if self.is_dirty() and not self.confirm_discard():
            event.ignore()
            return
        self._done = True          # asked already; reject() must not ask again
        super().closeEvent(event)
