"""Matching people to records: normalised names, every pinyin reading, historical college and
major names, and a score with the reasons a reviewer reads.

Names are compared after traditional → simplified conversion (OpenCC t2s) and with all the
readings pypinyin knows for each character (heteronyms), so 单伟 is found as dan/shan/chan wei
and 張偉 as 张伟. A reading key is the concatenated pinyin of the whole name; keys are capped
so that a name with many polyphonic characters does not explode. Scoring is additive with
weights in `WEIGHTS` (see docs/decisions/0091) and each contribution carries a Chinese reason.
"""

from __future__ import annotations

import datetime
import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache

from opencc import OpenCC
from pypinyin import Style, pinyin

MAX_KEYS = 24
_SPACES = re.compile(r"[\s·•.．\u3000]+")
_t2s = OpenCC("t2s")

# Compound surnames read as one unit (the first two characters).
COMPOUND_SURNAMES = {"欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯", "端木", "独孤", "南宫", "万俟", "闻人", "澹台"}

WEIGHTS = {
    "name_exact": 40,
    "name_reading": 25,
    "class_year": 20,
    "class_year_near": 8,
    "graduation_year": 5,
    "birth_date": 30,
    "birth_year_only": -15,
    "birth_conflict": -40,
    "college": 10,
    "major": 12,
    "gender_conflict": -30,
    "phone": 35,
    "id_number": 60,
    "class_year_conflict": -25,
}
AUTO_ACCEPT = 75  # score at or above which a unique best candidate verifies without a reviewer
AUTO_MARGIN = 20  # ... when the runner-up is at least this much lower
CANDIDATE_FLOOR = 35  # candidates below this are not shown
DUPLICATE_FLOOR = 70


@lru_cache(maxsize=50000)
def simplify(name: str) -> str:
    return _t2s.convert(_SPACES.sub("", name or "")).strip()


@lru_cache(maxsize=20000)
def _char_readings(char: str) -> tuple[str, ...]:
    if not ("\u4e00" <= char <= "\u9fff"):
        return (char.lower(),)
    readings = pinyin(char, heteronym=True, style=Style.NORMAL)
    return tuple(dict.fromkeys(readings[0])) if readings and readings[0] else (char,)


@lru_cache(maxsize=50000)
def name_keys(name: str) -> tuple[str, ...]:
    """Every pinyin reading of the (simplified) name, e.g. 单伟 → ('danwei', 'chanwei', 'shanwei')."""
    text = simplify(name)
    if not text:
        return ()
    if re.fullmatch(r"[A-Za-z ]+", text):
        return (text.replace(" ", "").lower(),)
    per_char = [_char_readings(c) for c in text]
    keys = []
    for combo in itertools.product(*per_char):
        keys.append("".join(combo))
        if len(keys) >= MAX_KEYS:
            break
    return tuple(dict.fromkeys(keys))


def surname(name: str) -> str:
    text = simplify(name)
    return text[:2] if text[:2] in COMPOUND_SURNAMES else text[:1]


@dataclass
class Person:
    """The fields matching looks at, from a record or a member."""

    name: str
    class_year: int | None = None
    graduation_year: int | None = None
    birth_date: datetime.date | None = None
    college: str = ""  # canonical
    major: str = ""  # canonical
    gender: str = ""
    phone_hash: str = ""
    id_number_hash: str = ""
    keys: tuple[str, ...] = field(default=())
    simplified: str = ""

    def __post_init__(self):
        self.simplified = self.simplified or simplify(self.name)
        self.keys = self.keys or name_keys(self.name)


@dataclass
class Score:
    total: int
    reasons: list[str]


def score(a: Person, b: Person) -> Score:
    points, reasons = 0, []

    def add(weight_key: str, text: str) -> None:
        nonlocal points
        weight = WEIGHTS[weight_key]
        points += weight
        reasons.append(f"{text}（{'+' if weight >= 0 else ''}{weight}）")

    if a.simplified and a.simplified == b.simplified:
        add("name_exact", "姓名一致" if a.name == b.name else f"姓名繁简一致：{a.name} / {b.name}")
    elif set(a.keys) & set(b.keys):
        reading = sorted(set(a.keys) & set(b.keys))[0]
        add("name_reading", f"姓名读音相同（{reading}）：{a.name} / {b.name}")
    if a.id_number_hash and a.id_number_hash == b.id_number_hash:
        add("id_number", "身份证号一致")
    if a.phone_hash and a.phone_hash == b.phone_hash:
        add("phone", "手机号一致")
    if a.class_year and b.class_year:
        if a.class_year == b.class_year:
            add("class_year", f"入学年份一致：{a.class_year}")
        elif abs(a.class_year - b.class_year) == 1:
            add("class_year_near", f"入学年份相差一年：{a.class_year} / {b.class_year}")
        elif abs(a.class_year - b.class_year) >= 4:
            add("class_year_conflict", f"入学年份不符：{a.class_year} / {b.class_year}")
    if a.graduation_year and b.graduation_year and a.graduation_year == b.graduation_year:
        add("graduation_year", f"毕业年份一致：{a.graduation_year}")
    if a.birth_date and b.birth_date:
        if a.birth_date == b.birth_date:
            add("birth_date", f"出生日期一致：{a.birth_date.isoformat()}")
        elif abs(a.birth_date.year - b.birth_date.year) <= 1:
            add("birth_year_only", f"出生日期不同：{a.birth_date.isoformat()} / {b.birth_date.isoformat()}")
        else:
            add("birth_conflict", f"出生日期不符：{a.birth_date.isoformat()} / {b.birth_date.isoformat()}")
    if a.college and a.college == b.college:
        add("college", f"院系一致（按现名）：{a.college}")
    if a.major and a.major == b.major:
        add("major", f"专业一致（按现名）：{a.major}")
    if a.gender and b.gender and a.gender != b.gender:
        add("gender_conflict", "性别不符")
    return Score(total=points, reasons=reasons)


class AliasBook:
    """Historical names → current names, loaded once per matching run."""

    def __init__(self, rows: list[tuple[str, str, str, int | None, int | None]]):
        self._by_name: dict[tuple[str, str], list[tuple[str, int | None, int | None]]] = {}
        for kind, alias, canonical, valid_from, valid_to in rows:
            self._by_name.setdefault((kind, self.norm(alias)), []).append((canonical, valid_from, valid_to))

    @staticmethod
    def norm(text: str) -> str:
        return simplify(text or "").replace("（", "(").replace("）", ")")

    @classmethod
    def load(cls) -> AliasBook:
        from tenant_apps.alumni.records.models import College, NameAlias

        rows = list(NameAlias.objects.values_list("kind", "alias", "canonical", "valid_from", "valid_to"))
        rows += [("college", name, name, None, None) for name in College.objects.values_list("name", flat=True)]
        return cls(rows)

    def canonical(self, kind: str, name: str, year: int | None = None) -> str:
        key = self.norm(name)
        if not key:
            return ""
        options = self._by_name.get((kind, key))
        if not options:
            return key
        if year:
            for canonical, valid_from, valid_to in options:
                if (valid_from is None or year >= valid_from) and (valid_to is None or year <= valid_to):
                    return canonical
        return options[0][0]
