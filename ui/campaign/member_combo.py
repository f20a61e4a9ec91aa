"""A choice of «the whole commune» or one committee member who follows villages, kept on the
same member when the list is read again (the dashboard's filter, the reports page's scope)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from bhyt_desktop.campaign import members as mem


class MemberCombo(QComboBox):
    def __init__(self, all_label: str, *, with_position: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.all_label, self.with_position = all_label, with_position
        self.members: list[mem.Member] = []

    def reload(self, db) -> None:
        """Members with at least one village; the chosen one stays chosen (no signal)."""
        chosen = self.member()
        self.members = [m for m in mem.members(db) if m.village_ids]
        self.blockSignals(True)
        self.clear()
        self.addItem(self.all_label, None)
        for m in self.members:
            label = m.name + (f" ({m.position})" if self.with_position and m.position else "")
            self.addItem(label, m.id)
        if chosen is not None:
            self.setCurrentIndex(max(0, self.findData(chosen.id)))
        self.blockSignals(False)

    def member(self) -> mem.Member | None:
        mid = self.currentData()
        return next((m for m in self.members if m.id == mid), None)
