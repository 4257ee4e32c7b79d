"""Messaging providers in the API (P19): secrets write-only (only their key names come back),
a blank secret keeps the stored one, the same refusals as the page (no endpoint of the tenant's
choosing), permission per method and tenant isolation."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from tenant_apps.messaging.models import ProviderConfig
from tests.tenant_apps.accounts.test_users_factories import make_staff

pytestmark = pytest.mark.django_db

URL = "/api/v1/messaging/providers/"
SMS = {"channel": "sms", "provider": "aliyun_sms", "options": {"sign_name": "阿尔法大学", "template_code": "SMS_1"},
       "secrets": {"access_key_id": "LTAI-key-id", "access_key_secret": "very-secret-value-123"}}


def test_create_read_update_without_returning_secrets(admin_client_a):
    created = admin_client_a.post(URL, SMS, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert "secrets" not in body and body["secret_keys"] == ["access_key_id", "access_key_secret"]
    assert "very-secret-value-123" not in created.content.decode() and body["channel_label"] == "短信"
    pk = body["id"]
    listed = admin_client_a.get(URL).json()
    assert [row["id"] for row in listed["results"]] == [pk] and "very-secret" not in str(listed)
    changed = admin_client_a.patch(f"{URL}{pk}/", {"options": {"sign_name": "新签名", "template_code": "SMS_2"}, "secrets": {"access_key_secret": ""}},
                                   content_type="application/json")
    assert changed.status_code == 200 and changed.json()["options"]["sign_name"] == "新签名"
    with schema_context("alpha"):
        config = ProviderConfig.objects.get(pk=pk)
        assert config.secret_values == SMS["secrets"]  # blank kept the stored secret
    assert admin_client_a.get(f"{URL}{pk}/").json()["provider"] == "aliyun_sms"


def test_same_refusals_as_the_page(admin_client_a, settings):
    settings.MESSAGING_TENANT_ENDPOINTS_ALLOWED = False  # as in production (test settings allow the local fakes)
    settings.MESSAGING_SMTP_ALLOWED_HOSTS = []
    endpoint = admin_client_a.post(URL, {**SMS, "options": {"endpoint": "http://169.254.169.254/latest/meta-data/"}}, content_type="application/json")
    assert endpoint.status_code == 400 and endpoint.json()["code"] == "endpoint_not_allowed"
    smtp = admin_client_a.post(URL, {"channel": "email", "provider": "smtp", "options": {"host": "169.254.169.254", "port": 25}}, content_type="application/json")
    assert smtp.status_code == 400
    unknown = admin_client_a.post(URL, {"channel": "sms", "provider": "nope"}, content_type="application/json")
    assert unknown.status_code == 400


def test_permission_per_method(client_a, admin_client_a):
    pk = admin_client_a.post(URL, SMS, content_type="application/json").json()["id"]
    client_a.login_as(make_staff("alpha"))
    assert client_a.get(URL).status_code == 403 and client_a.get(f"{URL}{pk}/").status_code == 403
    client_a.login_as(make_staff("alpha", "messaging.view_providerconfig"))
    assert client_a.get(URL).status_code == 200
    assert client_a.post(URL, SMS, content_type="application/json").status_code == 403
    assert client_a.patch(f"{URL}{pk}/", {"is_active": False}, content_type="application/json").status_code == 403


def test_other_tenant_gets_404(admin_client_a, admin_client_b):
    pk = admin_client_a.post(URL, SMS, content_type="application/json").json()["id"]
    with schema_context("beta"):
        ProviderConfig.objects.filter(pk=pk).delete()
    assert admin_client_b.get(f"{URL}{pk}/").status_code == 404
    assert admin_client_b.patch(f"{URL}{pk}/", {"is_active": False}, content_type="application/json").status_code == 404
    assert admin_client_b.get(URL).json()["count"] == 0
