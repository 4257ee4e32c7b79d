"""Synthetic alumni for the demo seeder, the benchmarks and the labelled matching set:
names with polyphonic surnames, traditional-character variants and homophones, colleges under
the names they had in each period (the alias table the seeder installs), 1955-2025."""

from __future__ import annotations

import datetime
import random

from opencc import OpenCC

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单仇解区朴") + ["欧阳", "司马", "诸葛"]
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国红文斌宇浩凯晨博志鑫雪琳晶颖婷倩然振海波峰林霖亮宁慧佳欣怡思源")
HOMOPHONES = {"伟": "玮", "丽": "莉", "明": "铭", "静": "婧", "杰": "洁", "华": "桦", "宁": "凝", "林": "琳", "斌": "彬", "涛": "韬", "辉": "晖", "峰": "锋", "军": "君"}
# (current name, [(historical name, from, to)]) — renamed and merged colleges.
COLLEGES = [
    ("机械工程学院", [("机械系", 1952, 1993), ("机械工程系", 1994, 2001)]),
    ("计算机学院", [("无线电系", 1958, 1984), ("计算机科学系", 1985, 2003)]),
    ("经济管理学院", [("经济系", 1955, 1992), ("管理学院", 1993, 2005)]),
    ("外国语学院", [("外语系", 1955, 1999)]),
    ("化学化工学院", [("化学系", 1955, 1997), ("化工系", 1960, 1997)]),
    ("土木工程学院", [("建筑工程系", 1955, 2000)]),
    ("材料学院", [("冶金系", 1958, 1995), ("材料科学与工程系", 1996, 2004)]),
    ("人文学院", [("中文系", 1955, 2002)]),
    ("电气工程学院", [("电机系", 1955, 1998)]),
    ("数学学院", [("数学系", 1955, 2006)]),
]
MAJORS = {
    "机械工程学院": [("机械设计制造及其自动化", [("机械制造工艺与设备", 1955, 1997)]), ("车辆工程", [])],
    "计算机学院": [("计算机科学与技术", [("无线电技术", 1958, 1984)]), ("软件工程", [])],
    "经济管理学院": [("工商管理", [("工业经济", 1955, 1997)]), ("会计学", [])],
    "外国语学院": [("英语", []), ("日语", [])],
    "化学化工学院": [("化学工程与工艺", [("化学工程", 1955, 1997)]), ("应用化学", [])],
    "土木工程学院": [("土木工程", [("工业与民用建筑", 1955, 1998)]), ("建筑学", [])],
    "材料学院": [("材料科学与工程", [("金属材料", 1958, 1997)])],
    "人文学院": [("汉语言文学", []), ("历史学", [])],
    "电气工程学院": [("电气工程及其自动化", [("电机电器", 1955, 1998)])],
    "数学学院": [("数学与应用数学", []), ("统计学", [])],
}
REGIONS = ["北京", "上海", "广州", "深圳", "杭州", "南京", "武汉", "成都", "西安", "重庆", "天津", "苏州", "长沙", "郑州", "沈阳", "青岛", "厦门", "合肥", "昆明", "海外"]
INDUSTRIES = ["互联网", "制造业", "金融", "教育", "政府机关", "医疗卫生", "建筑地产", "能源", "咨询服务", "文化传媒"]
_s2t = OpenCC("s2t")


def alias_rows() -> list[tuple[str, str, str, int | None, int | None]]:
    rows = [("college", old, current, start, end) for current, history in COLLEGES for old, start, end in history]
    rows += [("major", old, current, start, end) for majors in MAJORS.values() for current, history in majors for old, start, end in history]
    return rows


def name_in(name: str, history: list[tuple[str, int, int]], current: str, year: int) -> str:
    for old, start, end in history:
        if start <= year <= end:
            return old
    return current


def person(rng: random.Random, year: int | None = None) -> dict:
    year = year or rng.randint(1955, 2025)
    college, history = rng.choice(COLLEGES)
    major, major_history = rng.choice(MAJORS[college])
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    birth = datetime.date(year - 18 - rng.randint(0, 2), rng.randint(1, 12), rng.randint(1, 28))
    degree = rng.choices(["bachelor", "master", "doctor", "junior"], weights=[70, 20, 5, 5])[0]
    return {
        "name": rng.choice(SURNAMES) + given, "gender": rng.choice("mf"), "birth_date": birth if rng.random() < 0.8 else None,
        "class_year": year, "graduation_year": year + {"bachelor": 4, "master": 3, "doctor": 4, "junior": 3}[degree], "degree": degree,
        "college_name": name_in(college, history, college, year), "major": name_in(major, major_history, major, year),
        "region": rng.choice(REGIONS), "industry": rng.choice(INDUSTRIES), "employer": f"{rng.choice(REGIONS)}{rng.choice(INDUSTRIES)}公司{rng.randint(1, 400)}",
        "_birth": birth, "_college": college, "_major": major,
    }


def variant(rng: random.Random, p: dict) -> dict:
    """The same person as written elsewhere: traditional characters, a homophone, the college's
    current name, a missing or slightly different year."""
    v = dict(p)
    roll = rng.random()
    if roll < 0.3:
        v["name"] = _s2t.convert(p["name"])
    elif roll < 0.5 and p["name"][-1] in HOMOPHONES:
        v["name"] = p["name"][:-1] + HOMOPHONES[p["name"][-1]]
    if rng.random() < 0.5:
        v["college_name"], v["major"] = p["_college"], p["_major"]
    v["birth_date"] = p["_birth"] if rng.random() < 0.75 else None
    if rng.random() < 0.1:
        v["class_year"] = p["class_year"] + rng.choice((-1, 1))
    return v


def public(p: dict) -> dict:
    return {k: v for k, v in p.items() if not k.startswith("_")}
