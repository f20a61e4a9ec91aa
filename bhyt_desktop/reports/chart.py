"""Bar chart of coverage rates by village against the target (reportlab graphics).

Horizontal bars, first village at the top, the rate printed at the end of each bar, a
dashed line at the commune's target (and a short tick at a village's own target when it
differs). Bars that reach their target are dark, the others light: it still reads when
printed in black and white. Only our registered fonts are used (no base-14 font).
"""

from __future__ import annotations

from decimal import Decimal

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from bhyt_desktop.common.formats import fmt_pct
from bhyt_desktop.reports.fonts import FontFamily

REACHED = colors.HexColor("#1F4E79")
BELOW = colors.HexColor("#9DC3E6")
TARGET = colors.HexColor("#C00000")


def _target_text(value: Decimal) -> str:
    return fmt_pct(value, 0 if value == value.to_integral_value() else 2)


def rate_chart(villages: list[dict], target_pct: str | None, family: FontFamily,
               width: float) -> Drawing:
    """``villages``: figures' village dicts (name, rate_pct, target_pct)."""
    rows = [v for v in villages if v.get("rate_pct") is not None][::-1]
    n = max(1, len(rows))
    bar = 5.2 * mm
    label_w = 38 * mm
    top, bottom, right = 6 * mm, 14 * mm, 18 * mm
    plot_h = n * bar
    height = plot_h + top + bottom
    d = Drawing(width, height)
    d.initialFontName = family.regular     # else the renderer starts with Helvetica
    chart = HorizontalBarChart()
    chart.x, chart.y = label_w, bottom
    chart.width, chart.height = width - label_w - right, plot_h
    chart.data = [[float(Decimal(v["rate_pct"])) for v in rows] or [0]]
    chart.categoryAxis.categoryNames = [v["name"] for v in rows] or [""]
    chart.categoryAxis.labels.fontName = family.regular
    chart.categoryAxis.labels.fontSize = 10
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.categoryAxis.visibleTicks = 0
    chart.categoryAxis.strokeWidth = 0.5
    lowest = min([Decimal(v["rate_pct"]) for v in rows]
                 + [Decimal(v["target_pct"]) for v in rows if v.get("target_pct") is not None]
                 + ([Decimal(target_pct)] if target_pct is not None else []), default=Decimal(0))
    vmin = max(0, int((lowest - 5) // 10) * 10)      # zoom in, on a round 10%
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = vmin, 100, \
        (5 if vmin >= 60 else 10)
    chart.valueAxis.labels.fontName = family.regular
    chart.valueAxis.labels.fontSize = 9
    chart.valueAxis.labelTextFormat = lambda v: f"{int(v)}%"
    chart.valueAxis.strokeWidth = 0.5
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = colors.Color(0.85, 0.85, 0.85)
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.barWidth = bar * 0.7
    chart.groupSpacing = bar * 0.3
    chart.barSpacing = 0
    chart.bars.strokeWidth = 0
    chart.barLabelFormat = lambda v: fmt_pct(Decimal(str(v)))
    chart.barLabels.fontName = family.regular
    chart.barLabels.fontSize = 8.5
    chart.barLabels.boxAnchor = "e"         # inside the bar's end: clear of target marks
    chart.barLabels.dx = -2
    for i, v in enumerate(rows):
        reached = v.get("target_pct") is not None and Decimal(v["rate_pct"]) >= Decimal(v["target_pct"])
        chart.bars[(0, i)].fillColor = REACHED if reached else BELOW
        chart.barLabels[(0, i)].fillColor = colors.white if reached else colors.black
    d.add(chart)

    def x_of(pct: Decimal) -> float:
        return chart.x + chart.width * (float(pct) - vmin) / (100 - vmin)

    if target_pct is not None:
        t = Decimal(target_pct)
        x = x_of(t)
        d.add(Line(x, bottom, x, bottom + plot_h + 2 * mm, strokeColor=TARGET,
                   strokeWidth=1.1, strokeDashArray=[4, 2]))
        d.add(String(x, bottom + plot_h + 3 * mm, f"Chỉ tiêu {_target_text(t)}",
                     fontName=family.bold, fontSize=9, fillColor=TARGET, textAnchor="middle"))
    own_targets = False
    for i, v in enumerate(rows):
        own = v.get("target_pct")
        if own is not None and own != target_pct:
            own_targets = True
            x = x_of(Decimal(own))
            y = bottom + i * bar
            d.add(Line(x, y + 0.4 * mm, x, y + bar - 0.4 * mm, strokeColor=TARGET, strokeWidth=1.4))
    # Legend under the axis, items spaced by their text width.
    ly, lx = 2 * mm, label_w
    gap = 6 * mm

    def label(x: float, text: str) -> float:
        d.add(String(x, ly + 0.3 * mm, text, fontName=family.regular, fontSize=9))
        return x + stringWidth(text, family.regular, 9) + gap

    for color, text in ((REACHED, "Đã đạt chỉ tiêu"), (BELOW, "Chưa đạt chỉ tiêu")):
        d.add(Rect(lx, ly, 4 * mm, 2.6 * mm, fillColor=color, strokeWidth=0))
        lx = label(lx + 5.5 * mm, text)
    d.add(Line(lx, ly + 1.3 * mm, lx + 6 * mm, ly + 1.3 * mm, strokeColor=TARGET,
               strokeWidth=1.1, strokeDashArray=[4, 2]))
    lx = label(lx + 7.5 * mm, "Chỉ tiêu của xã")
    if own_targets:
        d.add(Line(lx + 1 * mm, ly - 0.3 * mm, lx + 1 * mm, ly + 2.9 * mm, strokeColor=TARGET,
                   strokeWidth=1.4))
        label(lx + 3 * mm, "Chỉ tiêu riêng của thôn")
    return d
