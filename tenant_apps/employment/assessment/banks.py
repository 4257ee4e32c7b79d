"""A licensed type-indicator item bank (e.g. MBTI®) that a school uploads under its own licence:
the file format, its validation and its scoring. Nothing of such a bank ships with the product.

File format `campus-type-bank/1` (JSON, UTF-8, at most 1 MB)::

    {
      "format": "campus-type-bank/1",
      "name": "职业性格类型测评（本校授权）",
      "licence": {"holder": "某大学就业指导中心", "reference": "授权合同编号", "valid_until": "2027-12-31"},
      "dimensions": [                      # 1-6 pairs of opposite poles, single capital letters
        {"poles": ["E", "I"], "names": ["外向", "内向"], "tie": "I"},   # tie: pole chosen on equal scores (default: the second)
        ...
      ],
      "items": [                           # 4-300 forced-choice items
        {"id": "1", "text": "周末你更愿意……",
         "options": [{"text": "和朋友聚会", "pole": "E"}, {"text": "在家看书", "pole": "I", "weight": 1}]},
        ...
      ],
      "types": {                           # optional: the readable result of each type
        "INTJ": {"title": "……", "description": "……", "job_families": ["……"]}
      }
    }

Scoring: each chosen option adds its weight (default 1) to its pole; per dimension the pole
with more points wins (the tie pole on equal points); the type is the winners in dimension order.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass

from tenant_apps.employment.assessment.instruments import (
    MBTI,
    Dimension,
    InvalidAnswers,
    Item,
    Option,
    Outcome,
)

FORMAT = "campus-type-bank/1"
MAX_BYTES = 1024 * 1024
POLE_RE = re.compile(r"^[A-Z]$")


class BankInvalid(ValueError):
    """The file does not follow the format; `errors` lists every problem found (Chinese)."""

    def __init__(self, errors: list[str]):
        super().__init__("；".join(errors))
        self.errors = errors


def _text(value, limit: int) -> str:
    return value.strip() if isinstance(value, str) and value.strip() and len(value.strip()) <= limit else ""


def parse_bank(raw: bytes, *, today: datetime.date | None = None) -> dict:
    """Validate an uploaded bank and return its normalised content (weights filled, ties
    resolved); BankInvalid with every problem otherwise."""
    today = today or datetime.date.today()
    if len(raw) > MAX_BYTES:
        raise BankInvalid(["文件超过 1 MB。"])
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BankInvalid([f"不是有效的 UTF-8 JSON 文件（{exc.__class__.__name__}）。"]) from None
    if not isinstance(data, dict):
        raise BankInvalid(["文件顶层应为对象。"])
    errors: list[str] = []
    if data.get("format") != FORMAT:
        errors.append(f"format 应为 \"{FORMAT}\"。")
    name = _text(data.get("name"), 100)
    if not name:
        errors.append("name（测评名称）必填，不超过 100 字。")
    licence = data.get("licence") if isinstance(data.get("licence"), dict) else {}
    holder, reference = _text(licence.get("holder"), 200), _text(licence.get("reference"), 200)
    if not holder or not reference:
        errors.append("licence.holder（授权持有人）和 licence.reference（授权编号）必填。")
    valid_until = None
    try:
        valid_until = datetime.date.fromisoformat(str(licence.get("valid_until", "")))
        if valid_until < today:
            errors.append("授权已过期（licence.valid_until 早于今天）。")
    except ValueError:
        errors.append("licence.valid_until 应为 YYYY-MM-DD 日期。")

    dimensions, poles = [], []
    raw_dimensions = data.get("dimensions")
    if not isinstance(raw_dimensions, list) or not 1 <= len(raw_dimensions) <= 6:
        errors.append("dimensions 应为 1 到 6 个维度。")
        raw_dimensions = []
    for index, dimension in enumerate(raw_dimensions, start=1):
        pair = dimension.get("poles") if isinstance(dimension, dict) else None
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) and POLE_RE.match(p) for p in pair) and pair[0] != pair[1]):
            errors.append(f"第 {index} 个维度的 poles 应为两个不同的大写字母。")
            continue
        names = dimension.get("names") if isinstance(dimension.get("names"), list) and len(dimension["names"]) == 2 else list(pair)
        tie = dimension.get("tie", pair[1])
        if tie not in pair:
            errors.append(f"第 {index} 个维度的 tie 应为 {pair[0]} 或 {pair[1]}。")
        poles.extend(pair)
        dimensions.append({"poles": pair, "names": [_text(n, 20) or p for n, p in zip(names, pair, strict=True)], "tie": tie})
    if len(set(poles)) != len(poles):
        errors.append("各维度的字母不能重复。")

    items, ids, measured = [], set(), set()
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not 4 <= len(raw_items) <= 300:
        errors.append("items 应为 4 到 300 道题。")
        raw_items = []
    for index, item in enumerate(raw_items, start=1):
        if not isinstance(item, dict):
            errors.append(f"第 {index} 题格式错误。")
            continue
        item_id, text = str(item.get("id", "")).strip()[:20], _text(item.get("text"), 500)
        if not item_id or item_id in ids:
            errors.append(f"第 {index} 题的 id 缺失或重复。")
        ids.add(item_id)
        if not text:
            errors.append(f"第 {index} 题的题干缺失或超过 500 字。")
        options = item.get("options")
        if not isinstance(options, list) or not 2 <= len(options) <= 5:
            errors.append(f"第 {index} 题应有 2 到 5 个选项。")
            continue
        cleaned = []
        for number, option in enumerate(options, start=1):
            option = option if isinstance(option, dict) else {}
            weight = option.get("weight", 1)
            if not _text(option.get("text"), 200) or option.get("pole") not in poles or not isinstance(weight, int | float) or not 0 < weight <= 10:
                errors.append(f"第 {index} 题第 {number} 个选项无效（需要 text、已声明的 pole、0 到 10 的 weight）。")
                continue
            measured.add(option["pole"])
            cleaned.append({"text": option["text"].strip(), "pole": option["pole"], "weight": weight})
        items.append({"id": item_id, "text": text, "options": cleaned})
    unmeasured = [p for p in poles if p not in measured]
    if raw_items and unmeasured:
        errors.append(f"没有任何选项计入：{'、'.join(unmeasured)}。")

    types = {}
    raw_types = data.get("types", {})
    if not isinstance(raw_types, dict):
        errors.append("types 应为对象。")
        raw_types = {}
    for code, info in raw_types.items():
        if len(code) != len(dimensions) or any(letter not in d["poles"] for letter, d in zip(code, dimensions, strict=False)):
            errors.append(f"types 中的类型 {code} 与维度不符。")
            continue
        info = info if isinstance(info, dict) else {}
        families = [f.strip()[:40] for f in info.get("job_families", []) if isinstance(f, str) and f.strip()][:12]
        types[code] = {"title": _text(info.get("title"), 100) or code, "description": _text(info.get("description"), 2000), "job_families": families}
    if errors:
        raise BankInvalid(errors[:30])
    return {"format": FORMAT, "name": name, "licence": {"holder": holder, "reference": reference, "valid_until": valid_until.isoformat()},
            "dimensions": dimensions, "items": items, "types": types}


@dataclass(frozen=True)
class LicensedInstrument:
    """An instrument built from a validated bank (same interface as the open instruments)."""

    content: dict
    bank_id: int

    @property
    def code(self) -> str:
        return MBTI

    @property
    def name(self) -> str:
        return self.content["name"]

    @property
    def intro(self) -> str:
        return f"{len(self.items)} 道二选一（或多选一）题目，凭第一感觉选择更像你的一项。"

    @property
    def attribution(self) -> str:
        licence = self.content["licence"]
        return f"题库由{licence['holder']}依授权（{licence['reference']}，有效期至 {licence['valid_until']}）提供，仅在本校使用。"

    @property
    def minutes(self) -> int:
        return max(3, len(self.items) // 6)

    @property
    def items(self) -> list[Item]:
        return [Item(id=item["id"], text=item["text"], key="") for item in self.content["items"]]

    @property
    def scale(self) -> list[Option]:
        return []

    def options_for(self, item: Item) -> list[Option]:
        raw = next(i for i in self.content["items"] if i["id"] == item.id)
        return [Option(str(index), option["text"]) for index, option in enumerate(raw["options"])]

    def score(self, answers: dict) -> Outcome:
        points: dict[str, float] = {}
        missing = 0
        for number, item in enumerate(self.content["items"], start=1):
            raw = answers.get(item["id"])
            if raw in (None, ""):
                missing += 1
                continue
            try:
                option = item["options"][int(raw)]
            except (TypeError, ValueError, IndexError):
                raise InvalidAnswers(f"第 {number} 题的答案无效。") from None
            if int(raw) < 0:
                raise InvalidAnswers(f"第 {number} 题的答案无效。")
            points[option["pole"]] = points.get(option["pole"], 0) + option["weight"]
        if missing:
            raise InvalidAnswers(f"还有 {missing} 道题未作答。")
        code, dimensions = "", []
        for dimension in self.content["dimensions"]:
            first, second = dimension["poles"]
            a, b = points.get(first, 0), points.get(second, 0)
            winner = first if a > b else second if b > a else dimension["tie"]
            code += winner
            dimensions.append(Dimension(key=first + second, name=f"{dimension['names'][0]} / {dimension['names'][1]}", score=a, maximum=a + b,
                                        level=dimension["names"][dimension["poles"].index(winner)], description=f"{first} {a:g} : {second} {b:g}"))
        info = self.content["types"].get(code, {})
        return Outcome(code=code, headline=info.get("title") or code, summary=info.get("description") or f"你的类型是 {code}。", dimensions=dimensions,
                       job_families=info.get("job_families", []), advice=["类型描述的是偏好而非能力，请结合老师的解读使用结果。"])
