"""Encryption at rest for personal data.

`EncryptedCharField` stores a Fernet token; `FIELD_ENCRYPTION_KEYS` holds one or more keys,
the first encrypts and all decrypt, so keys rotate by prepending a new key and running
`manage.py rotate_field_keys`. Exact-match lookups (login by phone, uniqueness) go through
a keyed blind index (`blind_index`), stored beside the token in a `<field>_hash` column.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


def _fernet_key(raw: str) -> bytes:
    # Accept proper Fernet keys and, for convenience, any passphrase (derived with SHA-256).
    try:
        decoded = base64.urlsafe_b64decode(raw.encode())
        if len(decoded) == 32:
            return raw.encode()
    except (ValueError, TypeError):
        pass
    return base64.urlsafe_b64encode(hashlib.sha256(raw.encode()).digest())


@lru_cache(maxsize=8)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(_fernet_key(k)) for k in keys])


def cipher() -> MultiFernet:
    return _cipher(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return cipher().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return cipher().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("encrypted value cannot be read with the configured keys") from exc


def rotate(token: str) -> str:
    """Re-encrypt a token with the first (newest) key."""
    return cipher().rotate(token.encode()).decode()


def blind_index(value: str) -> str:
    normalized = value.strip().lower()
    return hmac.new(settings.FIELD_HASH_KEY.encode(), normalized.encode(), hashlib.sha256).hexdigest()


class EncryptedCharField(models.TextField):
    """A personal-data string encrypted at rest; masked by `core.masking` for display."""

    is_personal_data = True

    def __init__(self, *args, mask_kind: str = "default", **kwargs):
        self.mask_kind = mask_kind
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["mask_kind"] = self.mask_kind
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return decrypt(value)

    def to_python(self, value):
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt(value)
