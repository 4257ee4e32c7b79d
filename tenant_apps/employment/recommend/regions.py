"""GB/T 2260 codes a student can pick as intended cities: the provinces (and the four
municipalities) and the larger prefecture-level cities. A code matches a job's place code by
prefix: "330000" (province) the first 2 digits, "330100" (city) the first 4, else all 6."""

from __future__ import annotations

from tenant_apps.employment.employers.enums import PROVINCES

MUNICIPALITIES = {"11", "12", "31", "50"}
CITIES = {
    "130100": "石家庄", "140100": "太原", "150100": "呼和浩特", "210100": "沈阳", "210200": "大连", "220100": "长春", "230100": "哈尔滨",
    "320100": "南京", "320200": "无锡", "320300": "徐州", "320400": "常州", "320500": "苏州", "330100": "杭州", "330200": "宁波",
    "330300": "温州", "330400": "嘉兴", "330600": "绍兴", "330700": "金华", "340100": "合肥", "350100": "福州", "350200": "厦门",
    "350500": "泉州", "360100": "南昌", "370100": "济南", "370200": "青岛", "370600": "烟台", "410100": "郑州", "410300": "洛阳",
    "420100": "武汉", "420500": "宜昌", "420600": "襄阳", "430100": "长沙", "430200": "株洲", "440100": "广州", "440300": "深圳",
    "440400": "珠海", "440600": "佛山", "441300": "惠州", "441900": "东莞", "442000": "中山", "450100": "南宁", "460100": "海口",
    "510100": "成都", "510700": "绵阳", "520100": "贵阳", "530100": "昆明", "540100": "拉萨", "610100": "西安", "620100": "兰州",
    "630100": "西宁", "640100": "银川", "650100": "乌鲁木齐",
}


def province_code(prefix: str) -> str:
    return f"{prefix}0000"


def region_choices() -> list[tuple[str, str]]:
    """(code, label) for the picker: municipalities first, then each province and its cities."""
    choices = [(province_code(p), PROVINCES[p]) for p in sorted(MUNICIPALITIES)]
    for prefix, name in PROVINCES.items():
        if prefix in MUNICIPALITIES:
            continue
        choices.append((province_code(prefix), f"{name}（全省）"))
        choices.extend((code, city) for code, city in sorted(CITIES.items()) if code[:2] == prefix)
    return choices


def is_valid(code: str) -> bool:
    code = str(code or "")
    return len(code) == 6 and code.isdigit() and code[:2] in PROVINCES


def match_prefix(code: str) -> str:
    """The part of a job's six-digit place code that must equal this code's."""
    if code.endswith("0000") or code[:2] in MUNICIPALITIES:
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def region_name(code: str) -> str:
    if code in CITIES:
        return CITIES[code]
    province = PROVINCES.get(code[:2], "")
    if code.endswith("0000") or code[:2] in MUNICIPALITIES:
        return province or code
    return f"{province}（{code}）" if province else code
