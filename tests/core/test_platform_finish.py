"""Platform pieces of issue 19: the process warm-up (jieba and view modules at start, item 9),
the export stamp (item 5), the public footer, legal pages and favicon (items 7 and 9), and the
demo console login without enrolling an authenticator (item 10)."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def test_warmup_runs_only_in_server_processes(monkeypatch):
    from core.web import warmup

    monkeypatch.delenv("WARMUP", raising=False)
    assert warmup.is_server_process(["/srv/.venv/bin/gunicorn", "config.wsgi"])
    assert warmup.is_server_process(["/srv/.venv/bin/celery", "-A", "config", "worker"])
    assert warmup.is_server_process(["manage.py", "runserver"])
    assert not warmup.is_server_process(["manage.py", "migrate"])
    assert not warmup.is_server_process(["/usr/bin/pytest"])
    monkeypatch.setenv("WARMUP", "0")
    assert not warmup.is_server_process(["gunicorn"])


def test_warmup_loads_the_word_cut_dictionary():
    from core.web import warmup
    from tenant_apps.experts import search

    assert search.warm_up in warmup._warmups
    warmup.run_warmups()
    assert search._jieba.cache_info().currsize == 1


def test_stamp_refuses_personal_exports_without_reason_and_writes_the_file():
    from openpyxl import Workbook, load_workbook

    from core.errors import ApplicationError
    from core.importexport.stamp import export_reason_check, stamp_workbook

    with pytest.raises(ApplicationError) as refused:
        export_reason_check("  ", personal=True)
    assert refused.value.code == "export_reason_required"
    assert export_reason_check("", personal=False) == ""
    workbook = Workbook(write_only=True)
    workbook.create_sheet("名单").append(["姓名"])
    stamp_workbook(workbook, requester="王经办（wang）", title="名单", reason="会务联系")
    buffer = io.BytesIO()
    workbook.save(buffer)
    loaded = load_workbook(io.BytesIO(buffer.getvalue()))
    assert loaded.properties.creator == "王经办（wang）" and "会务联系" in loaded.properties.description
    assert "导出时间" in loaded.active.oddFooter.left.text and "个人信息" in loaded.active.oddHeader.center.text


def test_public_site_footer_legal_pages_and_favicon(db):
    client = Client(HTTP_HOST=settings.BASE_DOMAIN)
    page = client.get("/").content.decode()
    assert 'id="site-footer"' in page and settings.VENDOR_ICP_NUMBER in page and "beian.miit.gov.cn" in page
    assert "/legal/terms/" in page and "/legal/privacy/" in page and "favicon.svg" in page
    assert "隐私政策" in client.get("/legal/privacy/").content.decode()
    assert "用户协议" in client.get("/legal/terms/").content.decode()


def test_layouts_link_the_favicon(admin_client_a, client_a):
    assert "core/favicon.svg" in admin_client_a.get("/admin-ui/").content.decode()
    assert "core/favicon.svg" in client_a.get("/h5/no-such-page/").content.decode()


def test_demo_staff_signs_in_to_the_console_with_the_published_code(db):
    import pyotp
    from django.contrib.auth import get_user_model

    from shared_apps.provisioning.management.commands.seed_demo import (
        DEMO_STAFF_TOTP_SECRET,
        _staff_second_factor_ensure,
        _staff_user_ensure,
    )

    _staff_user_ensure(username="demo-staff-x", password="demo-staff-1")
    assert _staff_second_factor_ensure(username="demo-staff-x", secret=DEMO_STAFF_TOTP_SECRET)
    assert not _staff_second_factor_ensure(username="demo-staff-x", secret=DEMO_STAFF_TOTP_SECRET)  # idempotent
    console = Client(HTTP_HOST=f"console.{settings.BASE_DOMAIN}")
    response = console.post("/login/", {"username": "demo-staff-x", "password": "demo-staff-1"})
    assert response.status_code == 302 and response["Location"].startswith("/login/second-factor/")  # verify, not enrol
    response = console.post("/login/second-factor/", {"code": pyotp.TOTP(DEMO_STAFF_TOTP_SECRET).now()})
    assert response.status_code == 302
    assert console.get("/").status_code == 200
    assert get_user_model().objects.filter(username="demo-staff-x").exists()


def test_demo_totp_command_prints_the_code(capsys):
    from django.core.management import call_command

    from shared_apps.provisioning.management.commands.seed_demo import DEMO_STAFF_TOTP_SECRET

    call_command("demo_totp")
    out = capsys.readouterr().out
    assert "authenticator code:" in out and DEMO_STAFF_TOTP_SECRET in out


def test_signup_needs_consent_and_can_resend_the_mail(db, mailoutbox, django_capture_on_commit_callbacks):
    from shared_apps.provisioning.models import SignupRequest

    www = Client(HTTP_HOST=settings.BASE_DOMAIN)
    form = {"org_name": "同意测试学院", "type": "university", "slug": "consenttest", "admin_name": "李老师", "admin_email": "li@example.cn",
            "admin_phone": "13800138001", "password": "Good-pass-2026", "modules": ["employment"], "interval": "month", "plan": "trial",
            "submit_token": "consent-1"}
    page = www.get("/signup/").content.decode()
    assert 'name="agree"' in page and "/legal/privacy/" in page
    refused = www.post("/signup/", form)
    assert refused.status_code == 400 and "请阅读并同意" in refused.content.decode()
    assert not SignupRequest.objects.filter(slug="consenttest").exists()
    with django_capture_on_commit_callbacks(execute=True):
        accepted = www.post("/signup/", {**form, "agree": "1"})
    assert accepted.status_code == 302, accepted.content.decode()[:300]
    signup = SignupRequest.objects.get(slug="consenttest")
    assert len(mailoutbox) == 1
    from django.core.cache import cache

    cache.delete(f"signup:resend:{signup.pk}")
    resent = www.post(f"/signup/{signup.public_id}/resend/")
    assert resent.status_code == 200 and 'id="resent"' in resent.content.decode() and len(mailoutbox) == 2
    too_soon = www.post(f"/signup/{signup.public_id}/resend/")
    assert too_soon.status_code == 429 and len(mailoutbox) == 2


def test_favicon_ico_redirects_to_the_icon(client_a):
    for client in (client_a, Client(HTTP_HOST=settings.BASE_DOMAIN), Client(HTTP_HOST=f"console.{settings.BASE_DOMAIN}")):
        response = client.get("/favicon.ico")
        assert response.status_code == 301 and response["Location"].endswith("core/favicon.svg")
