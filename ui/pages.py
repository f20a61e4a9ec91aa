"""The pages of the main window, in navigation order: the ONE place that lists them.

Pages are ``QWidget`` subclasses taking ``(ctx, parent=None)``. Pages built in other
packages are imported by name and replaced by a placeholder while their module is not
there yet; to plug one in, edit its line in ``SECTIONS``.

Optional methods the main window calls on a page when present (no base class needed):
- ``has_unsaved() -> bool`` and ``save_unsaved() -> bool``: asked before the window closes
  or another file is opened (see :class:`Unsaved`);
- ``show_village(village_id)``: the roster page filters to a village (dashboard click);
- ``page_shown()``: the page became visible (refresh lazily);
- ``page_closing()``: the file is about to be closed (another file is opened): stop
  timers, ignore results of work still running. The page is deleted right after.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from bhyt_desktop.common.i18n import _

from .context import AppContext
from .widgets import Placeholder


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


# (module, class) of pages built elsewhere; a missing module gives a placeholder.
ROSTER = ("ui.roster.page", "RosterPage")
IMPORT = ("ui.importing.wizard", "ImportPage")
REPORTS = ("ui.reports.page", "ReportsPage")
EXPORT = ("ui.export.panel", "ExportPanel")
CONSOLIDATE = ("ui.export.panel", "ConsolidatePanel")


def load_class(module: str, name: str) -> type[QWidget] | None:
    """The class, or None while its module is not in the program yet.

    Any other import error is a bug and is raised.
    """
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and (module == exc.name or module.startswith(exc.name + ".")):
            return None
        raise
    return getattr(mod, name, None)


def _external(spec: tuple[str, str], title: str) -> Callable[[AppContext], QWidget]:
    def build(ctx: AppContext) -> QWidget:
        cls = load_class(*spec)
        return cls(ctx) if cls else Placeholder(title)
    return build


def _reports_and_export(ctx: AppContext) -> QWidget:
    """Reports, export and consolidation side by side in tabs."""
    parts = [(REPORTS, _("Báo cáo")), (EXPORT, _("Xuất file")), (CONSOLIDATE, _("Tổng hợp"))]
    found = [(cls, title) for spec, title in parts if (cls := load_class(*spec))]
    if not found:
        return Placeholder(_("Báo cáo & xuất file"))
    if len(found) == 1:
        return found[0][0](ctx)
    tabs = QTabWidget()
    tabs.setDocumentMode(True)
    for cls, title in found:
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
    ("roster", "Hộ gia đình & nhân khẩu", _external(ROSTER, "Hộ gia đình & nhân khẩu")),
    ("villages", "Thôn & chỉ tiêu", _villages),
    ("import", "Nhập dữ liệu", _external(IMPORT, "Nhập dữ liệu")),
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
