"""One campaign type (commune.campaigns.Campaign) and one add/list/delete, used by coverage and
the dashboard alike."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.commune import campaigns as cp
from bhyt_desktop.commune import details as cm
from bhyt_desktop.coverage import engine
from bhyt_desktop.coverage.engine import coverage
from bhyt_desktop.dashboard import figures
from bhyt_desktop.dashboard.figures import dashboard
from bhyt_desktop.store.audit import recent
from tests.factories import D, person, village


def test_add_list_and_delete(db):
    vid = village(db, "Xóm 1")
    first = cp.add_campaign(db, " Tháng  cao điểm ", D("2026-10-01"), D("2026-10-31"), "80,5", operator="Cán bộ A")
    second = cp.add_campaign(db, "Thôn 1 về đích", D("2026-11-01"), D("2026-11-30"), 90, vid)
    rows = cp.list_campaigns(db)
    assert [(c.id, c.name, c.village_id, c.village_name, c.rate_bp) for c in rows] == [
        (second, "Thôn 1 về đích", vid, "Xóm 1", 9000), (first, "Tháng cao điểm", None, "", 8050)]
    assert rows[1].target_pct == Decimal("80.5") and rows[1].needed is None
    assert [(r["action"], r["operator"]) for r in recent(db)][:2] == [("add_campaign", ""), ("add_campaign", "Cán bộ A")]
    cp.delete_campaign(db, first)
    assert [c.id for c in cp.list_campaigns(db)] == [second]
    assert recent(db, limit=1)[0]["action"] == "delete_campaign"


@pytest.mark.parametrize("name, start, end, rate, message", [
    ("   ", "2026-10-01", "2026-10-31", "80", "Hãy đặt tên"),
    ("Đợt 1", "2026-11-01", "2026-10-31", "80", "phải trước ngày kết thúc"),
    ("Đợt 1", "2026-10-01", "2026-10-31", "tám mươi", "Tỷ lệ không hợp lệ"),
])
def test_add_refuses_bad_fields_and_writes_nothing(db, name, start, end, rate, message):
    with pytest.raises(UserError, match=message):
        cp.add_campaign(db, name, D(start), D(end), rate)
    assert cp.list_campaigns(db) == [] and recent(db) == []


def test_running_on_includes_both_ends_and_can_keep_the_commune_only(db):
    vid = village(db)
    a = cp.add_campaign(db, "Toàn xã", D("2026-10-01"), D("2026-10-31"), 80)
    b = cp.add_campaign(db, "Xóm 1", D("2026-10-15"), D("2026-11-15"), 90, vid)
    assert [c.id for c in cp.running_on(db, D("2026-10-01"))] == [a]
    assert [c.id for c in cp.running_on(db, D("2026-10-31"))] == [a, b]
    assert [c.id for c in cp.running_on(db, D("2026-10-31"), commune_only=True)] == [a]
    assert [c.id for c in cp.active_campaigns(db, D("2026-11-15"))] == []
    assert cp.running_on(db, D("2026-11-16")) == []


def test_coverage_and_dashboard_return_the_one_campaign_type_with_the_same_figures(db):
    vid = village(db, "Xóm 1")
    for _ in range(10):
        person(db, ("GD", "2026-01-01", "2026-12-31"))
    for _ in range(10):
        person(db)
    cp.add_campaign(db, "Tháng cao điểm", D("2026-10-01"), D("2026-10-31"), 80)
    cp.add_campaign(db, "Thôn 1 về đích", D("2026-10-15"), D("2026-11-15"), "90", vid)
    on = dt.date(2026, 10, 20)
    camps = coverage(db, on).campaigns
    assert all(type(c) is cp.Campaign for c in camps)
    assert [(c.name, c.population, c.insured, c.needed, c.target_pct) for c in camps] == [
        ("Tháng cao điểm", 20, 10, 6, Decimal("80.00")), ("Thôn 1 về đích", 20, 10, 8, Decimal("90.00"))]
    board = dashboard(db, on)
    assert [type(c) for c in board.campaigns] == [cp.Campaign]
    assert [(c.name, c.start, c.end, c.target_pct) for c in board.campaigns] == [
        ("Tháng cao điểm", D("2026-10-01"), D("2026-10-31"), Decimal("80"))]


def test_there_is_one_definition_of_a_campaign():
    assert figures.Campaign is cp.Campaign
    assert not hasattr(engine, "CampaignStatus") and not hasattr(cp, "CampaignRow")
    assert not hasattr(cm, "add_campaign")
