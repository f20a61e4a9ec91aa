"""Committee members and their villages, collectors, households renewing, the report narrowed
to a member's villages and the members' table, and the command line's JSON shapes."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from bhyt_desktop.campaign import collectors as col
from bhyt_desktop.campaign import members as mem
from bhyt_desktop.campaign import scope
from bhyt_desktop.campaign.renewals import renewals
from bhyt_desktop.cli import main
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.reports.figures import gather
from bhyt_desktop.reports.history import build_report
from bhyt_desktop.reports.periods import period_of
from tests.conftest import DEMO_ANCHOR
from tests.factories import D, household, person, village


def test_member_crud_and_lookup(db):
    v1, v2, v3 = village(db, "Xóm 1"), village(db, "Xóm 2"), village(db, "Xóm 3")
    a = mem.add_member(db, "Nguyễn Văn Hùng", position="Phó Chủ tịch", phone="0912 345 678", village_ids=[v1, v3])
    mem.add_member(db, "Nguyễn Văn Hưng", village_ids=[v2])
    assert mem.member_by_name(db, "nguyễn văn hùng").id == a           # as typed
    with pytest.raises(UserError, match="trùng"):
        mem.member_by_name(db, "nguyen van hung")                       # Hùng or Hưng?
    with pytest.raises(UserError):
        mem.add_member(db, "  ")
    with pytest.raises(UserError):
        mem.add_member(db, "Lê A", phone="abc")
    mem.set_villages(db, a, [v2])
    assert mem.get_member(db, a).village_names == ["Xóm 2"]
    mem.update_member(db, a, position="Trưởng ban")
    assert mem.get_member(db, a).position == "Trưởng ban"
    mem.delete_member(db, a)
    assert [m.name for m in mem.members(db)] == ["Nguyễn Văn Hưng"]
    assert db.execute("SELECT count(*) FROM member_villages WHERE member_id = ?", [a]).fetchone()[0] == 0


def test_collectors_and_default_crediting(db):
    v1 = village(db, "Xóm 1")
    head = col.add_collector(db, "TT01", "Trưởng Một", kind="village_head", village_id=v1)
    agent = col.add_collector(db, "DL01", "Đại Lý Một")
    with pytest.raises(UserError):
        col.add_collector(db, "dl01", "Trùng mã")
    with pytest.raises(UserError):
        col.add_collector(db, "TT02", "Không thôn", kind="village_head")
    pid = person(db, ("GD", "2026-01-01", "2026-12-31"))
    card = db.execute("SELECT id FROM cards WHERE person_id = ?", [pid]).fetchone()[0]
    assert col.credited_collector(db, card).id == head
    col.set_card_collector(db, card, agent)
    assert col.credited_collector(db, card).id == agent
    assert col.credit_cards_by_code(db, {card: " tt01 ", 99999: "XX9"}) == ["XX9"]
    assert col.credited_collector(db, card).id == head
    col.update_collector(db, head, active=False)
    col.set_card_collector(db, card, None)
    assert col.credited_collector(db, card) is None                     # inactive head: nobody


def test_households_renewing(db):
    """October 2026. H1: two due members, both renew (in full). H2: three due, two renew (not in
    full). H3: one renews, the other's card runs to 2027 (not due: in full). H4: nobody renews.
    H5 (Xóm 2): one renews; a member whose card ran out two years ago is not due (in full)."""
    old = ("GD", "2025-10-01", "2026-09-30")
    new = ("GD", "2026-10-01", "2027-09-30")
    h1, h2, h3, h4 = (household(db) for _ in range(4))
    h5 = household(db, "Xóm 2")
    for _ in range(2):
        person(db, old, new, household_id=h1)
    for _ in range(2):
        person(db, old, new, household_id=h2)
    person(db, old, household_id=h2)
    person(db, old, new, household_id=h3)
    person(db, ("DN", "2026-01-01", "2027-06-30"), household_id=h3)
    person(db, old, household_id=h4)
    person(db, ("GD", "2026-07-15", "2026-10-14"), ("GD", "2026-10-15", "2027-10-14"), household_id=h5)
    person(db, ("GD", "2023-01-01", "2024-06-30"), household_id=h5)
    r = renewals(db, "2026-10")
    assert (r.total.households_renewing, r.total.households_all_renewed, r.total.members_renewed) == (4, 3, 6)
    by_name = {name: c for _vid, name, c in r.villages}
    assert (by_name["Xóm 1"].households_renewing, by_name["Xóm 1"].households_all_renewed) == (3, 2)
    assert (by_name["Xóm 2"].households_renewing, by_name["Xóm 2"].households_all_renewed) == (1, 1)
    only2 = renewals(db, "2026-10", village_ids=[village(db, "Xóm 2")])
    assert only2.total.households_renewing == 1
    assert renewals(db, "2026-11").total.households_renewing == 0
    assert set(r.to_json()) == {"month", "households_renewing", "households_all_renewed", "members_renewed",
                                "villages"}


def test_member_figures_are_the_sums_of_their_villages(demo_db):
    db = demo_db
    vids = [v for (v,) in db.execute("SELECT id FROM villages ORDER BY id")]
    m = mem.get_member(db, mem.add_member(db, "Hoàng Thị Test", village_ids=vids[:2]))
    fig = gather(db, period_of("week", DEMO_ANCHOR), DEMO_ANCHOR)
    narrowed = scope.narrow_to_member(db, fig, m)
    chosen = [v for v in fig["villages"] if v["id"] in vids[:2]]
    assert [v["id"] for v in narrowed["villages"]] == vids[:2]
    for key in ("population", "insured", "uninsured", "new", "renewals", "lapses", "net", "expiring", "lapsed"):
        assert narrowed["total"][key] == sum(v[key] for v in chosen), key
    assert narrowed["total"]["needed"] == sum(v["needed"] or 0 for v in chosen)
    assert sum(g["insured"] for g in narrowed["groups"]) == narrowed["total"]["insured"]
    row = next(r for r in scope.members_table(db, fig) if r["name"] == "Hoàng Thị Test")
    assert row["insured"] == narrowed["total"]["insured"] and row["villages"] == [v["name"] for v in chosen]
    # the whole commune is every village's sum too (no member left out)
    everyone = scope.sum_units(fig["villages"])
    assert everyone["insured"] == fig["total"]["insured"]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_report_for_a_member_and_members_table(demo_db, tmp_path):
    db = demo_db
    m = mem.members(db)[0]
    built = build_report(db, "week", DEMO_ANCHOR, member=m.name, with_members=True, doc_date=D("2026-11-23"))
    path = tmp_path / "bc.pdf"
    path.write_bytes(built.pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert f"đồng chí {m.name}" in " ".join(text.split())
    assert "Thành viên BCĐ phụ trách" in text
    others = [v for (v,) in db.execute("SELECT name FROM villages") if v not in m.village_names]
    table_part = text.split("Bảng 1.")[1].split("Thành viên BCĐ")[0]
    for other in others:
        assert other not in table_part
    month = build_report(db, "month", D("2026-10-31"), doc_date=D("2026-11-02"))
    assert month.figures["household_renewals"]["month"] == "2026-10"
    (tmp_path / "month.pdf").write_bytes(month.pdf)
    month_text = " ".join(subprocess.run(["pdftotext", str(tmp_path / "month.pdf"), "-"], capture_output=True,
                                         text=True, check=True).stdout.split())
    r = month.figures["household_renewals"]
    assert r["households_renewing"] > 0
    assert f"{r['households_renewing']} hộ gia đình có người gia hạn thẻ BHYT" in month_text
    assert "Hộ gia đình gia hạn thẻ BHYT tháng 10/2026 theo thôn, xóm" in month_text
    assert "household_renewals" not in build_report(db, "week", DEMO_ANCHOR).figures


@pytest.fixture
def demo_file(tmp_path, capsys):
    path = tmp_path / "demo.db"
    assert main(["demo", "--db", str(path), "--people", "800", "--seed", "2",
                 "--as-of", DEMO_ANCHOR.isoformat()]) == 0
    capsys.readouterr()
    return path


def test_cli_json_shapes(demo_file, capsys, tmp_path):
    assert main(["incentive", "--db", str(demo_file), "--month", "2026-10", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"month", "rate", "collectors", "total_cards", "total_amount"} <= set(data)
    assert data["month"] == "2026-10" and data["rate"] == 20000
    assert data["collectors"], "the demo credits cards to its collectors"
    for c in data["collectors"]:
        assert {"name", "new_cards", "amount"} <= set(c) and c["amount"] == 20000 * c["new_cards"]
    assert data["total_cards"] == sum(c["new_cards"] for c in data["collectors"])
    assert data["total_amount"] == sum(c["amount"] for c in data["collectors"])

    assert main(["renewals", "--db", str(demo_file), "--month", "2026-10", "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert r["households_renewing"] == sum(v["households_renewing"] for v in r["villages"]) > 0
    assert r["households_all_renewed"] <= r["households_renewing"]

    out = tmp_path / "tl.pdf"
    assert main(["incentive", "--db", str(demo_file), "--month", "2026-10", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert main(["incentive", "--db", str(demo_file), "--month", "2026-10", "-o", str(tmp_path / "x.txt")]) == 1
    assert main(["incentive", "--db", str(demo_file), "--month", "10-2026"]) == 1
    capsys.readouterr()

    assert main(["members", "add", "--db", str(demo_file), "--name", "Đinh Văn Mới", "--position", "Thành viên",
                 "--village", "Thôn Đông"]) == 0
    assert main(["members", "assign", "--db", str(demo_file), "--name", "dinh van moi", "--village", "Thôn Nam",
                 "--village", "Thôn Bắc"]) == 0
    capsys.readouterr()
    assert main(["members", "--db", str(demo_file), "--json"]) == 0
    ms = json.loads(capsys.readouterr().out)
    assert {"name": "Đinh Văn Mới", "position": "Thành viên", "phone": "",
            "villages": ["Thôn Nam", "Thôn Bắc"]} in ms
    assert main(["collectors", "add", "--db", str(demo_file), "--code", "DL09", "--name", "Lê Mới"]) == 0
    capsys.readouterr()
    assert main(["collectors", "--db", str(demo_file), "--json"]) == 0
    ks = json.loads(capsys.readouterr().out)
    assert {"code": "DL09", "name": "Lê Mới", "kind": "agent", "village": None, "phone": ""} in ks
    assert main(["report", "--db", str(demo_file), "--member", "Đinh Văn Mới", "--issue", "-o",
                 str(tmp_path / "r.pdf")]) == 1
