"""Scoring against worked examples (by hand, in the comments), and the licensed bank format."""

from __future__ import annotations

import datetime
import json

import pytest

from tenant_apps.employment.assessment.banks import BankInvalid, LicensedInstrument, parse_bank
from tenant_apps.employment.assessment.instruments import (
    BIGFIVE_ITEMS,
    RIASEC_ITEMS,
    RIASEC_JOB_FAMILIES,
    InvalidAnswers,
    score_bigfive,
    score_riasec,
)
from tests.tenant_apps.employment_assessment.conftest import bank, bank_bytes, riasec_answers


def test_the_instruments_have_their_published_shape():
    assert len(RIASEC_ITEMS) == 60 and {i.key for i in RIASEC_ITEMS} == set("RIASEC")
    assert all(sum(1 for i in RIASEC_ITEMS if i.key == area) == 10 for area in "RIASEC")
    assert [i.key for i in RIASEC_ITEMS[:12]] == list("RRIIAASSEECC")  # two of each area in turn
    assert len(BIGFIVE_ITEMS) == 50 and all(sum(1 for i in BIGFIVE_ITEMS if i.key == k) == 10 for k in ("E", "A", "C", "ES", "O"))
    assert sum(i.reverse for i in BIGFIVE_ITEMS) == 5 + 4 + 4 + 8 + 3  # reverse-keyed items per factor in the IPIP key


def test_riasec_worked_example():
    # R 4+4+3+3+2+2+1+1+0+0 = 20; I 10×4 = 40; A 10×3 = 30; S 10×2 = 20; E 10×1 = 10; C 0.
    # Ranked I 40, A 30, then R and S tie at 20: the RIASEC order puts R first -> code IAR.
    answers = riasec_answers({"R": [4, 4, 3, 3, 2, 2, 1, 1, 0, 0], "I": [4] * 10, "A": [3] * 10, "S": [2] * 10, "E": [1] * 10, "C": [0] * 10})
    outcome = score_riasec(answers)
    assert outcome.scores == {"R": 20, "I": 40, "A": 30, "S": 20, "E": 10, "C": 0}
    assert outcome.code == "IAR" and outcome.headline == "研究型 · 艺术型 · 实际型"
    assert outcome.job_families[:6] == RIASEC_JOB_FAMILIES["I"] and outcome.job_families[6:] == RIASEC_JOB_FAMILIES["A"][:3]
    assert "研究型（40/40）" in outcome.summary


def test_riasec_flat_profile_says_so():
    outcome = score_riasec(riasec_answers({area: [2] * 10 for area in "RIASEC"}))
    assert outcome.code == "RIA" and all(d.score == 20 for d in outcome.dimensions)
    assert "兴趣尚不鲜明" in outcome.advice[0]


def test_bigfive_worked_examples():
    # Everything "3": reversed 3 is 3, so every factor is 10 × 3 = 30 (middle).
    neutral = score_bigfive({item.id: 3 for item in BIGFIVE_ITEMS})
    assert neutral.scores == {"E": 30, "A": 30, "C": 30, "ES": 30, "O": 30} and {d.level for d in neutral.dimensions} == {"中等"}
    # Everything "5": a factor scores 5 per positive item and 1 per reversed one.
    # E 5+/5- = 30; A 6+/4- = 34; C 6+/4- = 34; ES 2+/8- = 18 (low); O 7+/3- = 38 (high).
    agree = score_bigfive({item.id: 5 for item in BIGFIVE_ITEMS})
    assert agree.scores == {"E": 30, "A": 34, "C": 34, "ES": 18, "O": 38}
    levels = {d.key: d.level for d in agree.dimensions}
    assert levels == {"E": "中等", "A": "中等", "C": "中等", "ES": "偏低", "O": "偏高"}
    assert agree.code == "O" and "科学研究与实验" in agree.job_families
    # Keyed answers (5 on positive items, 1 on reversed) reach the maximum 50 everywhere.
    top = score_bigfive({item.id: 1 if item.reverse else 5 for item in BIGFIVE_ITEMS})
    assert set(top.scores.values()) == {50} and all(d.percent == 100 for d in top.dimensions)


def test_missing_or_invalid_answers_are_refused():
    answers = riasec_answers({area: [2] * 10 for area in "RIASEC"})
    del answers["C10"]
    with pytest.raises(InvalidAnswers, match="1 道题未作答"):
        score_riasec(answers)
    with pytest.raises(InvalidAnswers):
        score_riasec(answers | {"C10": 7})
    with pytest.raises(InvalidAnswers):
        score_bigfive({item.id: 0 for item in BIGFIVE_ITEMS})


def test_licensed_bank_is_validated_and_scored():
    content = parse_bank(bank_bytes())
    assert content["dimensions"][0]["tie"] == "I" and content["items"][3]["options"][1]["weight"] == 1
    instrument = LicensedInstrument(content=content, bank_id=1)
    # E, E (E 2 : I 0) and T, F (T 1 : F 1, a tie, goes to the second pole F) -> EF.
    outcome = instrument.score({"1": "0", "2": "0", "3": "0", "4": "1"})
    assert outcome.code == "EF" and outcome.headline == "热情的协调者" and outcome.job_families == ["人力资源", "教育培训"]
    assert instrument.score({"1": "1", "2": "1", "3": "0", "4": "0"}).code == "IT"
    with pytest.raises(InvalidAnswers):
        instrument.score({"1": "0", "2": "0", "3": "0", "4": "5"})


@pytest.mark.parametrize(("change", "message"), [
    ({"format": "other/1"}, "format"),
    ({"licence": {"holder": "x", "reference": "y", "valid_until": "2020-01-01"}}, "授权已过期"),
    ({"licence": {"holder": "", "reference": "y", "valid_until": "2099-01-01"}}, "licence.holder"),
    ({"dimensions": [{"poles": ["E", "E"]}]}, "两个不同的大写字母"),
    ({"items": bank()["items"][:2] + [{"id": "1", "text": "重复", "options": [{"text": "a", "pole": "X"}, {"text": "b", "pole": "E"}]}] + bank()["items"][3:]},
     "id 缺失或重复"),
    ({"items": [dict(i, options=[{"text": "a", "pole": "E"}, {"text": "b", "pole": "I"}]) for i in bank()["items"]]}, "没有任何选项计入：T、F"),
    ({"types": {"XYZ": {"title": "?"}}}, "与维度不符"),
])
def test_bank_problems_are_named(change, message):
    with pytest.raises(BankInvalid) as refused:
        parse_bank(json.dumps(bank(**change), ensure_ascii=False).encode(), today=datetime.date(2026, 12, 1))
    assert message in str(refused.value)


def test_bank_must_be_json():
    with pytest.raises(BankInvalid, match="JSON"):
        parse_bank(b"\xff\xfe not json")
