"""Qt's own words in the user's language: standard buttons, context menus, calendars, numbers.

The PySide6 wheel ships no Vietnamese translation of Qt (there is no ``qtbase_vi.qm``), so
the few texts Qt itself shows (Yes/No/Cancel/OK/Discard… of QMessageBox and
QDialogButtonBox, the line edits' context menu, «Show Details…») are translated here, in one
place. The default QLocale follows the language too: Vietnamese month and day names in
calendars with weeks starting on Monday, and 1.234,5 number formats; English (United
Kingdom, also Monday first) when English is chosen.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

# (context or "" for any context, Qt's English source) -> Vietnamese.
_STANDARD: dict[str, str] = {
    "OK": "Đồng ý", "Save": "Lưu", "Save All": "Lưu tất cả", "Open": "Mở",
    "&Yes": "&Có", "Yes to &All": "Có với &tất cả", "&No": "&Không", "N&o to All": "K&hông với tất cả",
    "Abort": "Dừng", "Retry": "Thử lại", "Ignore": "Bỏ qua", "Close": "Đóng", "Cancel": "Hủy",
    "Discard": "Không lưu", "Don't Save": "Không lưu", "Close without Saving": "Đóng, không lưu",
    "Help": "Trợ giúp", "Apply": "Áp dụng", "Reset": "Đặt lại", "Restore Defaults": "Khôi phục mặc định",
    "Yes": "Có", "No": "Không",
}
_BY_CONTEXT: dict[str, dict[str, str]] = {
    "QMessageBox": {"Show Details...": "Xem chi tiết…", "Hide Details...": "Ẩn chi tiết…",
                    "OK": "Đồng ý", "Help": "Trợ giúp"},
    "QLineEdit": {"&Undo": "&Hoàn tác", "&Redo": "&Làm lại", "Cu&t": "&Cắt", "&Copy": "Sao &chép",
                  "&Paste": "&Dán", "Delete": "Xóa", "Select All": "Chọn tất cả"},
    "QWidgetTextControl": {"&Undo": "&Hoàn tác", "&Redo": "&Làm lại", "Cu&t": "&Cắt",
                           "&Copy": "Sao &chép", "Copy &Link Location": "Chép địa chỉ &liên kết",
                           "&Paste": "&Dán", "Delete": "Xóa", "Select All": "Chọn tất cả"},
    "QAbstractSpinBox": {"&Step up": "&Tăng", "Step &down": "&Giảm", "&Select All": "&Chọn tất cả"},
    "QCalendarWidget": {"Today": "Hôm nay", "Week": "Tuần"},
    "QFileDialog": {"Look in:": "Tìm trong:", "File &name:": "&Tên tệp:", "Files of type:": "Loại tệp:",
                    "&Open": "&Mở", "&Save": "&Lưu", "All Files (*)": "Mọi tệp (*)",
                    "New Folder": "Thư mục mới", "&Choose": "&Chọn"},
}


class VietnameseQt(QTranslator):
    """Answers Qt's own texts in Vietnamese; None (not translated) for anything else."""

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ARG002 (Qt's signature)
        found = _BY_CONTEXT.get(context or "", {}).get(source)
        if found is None and context in ("QPlatformTheme", "QDialogButtonBox", "QMessageBox"):
            found = _STANDARD.get(source)
        return found

    def isEmpty(self) -> bool:
        return False


_installed: VietnameseQt | None = None


def locale_for(lang: str) -> QLocale:
    if lang == "en":
        return QLocale(QLocale.English, QLocale.UnitedKingdom)
    return QLocale(QLocale.Vietnamese, QLocale.Vietnam)


def apply(app: QCoreApplication, lang: str) -> None:
    """Qt's texts and formats in ``lang`` ('vi' or 'en'); widgets made afterwards follow it."""
    global _installed
    QLocale.setDefault(locale_for(lang))
    if lang == "en":
        if _installed is not None:
            app.removeTranslator(_installed)
            _installed = None
    elif _installed is None:
        _installed = VietnameseQt(app)
        app.installTranslator(_installed)
