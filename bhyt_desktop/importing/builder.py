"""Matching the cleaned rows against the commune file and each other; the lists of writes.

Used by :func:`plan.plan_import`; kept apart so the row loop and the plan's shape stay short.
"""

from __future__ import annotations

from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.text import clean_name, fold
from bhyt_desktop.commune.former import short_name_keys
from bhyt_desktop.importing.cells import HEAD
from bhyt_desktop.importing.cleaning import Record
from bhyt_desktop.importing.extras import proposed_status
from bhyt_desktop.importing.header import Mapping
from bhyt_desktop.importing.matching import (
    GENERATED_PREFIX,
    Known,
    P,
    birth_key,
    birth_text,
    generated_code,
    group_households,
    load_known,
    merge_in_file,
    name_birth,
    name_without_birth,
)
from bhyt_desktop.importing.outcomes import (
    MERGED,
    NEW,
    REJECTED,
    UNCHANGED,
    UNMATCHED,
    UPDATED,
    NewCard,
    NewHousehold,
    NewPerson,
    PersonUpdate,
    PossibleDuplicate,
    RowOutcome,
    StatusProposal,
)
from bhyt_desktop.importing.villages import bare_village, village_display


def _birth_text(r: Record) -> str:
    return birth_text(r.birth_date, r.birth_year, _("không rõ"))


class Builder:
    """Matching and the lists of writes, kept apart from the row loop above."""

    def __init__(self, db, kind: str, mapping: Mapping, outcomes: dict[int, RowOutcome], add_unmatched: bool,
                 allowed: set[str] | None):
        self.db, self.kind, self.mapping, self.outcomes = db, kind, mapping, outcomes
        self.allowed = allowed
        self.add_unmatched = add_unmatched
        self.known: Known = load_known(db)
        self.village_ids = {r[0]: r[1] for r in db.execute("SELECT name_key, id FROM villages")}
        self.village_names = {r[0]: r[1] for r in db.execute("SELECT name_key, name FROM villages")}
        self.short_names = short_name_keys(db)      # merged communes: "xom 1" -> its villages' keys
        self.villages_new: dict[str, str] = {}
        self.households_new: dict[str, NewHousehold] = {}
        self.new_people: list[NewPerson] = []
        self.updates: list[PersonUpdate] = []
        self.cards_new: list[NewCard] = []
        self.possible: list[PossibleDuplicate] = []
        self.proposals: list[StatusProposal] = []
        self.conflicts: list[tuple[int, str]] = []
        self.card_keys: set[tuple[int, str, str]] = set(self.known.cards)
        self.file_name_birth: dict[tuple[str, str, str], Record] = {}
        self.new_by_row: dict[int, int] = {}
        self.filled: set[tuple[int, str]] = set()
        self._vkeys: dict[str, str] = {}
        self._bare: dict[str, str | None] | None = None     # village name without its kind -> key
        self._names_in_households: dict[tuple[str | None, str], list[int]] | None = None

    # -- shared ---------------------------------------------------------------------
    def reject(self, r: Record, reason: str) -> None:
        self.outcomes[r.row] = RowOutcome(r.row, REJECTED, [reason], name=r.full_name, village=r.village)

    def resolve_village(self, name: str) -> str:
        """Folded key of the village ``name`` names: the village of that key, else the one
        village (known or new in this file) that is the same name without its kind of place
        ("Thôn Đông Hà" in an address is the roster's "Đông Hà", and the other way round).
        Numbered names are never matched that way ("Thôn 3" is not "Xóm 3")."""
        key = self._vkeys.get(name)
        if key is None:
            key = self._vkeys[name] = fold(clean_name(name))
        if key in self.village_ids or key in self.villages_new:
            return key
        shared = self.short_names.get(key)
        if shared:            # "Xóm 1" of a former commune: the one village, or none when several
            return shared[0] if len(shared) == 1 else ""
        if self._bare is None:
            self._bare = {}
            for known in self.village_ids:
                self._add_bare(known)
        return self._bare.get(bare_village(key) or "") or key

    def _add_bare(self, key: str) -> None:
        bare = bare_village(key)
        assert self._bare is not None       # filled by resolve_village first
        if bare:
            self._bare[bare] = None if bare in self._bare and self._bare[bare] != key else key

    def village_id(self, name: str) -> int | None:
        return self.village_ids.get(self.resolve_village(name))

    def village_key(self, name: str) -> str | None:
        """Folded key of a village, registering a new one; None when the row has none."""
        if not name:
            return None
        key = self.resolve_village(name)
        if not key:
            return None
        if key not in self.village_ids and key not in self.villages_new:
            if self.allowed is not None and key not in self.allowed:
                return None
            self.villages_new[key] = village_display(name)
            self._add_bare(key)
        return key

    def add_card(self, person: int, r: Record) -> bool:
        if not (r.has_card and r.valid_from and r.valid_to):
            return False
        key = (person, r.valid_from, r.valid_to)
        if key in self.card_keys:
            return False
        self.card_keys.add(key)
        self.cards_new.append(NewCard(person, r.group_code, r.valid_from, r.valid_to, r.card_number, r.row,
                                      r.collector, r.clinic, not r.issued_elsewhere))
        return True

    def find_by_ids(self, r: Record) -> tuple[int | None, str]:
        a = self.known.by_cccd.get(r.cccd) if r.cccd else None
        b = self.known.by_bhxh.get(r.bhxh_code) if r.bhxh_code else None
        if a and b and a != b:
            return None, _("Số CCCD thuộc {a}, còn mã số BHXH thuộc {b}: hãy kiểm tra lại.").format(
                a=self.person_name(a), b=self.person_name(b))
        pid = a or b
        if pid and pid < 0:
            if self.kind == "roster":
                return None, _("Trùng mã định danh với một dòng khác trong tệp.")
            return pid, ""
        if pid:
            row = self.known.people[pid]
            for f, label in (("cccd", _("Số CCCD")), ("bhxh_code", _("Mã số BHXH"))):
                mine, theirs = getattr(r, f), row[P[f]]
                if mine and theirs and mine != theirs:
                    return None, _("{label} khác với người đã có ({name}) dù mã kia trùng: hãy kiểm tra lại.").format(
                        label=label, name=row[P["full_name"]])
        return pid, ""

    def person_name(self, pid: int) -> str:
        if pid > 0:
            return self.known.people[pid][P["full_name"]]
        return self.new_people[-pid - 1].record.full_name

    def changes_for(self, pid: int, r: Record, household: str | None) -> dict:
        row = self.known.people[pid]
        ch: dict = {}
        if r.full_name != row[P["full_name"]]:
            ch.update(full_name=r.full_name, name_key=r.name_key, sort_key=r.sort_key)
        if r.birth_date and r.birth_date != row[P["birth_date"]]:
            ch.update(birth_date=r.birth_date, birth_year=r.birth_year)
        elif not r.birth_date and r.birth_year and r.birth_year != row[P["birth_year"]]:
            ch.update(birth_date=None, birth_year=r.birth_year)
        if r.sex and r.sex != row[P["sex"]]:
            ch["sex"] = r.sex
        if r.relation and r.relation != row[P["relation"]] and self.kind == "roster":
            ch["relation"] = r.relation
        for f in ("cccd", "bhxh_code", "benefit"):    # a pension flag only where the file gives one
            if getattr(r, f) and getattr(r, f) != row[P[f]]:
                ch[f] = getattr(r, f)
        if household and not household.startswith(GENERATED_PREFIX + "-"):
            current = self.known.household_of.get(row[P["household_id"]])
            if current != household:
                ch["household_code"] = household
        return ch

    def new_person(self, r: Record, household: str) -> int:
        self.new_people.append(NewPerson(r, household))
        ref = -len(self.new_people)
        self.new_by_row[r.row] = ref
        if r.cccd:
            self.known.by_cccd[r.cccd] = ref
        if r.bhxh_code:
            self.known.by_bhxh[r.bhxh_code] = ref
        return ref

    def ensure_household(self, code: str, r: Record) -> bool:
        if code in self.known.household_codes or code in self.households_new:
            return True
        vkey = self.village_key(r.village)
        if vkey is None:
            return False
        self.households_new[code] = NewHousehold(code, vkey, r.address, household_type=r.household_type)
        return True

    def no_village_reason(self, r: Record) -> str:
        shared = self.short_names.get(fold(clean_name(r.village))) if r.village else None
        if shared and len(shared) > 1:
            return _("Có {n} thôn/xóm tên «{name}» ở các xã cũ khác nhau: hãy ghi rõ, ví dụ «{example}».").format(
                n=len(shared), name=r.village, example=self.village_names.get(shared[0], shared[0]))
        if r.village:
            return _("Thôn/xóm «{name}» chưa có và không được tạo mới.").format(name=r.village)
        return _("Không rõ thôn/xóm: tệp không có cột Thôn/Xóm hay Địa chỉ. "
                 "Hãy chọn cột hoặc nhập tên thôn cho cả tệp.")

    def check_possible(self, r: Record, vkey: str | None) -> bool:
        """List a new person as a possible duplicate (same folded name, birth and village as a
        known person or an earlier row, no IDs to tell them apart). True when listed."""
        birth = birth_key(r.birth_date, r.birth_year)
        if not birth:
            return False
        for pid in name_birth(self.known, r.name_key, birth):
            row = self.known.people[pid]
            same_village = vkey is not None and self.village_ids.get(vkey) == row[P["village_id"]]
            if same_village and not (r.cccd or r.bhxh_code) or same_village and not (row[P["cccd"]] or row[P["bhxh_code"]]):
                self.possible.append(PossibleDuplicate(
                    r.row, r.full_name, _birth_text(r), self.village_names.get(vkey, r.village),
                    _("{name} (mã người {id}) đã có").format(name=row[P["full_name"]], id=pid)))
                return True
        key = (r.name_key, birth, vkey or "")
        other = self.file_name_birth.get(key)
        if other is not None and not (r.cccd and other.cccd) and not (r.bhxh_code and other.bhxh_code):
            self.possible.append(PossibleDuplicate(
                r.row, r.full_name, _birth_text(r), r.village, _("dòng {row} trong tệp").format(row=other.row)))
            return True
        self.file_name_birth.setdefault(key, r)
        return False

    def check_same_household(self, r: Record, code: str) -> None:
        """A new person with no IDs whose household already holds someone of the same name
        (their birth written differently, e.g. corrected since the last list): listed for
        review, never merged. The index is built the first time it is needed only."""
        if r.cccd or r.bhxh_code:
            return
        if self._names_in_households is None:
            self._names_in_households = {}
            household_of, name = self.known.household_of, P["name_key"]
            for pid, row in self.known.people.items():
                if not (row[P["cccd"]] or row[P["bhxh_code"]]):
                    key = (household_of.get(row[P["household_id"]]), row[name])
                    self._names_in_households.setdefault(key, []).append(pid)
        for pid in self._names_in_households.get((code, r.name_key), ()):
            row = self.known.people[pid]
            self.possible.append(PossibleDuplicate(
                r.row, r.full_name, _birth_text(r), self.village_names.get(self.resolve_village(r.village), r.village),
                _("{name} (mã người {id}, sinh {birth}) đã có trong hộ {code}").format(
                    name=row[P["full_name"]], id=pid, code=code,
                    birth=birth_text(row[P["birth_date"]], row[P["birth_year"]], _("không rõ")))))
            return

    # -- roster ---------------------------------------------------------------------
    def run(self, records: list[Record], head_rows: list[int]) -> None:
        if self.kind == "roster":
            self.run_roster(records, head_rows)
        else:
            self.run_cards(records)

    def run_roster(self, records: list[Record], head_rows: list[int]) -> None:
        in_file = merge_in_file(records, kind="roster")
        people, owner = in_file.people, in_file.owner
        for row, text in in_file.conflicts:
            self.conflicts.append((row, text))
            self.outcomes[row] = RowOutcome(row, MERGED, [text])
        for r, reason in in_file.refused:
            self.reject(r, reason)
        by_row = {r.row: r for r in records}
        keys = group_households(people, head_rows, has_relation="relation" in self.mapping.columns)
        # A generated household whose member is already known joins that person's household.
        existing_for_key: dict[str, str] = {}
        matched: dict[int, int] = {}
        unmatched: list[Record] = []
        for r in people:
            pid, problem = self.find_by_ids(r)
            if problem:
                self.reject(r, problem)
                continue
            if pid is None and keys[r.row] in self.known.household_codes:
                pid = self.same_household_match(r, keys[r.row])
            if pid:
                matched[r.row] = pid
                code = keys[r.row]
                if code.startswith(GENERATED_PREFIX + "-"):
                    existing_for_key.setdefault(code, self.known.household_of[self.known.people[pid][P["household_id"]]])
            else:
                unmatched.append(r)
        existing_for_key.update(self.households_by_members(unmatched, keys, existing_for_key))
        for r in unmatched:  # the others of a household found again, by a member's ID or by name
            found = existing_for_key.get(keys[r.row])
            if found is not None:
                pid = self.same_household_match(r, found)
                if pid:
                    matched[r.row] = pid
        for r in people:
            done = self.outcomes.get(r.row)
            if done is not None and done.status == REJECTED:
                continue
            code = existing_for_key.get(keys[r.row], keys[r.row])
            pid = matched.get(r.row)
            if pid:
                ch = self.changes_for(pid, r, code)
                if "household_code" in ch and not self.ensure_household(code, r):
                    ch.pop("household_code")
                if ch:
                    self.updates.append(PersonUpdate(pid, r.row, ch))
                added = self.add_card(pid, r)
                status = UPDATED if ch or added else UNCHANGED
                self.outcomes[r.row] = RowOutcome(r.row, status, name=r.full_name, person=pid)
                continue
            vkey = self.village_key(r.village) if r.village else None
            if not self.ensure_household(code, r):
                self.reject(r, self.no_village_reason(r))
                continue
            if vkey is None:
                vkey = self.households_new[code].village if code in self.households_new else None
            if not self.check_possible(r, vkey) and code in self.known.household_codes:
                self.check_same_household(r, code)
            ref = self.new_person(r, code)
            if r.is_head and code in self.households_new and self.households_new[code].head is None:
                self.households_new[code].head = -ref - 1
            self.add_card(ref, r)
            self.outcomes[r.row] = RowOutcome(r.row, NEW, name=r.full_name, person=ref)
        for row, kept in owner.items():  # a merged row's card period still counts
            if row != kept:
                done = self.outcomes.get(kept)
                if done and done.person is not None and done.status != REJECTED:
                    self.add_card(done.person, by_row[row])

    def namesakes(self, r: Record) -> list[int]:
        """Known people who may be the person of row ``r`` though no ID of theirs matched: the
        same folded name, a birth that agrees (or none recorded on either side), no ID that
        differs from the row's, and the row's village when it names one."""
        birth = birth_key(r.birth_date, r.birth_year)
        found = name_without_birth(self.known, r.name_key)
        if birth:
            found = name_birth(self.known, r.name_key, birth) + found
        if not found:
            return found
        vid = self.village_id(r.village) if r.village else None
        out = []
        for pid in found:
            row = self.known.people[pid]
            if (r.cccd and row[P["cccd"]] and r.cccd != row[P["cccd"]]
                    or r.bhxh_code and row[P["bhxh_code"]] and r.bhxh_code != row[P["bhxh_code"]]):
                continue
            if vid is not None and row[P["village_id"]] != vid:
                continue
            out.append(pid)
        return out

    def same_household_match(self, r: Record, code: str) -> int | None:
        """A person already in household ``code`` whom no ID matched (a re-import of a list with
        few IDs, or one that adds an ID or completes a birth): see :meth:`namesakes`."""
        for pid in self.namesakes(r):
            if self.known.household_of.get(self.known.people[pid][P["household_id"]]) == code:
                return pid
        return None

    def households_by_members(self, rows: list[Record], keys: dict[int, str],
                              linked: dict[str, str]) -> dict[str, str]:
        """Generated household key -> the known household most of its members already live in.

        A household the file gives no code for gets a code made from its first member (name
        and birth, or ID); when a later list corrects that member (a full birth date for a
        year, an ID added), the code changes. Its members are then looked for by name among
        the known households: the one holding namesakes of at least two of them, and of at
        least half, is that household (a family found again, not one namesake), so a
        corrected list updates it rather than adding it a second time. One person alone with
        the same name, birth and village stays a *possible duplicate*, listed, never merged.
        Keys already linked through a member's ID are left as they are.
        """
        groups: dict[str, list[Record]] = {}
        for r in rows:
            key = keys[r.row]
            if key.startswith(GENERATED_PREFIX + "-") and key not in linked and key not in self.known.household_codes:
                groups.setdefault(key, []).append(r)
        out: dict[str, str] = {}
        for key, members in groups.items():
            votes: dict[str | None, int] = {}
            for r in members:
                for code in {self.known.household_of.get(self.known.people[pid][P["household_id"]])
                             for pid in self.namesakes(r)}:
                    votes[code] = votes.get(code, 0) + 1
            if votes:
                code, n = max(votes.items(), key=lambda kv: (kv[1], kv[0] or ""))
                if code and n >= 2 and 2 * n >= len(members):
                    out[key] = code
        return out

    # -- cards ----------------------------------------------------------------------
    def run_cards(self, records: list[Record]) -> None:
        in_file = merge_in_file(records, kind="cards")
        owner = in_file.owner
        for row, text in in_file.conflicts:
            self.conflicts.append((row, text))
        for r, reason in in_file.refused:
            self.reject(r, reason)
        resolved: dict[int, int] = {}
        for r in records:
            kept = owner.get(r.row)
            if kept is None:        # refused above
                continue
            if kept != r.row and kept in resolved:
                self.finish_card_row(r, resolved[kept])
                continue
            pid, problem = self.find_by_ids(r)
            if problem:
                self.reject(r, problem)
                continue
            if pid is None:
                pid, problem = self.find_by_name(r)
                if problem:
                    self.outcomes[r.row] = RowOutcome(r.row, UNMATCHED, [problem], name=r.full_name)
                    continue
            if pid is None:
                if not self.add_unmatched or r.decrease:
                    self.outcomes[r.row] = RowOutcome(r.row, UNMATCHED, [_(
                        "Không tìm thấy người này trong danh sách hộ (theo mã số BHXH, số CCCD, "
                        "họ tên và ngày sinh).")], name=r.full_name)
                    continue
                code = generated_code(r.village, r)
                if not self.ensure_household(code, r):
                    self.outcomes[r.row] = RowOutcome(r.row, UNMATCHED, [_(
                        "Không tìm thấy người này, và không rõ thôn/xóm để thêm mới.")], name=r.full_name)
                    continue
                vkey = self.households_new[code].village if code in self.households_new else None
                self.check_possible(r, vkey)
                pid = self.new_person(r, code)
                if code in self.households_new and self.households_new[code].head is None:
                    self.households_new[code].head = -pid - 1
                    r.relation = HEAD
                self.add_card(pid, r)
                self.outcomes[r.row] = RowOutcome(r.row, NEW, name=r.full_name, person=pid)
                resolved[r.row] = pid
                continue
            resolved[r.row] = pid
            self.finish_card_row(r, pid)

    def finish_card_row(self, r: Record, pid: int) -> None:
        ch = {}
        if pid > 0:
            row = self.known.people[pid]
            for f in ("cccd", "bhxh_code"):
                if getattr(r, f) and not row[P[f]] and (pid, f) not in self.filled:
                    ch[f] = getattr(r, f)
                    self.filled.add((pid, f))
            if ch:
                self.updates.append(PersonUpdate(pid, r.row, ch))
        added = self.add_card(pid, r)
        status = UPDATED if (ch or added) else UNCHANGED
        proposed = proposed_status(r.note) if r.decrease and pid > 0 else None
        if proposed:
            self.proposals.append(StatusProposal(pid, proposed, r.leaving_from, r.note, r.row))
        self.outcomes[r.row] = RowOutcome(r.row, status, name=r.full_name, person=pid)

    def find_by_name(self, r: Record) -> tuple[int | None, str]:
        """By folded name and birth (+ village when the row names one). A row with no birth
        matches a person of that name with no birth recorded either (old lists give names
        only; the cards added from such a row the first time must be found again)."""
        if not r.birth_date and not r.birth_year:
            candidates = name_without_birth(self.known, r.name_key)
            if r.village:
                vid = self.village_id(r.village)
                candidates = [p for p in candidates if self.known.people[p][P["village_id"]] == vid]
            if len(candidates) > 1:
                return None, _("Có {n} người cùng họ tên, không ghi ngày sinh: không tự chọn được. "
                               "Hãy ghi ngày sinh hoặc mã số BHXH.").format(n=len(candidates))
            return (candidates[0] if candidates else None), ""
        candidates = list(dict.fromkeys(name_birth(self.known, r.name_key, birth_key(r.birth_date, r.birth_year))))
        if r.village and len(candidates) > 1:
            vid = self.village_id(r.village)
            narrowed = [p for p in candidates if self.known.people[p][P["village_id"]] == vid]
            candidates = narrowed or candidates
        elif r.village and candidates:
            vid = self.village_id(r.village)
            if vid is not None:
                candidates = [p for p in candidates if self.known.people[p][P["village_id"]] == vid]
        if len(candidates) > 1:
            return None, _("Có {n} người cùng họ tên và ngày sinh: không tự chọn được.").format(n=len(candidates))
        return (candidates[0] if candidates else None), ""
