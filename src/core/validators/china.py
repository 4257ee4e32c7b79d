"""Chinese national identifiers: 居民身份证号 (GB 11643-1999, also the residence permits of Hong
Kong, Macao and Taiwan residents) and 统一社会信用代码 (GB 32100-2015).

python-stdnum has checksums for both but rejects credit codes that start with a letter (A, N, Y
registration authorities) and the 81/82/83 residence permits, so the rules are written out here.
Each `normalise_*` returns the canonical form or raises `ValueError` with a Chinese message."""

from __future__ import annotations

import datetime
import re
import unicodedata

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"  # index: weighted sum mod 11
_ID_RE = re.compile(r"^\d{17}[\dX]$")
RESIDENCE_PERMIT_PREFIXES = {"810000": "香港", "820000": "澳门", "830000": "台湾"}

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, Z, S, V
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_RE = re.compile(rf"^[{USCC_ALPHABET}]{{18}}$")
USCC_AUTHORITIES = {
    "1": "机构编制", "2": "外交", "3": "司法行政", "4": "文化", "5": "民政", "6": "旅游", "7": "宗教",
    "8": "工会", "9": "工商", "A": "中央军委改革和编制办公室", "N": "农业", "Y": "其他",
}


def clean_text(value: object) -> str:
    """Full-width characters to half-width, spaces removed, letters upper-cased."""
    text = unicodedata.normalize("NFKC", str(value if value is not None else ""))
    return re.sub(r"\s+", "", text).upper()


def id_number_check_character(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def normalise_id_number(value: object, *, pad_lost_zeros: bool = False) -> str:
    """An 18-character ID or residence-permit number, check character verified.

    `pad_lost_zeros` restores leading zeros that a spreadsheet dropped (a number read as an
    integer): only for imports, where a 17-character value with a valid check after padding
    can only be that."""
    text = clean_text(value)
    if text.endswith(".0"):  # a float from a spreadsheet cell
        text = text[:-2]
    if pad_lost_zeros and 15 <= len(text) < 18 and text.isdigit():
        padded = text.zfill(18)
        if id_number_check_character(padded[:17]) == padded[17]:
            text = padded
    if len(text) == 15 and text.isdigit():
        raise ValueError("15 位旧身份证号请换为 18 位号码。")
    if not _ID_RE.match(text):
        raise ValueError("身份证号应为 18 位：17 位数字加 1 位数字或 X。")
    try:
        datetime.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise ValueError("身份证号中的出生日期不存在。") from None
    if id_number_check_character(text[:17]) != text[17]:
        raise ValueError("身份证号校验位不正确，请核对。")
    return text


def id_number_birth_date(id_number: str) -> datetime.date:
    return datetime.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def id_number_gender(id_number: str) -> str:
    """GB/T 2261 code: "1" male (odd sequence), "2" female."""
    return "1" if int(id_number[16]) % 2 else "2"


def id_number_region(id_number: str) -> str | None:
    """香港 / 澳门 / 台湾 for a residence permit, else None."""
    return RESIDENCE_PERMIT_PREFIXES.get(id_number[:6])


def credit_code_check_character(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(char) * weight for char, weight in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def normalise_credit_code(value: object) -> str:
    """An 18-character 统一社会信用代码 with its check character verified (codes of the A, N and
    Y registration authorities, which begin with a letter, included)."""
    text = clean_text(value)
    if len(text) == 15 and text.isdigit():
        raise ValueError("这是 15 位旧工商注册号，请填写 18 位统一社会信用代码。")
    if len(text) != 18:
        raise ValueError("统一社会信用代码应为 18 位。")
    if not _USCC_RE.match(text):
        raise ValueError("统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V）。")
    if text[0] not in USCC_AUTHORITIES:
        raise ValueError("统一社会信用代码首位（登记管理部门码）不正确。")
    if not text[2:8].isdigit():
        raise ValueError("统一社会信用代码第 3-8 位应为行政区划码。")
    if credit_code_check_character(text[:17]) != text[17]:
        raise ValueError("统一社会信用代码校验位不正确，请核对。")
    return text


def is_valid_credit_code(value: object) -> bool:
    try:
        normalise_credit_code(value)
    except ValueError:
        return False
    return True
