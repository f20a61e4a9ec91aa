"""Bar chart of village coverage rates with each village's own target mark (QtCharts)."""

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

from bhyt_desktop.common.i18n import _
from bhyt_desktop.dashboard.figures import Dashboard

from ..style import BEHIND, MUTED, ON_TARGET


class RateChart(QChartView):
    """One horizontal bar per village (red behind its target, green reached, grey with no target)
    and a tick at each village's own target; click a bar to open it."""

    village_clicked = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setRenderHint(QPainter.Antialiasing)
        self.setMinimumWidth(260)
        self._ids: list[int | None] = []
        self._target: list = []
        self._sets: tuple[QBarSet, ...] | None = None
        self.setChart(QChart())

    def set_dashboard(self, board: Dashboard) -> None:
        """Same villages and targets as shown: only the bar values change (fast); else rebuild."""
        rows = list(reversed(board.villages))
        ids = [r.village_id for r in rows]
        targets = [r.target_pct for r in rows]
        if self._sets is not None and ids == self._ids and targets == self._target:
            for i, r in enumerate(rows):
                for bar_set, value in zip(self._sets, self._bar_values(r), strict=True):
                    bar_set.replace(i, value)
            return
        self._rebuild(board)

    @staticmethod
    def _bar_values(r) -> tuple[float, float, float]:
        """(behind, reached, no target) for one village: its rate in exactly one of them."""
        rate = float(r.rate_pct or 0)
        return (rate if r.behind else 0.0, rate if r.reached else 0.0,
                rate if not (r.behind or r.reached) else 0.0)

    def _rebuild(self, board: Dashboard) -> None:
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 8, 4))
        chart.legend().setAlignment(Qt.AlignBottom)
        small = QFont(self.font())
        small.setPointSizeF(8.5)
        chart.legend().setFont(small)
        chart.legend().setShowToolTips(True)        # an entry cut short still reads in full
        chart.setAnimationOptions(QChart.NoAnimation)
        rows = list(reversed(board.villages))       # first village at the top
        self._ids = [r.village_id for r in rows]
        sets = (QBarSet(_("Chưa đạt")), QBarSet(_("Đạt chỉ tiêu")), QBarSet(_("Chưa có chỉ tiêu")))
        for bar_set, colour in zip(sets, (BEHIND, ON_TARGET, MUTED), strict=True):
            bar_set.setColor(QColor(colour))
        for r in rows:
            for bar_set, value in zip(sets, self._bar_values(r), strict=True):
                bar_set.append(value)
        series = QHorizontalStackedBarSeries()
        series.setBarWidth(0.7)
        for bar_set in sets:
            series.append(bar_set)
        series.clicked.connect(self._bar_clicked)
        self._sets, self._target = sets, [r.target_pct for r in rows]
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

        self._add_target_marks(chart, rows, rates)
        for marker, bar_set in zip(chart.legend().markers(series), sets, strict=True):
            marker.setVisible(any(bar_set.at(i) for i in range(bar_set.count())))
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()

    def _add_target_marks(self, chart: QChart, rows, rates: QValueAxis) -> None:
        """A short dark tick at each village's own target (the PDF chart's marks), one legend entry."""
        marked = [(i, r.target_pct) for i, r in enumerate(rows) if r.target_pct is not None]
        if not marked:
            return
        ys = QValueAxis()
        ys.setRange(-0.5, len(rows) - 0.5)
        ys.setVisible(False)
        chart.addAxis(ys, Qt.AlignRight)
        pen = QPen(QColor("#1d2730"))
        pen.setWidth(3)
        for n, (i, target) in enumerate(marked):
            mark = QLineSeries()
            mark.setName(_("Chỉ tiêu thôn"))         # short: the legend is one line at 1280 px
            mark.setPen(pen)
            mark.append(QPointF(float(target), i - 0.42))
            mark.append(QPointF(float(target), i + 0.42))
            chart.addSeries(mark)
            mark.attachAxis(rates)
            mark.attachAxis(ys)
            if n:
                chart.legend().markers(mark)[0].setVisible(False)

    def target_marks(self) -> dict[int | None, float]:
        """Village id -> the x of its target mark as drawn (for tests and tooltips)."""
        marks: dict[int | None, float] = {}
        for series in self.chart().series():
            if isinstance(series, QLineSeries) and series.count() == 2:
                index = round((series.at(0).y() + series.at(1).y()) / 2)
                marks[self._ids[index]] = series.at(0).x()
        return marks

    def _bar_clicked(self, index: int, _barset: QBarSet) -> None:
        if 0 <= index < len(self._ids) and self._ids[index] is not None:
            self.village_clicked.emit(self._ids[index])
