"""Cell parsers for the 生源信息 import: the shapes schools' spreadsheets really have
(full-width digits, stray spaces, Excel date serials, one-digit national codes, labels for codes).
Each returns the canonical value or raises ValueError with a Chinese message."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from core.validators.china import clean_text, normalise_id_number
from tenant_apps.employment.students.enums import (
    ETHNICITY,
    POLITICAL_STATUS,
    PROVINCES,
    Education,
    HardshipCategory,
    NormalStudentCategory,
    TrainingMode,
)

EXCEL_EPOCH = datetime.date(1899, 12, 30)
MAJOR_CODE_RE = re.compile(r"^\d{6}(T|K|TK)?$")
PHONE_RE = re.compile(r"^1\d{10}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def text(value: str) -> str:
    """Names and free text: full-width to half-width, spaces inside removed."""
    return clean_text(value) if value else ""


def name(value: str) -> str:
    # Keep the middle dot of minority and foreign names; drop every space.
    return re.sub(r"\s+", "", str(value)).replace("·", "·").replace(".", "·")


def plain_number(value: str) -> str:
    cleaned = clean_text(value)
    return cleaned[:-2] if cleaned.endswith(".0") else cleaned


def id_number(value: str) -> str:
    return normalise_id_number(value, pad_lost_zeros=True)


def student_number(value: str) -> str:
    cleaned = plain_number(value)
    if not re.fullmatch(r"[0-9A-Z_-]{4,30}", cleaned):
        raise ValueError("学号只能包含数字、字母和 -，长度 4-30 位。")
    return cleaned


def gender(value: str) -> str:
    cleaned = clean_text(value)
    mapping = {"1": "1", "男": "1", "M": "1", "2": "2", "女": "2", "F": "2"}
    if cleaned not in mapping:
        raise ValueError("性别应为 1（男）或 2（女）。")
    return mapping[cleaned]


def _two_digit_code(value: str, table: dict[str, str], label: str) -> str:
    cleaned = plain_number(value)
    if cleaned.isdigit() and len(cleaned) <= 2:
        cleaned = cleaned.zfill(2)  # "1" -> "01": the standard has two digits
        if cleaned in table:
            return cleaned
    for code, text_label in table.items():
        if cleaned == text_label or cleaned == text_label.rstrip("族"):
            return code
    raise ValueError(f"{label}代码不在国家标准中。")


def ethnicity(value: str) -> str:
    return _two_digit_code(value, ETHNICITY, "民族")


def political_status(value: str) -> str:
    cleaned = clean_text(value)
    aliases = {"团员": "03", "党员": "01", "预备党员": "02", "无党派民主人士": "12", "无党派": "12"}
    return aliases.get(cleaned) or _two_digit_code(value, POLITICAL_STATUS, "政治面貌")


def education(value: str) -> str:
    cleaned = plain_number(value)
    if cleaned.isdigit():
        cleaned = cleaned.zfill(2)
    for choice in Education:
        if cleaned in (choice.value, choice.label, choice.label.replace("生毕业", "")):
            return choice.value
    aliases = {"本科": "31", "硕士": "11", "博士": "01", "专科": "41", "研究生": "11"}
    if cleaned in aliases:
        return aliases[cleaned]
    raise ValueError("学历应为代码（如 31 本科生毕业）或名称。")


def major_code(value: str) -> str:
    cleaned = plain_number(value)
    if not MAJOR_CODE_RE.match(cleaned):
        raise ValueError("专业代码应为 6 位数字，可带 T、K 或 TK 后缀（如 080910T）。")
    return cleaned


def region_code(value: str) -> str:
    """GB/T 2260 6-digit code, at least 地级市 level (the last two digits may be 00)."""
    cleaned = plain_number(value)
    if not re.fullmatch(r"\d{6}", cleaned):
        raise ValueError("行政区划代码应为 6 位数字（GB/T 2260）。")
    if cleaned[:2] not in PROVINCES:
        raise ValueError("行政区划代码的省级部分不存在。")
    if cleaned[2:4] == "00":
        raise ValueError("生源所在地至少应到地级市。")
    return cleaned


def training_mode(value: str) -> str:
    cleaned = clean_text(value)
    for choice in TrainingMode:
        if cleaned in (choice.value, choice.label):
            return choice.value
    if cleaned in ("定向培养", "定向生"):
        return TrainingMode.DIRECTED
    if cleaned in ("委托培养", "委培生"):
        return TrainingMode.COMMISSIONED
    raise ValueError("培养方式应为 非定向、定向、委培、在职 或 自筹。")


def _choice(value: str, choices, label: str) -> str:
    cleaned = clean_text(value)
    for choice in choices:
        if cleaned == choice.value:
            return choice.value
    raise ValueError(f"{label}应为：{'、'.join(c.value for c in choices)}。")


def normal_category(value: str) -> str:
    cleaned = clean_text(value)
    aliases = {"否": "非师范", "非师范生": "非师范", "公费师范生": "免费师范生", "师范生": "普通师范生"}
    return _choice(aliases.get(cleaned, cleaned), NormalStudentCategory, "师范生类别")


def hardship_category(value: str) -> str:
    cleaned = clean_text(value)
    aliases = {"否": "非困难生", "无": "非困难生", "困难": "家庭困难"}
    return _choice(aliases.get(cleaned, cleaned), HardshipCategory, "困难生类别")


def date(value: str) -> datetime.date:
    """ISO dates, 2022.9, 2022/9/1, 20220901, 2022年9月1日, or an Excel serial (44805)."""
    cleaned = plain_number(value)
    if re.fullmatch(r"\d{5}", cleaned) and 20000 < int(cleaned) < 80000:
        return EXCEL_EPOCH + datetime.timedelta(days=int(cleaned))
    cleaned = cleaned.split(" ")[0].split("T")[0]
    match = re.fullmatch(r"(\d{4})[-./年]?(\d{1,2})(?:[-./月]?(\d{1,2})日?)?月?", cleaned)
    if match:
        year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
        try:
            return datetime.date(year, month, day)
        except ValueError:
            pass
    raise ValueError("日期格式不正确（如 2022-09-01）。")


def year(value: str) -> int:
    cleaned = plain_number(value).removesuffix("届").removesuffix("年")
    if not (cleaned.isdigit() and 2000 <= int(cleaned) <= 2100):
        raise ValueError("毕业年份应为 4 位年份（如 2026）。")
    return int(cleaned)


def years_of_study(value: str) -> Decimal:
    cleaned = plain_number(value).removesuffix("年")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError("学制应为数字（如 4 或 2.5）。") from None
    if not Decimal("1") <= number <= Decimal("9"):
        raise ValueError("学制应在 1 到 9 年之间。")
    return number


def phone(value: str) -> str:
    cleaned = plain_number(value).replace("-", "").removeprefix("+86")
    if not PHONE_RE.match(cleaned):
        raise ValueError("手机号应为 11 位数字。")
    return cleaned


def email(value: str) -> str:
    cleaned = clean_text(value).lower()
    if not EMAIL_RE.match(cleaned):
        raise ValueError("电子邮箱格式不正确。")
    return cleaned
