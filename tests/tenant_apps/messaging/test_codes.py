"""Verification codes: 6 digits, hashed, 5 minutes, 5 attempts, per-target and per-IP limits."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from core.context import client_ip_var
from core.errors import ApplicationError
from tenant_apps.messaging import services
from tenant_apps.messaging.models import OutboxEntry, VerificationCode
from tests.tenant_apps.messaging.conftest import unique_phone

pytestmark = pytest.mark.django_db


def _last_code() -> str:
    body = OutboxEntry.objects.filter(out_id__startswith="c").latest("pk").body
    return re.search(r"\d{6}", body).group(0)


def test_code_sent_hashed_and_verified_once(in_tenant_a):
    phone = unique_phone()
    services.verification_code_send(target=phone, channel="sms", purpose="bind")
    code = _last_code()
    record = VerificationCode.objects.latest("pk")
    assert code not in record.code_hash and phone not in record.target_hash
    assert services.verification_code_verify(target=phone, purpose="login", code=code) is False  # other purpose
    assert services.verification_code_verify(target=phone, purpose="bind", code=code) is True
    assert services.verification_code_verify(target=phone, purpose="bind", code=code) is False  # used up


def test_code_expires(in_tenant_a):
    phone = unique_phone()
    services.verification_code_send(target=phone, channel="sms", purpose="login")
    code = _last_code()
    VerificationCode.objects.filter(pk=VerificationCode.objects.latest("pk").pk).update(expires_at=timezone.now())
    assert services.verification_code_verify(target=phone, purpose="login", code=code) is False


def test_five_wrong_attempts_burn_the_code(in_tenant_a):
    phone = unique_phone()
    services.verification_code_send(target=phone, channel="sms", purpose="login")
    code = _last_code()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        assert services.verification_code_verify(target=phone, purpose="login", code=wrong) is False
    assert services.verification_code_verify(target=phone, purpose="login", code=code) is False


def test_per_target_limit_one_a_minute(in_tenant_a):
    email = f"{unique_phone()}@example.cn"
    services.verification_code_send(target=email, channel="email", purpose="reset_password")
    assert OutboxEntry.objects.filter(out_id__startswith="c").latest("pk").channel == "email"
    with pytest.raises(ApplicationError) as exc:
        services.verification_code_send(target=email.upper(), channel="email", purpose="reset_password")
    assert exc.value.code == "rate_limited" and "频繁" in exc.value.message


def test_per_ip_limit(in_tenant_a):
    import random

    token = client_ip_var.set(f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}")
    try:
        for _ in range(services.IP_LIMITS[0][1]):
            services.verification_code_send(target=unique_phone(), channel="sms", purpose="login")
        with pytest.raises(ApplicationError) as exc:
            services.verification_code_send(target=unique_phone(), channel="sms", purpose="login")
        assert exc.value.code == "rate_limited"
    finally:
        client_ip_var.reset(token)


def test_only_sms_or_email(in_tenant_a):
    with pytest.raises(ApplicationError):
        services.verification_code_send(target=unique_phone(), channel="wechat", purpose="login")
