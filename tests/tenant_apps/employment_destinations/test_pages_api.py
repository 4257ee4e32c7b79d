"""Pages and API of destinations: H5 filing, the review pages per level, exports, the chain check,
the confirmation link, permission matrix and cross-tenant isolation."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django_tenants.utils import schema_context

from core.importexport.testing import workbook_rows
from tests.tenant_apps.employment_destinations.conftest import (
    CREDIT_CODE,
    approve_all,
    evidence,
    file_and_submit,
)

pytestmark = pytest.mark.django_db

PAGES = ["/admin-ui/employment/destinations/", "/admin-ui/employment/destinations/review/counsellor/", "/admin-ui/employment/destinations/review/college/",
         "/admin-ui/employment/destinations/review/university/", "/admin-ui/employment/destinations/disputes/", "/admin-ui/employment/destinations/export/",
         "/admin-ui/employment/destinations/ledger/"]


@pytest.fixture
def w(world):
    return world


@pytest.mark.parametrize("who, expected", [
    ("counsellor", [200, 200, 403, 403, 403, 403, 403]),
    ("college", [200, 403, 200, 403, 403, 200, 403]),
    ("center", [200, 403, 403, 200, 200, 200, 200]),
])
def test_permission_matrix(client_a, w, who, expected):
    client_a.login_as(w["staff"][who])
    assert [client_a.get(page).status_code for page in PAGES] == expected


def test_student_files_in_the_h5_with_evidence_and_submits(client_a, w):
    record = w["cohort"][0]
    client_a.login_as(record.user)
    assert client_a.get("/h5/employment/destinations/").status_code == 200
    response = client_a.post("/h5/employment/destinations/", {"action": "save", "category": "11", "employer_name": "某公司", "employer_credit_code": "bad"})
    assert response.status_code == 400 and "统一社会信用代码" in response.content.decode()
    data = {"action": "save", "category": "10", "employer_name": "北京某某科技有限公司", "employer_credit_code": CREDIT_CODE, "employer_region": "110108",
            "job_title": "工程师", "contract_start": "2027-07-01", "evidence": evidence()}
    assert client_a.post("/h5/employment/destinations/", data).status_code == 302
    assert client_a.post("/h5/employment/destinations/", {"action": "submit"}).status_code == 302
    with schema_context("alpha"):
        assert record.destination.status == "submitted" and record.destination.evidence.count() == 1


def test_review_pages_show_flags_and_approve(client_a, w):
    staff = w["staff"]
    with schema_context("alpha"):
        destination = file_and_submit(w["cohort"][0], actor=staff["counsellor"], on_behalf=True)
    client_a.login_as(staff["counsellor"])
    page = client_a.get("/admin-ui/employment/destinations/review/counsellor/").content.decode()
    assert w["cohort"][0].name in page and "老师代填" in page
    response = client_a.post(f"/admin-ui/employment/destinations/{destination.pk}/", {"action": "review", "level": "counsellor", "decision": "approve"})
    assert response.status_code == 302
    with schema_context("alpha"):
        destination.refresh_from_db()
        assert destination.status == "counsellor_approved"


def test_counsellor_of_another_class_cannot_reach_it(client_a, w):
    with schema_context("alpha"):
        destination = file_and_submit(w["cohort"][0])
    client_a.login_as(w["staff"]["other_counsellor"])
    assert client_a.get(f"/admin-ui/employment/destinations/{destination.pk}/").status_code == 404
    assert client_a.post(f"/api/v1/employment/destinations/{destination.pk}/review/", {"level": "counsellor", "approve": True},
                         content_type="application/json").status_code == 404


def test_other_tenant_is_isolated(client_b, admin_b, w):
    with schema_context("alpha"):
        destination = file_and_submit(w["cohort"][0])
    client_b.login_as(admin_b)
    assert client_b.get(f"/admin-ui/employment/destinations/{destination.pk}/").status_code == 404
    assert client_b.get(f"/api/v1/employment/destinations/{destination.pk}/").status_code == 404
    assert w["cohort"][0].name not in client_b.get("/admin-ui/employment/destinations/").content.decode()


def test_confirmation_link_page(client, w, settings):
    with schema_context("alpha"):
        destination = approve_all(file_and_submit(w["cohort"][1]), w["staff"])
    host = {"HTTP_HOST": f"alpha.{settings.BASE_DOMAIN}"}
    url = f"/h5/employment/destinations/confirm/{destination.confirmation_token}/"
    assert "北京某某科技有限公司" in client.get(url, **host).content.decode()
    assert client.post(url, {"answer": "dispute", "text": "没有这回事"}, **host).status_code == 302
    assert client.get("/h5/employment/destinations/confirm/nope/", **host).status_code == 404
    with schema_context("alpha"):
        destination.refresh_from_db()
        assert destination.confirmation == "disputed"
    connection.set_schema_to_public()


def test_exports_by_user_template_and_national_format(client_a, w):
    with schema_context("alpha"):
        for record in w["cohort"][:2]:
            file_and_submit(record)
    client_a.login_as(w["staff"]["center"])
    response = client_a.post("/admin-ui/employment/destinations/export/", {"name": "简表", "use_name": "on", "order_name": "2", "header_name": "学生姓名",
                                                                             "use_employer_name": "on", "order_employer_name": "1", "header_employer_name": "去哪了"})
    assert response.status_code == 302
    with schema_context("alpha"):
        from tenant_apps.employment.destinations.models import ExportTemplate

        template = ExportTemplate.objects.get(name="简表")
    url = f"/admin-ui/employment/destinations/export/template/?template={template.pk}"
    page = client_a.get(url).content.decode()  # the reason dialog first (issue 19)
    assert 'id="export-reason"' in page and f'name="template" value="{template.pk}"' in page
    refused = client_a.post(url, {"template": template.pk, "reason": ""})
    assert refused.status_code == 400 and "导出事由" in refused.content.decode()
    rows = workbook_rows(client_a.post(url, {"template": template.pk, "reason": "就业质量年报"}).content)
    assert rows[0] == ["去哪了", "学生姓名"] and len(rows) == 3
    response = client_a.post("/admin-ui/employment/destinations/export/national/", {"reason": "上报毕业去向登记"})
    rows = workbook_rows(response.content)
    assert rows[0][7] == "毕业去向代码(BYQXDM)" and rows[1][7] == "10"
    with schema_context("alpha"):
        from core.models import AuditEvent
        from tenant_apps.accounts.models import User

        event = AuditEvent.objects.filter(action="employment_destinations.export").latest("id")
        may_see_id = User.objects.get(pk=w["staff"]["center"].pk).has_perm("employment_students.reveal_personal_data")
        id_number = w["cohort"][0].id_number
    assert event.after["reason"] == "上报毕业去向登记" and event.after["kind"] == "national"
    assert event.after["masked"] == ([] if may_see_id else ["id_number"])
    if id_number:
        assert (id_number in str(rows)) == may_see_id
    from openpyxl import load_workbook

    assert "上报毕业去向登记" in load_workbook(io.BytesIO(response.content)).properties.description
    client_a.login_as(w["staff"]["college"])  # someone else's template is not theirs
    assert client_a.get(url).status_code == 404
    assert client_a.post(url, {"template": template.pk, "reason": "就业质量年报"}).status_code == 404


def test_ledger_page_and_command_name_rows_changed_outside(client_a, w):
    with schema_context("alpha"):
        destination = file_and_submit(w["cohort"][0])
        with connection.cursor() as cursor:
            cursor.execute("UPDATE employment_destinations_destination SET category = '11' WHERE id = %s", [destination.pk])
    client_a.login_as(w["staff"]["center"])
    page = client_a.post("/admin-ui/employment/destinations/ledger/").content.decode()
    assert w["cohort"][0].student_number in page and "系统外" in page
    with pytest.raises(CommandError):
        call_command("verify_destination_ledger", schema="alpha")
    assert client_a.post("/api/v1/employment/destinations/ledger/verify/").json()["problems"]


def test_student_api_save_submit_and_staff_api(client_a, w):
    record = w["cohort"][2]
    client_a.login_as(record.user)
    body = {"category": "80", "sub_code": "801", "admitting_school": "清华大学"}
    assert client_a.put("/api/v1/employment/destinations/me/", body, content_type="application/json").json()["status"] == "draft"
    refused = client_a.post("/api/v1/employment/destinations/me/submit/")
    assert refused.status_code == 400 and "evidence" in refused.json()["fields"]
    uploaded = client_a.post("/api/v1/employment/destinations/me/evidence/", {"files": [evidence("录取通知书.pdf", b"%PDF admitted")]})
    assert len(uploaded.json()["evidence"]) == 1
    assert client_a.post("/api/v1/employment/destinations/me/submit/").json()["status"] == "submitted"
    assert client_a.get("/api/v1/employment/destinations/categories/").json()[0]["code"] == "10"
    assert client_a.get("/api/v1/employment/destinations/").status_code == 403
    client_a.login_as(w["staff"]["counsellor"])
    listing = client_a.get("/api/v1/employment/destinations/").json()["results"]
    assert [r["student_number"] for r in listing] == [record.student_number]
    pk = listing[0]["id"]
    response = client_a.post(f"/api/v1/employment/destinations/{pk}/review/", {"level": "college", "approve": True}, content_type="application/json")
    assert response.status_code == 403
    response = client_a.post(f"/api/v1/employment/destinations/{pk}/review/", {"level": "counsellor", "approve": False, "reason": "材料不全"}, content_type="application/json")
    assert response.json()["status"] == "returned"


def _download_url(fieldfile, user) -> str:
    from core.files import download_url

    with schema_context("alpha"):
        return download_url(fieldfile, user=user)


def test_reviewers_open_the_evidence_and_others_cannot(client_a, w):
    with schema_context("alpha"):
        destination = file_and_submit(w["cohort"][0])
        evidence_file = destination.evidence.get()
    counsellor, stranger = w["staff"]["counsellor"], w["staff"]["other_counsellor"]
    client_a.login_as(counsellor)
    page = client_a.get(f"/admin-ui/employment/destinations/{destination.pk}/").content.decode()
    assert "data-evidence" in page and "/files/" in page
    assert client_a.get(_download_url(evidence_file.file, counsellor)).status_code == 302
    api = client_a.get(f"/api/v1/employment/destinations/{destination.pk}/").json()
    assert api["evidence_files"][0]["sha256"] == evidence_file.sha256 and api["evidence_files"][0]["url"]
    client_a.login_as(stranger)
    assert client_a.get(_download_url(evidence_file.file, stranger)).status_code == 403
    client_a.login_as(w["cohort"][0].user)  # the graduate opens their own file
    assert client_a.get(_download_url(evidence_file.file, w["cohort"][0].user)).status_code == 302
    client_a.login_as(w["cohort"][1].user)
    assert client_a.get(_download_url(evidence_file.file, w["cohort"][1].user)).status_code == 403


def test_file_on_behalf_api_is_marked_and_scoped(client_a, client_b, admin_b, w):
    counsellor = w["staff"]["counsellor"]
    mine, not_mine = w["cohort"][0], w["others"][0]
    client_a.login_as(counsellor)
    body = {"category": "10", "employer_name": "北京某某科技有限公司", "employer_credit_code": CREDIT_CODE, "employer_region": "110108", "job_title": "工程师",
            "contract_start": "2027-07-01", "submit": "true", "files": [evidence("协议书.pdf", b"%PDF on behalf")]}
    response = client_a.put(f"/api/v1/employment/destinations/on-behalf/{mine.pk}/", encode_multipart(BOUNDARY, body), content_type=MULTIPART_CONTENT)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["is_filed_by_staff"] and data["status"] == "submitted"
    json_body = {"category": "70"}
    assert client_a.put(f"/api/v1/employment/destinations/on-behalf/{not_mine.pk}/", json_body, content_type="application/json").status_code == 404
    client_a.login_as(mine.user)
    assert client_a.put(f"/api/v1/employment/destinations/on-behalf/{mine.pk}/", json_body, content_type="application/json").status_code == 403
    client_b.login_as(admin_b)
    assert client_b.put(f"/api/v1/employment/destinations/on-behalf/{mine.pk}/", json_body, content_type="application/json").status_code == 404
    with schema_context("alpha"):
        mine.refresh_from_db()
        assert mine.destination.is_filed_by_staff and mine.destination.filed_by_id == counsellor.pk and mine.destination.evidence.count() == 1


def test_export_templates_api_is_per_user(client_a, client_b, admin_b, w):
    client_a.login_as(w["staff"]["center"])
    columns = client_a.get("/api/v1/employment/destinations/export-columns/").json()
    assert {"key": "student_number", "header": "学号"} in columns
    body = {"name": "年报用", "columns": [{"key": "employer_name", "header": "单位"}, {"key": "name", "header": ""}, {"key": "nope", "header": "x"}]}
    created = client_a.post("/api/v1/employment/destinations/export-templates/", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["columns"] == [{"key": "employer_name", "header": "单位"}, {"key": "name", "header": "姓名"}]
    pk = created.json()["id"]
    assert [t["name"] for t in client_a.get("/api/v1/employment/destinations/export-templates/").json()] == ["年报用"]
    client_a.login_as(w["staff"]["college"])  # another user's template is not theirs
    assert client_a.get("/api/v1/employment/destinations/export-templates/").json() == []
    assert client_a.delete(f"/api/v1/employment/destinations/export-templates/{pk}/").status_code == 404
    client_a.login_as(w["staff"]["counsellor"])
    assert client_a.get("/api/v1/employment/destinations/export-templates/").status_code == 403
    client_b.login_as(admin_b)
    assert client_b.delete(f"/api/v1/employment/destinations/export-templates/{pk}/").status_code == 404
    client_a.login_as(w["staff"]["center"])
    assert client_a.delete(f"/api/v1/employment/destinations/export-templates/{pk}/").status_code == 204


def test_student_removes_evidence_from_the_draft_through_the_api(client_a, w):
    record = w["cohort"][3]
    client_a.login_as(record.user)
    client_a.put("/api/v1/employment/destinations/me/", {"category": "80", "sub_code": "801", "admitting_school": "清华大学"}, content_type="application/json")
    uploaded = client_a.post("/api/v1/employment/destinations/me/evidence/", {"files": [evidence("录取通知书.pdf", b"%PDF admitted 2")]}).json()
    pk = uploaded["evidence_files"][0]["id"]
    assert client_a.delete(f"/api/v1/employment/destinations/me/evidence/{pk}/").json()["evidence"] == []
    assert client_a.delete(f"/api/v1/employment/destinations/me/evidence/{pk}/").status_code == 404


def test_export_api_national_and_own_template_with_a_reason(client_a, client_b, admin_b, w):
    with schema_context("alpha"):
        for record in w["cohort"][:2]:
            file_and_submit(record)
    client_a.login_as(w["staff"]["center"])
    refused = client_a.post("/api/v1/employment/destinations/export/national/", {"reason": ""}, content_type="application/json")
    assert refused.status_code == 400
    response = client_a.post("/api/v1/employment/destinations/export/national/", {"reason": "上报毕业去向登记", "year": 2027}, content_type="application/json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = workbook_rows(response.content)
    assert rows[0][7] == "毕业去向代码(BYQXDM)" and len(rows) == 3
    pk = client_a.post("/api/v1/employment/destinations/export-templates/", {"name": "简", "columns": [{"key": "student_number"}]},
                       content_type="application/json").json()["id"]
    rows = workbook_rows(client_a.post("/api/v1/employment/destinations/export/template/", {"reason": "就业质量年报", "template": pk},
                                       content_type="application/json").content)
    assert rows[0] == ["学号"] and {r[0] for r in rows[1:]} == {r.student_number for r in w["cohort"][:2]}
    client_a.login_as(w["staff"]["college"])  # not their template; the counsellor may not export at all
    assert client_a.post("/api/v1/employment/destinations/export/template/", {"reason": "就业质量年报", "template": pk}, content_type="application/json").status_code == 404
    client_a.login_as(w["staff"]["counsellor"])
    assert client_a.post("/api/v1/employment/destinations/export/national/", {"reason": "上报毕业去向登记"}, content_type="application/json").status_code == 403
    client_b.login_as(admin_b)  # another school's export holds none of ours
    rows = workbook_rows(client_b.post("/api/v1/employment/destinations/export/national/", {"reason": "上报毕业去向登记"}, content_type="application/json").content)
    assert not {r.student_number for r in w["cohort"]} & {str(r[1]) for r in rows[1:]}
