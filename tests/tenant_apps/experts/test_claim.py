"""Experts the bureau added or imported can get in (issue 19, item 6): the registration link asks
for a code sent to the phone on record, and the expert claims that record instead of being told
the phone is taken; the H5 greets them by name afterwards (item 3)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from tests.tenant_apps.experts.conftest import make_expert
from tests.tenant_apps.experts.test_api_expert import API, JSON, latest_code

pytestmark = pytest.mark.django_db


def test_imported_expert_claims_the_record_by_phone_code(client_bureau, tenant_bureau):
    from tenant_apps.experts.models import Expert
    from tenant_apps.experts.selectors import library_settings

    with schema_context("bureau"):
        imported = make_expert(name="导入专家", phone="13600002222", email="imported@example.com")
        assert imported.user_id is None
        settings_row = library_settings()
        settings_row.registration_open = False  # even with self-service registration closed
        settings_row.save()
    sent = client_bureau.post(API + "registration/code/", {"target": "13600002222"}, **JSON)
    assert sent.status_code == 200, sent.json()
    started = client_bureau.post(API + "registration/start/", {"target": "13600002222", "code": latest_code("13600002222")}, **JSON)
    assert started.status_code == 200, started.json()
    with schema_context("bureau"):
        expert = Expert.objects.get(pk=imported.pk)
        assert expert.user_id is not None and expert.status == "approved"  # the same record, now with an account
        assert expert.user.display_name == "导入专家" and expert.user.email == "imported@example.com"
        assert Expert.objects.filter(phone_hash=expert.phone_hash).count() == 1
        from core.models import AuditEvent

        assert AuditEvent.objects.filter(action="experts.expert.claim", object_id=str(expert.pk)).exists()


def test_unknown_phone_with_registration_closed_is_refused(client_bureau):
    from tenant_apps.experts.selectors import library_settings

    with schema_context("bureau"):
        settings_row = library_settings()
        settings_row.registration_open = False
        settings_row.save()
    refused = client_bureau.post(API + "registration/code/", {"target": "13600003333"}, **JSON)
    assert refused.status_code == 400 and refused.json()["code"] == "expert_registration_closed"


def test_join_page_offers_the_phone_code_login(client_bureau):
    page = client_bureau.get(reverse("h5:experts:join")).content.decode()
    assert "验证码" in page


def test_h5_login_offers_experts_the_phone_code_login(client_bureau, client_a):
    """Issue 19 item 6: a bureau's H5 login asks for a phone or user name (no 学号) and links to
    the experts' phone-code login, where imported experts claim their account."""
    page = client_bureau.get("/h5/login/").content.decode()
    assert "/h5/experts/join/" in page and "手机验证码登录" in page
    assert "手机号 / 用户名" in page and "学号" not in page
    university = client_a.get("/h5/login/").content.decode()
    assert "手机号 / 学号 / 用户名" in university
