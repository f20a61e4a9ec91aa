"""A realistic, deterministic demo commune: villages, households, people and card histories.

Same ``seed``, ``people`` and ``anchor`` give the same file. Card histories run from a few
years before ``anchor`` and hold on-time renewals, lapses, renewals after a gap, and cards
that expire in the weeks after ``anchor``.
"""

from __future__ import annotations

import datetime as dt
import random
from functools import cache

import sqlite_utils

from bhyt_desktop.common import clock
from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.formats import add_months
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.jobs import Job, step
from bhyt_desktop.common.text import fold, sort_key
from bhyt_desktop.commune import campaigns
from bhyt_desktop.commune import details as cm
from bhyt_desktop.coverage import definitions as defs
from bhyt_desktop.demo.campaign import add_campaign_staff
from bhyt_desktop.reports.letterhead import set_letterhead
from bhyt_desktop.store.bulk import deferred_indexes

MIN_PEOPLE, MAX_PEOPLE = 100, 500_000

VILLAGES = [
    "Thôn Đông", "Thôn Đoài", "Thôn Nam", "Thôn Bắc", "Thôn An Lạc", "Thôn Phú Mỹ",
    "Thôn Hòa Bình", "Thôn Tân Tiến", "Thôn Quyết Thắng", "Thôn Thượng", "Thôn Hạ",
    "Thôn Trung", "Xóm Chùa", "Xóm Đình", "Xóm Mới", "Xóm Bến", "Thôn Ấp Ổi",
    "Tổ dân phố 1", "Tổ dân phố 2", "Tổ dân phố 3", "Thôn Yên Phú", "Thôn Cầu Đá",
]
FAMILY = [("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 4), ("Huỳnh", 1),
          ("Phan", 4), ("Vũ", 4), ("Võ", 2), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 1),
          ("Ngô", 1), ("Dương", 1), ("Lý", 1), ("Đinh", 1), ("Trịnh", 1), ("Lương", 1)]
MIDDLE_M = ["Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Xuân", "Thành", "Ngọc"]
MIDDLE_F = ["Thị", "Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Kim", "Minh", "Phương", "Hồng"]
GIVEN_M = ["Hùng", "Dũng", "Tuấn", "Minh", "Nam", "Long", "Hải", "Sơn", "Thắng", "Cường", "Quân",
           "Huy", "Phúc", "Đạt", "Khánh", "Bình", "Toàn", "Tiến", "Trung", "Hiếu", "Việt", "An",
           "Đông", "Ưng", "Lộc", "Thịnh", "Vũ", "Khôi", "Bảo", "Duy", "Đức", "Kiên", "Tùng"]
GIVEN_F = ["Hương", "Lan", "Hoa", "Mai", "Linh", "Trang", "Hằng", "Thảo", "Ngọc", "Huyền", "Nga",
           "Yến", "Dung", "Phương", "Thủy", "Loan", "Hạnh", "Nhung", "Vân", "Oanh", "Anh", "Ánh",
           "Hồng", "Liên", "Thắm", "Duyên", "Giang", "Trâm", "Quỳnh", "Ngân", "Diệp", "Ước"]
EMPLOYER = [("DN", 60), ("HC", 12), ("CH", 10), ("HX", 4), ("TK", 4), ("XK", 3), ("NN", 2)]
HOUSEHOLD_TYPES = [("other", 72), ("farm_avg", 20), ("near_poor", 5), ("poor", 3)]


@cache
def _keys(name: str) -> tuple[str, str]:
    return fold(name), sort_key(name)


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([w[0] for w in weighted], [w[1] for w in weighted])[0]


class _Gen:
    def __init__(self, rng: random.Random, anchor: dt.date):
        self.rng, self.anchor = rng, anchor
        self.person_id = 0
        self.people: list[tuple] = []
        self.cards: list[tuple] = []
        self.heads: list[tuple[int, int]] = []
        self.cccd_seq: dict[str, int] = {}
        # Some villages campaign harder than others: scales lapses and people never insured.
        self.village_factor: dict[int, float] = {}
        self.factor = 1.0
        self.bhxh_seq = rng.randrange(1_000_000, 9_000_000)

    def birth(self, age_lo: int, age_hi: int) -> dt.date:
        days = self.rng.randint(age_lo * 365 + 1, age_hi * 365 + 364)
        return self.anchor - dt.timedelta(days=days)

    def name(self, sex: str, family: str | None = None) -> str:
        rng = self.rng
        family = family or _pick(rng, FAMILY)
        if sex == "M":
            return f"{family} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"
        return f"{family} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"

    def person(self, hid: int, vid: int, name: str, sex: str, born: dt.date, relation: str,
               hh_type: str) -> None:
        rng, anchor = self.rng, self.anchor
        self.person_id += 1
        pid = self.person_id
        age = (anchor - born).days // 365
        year_only = age >= 60 and rng.random() < 0.08
        cccd = bhxh = None
        if age >= 14 or rng.random() < 0.6:
            century = (0 if born.year < 2000 else 2) + (sex == "F")
            prefix = f"036{century}{born.year % 100:02d}"
            seq = self.cccd_seq.get(prefix) or rng.randrange(1000, 200_000)
            self.cccd_seq[prefix] = seq + rng.randint(1, 7)
            cccd = f"{prefix}{seq:06d}"
        if rng.random() < 0.95:
            self.bhxh_seq += rng.randint(1, 30)
            bhxh = f"36{self.bhxh_seq % 100_000_000:08d}"
        status, status_date = "resident", None
        roll = rng.random()
        if 18 <= age <= 50 and roll < 0.08:
            status, status_date = "away", anchor - dt.timedelta(days=rng.randint(30, 1500))
        elif roll < 0.012:
            status, status_date = "moved_out", anchor - dt.timedelta(days=rng.randint(1, 700))
        elif age >= 65 and roll < 0.03:
            status, status_date = "deceased", anchor - dt.timedelta(days=rng.randint(1, 700))
        keys = _keys(name)
        self.people.append((
            pid, hid, vid, name, keys[0], keys[1], None if year_only else born.isoformat(),
            born.year, sex, relation, cccd, bhxh, status,
            status_date.isoformat() if status_date else None,
        ))
        if relation == "Chủ hộ":
            self.heads.append((pid, hid))
        self.factor = self.village_factor.setdefault(vid, rng.uniform(0.2, 1.6))
        self.holder = (vid, defs.count_from(None, None if year_only else born.isoformat()),
                       defs.count_to(status, status_date.isoformat() if status_date else None))
        self.card_history(pid, born, age, sex, hh_type, status)

    def card_history(self, pid: int, born: dt.date, age: int, sex: str, hh_type: str, status: str) -> None:
        rng, anchor = self.rng, self.anchor
        start = anchor - dt.timedelta(days=rng.randint(900, 1500))
        here = 0 if status == "away" and rng.random() < 0.5 else 1
        if age < 6:
            sixth = add_months(born, 72) - dt.timedelta(days=1)
            if rng.random() < 0.97:
                self.card(pid, "TE", born, sixth, here)
            return
        if hh_type == "poor":
            self.card(pid, "HN", add_months(anchor, -rng.randint(6, 30)).replace(day=1),
                      add_months(anchor, rng.randint(2, 30)).replace(day=1) - dt.timedelta(days=1), here)
            return
        if age < 18:
            sixth = add_months(born, 72)
            if sixth > start:      # was under six when the history starts: TE, then school
                self.card(pid, "TE", max(born, start), sixth - dt.timedelta(days=1), here)
                self.yearly(pid, "HS", sixth, 0.04, here)
                return
            code = "HS"
            lapse = 0.04
        elif age < 23 and rng.random() < 0.45:
            code, lapse = "SV", 0.10
            start = max(start, add_months(born, 18 * 12))
        elif age >= 60 and rng.random() < 0.3:
            code = "HT"
            self.card(pid, code, max(start, add_months(born, 60 * 12)),
                      add_months(anchor, rng.randint(12, 60)), here)
            return
        elif age >= 80 and rng.random() < 0.7:
            self.card(pid, "BT", max(start, add_months(born, 80 * 12)),
                      add_months(anchor, rng.randint(6, 36)), here)
            return
        elif age >= 55 and rng.random() < 0.06:
            self.card(pid, rng.choice(["CC", "CB", "KC", "TS"]), start, add_months(anchor, 36), here)
            return
        elif 18 <= age < 60 and rng.random() < (0.55 if status == "away" else 0.33):
            code = _pick(rng, EMPLOYER)
            self.card(pid, code, max(start, add_months(born, 18 * 12)),
                      add_months(anchor, rng.randint(6, 48)), here)
            return
        elif rng.random() < 0.04:
            self.card(pid, rng.choice(["TQ", "TA"]), start, add_months(anchor, rng.randint(3, 24)), here)
            return
        elif hh_type == "near_poor":
            code, lapse = "CN", 0.05
        elif hh_type == "farm_avg":
            code, lapse = "GB", 0.10
        else:
            code, lapse = "GD", 0.14
        if rng.random() < 0.07 * self.factor:     # never had a card
            return
        self.yearly(pid, code, start, lapse * self.factor, here)

    def yearly(self, pid: int, code: str, start: dt.date, lapse: float, here: int = 1) -> None:
        """Successive 12-month cards (some 6 or 3) from ``start``, with lapses and returns."""
        rng = self.rng
        d = start
        while d <= self.anchor:
            months = rng.choices([12, 6, 3], [80, 15, 5])[0]
            end = add_months(d, months) - dt.timedelta(days=1)
            self.card(pid, code, d, end, here)
            d = end + dt.timedelta(days=1)
            if rng.random() < lapse:
                if rng.random() < 0.5:
                    return                      # lapsed for good
                d += dt.timedelta(days=rng.randint(20, 240))   # back after a gap

    def card(self, pid: int, code: str, start: dt.date, end: dt.date, here: int = 1) -> None:
        if start > end:
            return
        # The cards of one person never overlap here, so overlaps = 0 (see cards_fill).
        self.cards.append((pid, code, start.isoformat(), end.isoformat(), here, *self.holder))


def generate(db: sqlite_utils.Database, *, people: int = 5000, seed: int = 1,
             anchor: dt.date | None = None,
             job: Job | None = None) -> dict:
    """Fill an empty commune file with a demo commune. Returns counts."""
    if not MIN_PEOPLE <= people <= MAX_PEOPLE:
        raise UserError(_("Số người phải từ {lo} đến {hi}.").format(lo=MIN_PEOPLE, hi=MAX_PEOPLE))
    if db.execute("SELECT count(*) FROM people").fetchone()[0]:
        raise UserError(_("Tệp dữ liệu đã có danh sách nhân khẩu; hãy dùng một tệp mới cho dữ liệu mẫu."))
    anchor = anchor or clock.today()
    rng = random.Random(seed)
    n_villages = max(4, min(len(VILLAGES), round(people / 1500) + 2))
    if people >= 5000:
        n_villages = max(n_villages, 20)
    gen = _Gen(rng, anchor)
    with db.atomic():
        cm.set_commune(db, name="Xã An Hòa", code="99001", place_name="An Hòa",
                       upper_name="Bảo hiểm xã hội cơ sở An Hòa", upper_code="BHXH-CS-01")
        set_letterhead(db, signer="Nguyễn Văn Hùng")    # a complete letterhead: reports can be issued
        vids = [cm.add_village(db, name) for name in VILLAGES[:n_villages]]
        weights = [rng.uniform(0.6, 1.6) for _ in vids]
        households = []
        hid = 0
        while gen.person_id < people:
            hid += 1
            vid = rng.choices(vids, weights)[0]
            hh_type = _pick(rng, HOUSEHOLD_TYPES)
            households.append((hid, f"HGD{hid:06d}", vid, f"Số {rng.randint(1, 300)}", hh_type,
                               f"09{rng.randint(10_000_000, 99_999_999)}"))
            remaining = people - gen.person_id
            _household(gen, hid, vid, hh_type, min(remaining, rng.choices(
                [1, 2, 3, 4, 5, 6, 7], [8, 17, 22, 26, 15, 8, 4])[0]))
            if hid % 500 == 0:
                step(job, gen.person_id, people)
        with deferred_indexes(db.conn, ["households", "people", "cards"]):
            _insert(db, households, gen)
        _figures(db, rng, anchor, vids)
        add_campaign_staff(db, seed, anchor, vids, lambda r, sex: _Gen(r, anchor).name(sex))
    step(job, people, people)
    return {"villages": len(vids), "households": len(households), "people": len(gen.people),
            "cards": len(gen.cards)}


def _insert(db: sqlite_utils.Database, households: list[tuple], gen: _Gen) -> None:
    db.conn.executemany(
        "INSERT INTO households (id, code, village_id, address, household_type, phone) VALUES (?,?,?,?,?,?)",
        households)
    db.conn.executemany(
        """INSERT INTO people (id, household_id, village_id, full_name, name_key, sort_key,
           birth_date, birth_year, sex, relation, cccd, bhxh_code, status, status_date)
           VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", gen.people)
    db.conn.executemany("UPDATE households SET head_person_id = ? WHERE id = ?", gen.heads)
    db.conn.executemany(
        "INSERT INTO cards (person_id, group_code, valid_from, valid_to, issued_here, source,"
        " village_id, count_from, count_to, overlaps) VALUES (?,?,?,?,?,'demo',?,?,?,0)", gen.cards)
    # Pensioners (HT cards) draw a pension, people on social protection (BT) an allowance:
    # the lists of people 60-79 without either (seed 002) leave them out.
    db.conn.execute("UPDATE people SET benefit = CASE (SELECT max(c.group_code = 'HT') FROM cards c"
                    " WHERE c.person_id = people.id) WHEN 1 THEN 'pension' ELSE 'social_allowance' END"
                    " WHERE id IN (SELECT person_id FROM cards WHERE group_code IN ('HT', 'BT'))")


def _household(gen: _Gen, hid: int, vid: int, hh_type: str, size: int) -> None:
    rng = gen.rng
    head_sex = "M" if rng.random() < 0.75 else "F"
    head_born = gen.birth(25, 82)
    head_age = (gen.anchor - head_born).days // 365
    head = gen.name(head_sex)
    family = head.split(" ")[0]
    gen.person(hid, vid, head, head_sex, head_born, "Chủ hộ", hh_type)
    members = 1
    if size > 1 and head_age >= 22:
        sex = "F" if head_sex == "M" else "M"
        gen.person(hid, vid, gen.name(sex), sex, gen.birth(max(20, head_age - 6), head_age + 3),
                   "Vợ" if sex == "F" else "Chồng", hh_type)
        members += 1
    if members < size and 30 <= head_age <= 55 and rng.random() < 0.25:
        sex = "F" if rng.random() < 0.6 else "M"
        gen.person(hid, vid, gen.name(sex, family if sex == "M" else None), sex,
                   gen.birth(head_age + 22, min(100, head_age + 35)), "Mẹ" if sex == "F" else "Bố", hh_type)
        members += 1
    while members < size:
        sex = "M" if rng.random() < 0.51 else "F"
        if head_age >= 55 and rng.random() < 0.5:
            born, relation = gen.birth(0, max(0, head_age - 42)), "Cháu"
        else:
            born, relation = gen.birth(max(0, head_age - 45), max(0, head_age - 20)), "Con"
        gen.person(hid, vid, gen.name(sex, family), sex, born, relation, hh_type)
        members += 1


def _figures(db: sqlite_utils.Database, rng: random.Random, anchor: dt.date, vids: list[int]) -> None:
    """Statistical population slightly above the roster, and yearly targets."""
    counts = dict(db.execute(
        "SELECT village_id, count(*) FROM people WHERE status IN ('resident', 'away') GROUP BY village_id"))
    for year in (anchor.year - 1, anchor.year):
        for vid in vids:
            n = counts.get(vid, 0)
            cm.set_population(db, year, n + round(n * rng.uniform(0.0, 0.04)), vid,
                              source=f"Chi cục Thống kê, số liệu năm {year}")
            cm.set_target(db, year, rng.choice([92, 93, 94, 95, 95, 96, 97]) - (anchor.year - year), vid)
        cm.set_target(db, year, 95 - (anchor.year - year) * 2)
    campaigns.add_campaign(db, "Tháng cao điểm vận động BHYT", dt.date(anchor.year, 10, 1),
                           dt.date(anchor.year, 12, 31), 95)
