"""The look: Fusion with a light, calm palette and a Windows-like font."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

ACCENT = "#1f6fb2"
BEHIND = "#c0392b"          # a village below its target
BEHIND_BG = "#fdecea"
ON_TARGET = "#2e7d32"
MUTED = "#5f6b76"

STYLESHEET = f"""
QListWidget#nav {{
    background: #eef2f6; border: none; border-right: 1px solid #d5dbe1;
    padding-top: 8px; outline: 0;
}}
QListWidget#nav::item {{ padding: 9px 12px; border-radius: 4px; margin: 1px 6px; color: #1d2730; }}
QListWidget#nav::item:selected {{ background: {ACCENT}; color: white; }}
QListWidget#nav::item:hover:!selected {{ background: #dde5ee; }}
QWidget#header {{ background: white; border-bottom: 1px solid #d5dbe1; }}
QLabel#pageTitle {{ font-size: 15pt; font-weight: 600; color: #1d2730; }}
QFrame#kpi {{ background: white; border: 1px solid #d5dbe1; border-radius: 6px; }}
QLabel#kpiTitle {{ color: {MUTED}; }}
QLabel#kpiValue {{ font-size: 17pt; font-weight: 600; color: #1d2730; }}
QLabel#kpiNote {{ color: {MUTED}; }}
QLabel#hint {{ color: {MUTED}; }}
QLabel#placeholder {{ color: {MUTED}; font-size: 11pt; }}
QGroupBox {{ font-weight: 600; }}
QTableView {{ gridline-color: #e3e7eb; selection-background-color: #cfe3f5;
              selection-color: #1d2730; }}
QHeaderView::section {{ background: #f3f5f7; border: none; border-bottom: 1px solid #d5dbe1;
                        border-right: 1px solid #e3e7eb; padding: 4px 6px; font-weight: 600; }}
"""


def apply(app: QApplication) -> None:
    app.setStyle("Fusion")
    font = QFont()
    font.setFamilies(["Segoe UI", "Noto Sans", "DejaVu Sans", "Liberation Sans"])
    font.setPointSizeF(9.5)
    app.setFont(font)
    pal = app.palette()
    pal.setColor(QPalette.Window, QColor("#f7f8fa"))
    pal.setColor(QPalette.Base, QColor("white"))
    pal.setColor(QPalette.AlternateBase, QColor("#f5f7f9"))
    pal.setColor(QPalette.Highlight, QColor(ACCENT))
    pal.setColor(QPalette.HighlightedText, QColor("white"))
    pal.setColor(QPalette.Button, QColor("#f3f5f7"))
    app.setPalette(pal)
    app.setStyleSheet(STYLESHEET)
