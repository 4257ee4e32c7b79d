"""A local WeChat Pay v3 server per test and the tenant configured to use it."""

from __future__ import annotations

import pytest

from .fakepay import FakeWeChatPay, Merchant

_MERCHANT = None


def merchant_keys() -> Merchant:
    global _MERCHANT
    if _MERCHANT is None:
        _MERCHANT = Merchant()  # RSA key generation is slow: once per session
    return _MERCHANT


def configure(fake: FakeWeChatPay, actor=None):
    from tenant_apps.payments.services import merchant_settings_save

    return merchant_settings_save(actor=actor, data=fake.merchant_settings())


@pytest.fixture(params=["public_key"])
def fakepay(request, settings):
    with FakeWeChatPay(merchant_keys(), mode=request.param) as fake:
        settings.WECHAT_PAY_BASE_URL = fake.url
        yield fake


@pytest.fixture
def paying_tenant_a(in_tenant_a, fakepay):
    configure(fakepay)
    return fakepay


def post_notification(client, notification) -> int:
    """POST as WeChat Pay does; the test's own schema is restored afterwards."""
    from django.db import connection

    tenant = connection.tenant
    body, headers = notification
    try:
        return client.post("/api/v1/payments/notify/", data=body, content_type="application/json", **headers).status_code
    finally:
        connection.set_tenant(tenant)
