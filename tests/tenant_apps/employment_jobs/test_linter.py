"""The discrimination linter on a corpus of real-world-style postings: every bad one is caught
with the rule it breaks, no good one is flagged."""

from __future__ import annotations

import pytest

from tenant_apps.employment.jobs.linter import RULES, lint_text

BAD = [
    ("限男性，能适应长期出差", "gender", "block"),
    ("男生优先，吃苦耐劳", "gender", "block"),
    ("女士勿扰", "gender", "block"),
    ("性别：男", "gender", "block"),
    ("招聘男 3 名，女 1 名", "gender", "block"),
    ("已婚已育者优先考虑", "marriage_childbearing", "block"),
    ("入职后 3 年内不得生育", "marriage_childbearing", "block"),
    ("入职体检含妊娠检测", "marriage_childbearing", "block"),
    ("请在简历中注明婚姻状况", "marriage_childbearing", "block"),
    ("限汉族", "ethnicity_religion", "block"),
    ("无宗教信仰", "ethnicity_religion", "block"),
    ("985、211 院校毕业", "school_tier", "block"),
    ("仅限双一流高校毕业生", "school_tier", "block"),
    ("名牌大学毕业", "school_tier", "block"),
    ("第一学历须为本科", "first_degree", "review"),
    ("全日制统招本科及以上", "first_degree", "review"),
    ("限本地户口", "hukou", "block"),
    ("北京户籍优先", "hukou", "block"),
    ("外地人勿扰", "hukou", "block"),
    ("年龄 25 周岁以下", "age", "review"),
    ("22-28 岁", "age", "review"),
    ("入职体检含乙肝五项", "hbv", "block"),
    ("乙肝携带者勿扰", "hbv", "block"),
    ("残疾人勿扰", "disability", "review"),
    ("身体健全，五官端正", "disability", "review"),
    ("入职前需缴纳培训费 3000 元", "fees_loans", "block"),
    ("可办理培训贷，先学习后就业", "fees_loans", "block"),
    ("招转培项目", "fees_loans", "block"),
    ("保录取，包就业", "hype", "review"),
    ("轻松月入过万", "hype", "review"),
]
GOOD = [
    "本科及以上学历，计算机、软件工程等相关专业，熟悉 Java 或 Python。",
    "男女不限，具备良好的沟通能力和团队合作精神。",
    "性别不限，民族不限，户籍不限。",
    "公司可协助办理落户，提供人才公寓。",
    "月薪 8000-12000 元，五险一金，年终奖。",
    "工作地点：北京市海淀区，需要适应偶尔出差。",
    "具备 CET-6 证书，英语读写能力强。",
    "年龄不限，欢迎应届毕业生投递。",
    "岗位编号 2115，薪资 9850 元起。",
    "负责移动端产品的需求分析、原型设计与迭代。",
    "熟悉 TCP/IP 协议，有 Linux 使用经验者优先。",
    "尊重员工宗教信仰，提供清真餐。",
]


@pytest.mark.parametrize(("text", "rule", "severity"), BAD)
def test_bad_postings_are_caught_with_their_rule(text, rule, severity):
    hits = lint_text(text)
    assert hits, text
    hit = next(h for h in hits if h.rule == rule)
    assert hit.severity == severity
    assert hit.explanation and hit.basis  # every hit says why and on what ground
    assert hit.match in text


@pytest.mark.parametrize("text", GOOD)
def test_good_postings_pass(text):
    assert lint_text(text) == []


def test_first_degree_limits_block_for_public_employers():
    assert lint_text("第一学历须为本科", employer_nature="state_owned")[0].severity == "block"
    assert lint_text("第一学历须为本科", employer_nature="private")[0].severity == "review"


def test_every_rule_cites_its_basis():
    assert {rule.code for rule in RULES} >= {"gender", "marriage_childbearing", "ethnicity_religion", "school_tier", "first_degree", "hukou", "age",
                                             "hbv", "fees_loans"}
    assert all(rule.basis and rule.explanation for rule in RULES)


def test_hit_shows_its_context():
    hit = lint_text("岗位要求：限男性，能适应出差")[0]
    assert hit.before.endswith("岗位要求：") and hit.match == "限男性" and hit.after.startswith("，能适应")
