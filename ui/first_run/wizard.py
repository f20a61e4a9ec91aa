"""«Thiết lập ban đầu»: the first-run assistant of a new commune file.

Four steps, each checked by bhyt_desktop.commune.first_run before the next one opens:

1. Xã: the commune's name and 5-digit code, the place name of the date line, the upper level;
2. Người ký: the People's Committee head who signs the reports;
3. Thôn/xóm: typed one a line or pasted from an Excel column (or left for the first import);
4. Chỉ tiêu: this year's coverage target.

«Hoàn tất» saves everything in one transaction (nothing is written before it).
"""

from __future__ import annotations

import sqlite_utils
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWizard,
    QWizardPage,
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


class _Step(QWizardPage):
    """A page whose fields are checked by the core when «Tiếp» is pressed."""

    def __init__(self, wizard: FirstRunWizard, title: str, intro: str, keys: tuple[str, ...]):
        super().__init__()
        self.owner, self.keys = wizard, keys
        self.setTitle(title)
        self.setSubTitle(intro)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.problem = QLabel(objectName="first_run_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {BEHIND};")
        self.layout_.addStretch(1)
        self.layout_.addWidget(self.problem)

    def validatePage(self) -> bool:  # noqa: N802 (Qt)
        problems = check_first_run(self.owner.answers())
        mine = [problems[k] for k in self.keys if k in problems]
        self.problem.setText("\n".join(mine))
        return not mine


class FirstRunWizard(QWizard):
    def __init__(self, db: sqlite_utils.Database, operator: str = "", parent=None):
        super().__init__(parent)
        self.db, self.operator = db, operator
        self.setWindowTitle(_("Thiết lập ban đầu"))
        self.setWizardStyle(QWizard.ClassicStyle)
        self.setButtonText(QWizard.NextButton, _("Tiếp >"))
        self.setButtonText(QWizard.BackButton, _("< Quay lại"))
        self.setButtonText(QWizard.FinishButton, _("Hoàn tất"))
        self.setButtonText(QWizard.CancelButton, _("Để sau"))
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
        self.addPage(step)

        step = _Step(self, _("2. Người ký báo cáo"), _(
            "Chủ tịch UBND xã (Trưởng Ban Chỉ đạo) ký các báo cáo tiến độ."), ("signer",))
        self._line(step, "signer", _("Họ và tên người ký"), options.signer, _("ví dụ: Nguyễn Văn Hùng"))
        self.addPage(step)

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
        self.addPage(step)

        step = _Step(self, _("4. Chỉ tiêu năm {year}").format(year=year), _(
            "Tỷ lệ người dân có thẻ BHYT mà xã phấn đấu đạt đến 31/12/{year} (có thể đặt riêng "
            "cho từng thôn sau, ở trang Thôn & chỉ tiêu).").format(year=year), ("target",))
        self._line(step, "target", _("Chỉ tiêu (%)"), "", _("ví dụ: 95"))
        self.addPage(step)

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
        try:
            apply_first_run(self.db, self.answers(), self.operator)
        except UserError as exc:
            self.currentPage().problem.setText(str(exc))
            return
        super().accept()
