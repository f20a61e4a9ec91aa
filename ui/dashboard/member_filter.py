"""The dashboard's «Thành viên BCĐ» choice: the whole commune, or one committee member's
villages (the narrowing itself is bhyt_desktop/campaign/scope.narrow_dashboard)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from bhyt_desktop.campaign import members as mem
from bhyt_desktop.campaign.scope import narrow_dashboard
from bhyt_desktop.common import touched
from bhyt_desktop.common.i18n import _

from ..campaign.member_combo import MemberCombo
from ..context import AppContext


class MemberFilter(QWidget):
    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(_("Thành viên BCĐ:")))
        self.combo = MemberCombo(_("Cả xã"))
        self.combo.setMinimumContentsLength(18)
        self.combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setToolTip(_("Xem số liệu các thôn/xóm do một thành viên Ban Chỉ đạo phụ trách"))
        row.addWidget(self.combo)
        self.combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        ctx.on_change(self, (touched.CAMPAIGN, touched.VILLAGES), self.reload)
        self.reload()

    @property
    def members(self) -> list[mem.Member]:
        return self.combo.members

    def reload(self) -> None:
        self.combo.reload(self.ctx.db)
        self.setVisible(bool(self.members))

    def member(self) -> mem.Member | None:
        return self.combo.member()

    def choose(self, member_id: int | None) -> None:
        self.combo.setCurrentIndex(max(0, self.combo.findData(member_id)))

    def narrow(self, board):
        m = self.member()
        return board if m is None else narrow_dashboard(board, m)

    def note(self) -> str:
        m = self.member()
        if m is None:
            return ""
        return _("Chỉ các thôn/xóm do {name} phụ trách: {villages}.").format(
            name=m.name, villages=", ".join(m.village_names))
