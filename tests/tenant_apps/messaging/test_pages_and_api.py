"""Back office, H5 and API: pages render, permissions are checked, tenants are isolated."""

from __future__ import annotations

import io

import pytest
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from tenant_apps.messaging import services
from tenant_apps.messaging.models import Letter, Message, MessageTemplate, OutboxEntry
from tenant_apps.messaging.recipients import Recipient
from tests.tenant_apps.messaging.conftest import run_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def beta_data(in_tenant_b, admin_b):
    with schema_context("beta"):
        message = services.message_send(actor=admin_b, subject="BETA-SECRET", body="b", channels=["sms"], recipients=[Recipient(name="贝塔", phone="13911110000")])
        run_message(message)
        template = services.template_save(actor=admin_b, data={"code": "beta-t", "name": "BETA-TEMPLATE", "subject": "s", "body": "b"})
        letter = Letter.objects.create(user=admin_b, title="BETA-LETTER", body="b")
        entry = OutboxEntry.objects.get(message=message)
        return {"message": message.pk, "template": template.pk, "letter": letter.pk, "outbox": entry.pk}


@pytest.fixture
def alpha_message(in_tenant_a, admin_a):
    message = services.message_send(actor=admin_a, subject="ALPHA-NOTICE", body="你好 {{ name }}", channels=["sms"], recipients=[Recipient(name="阿尔法", phone="13922220000")])
    run_message(message)
    return message


BACKOFFICE_PAGES = [
    "/admin-ui/messaging/messages/",
    "/admin-ui/messaging/compose/",
    "/admin-ui/messaging/templates/",
    "/admin-ui/messaging/templates/new/",
    "/admin-ui/messaging/outbox/",
    "/admin-ui/messaging/providers/",
    "/admin-ui/messaging/providers/new/",
]


def test_backoffice_pages_render_for_admin(admin_client_a, alpha_message):
    for url in BACKOFFICE_PAGES + [f"/admin-ui/messaging/messages/{alpha_message.pk}/"]:
        response = admin_client_a.get(url)
        assert response.status_code == 200, url
    detail = admin_client_a.get(f"/admin-ui/messaging/messages/{alpha_message.pk}/").content.decode()
    assert "ALPHA-NOTICE" in detail and "阿尔法" in detail and "未发送：未配置渠道" in detail
    assert "消息中心" in admin_client_a.get("/admin-ui/messaging/messages/").content.decode()


def test_list_polls_while_sending_and_htmx_gets_the_table(admin_client_a, admin_a, in_tenant_a):
    message = services.message_send(actor=admin_a, subject="RUNNING", body="b", channels=["sms"], recipients=[Recipient(phone="13933330000")])
    page = admin_client_a.get("/admin-ui/messaging/messages/").content.decode()
    assert 'hx-trigger="every 2s"' in page
    partial = admin_client_a.get("/admin-ui/messaging/messages/", HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="message-table"') and "RUNNING" in partial
    detail = admin_client_a.get(f"/admin-ui/messaging/messages/{message.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert detail.lstrip().startswith('<div id="message-progress"') and 'hx-trigger="every 2s"' in detail
    run_message(message)
    assert 'hx-trigger="every 2s"' not in admin_client_a.get(f"/admin-ui/messaging/messages/{message.pk}/").content.decode()


def test_compose_sends_to_an_audience(admin_client_a, in_tenant_a):
    response = admin_client_a.post("/admin-ui/messaging/compose/", {"subject": "COMPOSED", "body": "内容", "channel_1": "letter", "channel_2": "sms", "kind": "staff"})
    assert response.status_code == 302, response.content.decode()[:2000]
    with schema_context("alpha"):
        message = Message.objects.get(subject="COMPOSED")
    assert message.channels == ["letter", "sms"] and message.audience == {"resolver": "accounts.users", "filters": {"kind": "staff"}}


def test_export_xlsx_asks_for_a_reason_masks_and_audits(admin_client_a, client_a, staff_a, alpha_message):
    """The delivery log goes through the export engine (issue 19): the reason dialog, the file
    stamped with requester, time and reason, addresses masked without the reveal right, audited."""
    from core.models import AuditEvent

    url = f"/admin-ui/messaging/messages/{alpha_message.pk}/export/"
    page = admin_client_a.get(url, {"status": "not_sent"}).content.decode()
    assert 'id="export-reason"' in page and 'id="export-submit"' in page and 'name="status" value="not_sent"' in page
    refused = admin_client_a.post(url, {"reason": ""})
    assert refused.status_code == 400 and "导出事由" in refused.content.decode()
    response = admin_client_a.post(url, {"reason": "核对短信发送结果", "status": "not_sent"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "姓名" and rows[1][0] == "阿尔法" and rows[1][3] == "未发送：未配置渠道"
    assert "13922220000" in str(rows)  # the superuser may see full personal data
    assert "核对短信发送结果" in workbook.properties.description and workbook.properties.keywords == "个人信息"
    with schema_context("alpha"):
        event = AuditEvent.objects.filter(action="messaging.deliveries_export").latest("id")
        from django.contrib.auth.models import Permission

        staff_a.user_permissions.add(Permission.objects.get(codename="view_message", content_type__app_label="messaging"))
    assert event.after["reason"] == "核对短信发送结果" and event.after["filters"] == {"message": str(alpha_message.pk), "status": "not_sent"}
    masked = client_a.login_as(staff_a).post(url, {"reason": "核对短信发送结果"})
    rows = list(load_workbook(io.BytesIO(masked.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "阿尔法" and "13922220000" not in str(rows)  # masked for a role without the reveal right


def test_template_pages_preview_and_test_send(admin_client_a, in_tenant_a):
    response = admin_client_a.post("/admin-ui/messaging/templates/new/", {"code": "notice", "name": "通知", "subject": "{{ name }}的通知", "body": "正文", "is_active": "on"})
    assert response.status_code == 302
    with schema_context("alpha"):
        template = MessageTemplate.objects.get(code="notice")
    preview = admin_client_a.post("/admin-ui/messaging/templates/preview/", {"subject": "{{ name }}的通知", "body": "x"}).content.decode()
    assert "的通知" in preview and "{{" not in preview
    response = admin_client_a.post(f"/admin-ui/messaging/templates/{template.pk}/test-send/", {"channels": ["letter"]})
    assert response.status_code == 302
    with schema_context("alpha"):
        message = Message.objects.get(source="template_test")
        run_message(message)
        assert Letter.objects.filter(message=message).count() == 1
    assert admin_client_a.post(f"/admin-ui/messaging/templates/{template.pk}/delete/").status_code == 302
    with schema_context("alpha"):
        assert not MessageTemplate.objects.filter(pk=template.pk).exists()


def test_cancel_page(admin_client_a, admin_a, in_tenant_a):
    from django.utils import timezone

    message = services.message_send(actor=admin_a, subject="LATER", body="b", channels=["sms"], recipients=[Recipient(phone="13944440000")], send_at=timezone.now() + timezone.timedelta(days=1))
    assert admin_client_a.post(f"/admin-ui/messaging/messages/{message.pk}/cancel/").status_code == 302
    with schema_context("alpha"):
        message.refresh_from_db()
    assert message.status == "cancelled"


def test_provider_settings_keep_secrets_encrypted_and_hidden(admin_client_a, in_tenant_a):
    response = admin_client_a.post("/admin-ui/messaging/providers/new/", {"channel": "sms", "provider": "aliyun_sms", "options": '{"sign_name": "测试"}', "secrets": '{"access_key_secret": "TOP-SECRET"}', "is_active": "on"})
    assert response.status_code == 302
    from django.db import connection

    from tenant_apps.messaging.models import ProviderConfig

    with schema_context("alpha"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT secrets FROM messaging_providerconfig")
            assert all("TOP-SECRET" not in row[0] for row in cursor.fetchall())
        config = ProviderConfig.objects.get(channel="sms", is_active=True)
    assert "TOP-SECRET" not in admin_client_a.get(f"/admin-ui/messaging/providers/{config.pk}/").content.decode()
    assert config.secret_values == {"access_key_secret": "TOP-SECRET"}


def test_staff_without_permission_gets_403(client_a, staff_a, alpha_message):
    client_a.login_as(staff_a)
    for url in BACKOFFICE_PAGES + [f"/admin-ui/messaging/messages/{alpha_message.pk}/", f"/admin-ui/messaging/messages/{alpha_message.pk}/export/"]:
        assert client_a.get(url).status_code == 403, url
    assert client_a.post(f"/admin-ui/messaging/messages/{alpha_message.pk}/cancel/").status_code == 403
    for url in ["/api/v1/messaging/messages/", f"/api/v1/messaging/messages/{alpha_message.pk}/", f"/api/v1/messaging/messages/{alpha_message.pk}/deliveries/", "/api/v1/messaging/templates/", "/api/v1/messaging/outbox/"]:
        assert client_a.get(url).status_code == 403, url
    assert client_a.post("/api/v1/messaging/messages/", {"subject": "x", "body": "y", "channels": ["sms"]}, content_type="application/json").status_code == 403
    assert client_a.get("/api/v1/messaging/letters/").status_code == 200  # own letters only


def test_alpha_cannot_see_beta_pages(admin_client_a, beta_data):
    assert admin_client_a.get(f"/admin-ui/messaging/messages/{beta_data['message']}/").status_code == 404
    assert admin_client_a.get(f"/admin-ui/messaging/messages/{beta_data['message']}/export/").status_code == 404
    assert admin_client_a.post(f"/admin-ui/messaging/messages/{beta_data['message']}/export/", {"reason": "核对发送结果"}).status_code == 404
    assert admin_client_a.post(f"/admin-ui/messaging/messages/{beta_data['message']}/cancel/").status_code == 404
    assert admin_client_a.get(f"/admin-ui/messaging/templates/{beta_data['template']}/").status_code == 404
    assert admin_client_a.get(f"/admin-ui/messaging/outbox/{beta_data['outbox']}/").status_code == 404
    for url in ["/admin-ui/messaging/messages/", "/admin-ui/messaging/templates/", "/admin-ui/messaging/outbox/"]:
        page = admin_client_a.get(url).content.decode()
        assert "BETA" not in page and "贝塔" not in page, url
    assert admin_client_a.get(f"/h5/messages/{beta_data['letter']}/").status_code == 404


def test_alpha_cannot_see_beta_via_api(admin_client_a, beta_data):
    for url in [f"/api/v1/messaging/messages/{beta_data['message']}/", f"/api/v1/messaging/messages/{beta_data['message']}/deliveries/", f"/api/v1/messaging/templates/{beta_data['template']}/"]:
        assert admin_client_a.get(url).status_code == 404, url
    assert admin_client_a.post(f"/api/v1/messaging/messages/{beta_data['message']}/cancel/").status_code == 404
    assert admin_client_a.post(f"/api/v1/messaging/letters/{beta_data['letter']}/read/").status_code == 404
    for url in ["/api/v1/messaging/messages/", "/api/v1/messaging/templates/", "/api/v1/messaging/outbox/", "/api/v1/messaging/letters/"]:
        body = admin_client_a.get(url).content.decode()
        assert "BETA" not in body and "贝塔" not in body, url


def test_api_send_and_follow_progress(admin_client_a, in_tenant_a):
    response = admin_client_a.post(
        "/api/v1/messaging/messages/",
        {"subject": "API", "body": "b", "channels": ["email", "sms"], "recipients": [{"name": "甲", "phone": "13955550000"}]},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    with schema_context("alpha"):
        message = Message.objects.get(pk=response.json()["id"])
    run_message(message)
    data = admin_client_a.get(f"/api/v1/messaging/messages/{message.pk}/").json()
    assert (data["status"], data["total"], data["succeeded"], data["failed"], data["progress"]) == ("completed", 1, 0, 1, 100)
    deliveries = admin_client_a.get(f"/api/v1/messaging/messages/{message.pk}/deliveries/").json()["results"]
    assert deliveries[0]["channel"] == "sms" and deliveries[0]["address"] != "13955550000"
    bad = admin_client_a.post("/api/v1/messaging/messages/", {"subject": "x", "body": "y", "channels": ["sms"]}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["code"] == "no_audience"


def test_api_templates_crud(admin_client_a, in_tenant_a):
    created = admin_client_a.post("/api/v1/messaging/templates/", {"code": "api-t", "name": "API 模板", "subject": "s", "body": "b"}, content_type="application/json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    duplicate = admin_client_a.post("/api/v1/messaging/templates/", {"code": "api-t", "name": "重复", "subject": "s", "body": "b"}, content_type="application/json")
    assert duplicate.status_code == 400 and duplicate.json()["code"] == "validation_error"
    assert admin_client_a.patch(f"/api/v1/messaging/templates/{pk}/", {"name": "改名"}, content_type="application/json").json()["name"] == "改名"
    assert admin_client_a.delete(f"/api/v1/messaging/templates/{pk}/").status_code == 204


def test_h5_message_centre_lists_own_letters(client_a, admin_a, staff_a, in_tenant_a):
    services.letter_send(recipient_user_ids=[staff_a.pk], title="给老师的信", body="内容", link="/h5/")
    services.letter_send(recipient_user_ids=[admin_a.pk], title="给管理员的信", body="内容")
    client_a.login_as(staff_a)
    page = client_a.get("/h5/messages/").content.decode()
    assert "给老师的信" in page and "给管理员的信" not in page and "letter-unread" in page
    with schema_context("alpha"):
        letter = Letter.objects.get(title="给老师的信")
        other = Letter.objects.get(title="给管理员的信")
    assert "内容" in client_a.get(f"/h5/messages/{letter.pk}/").content.decode()
    with schema_context("alpha"):
        letter.refresh_from_db()
    assert letter.is_read
    assert client_a.get(f"/h5/messages/{other.pk}/").status_code == 404
    assert client_a.post("/h5/messages/read-all/").status_code == 302


def test_h5_requires_login(client_a):
    response = client_a.get("/h5/messages/")
    assert response.status_code == 302 and "/h5/login/" in response["Location"]
