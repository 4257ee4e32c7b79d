"""Pages and API of personal-data requests: happy paths, permissions (403), another tenant (404)."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from django_tenants.utils import schema_context

from tenant_apps.privacy import services
from tenant_apps.privacy.models import PersonalDataRequest
from tests.tenant_apps.privacy.conftest import person_with_data

pytestmark = pytest.mark.django_db
API = "/api/v1/privacy/requests/"


def test_api_person_files_and_officer_handles(client_a, officer, tenant_a):
    from tests.conftest import TenantClient

    person = person_with_data("吴接口")
    mine = client_a.login_as(person)
    created = mine.post(API, {"kind": "correction", "details": "手机号换了",
                              "corrections": [{"field": "手机号", "current": "", "requested": "13900001111"}]}, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "pending" and body["corrections"][0]["requested"] == "13900001111" and body["due_on"]
    assert [r["id"] for r in mine.get(API).json()["results"]] == [body["id"]]
    assert mine.get(f"{API}{body['id']}/").status_code == 200
    assert mine.post(f"{API}{body['id']}/export/").status_code == 403  # not the officer
    assert mine.post(f"{API}{body['id']}/handle/", {"resolution": "x"}, content_type="application/json").status_code == 403

    staff = TenantClient(tenant_a).login_as(officer)
    queue = staff.get(API, {"all": "1", "q": "吴接口"}).json()["results"]
    assert [r["id"] for r in queue] == [body["id"]]
    assert staff.post(f"{API}{body['id']}/erase/").status_code == 400  # not an erasure request
    refused = staff.post(f"{API}{body['id']}/handle/", {"resolution": ""}, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["code"] == "privacy_resolution_required"
    done = staff.post(f"{API}{body['id']}/handle/", {"resolution": "已更正"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "completed"

    access = mine.post(API, {"kind": "copy"}, content_type="application/json").json()
    exported = staff.post(f"{API}{access['id']}/export/").json()
    assert exported["export_archive_url"] and exported["export_pdf_url"]
    assert mine.get(f"{API}{access['id']}/").json()["export_pdf_url"] == ""  # the person gets it once answered
    staff.post(f"{API}{access['id']}/handle/", {"resolution": "副本已提供"}, content_type="application/json")
    link = mine.get(f"{API}{access['id']}/").json()["export_pdf_url"]
    assert link
    assert mine.get(urlparse(link).path).status_code == 302  # the signed download link works for the person


def test_api_officer_files_for_someone_and_erases(client_a, officer):
    person = person_with_data("郑代办")
    staff = client_a.login_as(officer)
    created = staff.post(API, {"kind": "erasure", "subject_id": person.pk}, content_type="application/json")
    assert created.status_code == 201 and created.json()["channel"] == "backoffice"
    erased = staff.post(f"{API}{created.json()['id']}/erase/")
    assert erased.status_code == 200 and len(erased.json()["erasure_report"]) >= 15
    assert staff.post(API, {"kind": "access", "subject_id": 2**40}, content_type="application/json").status_code == 404


def test_api_person_cannot_file_for_others_or_see_them(client_a, plain_staff):
    person = person_with_data("冯本人")
    other = person_with_data("陈他人")
    theirs = services.request_create(actor=other, subject=other, kind="access")
    mine = client_a.login_as(person)
    assert mine.post(API, {"kind": "access", "subject_id": other.pk}, content_type="application/json").status_code == 403
    assert mine.get(f"{API}{theirs.pk}/").status_code == 404
    assert mine.get(API, {"all": "1"}).json()["results"] == []  # without the permission: only their own
    assert client_a.login_as(plain_staff).get(f"{API}{theirs.pk}/").status_code == 404


def test_other_tenant_sees_nothing(client_a, admin_client_b, tenant_a):
    with schema_context("alpha"):
        person = person_with_data("卫他校")
        request = services.request_create(actor=person, subject=person, kind="access")
    assert admin_client_b.get(f"{API}{request.pk}/").status_code == 404
    assert admin_client_b.post(f"{API}{request.pk}/export/").status_code == 404
    assert admin_client_b.get(f"/admin-ui/privacy/{request.pk}/").status_code == 404
    assert admin_client_b.get(f"/h5/privacy/{request.pk}/").status_code == 404


def test_backoffice_pages(client_a, officer, plain_staff, tenant_a):
    from tests.conftest import TenantClient

    person = person_with_data("蒋后台")
    request = services.request_create(actor=person, subject=person, kind="erasure", details="请删除")
    staff = client_a.login_as(officer)
    page = staff.get("/admin-ui/privacy/", {"q": "蒋后台"})
    assert page.status_code == 200 and f"#{request.pk}" in page.content.decode()
    assert "没有符合条件的请求" in staff.get("/admin-ui/privacy/", {"q": "不存在的人"}).content.decode()
    detail = staff.get(f"/admin-ui/privacy/{request.pk}/").content.decode()
    assert "hx-confirm" in detail and "执行删除" in detail
    assert staff.post(f"/admin-ui/privacy/{request.pk}/", {"action": "export"}).status_code == 302
    assert staff.post(f"/admin-ui/privacy/{request.pk}/", {"action": "erase"}).status_code == 302
    detail = staff.get(f"/admin-ui/privacy/{request.pk}/").content.decode()
    assert "去标识化后依法保留" in detail and "删除个人信息" in detail
    with schema_context("alpha"):
        someone = person_with_data("沈代登")
    filed = staff.post("/admin-ui/privacy/new/", {"subject": someone.username, "kind": "correction",
                                                  "correction_field": ["姓名", "", ""], "correction_current": ["沈代登", "", ""],
                                                  "correction_requested": ["沈代灯", "", ""]})
    assert filed.status_code == 302
    missing = staff.post("/admin-ui/privacy/new/", {"subject": "nobody-here", "kind": "access"})
    assert missing.status_code == 400 and "找不到这个账号" in missing.content.decode()
    other = TenantClient(tenant_a).login_as(plain_staff)
    assert other.get("/admin-ui/privacy/").status_code == 403
    assert other.get(f"/admin-ui/privacy/{request.pk}/").status_code == 403
    assert other.post(f"/admin-ui/privacy/{request.pk}/", {"action": "erase"}).status_code == 403


def test_h5_pages(client_a, in_tenant_a):
    person = person_with_data("韩手机")
    other = person_with_data("杨别人")
    theirs = services.request_create(actor=other, subject=other, kind="access")
    mine = client_a.login_as(person)
    assert "还没有提交过请求" in mine.get("/h5/privacy/").content.decode()
    assert mine.get("/h5/privacy/new/").status_code == 200
    filed = mine.post("/h5/privacy/new/", {"kind": "access", "details": "想看看"})
    assert filed.status_code == 302
    with schema_context("alpha"):
        request = PersonalDataRequest.objects.get(subject_id=person.pk)
    assert f"#{request.pk}" in mine.get("/h5/privacy/").content.decode()
    assert "答复期限" in mine.get(f"/h5/privacy/{request.pk}/").content.decode()
    assert mine.get(f"/h5/privacy/{theirs.pk}/").status_code == 404
    bad = mine.post("/h5/privacy/new/", {"kind": "correction"})
    assert bad.status_code == 400 and "更正" in bad.content.decode()
    assert mine.post(f"/h5/privacy/{request.pk}/").status_code == 302  # withdraw
    with schema_context("alpha"):
        assert PersonalDataRequest.objects.get(pk=request.pk).status == "withdrawn"
