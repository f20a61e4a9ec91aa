"""Cài đặt: the commune, the operator, the interface language, the report's letterhead and
signature, dated rates.

Commune fields, operator and language are edited in a form saved with "Lưu" (the page
reports unsaved edits to the main window). Rates are saved row by row.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bhyt_desktop.common import touched
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import fmt_date
from bhyt_desktop.common.i18n import _, language
from bhyt_desktop.commune.details import get_commune, set_commune
from bhyt_desktop.rates import editing as rs
from bhyt_desktop.reports.letterhead import default_letterhead, letterhead, set_letterhead

from ..context import AppContext
from ..widgets import date_edit
from .codes import CodesBox

LANGUAGE_NAMES = [("vi", "Tiếng Việt"), ("en", "English")]


class SettingsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QHBoxLayout(body)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(16)
        column = QVBoxLayout()
        layout.addLayout(column, 1)

        commune_box = QGroupBox(_("Xã/phường"))
        form = QFormLayout(commune_box)
        self.fields: dict[str, QLineEdit] = {}
        for key, label in [("name", _("Tên xã/phường:")), ("code", _("Mã xã:")),
                           ("place_name", _("Địa danh (dòng ngày tháng):")),
                           ("upper_name", _("Đơn vị cấp trên:")), ("upper_code", _("Mã đơn vị cấp trên:"))]:
            edit = QLineEdit()
            edit.textChanged.connect(self._update_state)
            self.fields[key] = edit
            form.addRow(label, edit)
        self.fields["place_name"].setPlaceholderText(_("ví dụ: An Hòa (in: «An Hòa, ngày … tháng … năm …»)"))
        self.fields["upper_name"].setPlaceholderText(_("ví dụ: Bảo hiểm xã hội cơ sở …"))
        column.addWidget(commune_box)

        user_box = QGroupBox(_("Người sử dụng và ngôn ngữ"))
        form2 = QFormLayout(user_box)
        self.operator = QLineEdit()
        self.operator.setPlaceholderText(_("Họ tên người đang dùng máy"))
        self.operator.textChanged.connect(self._update_state)
        form2.addRow(_("Người thao tác:"), self.operator)
        hint = QLabel(_("Tên này được ghi vào nhật ký mỗi khi dữ liệu thay đổi."), objectName="hint")
        hint.setWordWrap(True)
        form2.addRow("", hint)
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES:
            self.language.addItem(name, code)
        self.language.currentIndexChanged.connect(self._update_state)
        form2.addRow(_("Ngôn ngữ giao diện:"), self.language)
        self.language_note = QLabel(_("Ngôn ngữ mới có hiệu lực khi mở lại chương trình."),
                                    objectName="hint")
        self.language_note.setWordWrap(True)
        form2.addRow("", self.language_note)
        column.addWidget(user_box)
        column.addWidget(self._letterhead_box())

        # The button bar sits below the scroll area: «Lưu» and «Hoàn tác» always in view.
        bar = QWidget(objectName="settings_buttons")
        buttons = QHBoxLayout(bar)
        buttons.setContentsMargins(16, 6, 16, 8)
        self.saved_label = QLabel("", objectName="hint")
        buttons.addWidget(self.saved_label, 1)
        self.revert_button = QPushButton(_("Hoàn tác"))
        self.revert_button.clicked.connect(self.load)
        self.save_button = QPushButton(_("Lưu"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save_unsaved)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        outer.addWidget(bar)
        column.addStretch()

        right = QVBoxLayout()
        rates_box = self._rates_box()
        rates_box.setMinimumWidth(420)
        right.addWidget(rates_box, 1)
        self.codes_box = CodesBox(ctx.db)
        self.codes_box.changed.connect(lambda: self.ctx.notify_changed(touched.RATES))
        right.addWidget(self.codes_box, 1)
        layout.addLayout(right, 1)
        self.load()
        ctx.on_change(self, (touched.SETTINGS, touched.LETTERHEAD), self._saved_elsewhere)

    # --- commune, operator, language -----------------------------------------------------

    def _letterhead_box(self) -> QGroupBox:
        box = QGroupBox(_("Báo cáo: tiêu đề và chữ ký"))
        form = QFormLayout(box)
        self.letter: dict[str, QLineEdit] = {}
        for key, label in [("parent_body", _("Cơ quan chủ quản:")), ("issuing_body", _("Cơ quan ban hành:")),
                           ("symbol", _("Ký hiệu văn bản:")), ("authority", _("Thẩm quyền ký (TM., KT.):")),
                           ("position", _("Chức vụ người ký:")), ("signer", _("Người ký:"))]:
            edit = QLineEdit()
            edit.setObjectName(f"letter_{key}")
            edit.textChanged.connect(self._update_state)
            self.letter[key] = edit
            form.addRow(label, edit)
        self.recipients = QPlainTextEdit()
        self.recipients.setObjectName("letter_recipients")
        self.recipients.setTabChangesFocus(True)
        self.recipients.setFixedHeight(96)
        self.recipients.textChanged.connect(self._update_state)
        form.addRow(_("Nơi nhận (mỗi dòng một nơi):"), self.recipients)
        hint = QLabel(_("In hoa theo thể thức văn bản. Để trống cơ quan chủ quản hoặc nơi nhận thì dùng mặc định "
                        "(chữ mờ)."), objectName="hint")
        hint.setWordWrap(True)
        form.addRow("", hint)
        return box

    def _letter_values(self) -> dict:
        out = {k: e.text().strip() for k, e in self.letter.items()}
        out["recipients"] = [line.strip() for line in self.recipients.toPlainText().splitlines() if line.strip()]
        return out

    def _form_values(self) -> dict:
        return {"commune": {k: e.text().strip() for k, e in self.fields.items()},
                "operator": self.operator.text().strip(),
                "language": self.language.currentData(),
                "letterhead": self._letter_values()}

    def load(self) -> None:
        c = get_commune(self.ctx.db)
        opts, default = letterhead(self.ctx.db), default_letterhead(self.ctx.db)
        self._saved = {"commune": {k: getattr(c, k) for k in self.fields},
                       "operator": self.ctx.settings.operator,
                       "language": self.ctx.settings.language,
                       "letterhead": {**{k: getattr(opts, k) for k in self.letter}, "recipients": list(opts.recipients)}}
        for k, e in self.fields.items():
            e.setText(self._saved["commune"][k])
            e.setCursorPosition(0)
        for k, e in self.letter.items():
            e.setText(getattr(opts, k))
            e.setPlaceholderText(getattr(default, k))
            e.setCursorPosition(0)
        self.recipients.setPlainText("\n".join(opts.recipients))
        self.recipients.setPlaceholderText("\n".join(default.recipients))
        self.operator.setText(self._saved["operator"])
        self.language.setCurrentIndex(max(0, self.language.findData(self._saved["language"])))
        self._update_state()
        self.saved_label.setText("")

    def has_unsaved(self) -> bool:
        return self._form_values() != self._saved

    def _saved_elsewhere(self) -> None:
        """The signer saved with a report's draft, say: show it, unless the user is typing
        here (then saving here keeps what they typed, as they see it)."""
        if not self.has_unsaved():
            self.load()

    def _update_state(self) -> None:
        if not hasattr(self, "_saved"):
            return
        dirty = self.has_unsaved()
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        pending = self.language.currentData() != language()
        self.language_note.setStyleSheet("color: #c0392b; font-weight: 600;" if pending else "")
        self.saved_label.setText(_("Có thay đổi chưa lưu.") if dirty else "")

    def save_unsaved(self) -> bool:
        values = self._form_values()
        try:
            with self.ctx.db.atomic():  # all of the form, or nothing
                set_commune(self.ctx.db, **values["commune"])
                set_letterhead(self.ctx.db, **values["letterhead"], operator=values["operator"])
        except UserError as exc:
            QMessageBox.warning(self, _("Cài đặt"), str(exc))
            return False
        self.ctx.set_operator(values["operator"])
        self.ctx.settings.language = values["language"]
        self.ctx.settings.save()
        self.load()
        self.ctx.notify_changed(touched.SETTINGS, touched.LETTERHEAD)
        self.saved_label.setText(_("Đã lưu."))
        return True

    # --- rates -----------------------------------------------------------------------------

    def _rates_box(self) -> QGroupBox:
        box = QGroupBox(_("Lương cơ sở và các mức đóng theo ngày áp dụng"))
        layout = QVBoxLayout(box)
        self.rates_table = QTableWidget(0, 3)
        self.rates_table.setHorizontalHeaderLabels([_("Khoản"), _("Áp dụng từ"), _("Giá trị")])
        self.rates_table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.rates_table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.rates_table.verticalHeader().hide()
        header = self.rates_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        self.rates_table.itemSelectionChanged.connect(self._rate_selected)
        layout.addWidget(self.rates_table, 1)
        form = QFormLayout()
        self.rate_key = QComboBox()
        self.rate_date = date_edit()
        self.rate_value = QLineEdit()
        self.rate_value.setPlaceholderText(_("ví dụ: 2.530.000 hoặc 4,5"))
        form.addRow(_("Khoản:"), self.rate_key)
        form.addRow(_("Áp dụng từ ngày:"), self.rate_date)
        form.addRow(_("Giá trị:"), self.rate_value)
        layout.addLayout(form)
        row = QHBoxLayout()
        row.addStretch()
        delete = QPushButton(_("Xóa dòng đã chọn"))
        delete.clicked.connect(self.delete_selected_rate)
        save = QPushButton(_("Lưu mức này"))
        save.clicked.connect(self.save_rate_from_form)
        row.addWidget(delete)
        row.addWidget(save)
        layout.addLayout(row)
        hint = QLabel(_("Mỗi mức có hiệu lực từ ngày áp dụng đến khi có mức mới. Lưu cùng khoản "
                        "và cùng ngày sẽ sửa mức cũ."), objectName="hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.load_rates()
        return box

    def load_rates(self) -> None:
        self.rate_rows = rs.rate_rows(self.ctx.db)
        current = self.rate_key.currentData()
        self.rate_key.clear()
        for key, label in rs.rate_keys(self.ctx.db):
            self.rate_key.addItem(label, key)
        self.rate_key.setCurrentIndex(max(0, self.rate_key.findData(current)))
        t = self.rates_table
        t.setRowCount(len(self.rate_rows))
        for r, row in enumerate(self.rate_rows):
            for c, text in enumerate([row.label, fmt_date(row.effective_from), row.value_text]):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                tip = [row.note] if row.note and row.note != row.label else []
                if row.source:
                    tip.append(_("Căn cứ: {source}").format(source=row.source))
                if tip:
                    item.setToolTip("\n".join(tip))
                t.setItem(r, c, item)

    def _selected_rate(self) -> rs.RateRow | None:
        rows = {i.row() for i in self.rates_table.selectedIndexes()}
        return self.rate_rows[rows.pop()] if len(rows) == 1 else None

    def _rate_selected(self) -> None:
        row = self._selected_rate()
        if row is None:
            return
        self.rate_key.setCurrentIndex(max(0, self.rate_key.findData(row.key)))
        self.rate_date.setDate(row.effective_from)
        self.rate_value.setText(row.value_text)

    def save_rate_from_form(self) -> bool:
        try:
            rs.save_rate(self.ctx.db, self.rate_key.currentData(), self.rate_date.date().toPython(),
                         self.rate_value.text())
        except UserError as exc:
            QMessageBox.warning(self, _("Lương cơ sở và các mức đóng"), str(exc))
            return False
        self.load_rates()
        self.ctx.notify_changed(touched.RATES)
        return True

    def delete_selected_rate(self) -> None:
        row = self._selected_rate()
        if row is None:
            return
        if QMessageBox.question(self, _("Xóa mức"), _("Xóa «{label}» áp dụng từ {date}?").format(
                label=row.label, date=fmt_date(row.effective_from))) != QMessageBox.Yes:
            return
        rs.delete_rate(self.ctx.db, row.id)
        self.load_rates()
        self.ctx.notify_changed(touched.RATES)
