"""Pages and API of giving over the same services: the back office, the phone, the public
certificate check; cross-tenant isolation, the permission matrix, the certificate PDF."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django_tenants.utils import schema_context

from core.importexport.testing import workbook_rows
from tenant_apps.alumni.giving import services
from tests.conftest import TenantClient

from .conftest import ADMIN_PERMS, make_member, make_project, make_user, qualify

pytestmark = pytest.mark.django_db


def _as(tenant, user):
    return TenantClient(tenant).login_as(user)


def test_backoffice_pages_create_and_filter(admin_client_a, tenant_a):
    with schema_context("alpha"):
        qualify()
    response = admin_client_a.post("/admin-ui/alumni/giving/new/", {
        "title": "校友励学基金", "target": "500000", "audience": "members", "status": "active", "min_amount": "1", "amount_options": "50,100,500",
        "form_fields": "届别 | 单选 | 2006,2007 | 必填", "certificate_design": "campus", "certificate_title": "捐赠证书", "certificate_text": "{name} 捐赠 {amount} 元"})
    assert response.status_code == 302, response.content.decode()[:800]
    pk = int(response["Location"].rstrip("/").split("/")[-1])
    refused = admin_client_a.post("/admin-ui/alumni/giving/new/", {"title": "公开项目", "target": "100", "audience": "public", "status": "active"})
    assert refused.status_code == 400 and "指定平台" in refused.content.decode()
    with schema_context("alpha"):
        from tenant_apps.alumni.giving.models import Project

        project = Project.objects.get(pk=pk)
        assert project.target_fen == 50_000_000 and project.amount_options == [5000, 10000, 50000] and project.form_fields[0]["options"] == ["2006", "2007"]
        donation = services.donation_record_offline(actor=None, project=project, donor_name="张三", amount_fen=20_000)
    assert admin_client_a.post(f"/admin-ui/alumni/giving/{pk}/", {"action": "update_add", "kind": "spending", "title": "首批资助", "spent": "10000",
                                                                   "happened_on": "2026-03-01"}).status_code == 302
    for url in ["/admin-ui/alumni/giving/", "/admin-ui/alumni/giving/?q=励学&status=active&audience=members", f"/admin-ui/alumni/giving/{pk}/",
                f"/admin-ui/alumni/giving/{pk}/edit/", "/admin-ui/alumni/giving/donations/", f"/admin-ui/alumni/giving/donations/?q=张三&project={pk}&receipt=no",
                f"/admin-ui/alumni/giving/donations/{donation.pk}/", "/admin-ui/alumni/giving/statistics/", "/admin-ui/alumni/giving/settings/"]:
        response = admin_client_a.get(url)
        assert response.status_code == 200, url
    assert "首批资助" in admin_client_a.get(f"/admin-ui/alumni/giving/{pk}/").content.decode()
    assert "张三" in admin_client_a.get("/admin-ui/alumni/giving/donations/?q=张三").content.decode()
    assert "没有符合条件" in admin_client_a.get("/admin-ui/alumni/giving/donations/?q=不存在的人").content.decode()
    pdf = admin_client_a.get(f"/admin-ui/alumni/giving/donations/{donation.pk}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    # amount correction, then the yearly report and the donations export (reason required)
    assert admin_client_a.post(f"/admin-ui/alumni/giving/donations/{donation.pk}/", {"action": "amount", "amount": "250", "reason": "回单更正"}).status_code == 302
    report = admin_client_a.post("/admin-ui/alumni/giving/statistics/", {"year": str(donation.paid_at.year)})
    assert report.status_code == 200 and workbook_rows(report.content)[1][0] == "校友励学基金" and workbook_rows(report.content)[1][4] == "250.00"
    no_reason = admin_client_a.post("/admin-ui/alumni/giving/donations/", {"q": "张三"})
    assert no_reason.status_code == 302
    export = admin_client_a.post("/admin-ui/alumni/giving/donations/", {"q": "张三", "reason": "基金会年度审计"})
    assert export.status_code == 200 and any("张三" in str(row) for row in workbook_rows(export.content))


def test_settings_page_records_the_qualification(admin_client_a, tenant_a):
    refused = admin_client_a.post("/admin-ui/alumni/giving/settings/", {"foundation_name": "基金会", "has_public_qualification": "on", "certificate_threshold": "100"})
    assert refused.status_code == 400
    saved = admin_client_a.post("/admin-ui/alumni/giving/settings/", {"foundation_name": "示范大学教育发展基金会", "has_public_qualification": "on",
                                                                       "qualification_number": "公募字018", "platform_name": "腾讯公益", "certificate_threshold": "50",
                                                                       "seal_threshold": "1000", "thanks_enabled": "on"})
    assert saved.status_code == 302
    with schema_context("alpha"):
        from tenant_apps.alumni.giving.selectors import giving_settings

        current = giving_settings()
        assert current.may_fundraise_publicly and current.certificate_threshold_fen == 5000 and current.seal_threshold_fen == 100000


def test_phone_pages_hide_members_only_projects_from_outsiders(tenant_a):
    with schema_context("alpha"):
        qualify()
        hidden, public = make_project(title="校友定向项目"), make_project(audience="public", title="公开项目")
        member, outsider = make_member(), make_user()
    outsider_client, member_client = _as(tenant_a, outsider), _as(tenant_a, member)
    listing = outsider_client.get("/h5/alumni/giving/").content.decode()
    assert "公开项目" in listing and "校友定向项目" not in listing
    assert outsider_client.get(f"/h5/alumni/giving/{hidden.pk}/").status_code == 404
    assert outsider_client.get(f"/api/v1/alumni/giving/projects/{hidden.pk}/").status_code == 404
    assert outsider_client.post(f"/api/v1/alumni/giving/projects/{hidden.pk}/donate/", {"amount_fen": 1000}, content_type="application/json").status_code == 404
    assert [p["id"] for p in outsider_client.get("/api/v1/alumni/giving/projects/").json()["results"]] == [public.pk]
    page = outsider_client.get(f"/h5/alumni/giving/{public.pk}/").content.decode()
    assert "腾讯公益" in page and "https://gongyi.qq.com/succor/detail.htm?id=1" in page
    assert "校友定向项目" in member_client.get("/h5/alumni/giving/").content.decode()
    response = member_client.post(f"/h5/alumni/giving/{hidden.pk}/", {"amount": "100", "donor_name": "王小明", "message": "加油"})
    assert response.status_code == 302
    donation_url = response["Location"]
    assert "微信支付 ¥100.00" in member_client.get(donation_url).content.decode()
    assert outsider_client.get(donation_url).status_code == 404  # someone else's gift
    assert member_client.post(f"/h5/alumni/giving/{hidden.pk}/", {"amount_other": "abc"}).status_code == 400
    for url in ["/h5/alumni/giving/mine/", "/h5/alumni/", "/h5/alumni/me/"]:
        assert member_client.get(url).status_code == 200, url
    assert "校友定向项目" in member_client.get("/h5/alumni/").content.decode()  # the service hall's 捐赠 section
    assert "校友定向项目" not in outsider_client.get("/h5/alumni/").content.decode()


def test_certificate_pdf_and_public_verification(tenant_a, tmp_path):
    with schema_context("alpha"):
        qualify()
        member = make_member()
        donation = services.donation_record_offline(actor=None, project=make_project(certificate_design="jade"), donor_name="王小明", amount_fen=150_000,
                                                    donor=member)
    client = _as(tenant_a, member)
    pdf = client.get(f"/h5/alumni/giving/donations/{donation.pk}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf.content)
    if shutil.which("pdftoppm"):  # poppler-utils: the page renders, and its text is the donor's
        subprocess.run(["pdftoppm", "-png", "-r", "40", str(path), str(tmp_path / "page")], check=True, timeout=60)
        assert list(tmp_path.glob("page*.png"))
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, timeout=60).stdout
        assert "王小明" in text and "1,500.00" in text and donation.certificate_number in text
    page = client.get(f"/h5/alumni/giving/donations/{donation.pk}/").content.decode()
    assert "<svg" in page and donation.certificate_number in page
    anonymous = TenantClient(tenant_a)
    verified = anonymous.get(f"/h5/alumni/giving/certificates/{donation.certificate_code}/")
    assert verified.status_code == 200 and "证书真实有效" in verified.content.decode() and "王*明" in verified.content.decode()
    assert anonymous.get("/h5/alumni/giving/certificates/TK1.forged.sig/").status_code == 404
    api = client.get("/api/v1/alumni/giving/certificates/verify/", {"code": donation.certificate_code}).json()
    assert api["status"] == "valid" and api["donor"] == "王*明"


def test_other_tenant_cannot_see_or_touch(tenant_a, admin_client_b):
    with schema_context("alpha"):
        qualify()
        project = make_project()
        donation = services.donation_record_offline(actor=None, project=project, donor_name="张三", amount_fen=20_000)
    for url in [f"/admin-ui/alumni/giving/{project.pk}/", f"/admin-ui/alumni/giving/donations/{donation.pk}/",
                f"/admin-ui/alumni/giving/donations/{donation.pk}/certificate.pdf", f"/api/v1/alumni/giving/projects/{project.pk}/",
                f"/api/v1/alumni/giving/donations/{donation.pk}/", f"/h5/alumni/giving/certificates/{donation.certificate_code}/"]:
        assert admin_client_b.get(url).status_code == 404, url
    assert admin_client_b.patch(f"/api/v1/alumni/giving/donations/{donation.pk}/", {"amount_fen": 1, "reason": "x"}, content_type="application/json").status_code == 404
    assert admin_client_b.post("/api/v1/alumni/giving/receipts/", {"number": donation.number, "receipt_number": "B-1"}, content_type="application/json").status_code == 404
    with schema_context("alpha"):
        donation.refresh_from_db()
        assert donation.amount_fen == 20_000 and donation.receipt_number == ""


@pytest.mark.parametrize("url", ["/admin-ui/alumni/giving/", "/admin-ui/alumni/giving/donations/", "/admin-ui/alumni/giving/receipts/",
                                 "/admin-ui/alumni/giving/statistics/", "/admin-ui/alumni/giving/settings/", "/admin-ui/alumni/giving/new/"])
def test_permission_matrix_backoffice(tenant_a, url):
    with schema_context("alpha"):
        nobody = make_user(kind="staff", perms=("alumni_activities.view_activity",))
        admin = make_user(kind="staff", perms=(*ADMIN_PERMS, "alumni_giving.record_receipt"))
    assert _as(tenant_a, nobody).get(url).status_code == 403
    assert _as(tenant_a, admin).get(url).status_code == 200


def test_finance_records_receipts_but_cannot_change_amounts(tenant_a):
    with schema_context("alpha"):
        qualify()
        donation = services.donation_record_offline(actor=None, project=make_project(), donor_name="张三", amount_fen=20_000)
        finance = make_user(kind="staff", perms=("alumni_giving.view_donation", "alumni_giving.record_receipt"))
    client = _as(tenant_a, finance)
    assert client.post(f"/admin-ui/alumni/giving/donations/{donation.pk}/", {"action": "amount", "amount": "1", "reason": "x"}).status_code == 403
    assert client.patch(f"/api/v1/alumni/giving/donations/{donation.pk}/", {"amount_fen": 1, "reason": "x"}, content_type="application/json").status_code == 403
    assert client.get("/api/v1/alumni/giving/statistics/").status_code == 403
    recorded = client.post("/api/v1/alumni/giving/receipts/", {"number": donation.number, "receipt_number": "R-9"}, content_type="application/json")
    assert recorded.status_code == 200 and recorded.json()["is_locked"] is True
    admin = TenantClient(tenant_a)
    with schema_context("alpha"):
        admin.login_as(make_user(kind="staff", perms=ADMIN_PERMS))
    locked = admin.patch(f"/api/v1/alumni/giving/donations/{donation.pk}/", {"amount_fen": 1, "reason": "x"}, content_type="application/json")
    assert locked.status_code == 409 and locked.json()["code"] == "amount_locked_by_receipt"
    assert client.get("/admin-ui/alumni/giving/receipts/").status_code == 200
    assert client.get("/admin-ui/alumni/giving/receipts/template/").content[:2] == b"PK"


def test_api_happy_path_and_permissions(tenant_a):
    with schema_context("alpha"):
        qualify()
        admin = make_user(kind="staff", perms=ADMIN_PERMS)
        member = make_member(chapter_name="北京校友会")
        plain = make_user(kind="staff")
    staff, alumnus, nobody = _as(tenant_a, admin), _as(tenant_a, member), _as(tenant_a, plain)
    body = {"title": "API 项目", "target_fen": 100000, "audience": "members", "status": "active", "amount_options": [1000, 5000],
            "form_fields": [{"label": "届别", "type": "text"}]}
    assert nobody.post("/api/v1/alumni/giving/projects/", body, content_type="application/json").status_code == 403
    created = staff.post("/api/v1/alumni/giving/projects/", body, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    public = staff.post("/api/v1/alumni/giving/projects/", {**body, "audience": "public"}, content_type="application/json")
    assert public.status_code == 400 and public.json()["code"] == "designated_platform_link_required"
    assert staff.put(f"/api/v1/alumni/giving/projects/{pk}/", {**body, "title": "API 项目（改）"}, content_type="application/json").json()["title"] == "API 项目（改）"
    assert staff.post(f"/api/v1/alumni/giving/projects/{pk}/updates/", {"kind": "usage_report", "title": "使用报告"}, content_type="application/json").status_code == 201
    assert alumnus.post(f"/api/v1/alumni/giving/projects/{pk}/updates/", {"title": "x"}, content_type="application/json").status_code == 403
    donated = alumnus.post(f"/api/v1/alumni/giving/projects/{pk}/donate/", {"amount_fen": 5000, "answers": {"q1": "2008"}}, content_type="application/json")
    assert donated.status_code == 201 and donated.json()["status"] == "pending"
    assert alumnus.get("/api/v1/alumni/giving/me/donations/").json()["count"] == 1
    assert alumnus.get(f"/api/v1/alumni/giving/me/donations/{donated.json()['id']}/").status_code == 200
    assert nobody.get(f"/api/v1/alumni/giving/me/donations/{donated.json()['id']}/").status_code == 404
    assert alumnus.post(f"/api/v1/alumni/giving/me/donations/{donated.json()['id']}/pay/").status_code == 409  # no merchant configured
    assert alumnus.get("/api/v1/alumni/giving/me/timeline/").status_code == 200
    assert alumnus.get(f"/api/v1/alumni/giving/projects/{pk}/updates/").json()[0]["title"] == "使用报告"
    with schema_context("alpha"):
        from tenant_apps.alumni.giving.models import Project

        services.donation_record_offline(actor=None, project=Project.objects.get(pk=pk), donor_name="李四", amount_fen=30_000)
    assert staff.get("/api/v1/alumni/giving/donations/?q=李四").json()["count"] == 1
    assert alumnus.get("/api/v1/alumni/giving/donations/").status_code == 403
    stats = staff.get("/api/v1/alumni/giving/statistics/").json()
    assert stats["amount_fen"] == 30_000 and stats["by_project"][0]["label"] == "API 项目（改）"
    assert staff.get("/api/v1/alumni/giving/settings/").json()["may_fundraise_publicly"] is True
    assert alumnus.get("/api/v1/alumni/giving/settings/").status_code == 403
    saved = staff.put("/api/v1/alumni/giving/settings/", {"foundation_name": "基金会", "certificate_threshold_fen": 5000, "seal_threshold_fen": None},
                      content_type="application/json")
    assert saved.status_code == 200 and saved.json()["certificate_threshold_fen"] == 5000
    assert staff.delete(f"/api/v1/alumni/giving/projects/{pk}/").status_code == 409  # has a paid gift
    assert alumnus.delete(f"/api/v1/alumni/giving/projects/{pk}/").status_code == 403


def test_demo_seeder_is_fast_and_idempotent(in_tenant_a):
    import time

    from tenant_apps.alumni.giving.demo import seed_demo_giving
    from tenant_apps.alumni.giving.models import Donation, Project, ProjectUpdate

    donors = [make_member(chapter_name="北京校友会"), make_member()]
    started = time.monotonic()
    seed_demo_giving("alpha", "university")
    assert time.monotonic() - started < 3
    seed_demo_giving("alpha", "university")
    assert Project.objects.count() == 3 and ProjectUpdate.objects.filter(kind="usage_report").exists()
    assert Project.objects.filter(audience="public").exclude(platform_url="").exists() and Project.objects.filter(status="finished").exists()
    assert Donation.objects.exclude(certificate_number="").filter(donor__in=donors).exists()
    assert Donation.objects.filter(chapter_name="北京校友会").exists()


def test_verification_page_never_fails_on_an_unreadable_key(tenant_a):
    with schema_context("alpha"):
        from core.tickets.models import TicketKey

        TicketKey.objects.create(key_id="broken01", private_key="x", public_key="not-a-key")
    response = TenantClient(tenant_a).get("/h5/alumni/giving/certificates/TK1.e30.AAAA/")
    assert response.status_code == 404 and "未找到该证书" in response.content.decode()
