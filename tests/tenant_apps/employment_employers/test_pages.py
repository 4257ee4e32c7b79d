"""Pages: the employer portal (registration with SMS, status, thread, request again), the back
office (list, detail, review, lists, tags, rules, statistics), permissions and isolation."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from tests.tenant_apps.employment_employers.conftest import (
    PASSWORD,
    hr_user,
    latest_code,
    licence,
    make_approved,
    register,
    staff_with,
)

pytestmark = pytest.mark.django_db

BACKOFFICE_PAGES = [
    ("backoffice:employment_employers:list", "employment_employers.view_employer"),
    ("backoffice:employment_employers:lists", "employment_employers.manage_employer_lists"),
    ("backoffice:employment_employers:tags", "employment_employers.change_employer"),
    ("backoffice:employment_employers:settings", "employment_employers.change_recruitmentsettings"),
    ("backoffice:employment_employers:statistics", "employment_employers.view_employer_statistics"),
]


def test_portal_registration_with_sms_code_then_home_shows_pending(client_a, tenant_a):
    phone = "13912345678"
    response = client_a.post(reverse("employment_portal:send_code"), {"contact_phone": phone})
    assert "验证码已发送" in response.content.decode()
    with schema_context("alpha"):
        code = latest_code(phone)
    form = {"name": "门户测试科技有限公司", "credit_code": "Y1110108MA0000001P", "nature": "private", "industry": "I", "size": "small",
            "contact_name": "李四", "contact_phone": phone, "sms_code": code, "username": "portal-hr", "password": PASSWORD, "password2": PASSWORD,
            "licence": licence()}
    response = client_a.post(reverse("employment_portal:register"), form)
    assert response.status_code == 302, response.content.decode()[:500]
    page = client_a.get(reverse("employment_portal:home")).content.decode()
    assert "门户测试科技有限公司" in page and "等待学校审核" in page


def test_portal_registration_shows_the_check_character_error(client_a):
    form = {"name": "错码单位", "credit_code": "91110000600037341M", "nature": "private", "industry": "I", "size": "small",
            "contact_name": "李四", "contact_phone": "13900000001", "sms_code": "123456", "username": "bad-hr", "password": PASSWORD,
            "password2": PASSWORD, "licence": licence()}
    response = client_a.post(reverse("employment_portal:register"), form)
    assert response.status_code == 400
    assert "校验位不正确" in response.content.decode()


def test_declined_employer_sees_reason_and_requests_again_once(client_a, in_alpha):
    from tenant_apps.employment.employers.services import employer_decline

    employer = employer_decline(actor=in_alpha, employer=register(), reason="执照模糊")
    client_a.login_as(hr_user(employer))
    page = client_a.get(reverse("employment_portal:home")).content.decode()
    assert "执照模糊" in page and "再次提交审核" in page
    client_a.post(reverse("employment_portal:home"), {"action": "request_again", "note": "已换清晰执照"})
    with schema_context("alpha"):
        employer.refresh_from_db()
        assert employer.status == "pending" and not employer.may_request_again


def test_portal_login_refuses_staff_and_accepts_hr(client_a, in_alpha):
    employer = make_approved(in_alpha)
    hr = hr_user(employer)
    response = client_a.post(reverse("employment_portal:login"), {"username": "admin", "password": "admin-pass-1"})
    assert response.status_code == 403 and "不是用人单位账号" in response.content.decode()
    response = client_a.post(reverse("employment_portal:login"), {"username": hr.username, "password": PASSWORD})
    assert response.status_code == 302


def test_portal_needs_an_employer_account(admin_client_a):
    response = admin_client_a.get(reverse("employment_portal:home"))
    assert response.status_code == 302 and "/employer/login/" in response["Location"]


def test_reviewer_walks_every_state_in_the_back_office(admin_client_a, in_alpha):
    employer = register()
    url = reverse("backoffice:employment_employers:detail", args=[employer.pk])
    assert employer.name in admin_client_a.get(url).content.decode()
    admin_client_a.post(url, {"action": "comment", "body": "请补充执照"})
    with schema_context("alpha"):
        employer.refresh_from_db()
        assert employer.status == "in_progress"
    admin_client_a.post(url, {"action": "decline", "reason": ""})
    with schema_context("alpha"):
        employer.refresh_from_db()
        assert employer.status == "in_progress"  # no reason, nothing happens
    admin_client_a.post(url, {"action": "approve"})
    with schema_context("alpha"):
        employer.refresh_from_db()
        assert employer.status == "approved" and employer.can_post_jobs
    admin_client_a.post(url, {"action": "permissions", "can_post_jobs": "1"})
    with schema_context("alpha"):
        employer.refresh_from_db()
        assert employer.can_post_jobs and not employer.can_join_fairs


def test_list_filters_and_keyword_search(admin_client_a, in_alpha):
    make_approved(in_alpha, name="星河智能制造有限公司", industry="C")
    make_approved(in_alpha, name="海纳银行股份有限公司", industry="J")
    page = admin_client_a.get(reverse("backoffice:employment_employers:list"), {"q": "智能制造"}).content.decode()
    assert "星河智能制造有限公司" in page and "海纳银行" not in page
    page = admin_client_a.get(reverse("backoffice:employment_employers:list"), {"industry": "J"}).content.decode()
    assert "海纳银行" in page and "星河智能" not in page


def test_contact_phone_is_masked_and_reveal_is_audited(admin_client_a, in_alpha):
    from core.models import AuditEvent

    employer = make_approved(in_alpha, contact_phone="13911112222")
    page = admin_client_a.get(reverse("backoffice:employment_employers:detail", args=[employer.pk])).content.decode()
    assert "139****2222" in page and "13911112222" not in page
    revealed = admin_client_a.post(reverse("backoffice:employment_employers:reveal", args=[employer.pk])).content.decode()
    assert "13911112222" in revealed
    with schema_context("alpha"):
        assert AuditEvent.objects.filter(action="personal_data.reveal", object_id=str(employer.pk)).exists()


def test_lists_page_adds_and_removes(admin_client_a, in_alpha):
    from tests.tenant_apps.employment_employers.conftest import new_credit_code

    code = new_credit_code()
    admin_client_a.post(reverse("backoffice:employment_employers:lists"), {"kind": "risk", "credit_code": code, "reason": "投诉", "name": "某单位"})
    from tenant_apps.employment.employers.models import EmployerListEntry

    with schema_context("alpha"):
        entry = EmployerListEntry.objects.get(credit_code=code)
    assert code in admin_client_a.get(reverse("backoffice:employment_employers:lists")).content.decode()
    admin_client_a.post(reverse("backoffice:employment_employers:lists"), {"action": "remove", "entry": entry.pk})
    with schema_context("alpha"):
        assert not EmployerListEntry.objects.filter(pk=entry.pk).exists()


def test_export_goes_through_the_import_export_engine(admin_client_a, in_alpha):
    make_approved(in_alpha)
    response = admin_client_a.post(reverse("backoffice:jobs:export_start", args=["employment_employers.employers"]), {"status": "approved", "reason": "就业统计核对"})
    assert response.status_code == 302 and "/admin-ui/jobs/" in response["Location"]


@pytest.mark.parametrize(("url_name", "permission"), BACKOFFICE_PAGES)
def test_permission_matrix(client_a, in_alpha, url_name, permission):
    granted, nobody = staff_with(permission), staff_with()
    client_a.login_as(nobody)
    assert client_a.get(reverse(url_name)).status_code == 403
    client_a.login_as(granted)
    assert client_a.get(reverse(url_name)).status_code == 200


def test_reviewing_needs_the_review_permission(client_a, in_alpha):
    employer = register()
    client_a.login_as(staff_with("employment_employers.view_employer"))
    response = client_a.post(reverse("backoffice:employment_employers:detail", args=[employer.pk]), {"action": "approve"})
    assert response.status_code == 403


def test_hr_cannot_open_the_back_office_pages(client_a, in_alpha):
    client_a.login_as(hr_user(make_approved(in_alpha)))
    assert client_a.get(reverse("backoffice:employment_employers:list")).status_code == 403


def test_other_tenant_cannot_see_or_review(admin_client_b, in_alpha):
    employer = register()
    assert admin_client_b.get(reverse("backoffice:employment_employers:detail", args=[employer.pk])).status_code == 404
    assert admin_client_b.post(reverse("backoffice:employment_employers:detail", args=[employer.pk]), {"action": "approve"}).status_code == 404
    assert employer.name not in admin_client_b.get(reverse("backoffice:employment_employers:list")).content.decode()


def test_hr_of_another_tenant_is_not_an_employer_here(client_b, in_alpha):
    employer = make_approved(in_alpha)
    hr = hr_user(employer)
    response = client_b.post(reverse("employment_portal:login"), {"username": hr.username, "password": PASSWORD})
    assert response.status_code in (400, 401, 403)


def test_module_off_hides_the_portal(client_a, tenant_a):
    from core.tenancy import forget_cached_tenants
    from shared_apps.provisioning.models import Tenant

    with schema_context("public"):
        Tenant.objects.filter(pk=tenant_a.pk).update(modules=["alumni", "experts"])
    forget_cached_tenants()
    try:
        assert client_a.get(reverse("employment_portal:login")).status_code == 404
    finally:
        with schema_context("public"):
            Tenant.objects.filter(pk=tenant_a.pk).update(modules=["employment", "alumni", "experts"])
        forget_cached_tenants()
