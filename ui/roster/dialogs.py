"""Entry dialogs of the roster: household, person, move, status, card period.

Views only: checks come from bhyt_desktop.roster.validation, reads from roster.records and
roster.cards (the proposed card), writes from roster.edits (each save is one transaction).
Every dialog emits ``saved(id)`` after a good save.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
)

from bhyt_desktop.campaign.collectors import collector_items, collector_label, set_card_collector
from bhyt_desktop.common import clock
from bhyt_desktop.common.formats import fmt_date
from bhyt_desktop.common.i18n import _
from bhyt_desktop.commune.details import group_code_choices, villages
from bhyt_desktop.roster import cards, records
from bhyt_desktop.roster import edits as roster
from bhyt_desktop.roster import query as rq
from bhyt_desktop.roster import validation as v

from .forms import ERROR_STYLE, EntryDialog

RELATIONS = ["Chủ hộ", "Vợ", "Chồng", "Con", "Bố", "Mẹ", "Cháu", "Anh", "Chị", "Em", "Ông", "Bà",
             "Con dâu", "Con rể", "Khác"]


def household_type_items() -> list[tuple[str, str]]:
    return [(_("Hộ khác"), "other"), (_("Hộ làm nông, lâm, ngư, diêm nghiệp có mức sống trung bình"), "farm_avg"),
            (_("Hộ cận nghèo"), "near_poor"), (_("Hộ nghèo"), "poor")]


def _date_text(iso: str | None) -> str:
    return fmt_date(iso) if iso else ""


class HouseholdDialog(EntryDialog):
    def __init__(self, db, household_id: int | None = None, village_id: int | None = None, parent=None):
        super().__init__(_("Sửa hộ gia đình") if household_id else _("Thêm hộ gia đình"), parent)
        self.db, self.household_id = db, household_id
        if household_id:
            h = records.household_record(db, household_id)
            code, vid, address, phone, htype = h.code, h.village_id, h.address, h.phone, h.household_type
        else:
            code, vid, address, phone, htype = v.suggest_household_code(db), village_id, "", "", "other"
        self.line("code", _("Mã hộ"), code, lambda t: v.check_household_code(db, t, household_id))
        items = [(vill.name, vill.id) for vill in villages(db)]
        self.combo("village", _("Thôn/xóm"), items, vid)
        self.fields["village"].check = lambda t: v.Check(bool(t), int(t) if t else None, _("Hãy chọn thôn/xóm."))
        self.line("address", _("Địa chỉ"), address)
        self.line("phone", _("Điện thoại"), phone)
        self.combo("type", _("Loại hộ"), household_type_items(), htype)
        self.finish()

    def save(self) -> int:
        fields = dict(code=self.value("code"), village_id=self.value("village"),
                      address=self.value("address").strip(), phone=self.value("phone").strip(),
                      household_type=self.value("type"))
        if self.household_id:
            roster.update_household(self.db, self.household_id, **fields)
            return self.household_id
        code = fields.pop("code")
        village_id = fields.pop("village_id")
        return roster.add_household(self.db, code, village_id, **fields)


class PersonDialog(EntryDialog):
    def __init__(self, db, person_id: int | None = None, household_id: int | None = None, parent=None,
                 today: dt.date | None = None):
        super().__init__(_("Sửa thông tin nhân khẩu") if person_id else _("Thêm nhân khẩu"), parent)
        self.db, self.person_id = db, person_id
        today = today or clock.today()
        if person_id:
            p = records.person_record(db, person_id)
            name, sex, relation, cccd, bhxh = p.full_name, p.sex, p.relation, p.cccd, p.bhxh_code
            household_id, hcode = p.household_id, p.household_code
            birth = fmt_date(p.birth_date) if p.birth_date else (str(p.birth_year) if p.birth_year else "")
        else:
            name, birth, sex, relation, cccd, bhxh = "", "", None, "", "", ""
            hcode = records.household_code(db, household_id)
        self.household_id = household_id
        self.set_intro(_("Hộ: {code}").format(code=hcode))
        self.line("name", _("Họ và tên"), name, v.check_name, _("ví dụ: Nguyễn Thị Hương"))
        self.line("birth", _("Ngày sinh"), birth, lambda t: v.check_birth(t, today), _("dd/mm/yyyy hoặc năm sinh"))
        self.combo("sex", _("Giới tính"), [(_("(chưa rõ)"), ""), (_("Nam"), "M"), (_("Nữ"), "F")], sex or "")
        rel = QComboBox()
        rel.setEditable(True)
        rel.addItems(RELATIONS)
        rel.setCurrentText(relation or ("" if person_id else "Con"))   # data, not translated
        self.add_field("relation", _("Quan hệ với chủ hộ"), rel)
        self.fields["relation"].text = rel.currentText
        rel.editTextChanged.connect(lambda _t: self._check(self.fields["relation"]))
        self.line("cccd", _("Số CCCD"), cccd or "", self._check_cccd, _("12 chữ số"))
        self.line("bhxh", _("Mã số BHXH"), bhxh or "", self._check_bhxh, _("10 chữ số"))
        self.finish()
        if person_id:
            self.history_button = self.buttons.addButton(_("Lịch sử…"), QDialogButtonBox.HelpRole)
            self.history_button.clicked.connect(self.show_history)

    def show_history(self) -> None:
        from .history import HistoryDialog
        HistoryDialog(self.db, self.person_id, self).exec()

    def _check_cccd(self, text: str) -> v.Check:
        c = v.check_cccd(text)
        return v.check_unique_id(self.db, "cccd", c.value, self.person_id) if c.ok else c

    def _check_bhxh(self, text: str) -> v.Check:
        c = v.check_bhxh(text)
        return v.check_unique_id(self.db, "bhxh_code", c.value, self.person_id) if c.ok else c

    def save(self) -> int:
        sex = self.value("sex") or None
        relation = self.fields["relation"].text().strip()
        with self.db.atomic():
            if self.person_id:
                roster.update_person(self.db, self.person_id, full_name=self.value("name"),
                                     birth=self.value("birth"), sex=sex, relation=relation,
                                     cccd=self.value("cccd") or "", bhxh_code=self.value("bhxh") or "")
                pid = self.person_id
                if relation == roster.HEAD_RELATION:
                    roster.update_household(self.db, self.household_id, head_person_id=pid)
            else:
                pid = roster.add_person(self.db, self.household_id, self.value("name"),
                                        birth=self.value("birth"), sex=sex, relation=relation,
                                        cccd=self.value("cccd"), bhxh_code=self.value("bhxh"))
        return pid


class MoveDialog(EntryDialog):
    """Move a person to another household (search by household code or head's name)."""

    def __init__(self, db, person_id: int, parent=None):
        super().__init__(_("Chuyển sang hộ khác"), parent)
        self.db, self.person_id = db, person_id
        p = records.person_record(db, person_id)
        name, self.current = p.full_name, p.household_id
        self.set_intro(_("Chuyển {name} sang hộ:").format(name=name))
        self.search = self.line("search", _("Tìm hộ"), "", None, _("mã hộ hoặc tên chủ hộ (gõ không dấu)"))
        self.results = QListWidget()
        self.add_field("target", _("Hộ nhận"), self.results, None)
        self.fields["target"].text = self._target_text
        self.results.currentItemChanged.connect(lambda *_a: self._check(self.fields["target"]))
        self.fields["target"].check = self._check_target
        self.search.textChanged.connect(self._search)
        self.finish()

    def _target_text(self) -> str:
        item = self.results.currentItem()
        return str(item.data(Qt.UserRole)) if item else ""

    def _check_target(self, text: str) -> v.Check:
        if not text:
            return v.Check(False, None, _("Hãy chọn hộ nhận."))
        if int(text) == self.current:
            return v.Check(False, None, _("Người này đang ở hộ đó."))
        return v.Check(True, int(text))

    def _search(self, text: str) -> None:
        self.results.clear()
        for hid, _code, label in rq.find_households(self.db, text):
            item = QListWidgetItem(label)
            item.setData(Qt.UserRole, hid)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)
        self._check(self.fields["target"])

    def save(self) -> int:
        roster.move_person(self.db, self.person_id, self.value("target"))
        return self.person_id


class StatusDialog(EntryDialog):
    """Resident, working away, moved out (with the date) or deceased (with the date)."""

    def __init__(self, db, person_id: int, parent=None, today: dt.date | None = None):
        super().__init__(_("Tình trạng cư trú"), parent)
        self.db, self.person_id = db, person_id
        self.today = today or clock.today()
        p = records.person_record(db, person_id)
        name, status, sdate = p.full_name, p.status, p.status_date
        self.set_intro(name)
        items = [(rq.status_label(s), s) for s in roster.STATUSES]
        self.combo("status", _("Tình trạng"), items, status)
        self.line("date", _("Từ ngày"), _date_text(sdate), self._check_date, "dd/mm/yyyy")
        self.fields["status"].widget.currentIndexChanged.connect(lambda _i: self._check(self.fields["date"]))
        self.finish()

    def _check_date(self, text: str) -> v.Check:
        status = self.fields["status"].text()
        required = status in ("moved_out", "deceased")
        c = v.check_date(text, required=required, today=self.today, not_future=True)
        if not c.ok and required and not text.strip():
            return v.Check(False, None, _("Hãy nhập ngày chuyển đi hoặc ngày mất."))
        return c

    def save(self) -> int:
        roster.set_status(self.db, self.person_id, self.value("status"), self.value("date"))
        return self.person_id


class CardDialog(EntryDialog):
    """Add a card period (group code, from, to), filled in with roster.cards.propose_card."""

    def __init__(self, db, person_id: int, as_of: dt.date, parent=None):
        super().__init__(_("Thêm thẻ BHYT"), parent)
        self.db, self.person_id = db, person_id
        self.proposal = proposal = cards.propose_card(db, person_id, as_of)
        self.set_intro(records.person_record(db, person_id).full_name)
        note = QLabel(proposal.explain(), objectName="hint")
        note.setWordWrap(True)
        if proposal.needs_checking:
            note.setStyleSheet(ERROR_STYLE)
        self.add_field("proposal", "", note)
        codes = [(f"{code} — {gname}", code) for code, gname in group_code_choices(db)]
        self.combo("group", _("Mã đối tượng"), codes, proposal.group_code)
        self.line("start", _("Hạn thẻ từ"), fmt_date(proposal.valid_from), None, "dd/mm/yyyy")
        months = QComboBox()
        for m in (12, 6, 3):
            months.addItem(_("{n} tháng").format(n=m), m)
        months.addItem(_("Tự nhập ngày"), 0)
        self.add_field("months", _("Thời hạn"), months)
        self.line("end", _("Hạn thẻ đến"), fmt_date(proposal.valid_to), None, "dd/mm/yyyy")
        self.number = self.line("number", _("Số thẻ (nếu có)"), "")
        here = QCheckBox(_("Thẻ do xã này thu/cấp"))
        here.setChecked(True)
        self.add_field("here", "", here)
        self.collector = self.combo("collector", collector_label(), collector_items(db))
        months.currentIndexChanged.connect(self._months_changed)
        self.fields["start"].widget.textChanged.connect(lambda _t: self._months_changed())
        self.finish()

    def _months_changed(self) -> None:
        months = self.fields["months"].widget.currentData()
        start = v.check_date(self.fields["start"].text())
        if months and start.ok:
            self.fields["end"].widget.setText(fmt_date(v.card_end_for(start.value, months)))

    def recheck(self, key: str) -> None:
        if key in ("start", "end"):
            start, end = v.check_card_period(self.fields["start"].text(), self.fields["end"].text())
            if start.ok and (problem := cards.card_start_problem(start.value)):
                start = v.Check(False, None, problem)
            for k, c in (("start", start), ("end", end)):
                f = self.fields[k]
                f.result = c
                f.message.setText("" if c.ok else c.message)

    def save(self) -> int:
        """Adds the card; returns the person's id (the page repaints their row)."""
        self.card_id = roster.add_card(self.db, self.person_id, self.value("group"), self.value("start"),
                                       self.value("end"), card_number=self.value("number") or "",
                                       issued_here=bool(self.fields["here"].text()))
        if self.collector.currentData() is not None:
            set_card_collector(self.db, self.card_id, self.collector.currentData())
        return self.person_id
