import datetime as dt

import pytest

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.reports.periods import Period, period_of

D = dt.date


@pytest.mark.parametrize("day, year, week, start, end", [
    (D(2026, 11, 22), 2026, 47, D(2026, 11, 16), D(2026, 11, 22)),   # a Sunday
    (D(2026, 11, 16), 2026, 47, D(2026, 11, 16), D(2026, 11, 22)),   # a Monday
    (D(2026, 12, 31), 2026, 53, D(2026, 12, 28), D(2027, 1, 3)),     # 2026 has 53 weeks
    (D(2027, 1, 3), 2026, 53, D(2026, 12, 28), D(2027, 1, 3)),       # still week 53 of 2026
    (D(2027, 1, 4), 2027, 1, D(2027, 1, 4), D(2027, 1, 10)),
    (D(2025, 12, 29), 2026, 1, D(2025, 12, 29), D(2026, 1, 4)),      # week 1 starts in 2025
    (D(2024, 12, 31), 2025, 1, D(2024, 12, 30), D(2025, 1, 5)),
])
def test_iso_weeks_across_year_end(day, year, week, start, end):
    p = period_of("week", day)
    assert (p.year, p.index, p.start, p.end) == (year, week, start, end)
    assert p.start.weekday() == 0 and p.end.weekday() == 6
    assert p.name == f"tuần {week}"


def test_week_dates_phrase():
    p = period_of("week", D(2027, 1, 1))
    assert p.dates == "(từ ngày 28/12/2026 đến ngày 03/01/2027)"


def test_month_quarter_half_year():
    d = D(2024, 2, 10)
    m = period_of("month", d)
    assert (m.start, m.end, m.name) == (D(2024, 2, 1), D(2024, 2, 29), "tháng 2 năm 2024")
    q = period_of("quarter", D(2026, 11, 22))
    assert (q.start, q.end, q.name) == (D(2026, 10, 1), D(2026, 12, 31), "quý IV năm 2026")
    h1 = period_of("half", D(2026, 6, 30))
    assert (h1.start, h1.end, h1.name) == (D(2026, 1, 1), D(2026, 6, 30), "6 tháng đầu năm 2026")
    h2 = period_of("half", D(2026, 7, 1))
    assert (h2.start, h2.end, h2.name) == (D(2026, 7, 1), D(2026, 12, 31), "6 tháng cuối năm 2026")
    y = period_of("year", D(2026, 3, 3))
    assert (y.start, y.end, y.name, y.key) == (D(2026, 1, 1), D(2026, 12, 31), "năm 2026", "2026")
    assert period_of("month", D(2026, 12, 5)).end == D(2026, 12, 31)


def test_json_round_trip_and_keys():
    p = period_of("week", D(2026, 1, 1))
    assert Period.from_json(p.to_json()) == p
    assert p.key == "2026-W01"


def test_unknown_kind_is_a_user_error():
    with pytest.raises(UserError, match="Kỳ báo cáo không hợp lệ"):
        period_of("fortnight", D(2026, 1, 1))
