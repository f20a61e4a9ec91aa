"""The commune's details: the rules live in the core, so the command line and the window agree."""

from __future__ import annotations

import pytest

from bhyt_desktop.cli import main
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.commune import details as cm
from bhyt_desktop.store import open_db
from bhyt_desktop.store.audit import recent


@pytest.mark.parametrize("blank", ["", "   ", " \t "])
def test_set_commune_refuses_a_blank_name_and_writes_nothing(db, blank):
    cm.set_commune(db, name="Xã An Hòa", code="99001")
    before = len(recent(db))
    with pytest.raises(UserError, match="Tên xã/phường không được để trống"):
        cm.set_commune(db, name=blank, code="12345")
    assert cm.get_commune(db).name == "Xã An Hòa" and cm.get_commune(db).code == "99001"
    assert len(recent(db)) == before


def test_other_fields_may_be_set_without_the_name_or_left_empty(db):
    cm.set_commune(db, name="Xã An Hòa")
    assert cm.set_commune(db, code="  ", upper_name="BHXH huyện").name == "Xã An Hòa"
    assert cm.get_commune(db).code == ""


def test_cli_refuses_a_blank_name_with_exit_1_and_leaves_the_name(db_path, capsys):
    assert main(["commune", "--db", str(db_path), "--name", "Xã Nam Toàn"]) == 0
    capsys.readouterr()
    code = main(["commune", "--db", str(db_path), "--name", "   ", "--code", "13675"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.strip() == "Lỗi: Tên xã/phường không được để trống."
    db = open_db(db_path)
    try:
        assert cm.get_commune(db).name == "Xã Nam Toàn" and cm.get_commune(db).code == ""
    finally:
        db.close()


def test_cli_creates_no_file_for_a_blank_name(tmp_path, capsys):
    path = tmp_path / "new.db"
    assert main(["commune", "--db", str(path), "--name", ""]) == 1
    assert "không được để trống" in capsys.readouterr().err and not path.exists()


def test_the_settings_helper_no_longer_holds_the_rule():
    from bhyt_desktop.rates import editing
    assert not hasattr(editing, "save_commune_details")


@pytest.mark.parametrize("code", ["abc", "1234", "123456", "12a45"])
def test_the_commune_code_is_five_digits(db, code):
    with pytest.raises(UserError, match="5 chữ số"):
        cm.set_commune(db, name="Xã An Hòa", code=code)
    assert cm.get_commune(db).code == ""
    assert cm.set_commune(db, code="13675").code == "13675"
