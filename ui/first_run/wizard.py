"""«Thiết lập ban đầu»: the first-run assistant of a new commune file.

Four steps, each checked by bhyt_desktop.commune.first_run before the next one opens:

1. Xã: the commune's name and 5-digit code, the place name of the date line, the upper level;
2. Người ký: the People's Committee head who signs the reports;
3. Thôn/xóm: typed one a line or pasted from an Excel column (or left for the first import);
4. Chỉ tiêu: this year's coverage target.

«Hoàn tất» saves everything in one transaction (nothing is written before it).

A QDialog over a QStackedWidget rather than a QWizard: an open QWizard makes Qt crash when
the application's style sheet is set again (seen with PySide6 6.11 offscreen).
"""

from __future__ import annotations

import sqlite_utils
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bhyt_desktop.common import clock
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.commune import details as cm
from bhyt_desktop.commune.first_run import (
    FirstRun,
    apply_first_run,
    check_first_run,
    parse_villages,
)
from bhyt_desktop.reports.history import load_options

from ..style import BEHIND


class _Step(QWidget):
    """One step: a title, an intro, a form; its fields are checked by the core on «Tiếp»."""

    def __init__(self, wizard: FirstRunWizard, title: str, intro: str, keys: tuple[str, ...]):
        super().__init__()
        self.owner, self.keys, self.title_text = wizard, keys, title
        self.layout_ = QVBoxLayout(self)
        heading = QLabel(f"<b>{title}</b>")
        self.layout_.addWidget(heading)
        sub = QLabel(intro, objectName="hint")
        sub.setWordWrap(True)
        self.layout_.addWidget(sub)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.problem = QLabel(objectName="first_run_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {BEHIND};")
        self.layout_.addStretch(1)
        self.layout_.addWidget(self.problem)

    def title(self) -> str:
        return self.title_text

    def validate(self) -> bool:
        problems = check_first_run(self.owner.answers())
        mine = [problems[k] for k in self.keys if k in problems]
        self.problem.setText("\n".join(mine))
        return not mine


class FirstRunWizard(QDialog):
    def __init__(self, db: sqlite_utils.Database, operator: str = "", parent=None):
        super().__init__(parent)
        self.db, self.operator = db, operator
        self.setWindowTitle(_("Thiết lập ban đầu"))
        self.stack = QStackedWidget()
        outer = QVBoxLayout(self)
        outer.addWidget(self.stack, 1)
        bar = QHBoxLayout()
        bar.addStretch(1)
        self.back_btn = QPushButton(_("< Quay lại"))
        self.next_btn = QPushButton(_("Tiếp >"))
        self.finish_btn = QPushButton(_("Hoàn tất"))
        self.later_btn = QPushButton(_("Để sau"))
        for button in (self.back_btn, self.next_btn, self.finish_btn, self.later_btn):
            bar.addWidget(button)
        outer.addLayout(bar)
        self.back_btn.clicked.connect(self.back)
        self.next_btn.clicked.connect(self.next)
        self.finish_btn.clicked.connect(self.accept)
        self.later_btn.clicked.connect(self.reject)
        commune, options = cm.get_commune(db), load_options(db)
        self.fields: dict[str, QLineEdit] = {}
        year = clock.today().year

        step = _Step(self, _("1. Thông tin xã"), _(
            "Tên xã, mã xã, địa danh và cơ quan cấp trên in trên đầu báo cáo."),
            ("name", "code", "place_name", "upper_name"))
        self._line(step, "name", _("Tên xã/phường"), commune.name, _("ví dụ: Xã Nam Toàn"))
        self._line(step, "code", _("Mã xã (5 chữ số)"), commune.code, "13675")
        self._line(step, "place_name", _("Địa danh ở dòng ngày tháng"), commune.place_name,
                   _("ví dụ: Nam Toàn"))
        self._line(step, "upper_name", _("Cơ quan cấp trên"), commune.upper_name,
                   _("ví dụ: Bảo hiểm xã hội cơ sở Nam Trực"))
        self.stack.addWidget(step)

        step = _Step(self, _("2. Người ký báo cáo"), _(
            "Chủ tịch UBND xã (Trưởng Ban Chỉ đạo) ký các báo cáo tiến độ."), ("signer",))
        self._line(step, "signer", _("Họ và tên người ký"), options.signer, _("ví dụ: Nguyễn Văn Hùng"))
        self.stack.addWidget(step)

        step = _Step(self, _("3. Thôn/xóm"), _(
            "Gõ mỗi dòng một thôn, hoặc dán cột tên thôn từ Excel. Để trống thì chương trình lấy "
            "thôn từ lần nhập danh sách đầu tiên."), ())
        self.villages = QPlainTextEdit(objectName="first_run_villages")
        self.villages.setPlaceholderText(_("Xóm Đông Hạ\nXóm Bắc Sơn\n…"))
        self.villages.setPlainText("\n".join(v.name for v in cm.villages(db)))
        self.village_count = QLabel()
        self.villages.textChanged.connect(self._count_villages)
        step.form.addRow(self.villages)
        step.form.addRow(self.village_count)
        self._count_villages()
        self.stack.addWidget(step)

        step = _Step(self, _("4. Chỉ tiêu năm {year}").format(year=year), _(
            "Tỷ lệ người dân có thẻ BHYT mà xã phấn đấu đạt đến 31/12/{year} (có thể đặt riêng "
            "cho từng thôn sau, ở trang Thôn & chỉ tiêu).").format(year=year), ("target",))
        self._line(step, "target", _("Chỉ tiêu (%)"), "", _("ví dụ: 95"))
        self.stack.addWidget(step)

        self._show(0)

    def steps(self) -> list[_Step]:
        return [self.stack.widget(i) for i in range(self.stack.count())]

    def currentPage(self) -> _Step:  # noqa: N802 (named like Qt's)
        return self.stack.currentWidget()

    def _show(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        last = index == self.stack.count() - 1
        self.back_btn.setEnabled(index > 0)
        self.next_btn.setVisible(not last)
        self.finish_btn.setVisible(last)
        (self.finish_btn if last else self.next_btn).setDefault(True)

    def next(self) -> None:
        if self.currentPage().validate():
            self._show(min(self.stack.currentIndex() + 1, self.stack.count() - 1))

    def back(self) -> None:
        self._show(max(self.stack.currentIndex() - 1, 0))

    def _line(self, step: _Step, key: str, label: str, value: str, placeholder: str) -> None:
        edit = QLineEdit(value, objectName=f"first_run_{key}")
        edit.setPlaceholderText(placeholder)
        self.fields[key] = edit
        step.form.addRow(label, edit)

    def _count_villages(self) -> None:
        n = len(parse_villages(self.villages.toPlainText()))
        self.village_count.setText(_("{n} thôn/xóm").format(n=n) if n else
                                   _("Chưa có thôn nào: sẽ lấy từ lần nhập danh sách đầu tiên."))

    def answers(self) -> FirstRun:
        f = {k: e.text() for k, e in self.fields.items()}
        return FirstRun(f["name"], f["code"], f["place_name"], f["upper_name"], f["signer"],
                        parse_villages(self.villages.toPlainText()), f["target"])

    def accept(self) -> None:
        if not self.currentPage().validate():
            return
        try:
            apply_first_run(self.db, self.answers(), self.operator)
        except UserError as exc:
            self.currentPage().problem.setText(str(exc))
            return
        super().accept()
