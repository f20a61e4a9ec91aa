"""The roster page's outputs: the list as PDF and the door-to-door lists window (a mixin of
RosterPage, which holds the filter, the model and the "mask IDs" box)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from bhyt_desktop.common.formats import fmt_int
from bhyt_desktop.common.i18n import _
from bhyt_desktop.roster.printing import default_file_name, write_roster_pdf

from ..operations import run_operation

ALL = ""     # the filter combos' "all" entry


def combo_value(combo):
    data = combo.currentData()
    return None if data == ALL else data


class RosterOutputs:
    # --- printing -----------------------------------------------------------------------

    def ask_pdf_path(self) -> str:
        path, _sel = QFileDialog.getSaveFileName(
            self, _("Lưu danh sách"), str(Path.home() / default_file_name(self.ctx.as_of)), "PDF (*.pdf)")
        return path

    def visit_lists_dialog(self):
        """The door-to-door lists window, on the village chosen in the filter if any."""
        from ..campaign.visit_lists_dialog import VisitListsDialog
        village = self.village.currentText() if combo_value(self.village) is not None else None
        return VisitListsDialog(self.ctx, self, village_name=village)

    def open_visit_lists(self) -> None:
        self.visit_lists_dialog().exec()

    def print_list(self) -> None:
        path = self.ask_pdf_path()
        if path:
            self.export_pdf(path)

    def export_pdf(self, path: str, on_done=None):
        f = dataclasses.replace(self.model.filter)      # the worker gets its own copy
        mask_ids = self.mask_ids.isChecked()

        def work(job, db):
            return write_roster_pdf(db, f, path, mask_ids=mask_ids, job=job)

        def done(n):
            if on_done:
                on_done(n)
            else:
                QMessageBox.information(self, _("In danh sách"),
                                        _("Đã lưu danh sách {n} người vào:\n{path}").format(n=fmt_int(n), path=path))
        return run_operation(self, _("Đang tạo tệp PDF…"), work, ctx=self.ctx, on_success=done)
