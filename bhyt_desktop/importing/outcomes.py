"""What an import does to each row, and the writes a plan holds (plain data)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bhyt_desktop.common.i18n import _
from bhyt_desktop.importing.cleaning import Record

KINDS = ("roster", "cards")
# Row outcomes
NEW, UPDATED, UNCHANGED, REJECTED, SKIPPED, MERGED, UNMATCHED = (
    "new", "updated", "unchanged", "rejected", "skipped", "merged", "unmatched")
STATUS_LABELS = {
    NEW: "Người mới", UPDATED: "Cập nhật", UNCHANGED: "Không đổi", REJECTED: "Bị loại",
    SKIPPED: "Bỏ qua (không phải người)", MERGED: "Trùng trong tệp (gộp)", UNMATCHED: "Không tìm thấy người",
}
# The preview's counts, in the order to show them (keys of ImportPlan.counts; labels are
# Vietnamese source strings, pass them through _()).
COUNT_LABELS = [
    ("new_people", "Người mới"), ("updated", "Người được cập nhật"), ("unchanged", "Không thay đổi"),
    ("new_cards", "Kỳ thẻ mới"), ("households_created", "Hộ mới"), ("rejected", "Dòng bị loại"),
    ("unmatched", "Không tìm thấy người"), ("in_file_duplicates", "Dòng trùng trong tệp (đã gộp)"),
    ("possible_duplicates", "Có thể trùng người (cần xem lại)"), ("villages_created", "Thôn/xóm tạo mới"),
    ("decreases", "Dòng phần Giảm (không thêm hạn thẻ)"),
    ("proposals", "Đề nghị đổi tình trạng (chết, chuyển đi…) chờ xem xét"),
]


def shown_counts(counts: dict, kind: str) -> list[tuple[str, str]]:
    """The preview's (key, Vietnamese label) pairs for ``counts``: "not found" only for card
    lists, the "Giảm" rows only when the file has some."""
    return [(key, label) for key, label in COUNT_LABELS
            if not (key == "unmatched" and kind != "cards")
            and not (key in ("decreases", "proposals") and not counts.get(key))]
SKIP_LABELS = {
    "blank": "dòng trống", "subtotal": "dòng cộng/tổng", "section": "dòng tiêu đề mục",
    "village": "dòng tên thôn/xóm", "signature": "phần chữ ký", "numbering": "dòng đánh số cột",
    "note": "dòng ghi chú", "subsection": "dòng tiêu đề mục",
}


@dataclass(slots=True)
class RowOutcome:
    row: int                 # spreadsheet row number, 1-based
    status: str
    reasons: list[str] = field(default_factory=list)
    name: str = ""
    person: int | None = None  # >0 existing person id, <0 -(index+1) into plan.new_people
    village: str = ""          # the village the row was read under (for the rejects file)

    @property
    def reason(self) -> str:
        return " ".join(self.reasons)


@dataclass(slots=True)
class NewPerson:
    record: Record
    household: str           # household code (existing or new)


@dataclass(slots=True)
class NewHousehold:
    code: str
    village: str             # folded village name
    address: str = ""
    head: int | None = None  # index into new_people
    household_type: str | None = None


@dataclass(slots=True)
class PersonUpdate:
    person_id: int
    row: int
    changes: dict            # people column -> new value ("household_code" to move)


@dataclass(slots=True)
class NewCard:
    person: int              # >0 existing id, <0 -(index+1) into new_people
    group_code: str
    valid_from: str
    valid_to: str
    card_number: str
    row: int
    collector: str = ""      # the collector's code ("Mã số nhân viên thu")
    clinic: str = ""         # "Nơi đăng ký KCB ban đầu"
    issued_here: bool = True


@dataclass(slots=True)
class StatusProposal:
    """A "Giảm" row's reason, proposed as the person's status for review (never applied unasked)."""
    person_id: int
    status: str
    status_date: str | None
    reason: str
    row: int


@dataclass(slots=True)
class PossibleDuplicate:
    row: int
    name: str
    birth: str
    village: str
    other: str               # "dòng 12" or the existing person's name and id

    def text(self) -> str:
        """The finding without its row number (lists show ``row`` beside it, in a column or as
        "Dòng 14: …")."""
        return _("{name} ({birth}, {village}) có thể trùng với {other}.").format(
            name=self.name, birth=self.birth, village=self.village, other=self.other)


