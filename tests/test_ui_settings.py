"""The settings page: commune, operator (in the audit log), language, dated rates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bhyt_desktop.commune import details as cm
from bhyt_desktop.preferences.user import Settings
from bhyt_desktop.rates.amounts import rate_on
from tests.ui_shell_helpers import Dialogs, type_text
from ui.context import AppContext
from ui.settings.page import SettingsPage


@pytest.fixture
def page(qtbot, db, db_path):
    ctx = AppContext(db, db_path, Settings(), dt.date(2026, 11, 22))
    p = SettingsPage(ctx)
    qtbot.addWidget(p)
    p.show()
    return p


def test_commune_operator_and_language_are_saved(page):
    assert not page.has_unsaved() and not page.save_button.isEnabled()
    type_text(page.fields["name"], "Xã Nam Toàn")
    page.fields["upper_name"].setText("Bảo hiểm xã hội cơ sở Nam Trực")
    page.operator.setText("Trần Thị Hồng")
    page.language.setCurrentIndex(page.language.findData("en"))
    assert page.has_unsaved() and page.save_button.isEnabled()
    assert page.save_unsaved()
    assert not page.has_unsaved()
    c = cm.get_commune(page.ctx.db)
    assert (c.name, c.upper_name) == ("Xã Nam Toàn", "Bảo hiểm xã hội cơ sở Nam Trực")
    saved = Settings.load()
    assert (saved.operator, saved.language) == ("Trần Thị Hồng", "en")
    # later changes in this file are logged under the operator's name
    cm.add_village(page.ctx.db, "Xóm 5")
    ops = [r[0] for r in page.ctx.db.execute("SELECT operator FROM audit_log ORDER BY id DESC LIMIT 1")]
    assert ops == ["Trần Thị Hồng"]


def test_worker_connections_carry_the_operator(page):
    page.ctx.set_operator("Lê Văn Nam")
    other = page.ctx.open_db()
    try:
        cm.add_village(other, "Xóm 9")
    finally:
        other.close()
    row = page.ctx.db.execute("SELECT operator, action FROM audit_log ORDER BY id DESC").fetchone()
    assert row == ("Lê Văn Nam", "add_village")


def test_empty_commune_name_is_refused(page, monkeypatch):
    dialogs = Dialogs(monkeypatch)
    page.fields["name"].setText("")
    assert not page.save_unsaved()
    assert "không được để trống" in dialogs.texts("warning")[0]


def test_revert(page):
    page.fields["code"].setText("12345")
    page.revert_button.click()
    assert page.fields["code"].text() == "" and not page.has_unsaved()


def test_base_salary_by_effective_date(page, monkeypatch):
    db = page.ctx.db
    page.rate_key.setCurrentIndex(page.rate_key.findData("base_salary"))
    page.rate_date.setDate(dt.date(2027, 7, 1))
    page.rate_value.setText("2.800.000")
    assert page.save_rate_from_form()
    assert rate_on(db, "base_salary", dt.date(2027, 7, 1)) == Decimal("2800000")
    assert rate_on(db, "base_salary", dt.date(2027, 6, 30)) == Decimal("2530000")
    shown = [(page.rates_table.item(r, 1).text(), page.rates_table.item(r, 2).text())
             for r in range(page.rates_table.rowCount())]
    assert ("01/07/2027", "2.800.000") in shown
    page.rate_key.setCurrentIndex(page.rate_key.findData("household_rate_pct"))
    page.rate_value.setText("4,5")
    assert page.save_rate_from_form()
    dialogs = Dialogs(monkeypatch)
    page.rate_value.setText("bốn")
    assert not page.save_rate_from_form()
    assert "không hợp lệ" in dialogs.texts("warning")[0]
    row = next(r for r in range(page.rates_table.rowCount())
               if page.rates_table.item(r, 1).text() == "01/07/2027")
    page.rates_table.selectRow(row)
    page.delete_selected_rate()
    assert rate_on(db, "base_salary", dt.date(2027, 7, 1)) == Decimal("2530000")


def test_report_letterhead_is_set_in_capitals_and_a_bad_symbol_saves_nothing(page, monkeypatch):
    from bhyt_desktop.reports.letterhead import letterhead
    assert page.letter["symbol"].text() == "BC-BCĐ" and page.letter["parent_body"].text() == ""
    assert page.letter["parent_body"].placeholderText().startswith("ỦY BAN NHÂN DÂN")  # the default shown
    assert "Lưu: VT, BCĐ." in page.recipients.placeholderText()
    page.fields["name"].setText("Xã An Hòa")
    page.letter["symbol"].setText("bc/ubnd?")
    page.fields["code"].setText("12345")
    dialogs = Dialogs(monkeypatch)
    assert not page.save_unsaved()
    assert "Ký hiệu văn bản" in dialogs.texts("warning")[0]
    assert cm.get_commune(page.ctx.db).code == "" and letterhead(page.ctx.db).symbol == "BC-BCĐ"  # nothing saved
    page.letter["symbol"].setText("bc ubnd")  # read as BC-UBND
    page.letter["authority"].setText("kt. chủ tịch")
    page.letter["position"].setText("phó chủ tịch")
    type_text(page.letter["signer"], "Trần Văn Bình")
    page.recipients.setPlainText("- BHXH cơ sở;\n\n- Lưu: VT.")
    assert page.save_unsaved() and not page.has_unsaved()
    opts = letterhead(page.ctx.db)
    assert (opts.symbol, opts.authority, opts.position, opts.signer, opts.recipients) == (
        "BC-UBND", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Bình", ["BHXH cơ sở;", "Lưu: VT."])
    assert page.letter["position"].text() == "PHÓ CHỦ TỊCH" and cm.get_commune(page.ctx.db).code == "12345"
