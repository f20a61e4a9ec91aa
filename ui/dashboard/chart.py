"""Bar chart of village coverage rates with the commune's target line (QtCharts)."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen

from bhyt_desktop.common.formats import fmt_pct
from bhyt_desktop.common.i18n import _
from bhyt_desktop.dashboard.figures import Dashboard

from ..style import BEHIND, ON_TARGET


class RateChart(QChartView):
    """One horizontal bar per village (red when behind its target); click a bar to open it."""

    village_clicked = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setRenderHint(QPainter.Antialiasing)
        self.setMinimumWidth(260)
        self._ids: list[int | None] = []
        self._target = None
        self._sets: tuple[QBarSet, QBarSet] | None = None
        self.setChart(QChart())

    def set_dashboard(self, board: Dashboard) -> None:
        """Same villages and target as shown: only the bar values change (fast); else rebuild."""
        rows = list(reversed(board.villages))
        ids = [r.village_id for r in rows]
        if self._sets is not None and ids == self._ids and board.total.target_pct == self._target:
            behind, reached = self._sets
            for i, r in enumerate(rows):
                rate = float(r.rate_pct or 0)
                behind.replace(i, rate if r.behind else 0.0)
                reached.replace(i, 0.0 if r.behind else rate)
            return
        self._rebuild(board)

    def _rebuild(self, board: Dashboard) -> None:
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 8, 4))
        chart.legend().setAlignment(Qt.AlignBottom)
        small = QFont(self.font())
        small.setPointSizeF(8.5)
        chart.legend().setFont(small)
        chart.setAnimationOptions(QChart.NoAnimation)
        rows = list(reversed(board.villages))       # first village at the top
        self._ids = [r.village_id for r in rows]
        behind = QBarSet(_("Chưa đạt"))
        reached = QBarSet(_("Đạt chỉ tiêu"))
        behind.setColor(QColor(BEHIND))
        reached.setColor(QColor(ON_TARGET))
        for r in rows:
            rate = float(r.rate_pct or 0)
            behind.append(rate if r.behind else 0.0)
            reached.append(0.0 if r.behind else rate)
        series = QHorizontalStackedBarSeries()
        series.setBarWidth(0.7)
        series.append(behind)
        series.append(reached)
        series.clicked.connect(self._bar_clicked)
        self._sets, self._target = (behind, reached), board.total.target_pct
        chart.addSeries(series)

        names = QBarCategoryAxis()
        names.append([r.name for r in rows])
        names.setTruncateLabels(False)
        names.setLabelsFont(small)
        names.setGridLineVisible(False)
        chart.addAxis(names, Qt.AlignLeft)
        series.attachAxis(names)
        rates = QValueAxis()
        rates.setRange(0, 100)
        rates.setTickCount(6)
        rates.setLabelFormat("%d%%")
        rates.setLabelsFont(small)
        chart.addAxis(rates, Qt.AlignBottom)
        series.attachAxis(rates)

        target = board.total.target_pct
        if target is not None and rows:
            line = QLineSeries()
            line.setName(_("Chỉ tiêu {rate}").format(rate=fmt_pct(target, 0) if target == int(target) else fmt_pct(target)))
            pen = QPen(QColor("#1d2730"))
            pen.setWidth(2)
            pen.setStyle(Qt.DashLine)
            line.setPen(pen)
            line.append(QPointF(float(target), -0.5))
            line.append(QPointF(float(target), len(rows) - 0.5))
            chart.addSeries(line)
            ys = QValueAxis()
            ys.setRange(-0.5, len(rows) - 0.5)
            ys.setVisible(False)
            chart.addAxis(ys, Qt.AlignRight)
            line.attachAxis(rates)
            line.attachAxis(ys)
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()

    def _bar_clicked(self, index: int, _barset: QBarSet) -> None:
        if 0 <= index < len(self._ids) and self._ids[index] is not None:
            self.village_clicked.emit(self._ids[index])
