"""The reports page's campaign choices: the report of one committee member's villages (a
working copy, previewed and printed, never issued) and the table «Thành viên BCĐ phụ trách».

Views only: the narrowing and the table are bhyt_desktop/campaign/scope.py, reached through
``build_report(member=..., with_members=...)`` as the command line's ``report --member
--members-table`` does.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QWidget,
)

from bhyt_desktop.campaign import members as mem
from bhyt_desktop.common import touched
from bhyt_desktop.common.i18n import _

from ..campaign.member_combo import MemberCombo
from ..context import AppContext


class CampaignOptions(QGroupBox):
    """«Ban Chỉ đạo»: whose villages the report covers, and the members' table."""

    changed = Signal()
    incentive_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(_("Ban Chỉ đạo"), parent)
        self.ctx = ctx
        form = QFormLayout(self)
        self.member_combo = MemberCombo(_("Toàn xã"), with_position=True)
        self.member_combo.setToolTip(_("Bản làm việc chỉ gồm các thôn/xóm do một thành viên phụ trách: "
                                       "xem trước và in được, không phát hành."))
        form.addRow(_("Phạm vi:"), self.member_combo)
        self.members_table = QCheckBox(_("Kèm bảng Thành viên BCĐ phụ trách"))
        self.members_table.setToolTip(_("Thêm bảng: mỗi thành viên, các thôn/xóm phụ trách và số liệu"))
        form.addRow("", self.members_table)
        self.note = QLabel()
        self.note.setWordWrap(True)
        form.addRow("", self.note)
        self.incentive_button = QPushButton(_("Thù lao vận động, hộ gia hạn…"))
        self.incentive_button.setToolTip(_("Bảng thù lao thẻ mới của người thu và số hộ gia hạn trong tháng"))
        self.incentive_button.clicked.connect(self.incentive_requested.emit)
        form.addRow("", self.incentive_button)
        self.member_combo.currentIndexChanged.connect(self._changed)
        self.members_table.toggled.connect(self._changed)
        ctx.on_change(self, (touched.CAMPAIGN, touched.VILLAGES), self.reload)
        self.reload()

    @property
    def members(self) -> list[mem.Member]:
        return self.member_combo.members

    def reload(self) -> None:
        self.member_combo.reload(self.ctx.db)
        self.member_combo.setEnabled(bool(self.members))
        self.members_table.setEnabled(bool(self.members))
        if not self.members:
            self.members_table.setChecked(False)
        self._changed()

    def _changed(self, *_args) -> None:
        m = self.member()
        self.note.setText("" if m is None else _(
            "Chỉ các thôn/xóm do {name} phụ trách: {villages}. Bản làm việc: xem trước, in, lưu PDF; "
            "không phát hành.").format(name=m.name, villages=", ".join(m.village_names)))
        self.note.setVisible(m is not None)
        self.changed.emit()

    def member(self) -> mem.Member | None:
        return self.member_combo.member()

    def member_name(self) -> str | None:
        """The name build_report looks the member up by (None: the whole commune)."""
        m = self.member()
        return m.name if m is not None else None

    def with_members(self) -> bool:
        return self.members_table.isEnabled() and self.members_table.isChecked()

    def choose(self, member_id: int | None) -> None:
        self.member_combo.setCurrentIndex(max(0, self.member_combo.findData(member_id)))
