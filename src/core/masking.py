"""Masking of personal data for people without the right to see it in full."""

from __future__ import annotations

import re


def mask_phone(value: str) -> str:
    value = value or ""
    if len(value) >= 7:
        return f"{value[:3]}****{value[-4:]}"
    return "*" * len(value)


def mask_id_number(value: str) -> str:
    value = value or ""
    if len(value) >= 8:
        return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}"
    return "*" * len(value)


def mask_name(value: str) -> str:
    value = value or ""
    if len(value) <= 1:
        return value
    if len(value) == 2:
        return f"{value[0]}*"
    return f"{value[0]}{'*' * (len(value) - 2)}{value[-1]}"


def mask_email(value: str) -> str:
    value = value or ""
    if "@" not in value:
        return mask_default(value)
    local, domain = value.split("@", 1)
    return f"{local[:1]}***@{domain}"


def mask_default(value: str) -> str:
    value = value or ""
    if len(value) <= 2:
        return "*" * len(value)
    keep = max(1, len(value) // 4)
    return f"{value[:keep]}{'*' * (len(value) - 2 * keep)}{value[-keep:]}"


MASKERS = {
    "phone": mask_phone,
    "id_number": mask_id_number,
    "name": mask_name,
    "email": mask_email,
    "default": mask_default,
}


def mask_value(kind: str, value: str) -> str:
    return MASKERS.get(kind, mask_default)(value)


# Personal data inside free text (audit entries, login names typed by people): a mainland
# mobile number, an 18-character ID number, an e-mail address.
_ID_NUMBER_RE = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_PHONE_RE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)")
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def scrub_text(value: str) -> str:
    """`value` with every phone number, ID number and e-mail address in it masked."""
    if not value or not isinstance(value, str):
        return value
    value = _ID_NUMBER_RE.sub(lambda m: mask_id_number(m.group(0)), value)
    value = _PHONE_RE.sub(lambda m: mask_phone(m.group(0)[-11:]), value)
    return _EMAIL_RE.sub(lambda m: mask_email(m.group(0)), value)


def scrub(value):
    """`scrub_text` through nested dicts and lists (JSON-like data)."""
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {key: scrub(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(item) for item in value]
    return value
