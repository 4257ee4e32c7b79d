"""Masking of personal data for people without the right to see it in full."""

from __future__ import annotations


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
