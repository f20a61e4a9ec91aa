"""Qt's own words follow the chosen language: standard buttons, calendars, numbers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QCalendarWidget, QDialogButtonBox, QMessageBox

from ui import qt_language


@pytest.fixture
def language(qapp):
    yield lambda lang: qt_language.apply(qapp, lang)
    qt_language.apply(qapp, "en")
    QLocale.setDefault(QLocale.c())


def _texts(box) -> set[str]:
    return {b.text().replace("&", "") for b in box.buttons()}


def test_standard_buttons_are_vietnamese(qtbot, language):
    language("vi")
    box = QDialogButtonBox(QDialogButtonBox.Yes | QDialogButtonBox.No | QDialogButtonBox.Cancel
                           | QDialogButtonBox.Ok | QDialogButtonBox.Discard)
    qtbot.addWidget(box)
    assert _texts(box) == {"Có", "Không", "Hủy", "Đồng ý", "Không lưu"}
    msg = QMessageBox(QMessageBox.Question, "t", "x", QMessageBox.Yes | QMessageBox.No)
    qtbot.addWidget(msg)
    assert _texts(msg) == {"Có", "Không"}


def test_english_when_english_is_chosen(qtbot, language):
    language("vi")
    language("en")
    box = QDialogButtonBox(QDialogButtonBox.Yes | QDialogButtonBox.Cancel)
    qtbot.addWidget(box)
    assert _texts(box) == {"Yes", "Cancel"}
    assert QLocale().monthName(12) == "December"


def test_calendar_is_vietnamese_and_starts_on_monday(qtbot, language):
    language("vi")
    cal = QCalendarWidget()
    qtbot.addWidget(cal)
    assert cal.firstDayOfWeek() == Qt.Monday
    assert cal.locale().monthName(12) == "tháng 12"
    assert cal.locale().dayName(1, QLocale.ShortFormat) == "Thứ 2"
    assert QLocale().toString(1234567.5, "f", 1) == "1.234.567,5"
    assert QApplication.instance() is not None
