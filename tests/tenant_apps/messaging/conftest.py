from __future__ import annotations

import uuid

import pytest

from tests.tenant_apps.messaging.fakes import FakeHTTPProvider, aliyun_handler


def run_message(message, schema: str = "") -> None:
    """Run a message through the engine in this process (what the worker tasks do)."""
    from django.db import connection
    from django_tenants.utils import schema_context

    from tenant_apps.messaging import services

    schema = schema or (connection.schema_name if connection.schema_name != "public" else "alpha")
    with schema_context(schema):
        for first_id, last_id in services.message_start_sending(message_id=message.pk):
            services.delivery_batch_send(message_id=message.pk, first_id=first_id, last_id=last_id)
        message.refresh_from_db()


def unique_phone() -> str:
    return "139" + str(uuid.uuid4().int)[:8]


@pytest.fixture
def staff_a(in_tenant_a):
    from tenant_apps.accounts.models import User

    return User.objects.create_user(username=f"staff-{uuid.uuid4().hex[:6]}", password="pw-12345678", kind="staff", display_name="无权限老师")


@pytest.fixture
def fake_aliyun_sms():
    server = FakeHTTPProvider(aliyun_handler(access_key_id="test-key", secret="test-secret", action="SendSms", id_field="BizId", fail_phones={"13000000000": "isv.MOBILE_NUMBER_ILLEGAL", "13000000001": "isv.BUSINESS_LIMIT_CONTROL"})).start()
    yield server
    server.stop()


@pytest.fixture
def aliyun_sms_config(in_tenant_a, admin_a, fake_aliyun_sms):
    from tenant_apps.messaging import services

    return services.provider_config_save(
        actor=admin_a, channel="sms", provider="aliyun_sms",
        options={"endpoint": fake_aliyun_sms.url, "sign_name": "测试大学", "template_code": "SMS_1", "rate_per_second": 0},
        secrets_update={"access_key_id": "test-key", "access_key_secret": "test-secret"},
    )
