"""The pages of the main window, in navigation order: the ONE place that lists them.

Pages are ``QWidget`` subclasses taking ``(ctx, parent=None)``, imported when first built;
to add one, add its line to ``SECTIONS``.

Optional methods the main window calls on a page when present (no base class needed):
- ``has_unsaved() -> bool`` and ``save_unsaved() -> bool``: asked before the window closes
  or another file is opened (see :class:`Unsaved`);
- ``show_village(village_id)``: the roster page filters to a village (dashboard click);
- ``page_shown()``: the page became visible (refresh lazily);
- ``page_closing()``: the file is about to be closed (another file is opened): stop
  timers, ignore results of work still running. The page is deleted right after.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from bhyt_desktop.common.i18n import _

from .context import AppContext


@runtime_checkable
class Unsaved(Protocol):
    """A page that may hold edits not yet written to the file."""

    def has_unsaved(self) -> bool: ...


class Page:
    """A page of the window. Its widget is built the first time it is needed (shown, or
    asked for), so opening a file builds only the first page. ``holder`` sits in the
    window's stack from the start and receives the widget when it is built."""

    def __init__(self, key: str, title: str, build: Callable[[], QWidget]):
        self.key, self.title, self._build = key, title, build
        self.holder = QWidget()
        layout = QVBoxLayout(self.holder)
        layout.setContentsMargins(0, 0, 0, 0)
        self._widget: QWidget | None = None

    @property
    def built(self) -> bool:
        return self._widget is not None

    @property
    def widget(self) -> QWidget:
        if self._widget is None:
            self._widget = self._build()
            self.holder.layout().addWidget(self._widget)
        return self._widget


def _roster(ctx: AppContext) -> QWidget:
    from .roster.page import RosterPage
    return RosterPage(ctx)


def _import(ctx: AppContext) -> QWidget:
    from .importing.wizard import ImportPage
    return ImportPage(ctx)


def _reports_and_export(ctx: AppContext) -> QWidget:
    """Reports, export and consolidation side by side in tabs."""
    from .export.panel import ConsolidatePanel, ExportPanel
    from .reports.page import ReportsPage
    tabs = QTabWidget()
    tabs.setDocumentMode(True)
    for cls, title in [(ReportsPage, _("Báo cáo")), (ExportPanel, _("Xuất file")),
                       (ConsolidatePanel, _("Tổng hợp"))]:
        tabs.addTab(cls(ctx), title)
    return tabs


def _dashboard(ctx: AppContext) -> QWidget:
    from .dashboard.page import DashboardPage
    return DashboardPage(ctx)


def _villages(ctx: AppContext) -> QWidget:
    from .villages.page import VillagesPage
    return VillagesPage(ctx)


def _settings(ctx: AppContext) -> QWidget:
    from .settings.page import SettingsPage
    return SettingsPage(ctx)


# (key, title, builder) in navigation order.
SECTIONS: list[tuple[str, str, Callable[[AppContext], QWidget]]] = [
    ("dashboard", "Tổng quan", _dashboard),
    ("roster", "Hộ gia đình & nhân khẩu", _roster),
    ("villages", "Thôn & chỉ tiêu", _villages),
    ("import", "Nhập dữ liệu", _import),
    ("reports", "Báo cáo & xuất file", _reports_and_export),
    ("settings", "Cài đặt", _settings),
]


def build_pages(ctx: AppContext) -> list[Page]:
    return [Page(key, _(title), lambda build=build: build(ctx)) for key, title, build in SECTIONS]


def unsaved_pages(pages: list[Page]) -> list[Page]:
    """Pages (or tabs inside them) that report edits not yet saved."""
    out = []
    for page in pages:
        if not page.built:          # never shown: nothing typed into it
            continue
        widgets = [page.widget]
        if isinstance(page.widget, QTabWidget):
            widgets += [page.widget.widget(i) for i in range(page.widget.count())]
        if any(isinstance(w, Unsaved) and w.has_unsaved() for w in widgets):
            out.append(page)
    return out


def save_all(pages: list[Page]) -> bool:
    """Ask every page with unsaved edits to save them; False if one could not."""
    for page in unsaved_pages(pages):
        widgets = [page.widget]
        if isinstance(page.widget, QTabWidget):
            widgets += [page.widget.widget(i) for i in range(page.widget.count())]
        for w in widgets:
            if isinstance(w, Unsaved) and w.has_unsaved():
                save = getattr(w, "save_unsaved", None)
                if save is None or not save():
                    return False
    return True
