"""Reusable cell parsers for import specs. Each takes the stripped cell text and returns a
value or raises ValueError with a Chinese message."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

MAINLAND_MOBILE = re.compile(r"^1[3-9]\d{9}$")
LIST_SEPARATORS = re.compile(r"[,，、;；]")


def text(max_length: int) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if len(value) > max_length:
            raise ValueError(f"不能超过 {max_length} 个字符")
        return value

    return parse


def mainland_mobile(value: str) -> str:
    digits = value.replace(" ", "").replace("-", "")
    if digits.startswith("+86"):
        digits = digits[3:]
    if not MAINLAND_MOBILE.match(digits):
        raise ValueError("应为 11 位中国大陆手机号")
    return digits


def email(value: str) -> str:
    try:
        validate_email(value)
    except ValidationError:
        raise ValueError("邮箱格式不正确") from None
    return value.lower()


def choice(options: dict[str, str], *, label: str = "") -> Callable[[str], str]:
    """`options` maps every accepted spelling (code or Chinese label) to the stored code."""
    lookup = {key.strip().lower(): code for key, code in options.items()}

    def parse(value: str) -> str:
        code = lookup.get(value.lower())
        if code is None:
            raise ValueError(f"应为{label or '以下之一'}：{'、'.join(dict.fromkeys(k for k in options if not k.isascii()))}")
        return code

    return parse


def split_list(value: str) -> list[str]:
    return [part.strip() for part in LIST_SEPARATORS.split(value) if part.strip()]
