"""Encrypted personal data at rest: ciphertext in the column, blind-index lookup, key rotation."""

from __future__ import annotations

import io
import uuid

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django_tenants.utils import schema_context

from core import crypto
from tenant_apps.accounts.backends import find_user_by_identifier
from tenant_apps.accounts.models import User

pytestmark = pytest.mark.django_db

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def _raw_phone(schema: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT phone FROM "{schema}".accounts_user WHERE id = %s', [pk])
        return cursor.fetchone()[0]


def test_column_holds_ciphertext_and_lookup_uses_blind_index(in_tenant_a):
    user = User.objects.create_user(username=f"c-{uuid.uuid4().hex[:8]}", phone="13811112222")
    raw = _raw_phone("alpha", user.pk)
    assert "13811112222" not in raw and raw.startswith("gAAAAA")  # a Fernet token
    assert crypto.decrypt(raw) == "13811112222"
    assert User.objects.get(pk=user.pk).phone == "13811112222"
    assert user.phone_hash == crypto.blind_index("13811112222") and "13811112222" not in user.phone_hash
    assert find_user_by_identifier("13811112222") == user
    assert find_user_by_identifier(" 13811112222 ") == user
    # Two encryptions of one value differ (random IV), so the column leaks no equality.
    assert crypto.encrypt("13811112222") != crypto.encrypt("13811112222")


def test_empty_values_stay_empty(in_tenant_a):
    user = User.objects.create_user(username=f"c-{uuid.uuid4().hex[:8]}")
    assert _raw_phone("alpha", user.pk) == "" and user.phone_hash == ""


def test_unreadable_token_raises_a_clear_error():
    token = crypto.encrypt("x")
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]), pytest.raises(ValueError, match="configured keys"):
        crypto.decrypt(token)


def test_rotate_field_keys_reencrypts_every_schema(tenant_a):
    default_keys = list(settings.FIELD_ENCRYPTION_KEYS)
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        with schema_context("alpha"):
            alpha_user = User.objects.create_user(username=f"r-{uuid.uuid4().hex[:8]}", phone="13900001111")
        with schema_context("beta"):
            beta_user = User.objects.create_user(username=f"r-{uuid.uuid4().hex[:8]}", phone="13900002222")
    before = _raw_phone("alpha", alpha_user.pk)

    out, err = io.StringIO(), io.StringIO()
    # The new key first; the old key, and the default one other rows were written with, still decrypt.
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY, *default_keys]):
        call_command("rotate_field_keys", "--batch-size", "2", stdout=out, stderr=err)
    assert "alpha: accounts.user.phone rotated=" in out.getvalue()
    assert "beta: accounts.user.phone rotated=" in out.getvalue()
    assert "0 unreadable" in out.getvalue() and not err.getvalue()
    assert _raw_phone("alpha", alpha_user.pk) != before

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        with schema_context("alpha"):
            assert User.objects.get(pk=alpha_user.pk).phone == "13900001111"
            assert find_user_by_identifier("13900001111") == alpha_user  # the blind index is unaffected
        with schema_context("beta"):
            assert User.objects.get(pk=beta_user.pk).phone == "13900002222"


def test_rotate_field_keys_reports_unreadable_values_and_leaves_them(tenant_a):
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]), schema_context("alpha"):
        user = User.objects.create_user(username=f"r-{uuid.uuid4().hex[:8]}", phone="13900003333")
    before = _raw_phone("alpha", user.pk)
    out, err = io.StringIO(), io.StringIO()
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):  # the old key was dropped too early
        call_command("rotate_field_keys", "--schema", "alpha", stdout=out, stderr=err)
    assert "unreadable" in err.getvalue()
    assert _raw_phone("alpha", user.pk) == before
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]), schema_context("alpha"):
        assert User.objects.get(pk=user.pk).phone == "13900003333"


def test_rotate_field_keys_dry_run_changes_nothing(tenant_a):
    with schema_context("alpha"):
        user = User.objects.create_user(username=f"r-{uuid.uuid4().hex[:8]}", phone="13900004444")
    before = _raw_phone("alpha", user.pk)
    out = io.StringIO()
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, *settings.FIELD_ENCRYPTION_KEYS]):
        call_command("rotate_field_keys", "--schema", "alpha", "--dry-run", stdout=out)
    assert "would rotate" in out.getvalue()
    assert _raw_phone("alpha", user.pk) == before


def test_rotate_field_keys_rejects_unknown_schema(tenant_a):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="unknown schema"):
        call_command("rotate_field_keys", "--schema", "nosuch", stdout=io.StringIO())
