"""Mass e-mail and SMS: quota refusal, consent and opt-out wording, birthday greetings (never the
deceased or opted-out, once a day), unsubscribe honoured, opens, Excel upload report, pages, API,
permissions and isolation."""

from __future__ import annotations

import datetime
import io
import re

import openpyxl
import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from core.crypto import blind_index
from core.errors import ApplicationError
from tenant_apps.alumni.outreach import selectors, services
from tenant_apps.alumni.outreach.models import BirthdayRun, EmailOpen, SmsQuota, Unsubscribe
from tenant_apps.messaging.enums import DeliveryStatus
from tenant_apps.messaging.models import Delivery, OutboxEntry
from tests.conftest import TenantClient
from tests.tenant_apps.alumni_activities.conftest import make_user
from tests.tenant_apps.alumni_outreach.conftest import (
    make_campaign,
    make_record,
    phone,
    run_campaign,
)
from tests.tenant_apps.messaging.fakes import FakeSMTPServer

pytestmark = pytest.mark.django_db


def test_sms_segments_70_then_67():
    assert selectors.sms_segments("字" * 70) == 1
    assert selectors.sms_segments("字" * 71) == 2
    assert selectors.sms_segments("字" * 134) == 2
    assert selectors.sms_segments("字" * 135) == 3
    assert selectors.sms_text_as_sent("祝您生日快乐", is_marketing=True).endswith("拒收请回复R")
    assert selectors.sms_text_as_sent("明天停水", is_marketing=False) == "明天停水"


def test_sms_refused_past_the_yearly_quota(in_tenant_a, admin_a):
    for _ in range(3):
        make_record(class_year=1981)
    services.sms_quota_update(actor=admin_a, limit=5)
    campaign = make_campaign(admin_a, channel="sms", class_year=1981, body="字" * 80)  # 2 segments x 3 people = 6 > 5
    with pytest.raises(ApplicationError) as exc:
        services.campaign_send(actor=admin_a, campaign=campaign)
    assert exc.value.code == "sms_quota_exceeded"
    quota = SmsQuota.objects.get(year=timezone.localdate().year)
    assert quota.used == 0
    campaign.refresh_from_db()
    assert campaign.status == "draft" and campaign.message_id is None
    services.sms_quota_update(actor=admin_a, limit=6)
    services.campaign_send(actor=admin_a, campaign=campaign)
    quota.refresh_from_db()
    assert quota.used == 6 and quota.balance == 0


def test_marketing_sms_consent_and_opt_out_wording(in_tenant_a, admin_a):
    keep = make_record(class_year=1982, name="愿意收")
    make_record(class_year=1982, name="拒收者", contact_opt_out=True)
    make_record(class_year=1982, name="已故者", is_deceased=True)
    unsubscribed = make_record(class_year=1982, name="回复R者")
    Unsubscribe.objects.create(channel="sms", address_hash=blind_index(unsubscribed.phone))
    campaign = make_campaign(admin_a, channel="sms", class_year=1982, body="{{ name }}校友，周六联谊会见！")
    count = selectors.recipient_count(campaign)
    assert (count.sendable, count.opted_out, count.deceased) == (1, 2, 1)
    services.campaign_send(actor=admin_a, campaign=campaign)
    run_campaign(campaign)
    bodies = list(OutboxEntry.objects.filter(channel="sms", body__contains="周六联谊会").values_list("body", flat=True))
    assert bodies == ["愿意收校友，周六联谊会见！ 拒收请回复R"]
    assert keep.name in bodies[0]


def _birthday_setup(admin_a, today):
    services.birthday_setting_save(actor=admin_a, is_enabled=True, text="{{ name }}校友，生日快乐！")
    born = today.replace(year=1985)
    alive = make_record(name="寿星", birth_date=born)
    make_record(name="已故寿星", birth_date=born, is_deceased=True)
    make_record(name="拒收寿星", birth_date=born, contact_opt_out=True)
    make_record(name="别日寿星", birth_date=born + datetime.timedelta(days=1))
    return alive


def test_birthday_greetings_never_to_deceased_or_opted_out_and_once_a_day(in_tenant_a, admin_a):
    today = datetime.date(2026, 6, 15)
    _birthday_setup(admin_a, today)
    run = services.birthday_greetings_send(day=today)
    assert run is not None and run.recipient_count == 1
    assert services.birthday_greetings_send(day=today) is None  # the job again the same day
    assert BirthdayRun.objects.filter(date=today).count() == 1
    run_campaign(run.campaign)
    bodies = list(OutboxEntry.objects.filter(channel="sms", body__contains="生日快乐").values_list("body", flat=True))
    assert bodies == ["寿星校友，生日快乐！ 拒收请回复R"]  # filed as marketing: the opt-out wording
    assert run.campaign.kind == "birthday" and run.campaign.sms_units == 1


def test_birthday_on_29_february_greeted_on_28th_in_common_years(in_tenant_a, admin_a):
    services.birthday_setting_save(actor=admin_a, is_enabled=True, text="生日快乐")
    leap = make_record(name="闰日寿星", birth_date=datetime.date(1988, 2, 29))
    assert leap.pk in services.birthday_record_ids(datetime.date(2027, 2, 28))
    assert leap.pk not in services.birthday_record_ids(datetime.date(2028, 2, 28))


def test_birthday_refused_by_quota_is_recorded(in_tenant_a, admin_a):
    today = datetime.date(2026, 7, 1)
    _birthday_setup(admin_a, today)
    services.sms_quota_update(actor=admin_a, limit=0)
    run = services.birthday_greetings_send(day=today)
    assert "额度不足" in run.note and run.campaign.status == "draft"


def _smtp(admin_a, smtp):
    from tenant_apps.messaging.services import provider_config_save

    provider_config_save(actor=admin_a, channel="email", provider="smtp", options={"host": "127.0.0.1", "port": smtp.port, "from_email": "xyh@alpha.example.cn"},
                         secrets_update={})


def test_mail_html_unsubscribe_honoured_and_opens_logged(in_tenant_a, admin_a, client_a):
    first = make_record(class_year=1983, name="甲")
    make_record(class_year=1983, name="乙<b>")
    smtp = FakeSMTPServer().start()
    try:
        _smtp(admin_a, smtp)
        campaign = make_campaign(admin_a, class_year=1983, body='<p>{{ name }}校友：</p><script>alert(1)</script><p onclick="x()">返校日见</p>')
        assert "<script" not in campaign.body and "onclick" not in campaign.body
        services.campaign_send(actor=admin_a, campaign=campaign)
        run_campaign(campaign)
        assert len(smtp.messages) == 2
        mail = next(m for m in smtp.messages if m.rcpt_tos[0] == first.email).content.decode()
        assert "text/html" in mail and "List-Unsubscribe" in mail
        flat = re.sub(r"=\r?\n", "", mail).replace("=3D", "=")
        unsubscribe = re.search(r"/h5/alumni/outreach/unsubscribe/([^/\"<>\s]+)/", flat).group(0)
        pixel = re.search(r"/h5/alumni/outreach/open/([^/\"<>\s]+)/", flat).group(0)
        # the pixel: opened shows in the log
        assert client_a.get(pixel).status_code == 200
        assert client_a.get(pixel)["Content-Type"] == "image/gif"
        with schema_context("alpha"):
            assert EmailOpen.objects.get(campaign=campaign).open_count == 2
            log = selectors.attach_opens(campaign, selectors.campaign_log(campaign))
            assert sorted((d.recipient_name, d.status, d.opened_at is not None) for d in log) == [("乙<b>", "succeeded", False), ("甲", "succeeded", True)]
        # the unsubscribe link: a page, then the confirmation
        assert "确认退订" in client_a.get(unsubscribe).content.decode()
        assert "已退订" in client_a.post(unsubscribe).content.decode()
        assert client_a.get(unsubscribe[:-3] + "xx/").status_code == 404  # tampered
        # the next mass mail to the same list leaves that address out
        smtp.messages.clear()
        with schema_context("alpha"):
            again = make_campaign(admin_a, class_year=1983, title="第二封")
            assert selectors.recipient_count(again).opted_out == 1
            services.campaign_send(actor=admin_a, campaign=again)
            run_campaign(again)
            skipped = Delivery.objects.get(message_id=again.message_id, recipient_name="甲")
            assert skipped.status == DeliveryStatus.SKIPPED
        assert first.email not in [m.rcpt_tos[0] for m in smtp.messages] and len(smtp.messages) == 1
    finally:
        smtp.stop()


def test_unsubscribe_link_of_one_school_does_nothing_at_another(tenant_a, tenant_b, client_b):
    with schema_context("alpha"):
        token = services.unsubscribe_token(channel="email", address="x@example.cn", campaign_id=None)
    assert client_b.post(f"/h5/alumni/outreach/unsubscribe/{token}/").status_code == 404
    with schema_context("beta"):
        assert not Unsubscribe.objects.exists()


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_excel_upload_reports_rejected_rows_and_marks_the_deceased(in_tenant_a, admin_a):
    dead = make_record(name="已故上传", is_deceased=True, phone=phone(4242))
    campaign = make_campaign(admin_a, channel="sms", body="通知：明天返校")
    content = _xlsx([["姓名", "手机号"], ["甲", "13700000001"], ["乙", "12345"], ["丙", ""], ["甲2", "13700000001"], ["丁", dead.phone]])
    report = services.campaign_upload_recipients(actor=admin_a, campaign=campaign, content=content)
    assert report["accepted"] == 2
    assert report["rejected"] == [{"row": 3, "reason": "手机号格式错误"}, {"row": 4, "reason": "缺少手机号"}, {"row": 5, "reason": "与前面的行重复"}]
    campaign.refresh_from_db()
    count = selectors.recipient_count(campaign)
    assert (campaign.source_kind, count.sendable, count.deceased) == ("upload", 1, 1)
    with pytest.raises(ApplicationError):
        services.campaign_upload_recipients(actor=admin_a, campaign=campaign, content=b"not excel")


def test_backoffice_pages_show_the_quota(tenant_a, admin_client_a, admin_a):
    with schema_context("alpha"):
        make_record(class_year=1984)
        campaign = make_campaign(admin_a, class_year=1984)
        sms = make_campaign(admin_a, channel="sms", class_year=1984)
        template = services.template_save(actor=admin_a, data={"channel": "email", "name": "模板一", "subject": "标题", "body": "<p>x</p>", "layout": "greeting"})
    urls = ["/admin-ui/alumni/outreach/", "/admin-ui/alumni/outreach/sms/", "/admin-ui/alumni/outreach/new/email/", "/admin-ui/alumni/outreach/new/sms/",
            f"/admin-ui/alumni/outreach/{campaign.pk}/", f"/admin-ui/alumni/outreach/{campaign.pk}/edit/", f"/admin-ui/alumni/outreach/{campaign.pk}/log/",
            f"/admin-ui/alumni/outreach/{sms.pk}/", "/admin-ui/alumni/outreach/templates/", "/admin-ui/alumni/outreach/templates/gallery/",
            "/admin-ui/alumni/outreach/templates/new/", f"/admin-ui/alumni/outreach/templates/{template.pk}/", "/admin-ui/alumni/outreach/quota/",
            "/admin-ui/alumni/outreach/birthday/"]
    for url in urls:
        response = admin_client_a.get(url)
        assert response.status_code == 200, url
        assert "短信额度" in response.content.decode(), url
    count = admin_client_a.get(f"/admin-ui/alumni/outreach/{sms.pk}/count/").content.decode()
    assert "人将收到" in count and "预计占用短信" in count
    created = admin_client_a.post("/admin-ui/alumni/outreach/new/email/", {"title": "页面新建", "body": "<p>你好</p>", "layout": "plain", "source_kind": "records",
                                                                         "class_year": "1984"})
    assert created.status_code == 302
    sent = admin_client_a.post(f"/admin-ui/alumni/outreach/{campaign.pk}/", {"action": "send"})
    assert sent.status_code == 302
    with schema_context("alpha"):
        campaign.refresh_from_db()
        assert campaign.status == "sending" and campaign.recipient_count == 1
    assert "查看发送记录" in admin_client_a.get(f"/admin-ui/alumni/outreach/{campaign.pk}/progress/").content.decode()


def test_permissions(tenant_a):
    with schema_context("alpha"):
        campaign = make_campaign()
        nobody = make_user(kind="staff")
        viewer = make_user(kind="staff", perms=("alumni_outreach.view_campaign",))
    client = TenantClient(tenant_a).login_as(nobody)
    assert client.get("/admin-ui/alumni/outreach/").status_code == 403
    assert client.get("/api/v1/alumni/outreach/campaigns/").status_code == 403
    assert client.get("/api/v1/alumni/outreach/sms-quota/").status_code == 403
    viewer_client = TenantClient(tenant_a).login_as(viewer)
    assert viewer_client.get(f"/admin-ui/alumni/outreach/{campaign.pk}/").status_code == 200
    assert viewer_client.post(f"/admin-ui/alumni/outreach/{campaign.pk}/", {"action": "send"}).status_code == 403
    assert viewer_client.post(f"/api/v1/alumni/outreach/campaigns/{campaign.pk}/send/").status_code == 403
    assert viewer_client.put("/api/v1/alumni/outreach/sms-quota/", {"limit": 1}, content_type="application/json").status_code == 403
    assert viewer_client.get("/admin-ui/alumni/outreach/birthday/").status_code == 403


def test_isolation(tenant_a, admin_client_b):
    with schema_context("alpha"):
        campaign = make_campaign()
        template = services.template_save(actor=None, data={"channel": "sms", "name": "甲校模板", "body": "你好"})
    for url in [f"/admin-ui/alumni/outreach/{campaign.pk}/", f"/admin-ui/alumni/outreach/{campaign.pk}/log/", f"/admin-ui/alumni/outreach/templates/{template.pk}/",
                f"/api/v1/alumni/outreach/campaigns/{campaign.pk}/", f"/api/v1/alumni/outreach/campaigns/{campaign.pk}/log/",
                f"/api/v1/alumni/outreach/templates/{template.pk}/"]:
        assert admin_client_b.get(url).status_code == 404, url
    assert admin_client_b.post(f"/api/v1/alumni/outreach/campaigns/{campaign.pk}/send/").status_code == 404
    listed = admin_client_b.get("/api/v1/alumni/outreach/campaigns/").json()
    assert all(row["id"] != campaign.pk or row["title"] != campaign.title for row in listed["results"])


def test_api_flow(tenant_a, admin_client_a):
    with schema_context("alpha"):
        make_record(class_year=1986)
        make_record(class_year=1986, email="")
    api = "/api/v1/alumni/outreach"
    created = admin_client_a.post(f"{api}/campaigns/", {"channel": "email", "title": "接口群发", "body": "<p>{{ name }} 你好</p>", "layout": "newsletter",
                                                       "source_kind": "records", "source_filters": {"class_year": 1986}}, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert "你好" in admin_client_a.get(f"{api}/campaigns/{pk}/preview/").json()["html"]
    count = admin_client_a.get(f"{api}/campaigns/{pk}/recipients-count/").json()
    assert (count["sendable"], count["no_contact"]) == (1, 1)
    assert admin_client_a.post(f"{api}/campaigns/{pk}/test-send/", {"address": "t@example.cn"}, content_type="application/json").status_code == 202
    sent = admin_client_a.post(f"{api}/campaigns/{pk}/send/")
    assert sent.status_code == 202 and sent.json()["status"] == "sending"
    assert admin_client_a.post(f"{api}/campaigns/{pk}/send/").status_code == 409
    assert admin_client_a.get(f"{api}/campaigns/{pk}/progress/").json()["total"] >= 0
    assert admin_client_a.get(f"{api}/campaigns/{pk}/log/").status_code == 200
    assert admin_client_a.get(f"{api}/campaigns/?q=接口").json()["count"] == 1
    assert len(admin_client_a.get(f"{api}/layouts/").json()) >= 3
    template = admin_client_a.post(f"{api}/templates/", {"channel": "sms", "name": "接口模板", "body": "你好"}, content_type="application/json")
    assert template.status_code == 201
    tid = template.json()["id"]
    assert admin_client_a.put(f"{api}/templates/{tid}/", {"channel": "sms", "name": "改名", "body": "你好"}, content_type="application/json").json()["name"] == "改名"
    assert admin_client_a.delete(f"{api}/templates/{tid}/").status_code == 204
    assert admin_client_a.put(f"{api}/sms-quota/", {"limit": 50000}, content_type="application/json").json()["balance"] == 50000
    assert admin_client_a.get(f"{api}/sms-quota/").json()["limit"] == 50000
    birthday = admin_client_a.put(f"{api}/birthday/", {"is_enabled": True, "text": "生日快乐"}, content_type="application/json")
    assert birthday.status_code == 200 and birthday.json()["is_enabled"] is True
    # an SMS campaign past the quota: 409 with the code
    admin_client_a.put(f"{api}/sms-quota/", {"limit": 0}, content_type="application/json")
    sms = admin_client_a.post(f"{api}/campaigns/", {"channel": "sms", "title": "短信", "body": "你好", "source_filters": {"class_year": 1986}}, content_type="application/json").json()
    refused = admin_client_a.post(f"{api}/campaigns/{sms['id']}/send/")
    assert refused.status_code == 409 and refused.json()["code"] == "sms_quota_exceeded"
    upload = admin_client_a.post(f"{api}/campaigns/{sms['id']}/upload/", {"file": io.BytesIO(_xlsx([["姓名", "手机号"], ["甲", "123"]]))})
    assert upload.status_code == 200 and upload.json()["rejected"] == [{"row": 2, "reason": "手机号格式错误"}]


def test_sms_segments_count_the_signature_and_the_opt_out_wording(in_tenant_a, admin_a):
    from tenant_apps.messaging.services import provider_config_save

    make_record(class_year=1987)
    campaign = make_campaign(admin_a, channel="sms", class_year=1987, body="字" * 60)
    assert services.campaign_preview(campaign=campaign)["segments"] == 1  # 60 + " 拒收请回复R" = 67
    provider_config_save(actor=admin_a, channel="sms", provider="aliyun_sms", options={"endpoint": "http://127.0.0.1:9", "sign_name": "测试大学", "template_code": "SMS_1"},
                         secrets_update={"access_key_id": "k", "access_key_secret": "s"})
    preview = services.campaign_preview(campaign=campaign)
    assert preview["text"].startswith("【测试大学】") and preview["segments"] == 2  # 73 characters
    services.campaign_send(actor=admin_a, campaign=campaign)
    assert SmsQuota.objects.get(year=timezone.localdate().year).used == 2
