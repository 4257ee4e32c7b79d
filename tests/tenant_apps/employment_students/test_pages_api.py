"""Pages and API of graduate records: what each role sees, data scope, cross-tenant isolation."""

import pytest
from django_tenants.utils import schema_context

from tests.tenant_apps.employment_students.conftest import make_cohort, make_staff, roster_upload

pytestmark = pytest.mark.django_db

PAGES = ["/admin-ui/employment/students/", "/admin-ui/employment/students/review/", "/admin-ui/employment/students/progress/",
         "/admin-ui/employment/students/import/", "/admin-ui/employment/students/settings/"]


@pytest.fixture
def setup(tenant_a, admin_alpha):
    with schema_context("alpha"):
        cohort = make_cohort(admin_alpha, 2)
        other = make_cohort(admin_alpha, 1, college="外国语学院", class_name="英语2201", major="英语", 专业代码="050201")
        counsellor = make_staff("counsellor2", "辅导员", unit=cohort[0].org_unit)
        center = make_staff("center2", "校就业中心")
        plain = make_staff("plain2", "只读访客")
    return {"cohort": cohort, "other": other, "counsellor": counsellor, "center": center, "plain": plain}


@pytest.mark.parametrize("who, expected", [("center", [200, 200, 200, 200, 200]), ("counsellor", [200, 200, 200, 403, 403]), ("plain", [403] * 5)])
def test_permission_matrix(client_a, setup, who, expected):
    client_a.login_as(setup[who])
    assert [client_a.get(page).status_code for page in PAGES] == expected


def test_counsellor_sees_only_their_class(client_a, setup):
    client_a.login_as(setup["counsellor"])
    page = client_a.get("/admin-ui/employment/students/").content.decode()
    assert setup["cohort"][0].name in page and setup["other"][0].name not in page
    assert client_a.get(f"/admin-ui/employment/students/{setup['other'][0].pk}/").status_code == 404
    api = client_a.get("/api/v1/employment/students/").json()
    assert {r["student_number"] for r in api["results"]} == {r.student_number for r in setup["cohort"]}
    assert client_a.get(f"/api/v1/employment/students/{setup['other'][0].pk}/").status_code == 404


def test_other_tenant_sees_nothing(client_b, admin_b, setup):
    client_b.login_as(admin_b)
    record = setup["cohort"][0]
    assert record.name not in client_b.get("/admin-ui/employment/students/").content.decode()
    assert client_b.get(f"/admin-ui/employment/students/{record.pk}/").status_code == 404
    assert client_b.get(f"/api/v1/employment/students/{record.pk}/").status_code == 404
    assert client_b.post(f"/api/v1/employment/students/{record.pk}/review/", {"approve": True}, content_type="application/json").status_code == 404


def test_student_verifies_in_the_h5_and_the_counsellor_approves_on_the_page(client_a, setup):
    record = setup["cohort"][0]
    client_a.login_as(record.user)
    page = client_a.get("/h5/employment/students/")
    assert page.status_code == 200 and record.student_number in page.content.decode()
    assert client_a.post("/h5/employment/students/", {"action": "confirm"}).status_code == 302
    client_a.login_as(setup["counsellor"])
    assert record.name in client_a.get("/admin-ui/employment/students/review/").content.decode()
    response = client_a.post(f"/admin-ui/employment/students/{record.pk}/", {"decision": "approve"})
    assert response.status_code == 302
    with schema_context("alpha"):
        record.refresh_from_db()
        assert record.is_verified


def test_h5_correction_form_shows_errors(client_a, setup):
    record = setup["cohort"][1]
    client_a.login_as(record.user)
    response = client_a.post("/h5/employment/students/", {"action": "correct", "change_phone": "12", "explanation": "换号"})
    assert response.status_code == 400 and "手机号" in response.content.decode()


def test_student_api_confirm_and_correction(client_a, setup):
    record = setup["cohort"][1]
    client_a.login_as(record.user)
    assert client_a.get("/api/v1/employment/students/me/").json()["student_number"] == record.student_number
    response = client_a.post("/api/v1/employment/students/me/correction/", {"changes": {"political_status": "01"}, "explanation": "已入党"},
                             content_type="application/json")
    assert response.status_code == 200 and response.json()["verification_status"] == "correction"
    client_a.login_as(setup["counsellor"])
    response = client_a.post(f"/api/v1/employment/students/{record.pk}/review/", {"approve": False, "reason": "请补充入党证明"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["verification_status"] == "returned"
    assert client_a.post("/api/v1/employment/students/remind/", {}, content_type="application/json").json()["reminded"] >= 1
    assert client_a.get("/api/v1/employment/students/progress/?level=class").status_code == 200


def test_import_page_accepts_a_messy_file(client_a, setup):
    from tests.tenant_apps.employment_students.conftest import roster_row

    client_a.login_as(setup["center"])
    upload = roster_upload([roster_row("2022009901", "页面导入")], title_rows=1)
    response = client_a.post("/admin-ui/employment/students/import/", {"file": upload})
    assert response.status_code == 302 and "/jobs/" in response["Location"]
    assert client_a.get("/admin-ui/employment/students/import/template/").status_code == 200


def test_settings_page_saves_the_deadline(client_a, setup):
    client_a.login_as(setup["center"])
    response = client_a.post("/admin-ui/employment/students/settings/", {"change_deadline_month": "9", "change_deadline_day": "15", "minimum_monthly_wage": "2100"})
    assert response.status_code == 302
    with schema_context("alpha"):
        from tenant_apps.employment.students.selectors import settings_get

        assert (settings_get().change_deadline_month, settings_get().minimum_monthly_wage) == (9, 2100)
    response = client_a.post("/admin-ui/employment/students/settings/", {"change_deadline_month": "2", "change_deadline_day": "30"}, HTTP_REFERER="/admin-ui/employment/students/settings/")
    assert response.status_code == 302


ROSTER_EXPORT = "/admin-ui/employment/students/export/"


def test_roster_export_asks_for_a_reason_and_is_stamped_and_audited(client_a, setup):
    """Issue 19: the roster export runs through the export engine (reason, stamp, audit)."""
    import io

    from openpyxl import load_workbook

    from core.models import AuditEvent

    client_a.login_as(setup["center"])
    page = client_a.get(ROSTER_EXPORT, {"year": "", "q": ""}).content.decode()
    assert 'id="export-reason"' in page and 'id="export-submit"' in page
    refused = client_a.post(ROSTER_EXPORT, {"reason": "看"})
    assert refused.status_code == 400 and "导出事由" in refused.content.decode()
    response = client_a.post(ROSTER_EXPORT, {"reason": "核对毕业生名单", "q": setup["cohort"][0].student_number})
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("毕业年份", "学号", "姓名") and [r[1] for r in rows[1:]] == [setup["cohort"][0].student_number]
    assert rows[1][4] == setup["cohort"][0].id_number  # the centre may see full ID numbers
    assert "核对毕业生名单" in workbook.properties.description
    with schema_context("alpha"):
        event = AuditEvent.objects.filter(action="employment_students.roster_export").latest("id")
    assert event.after["reason"] == "核对毕业生名单" and event.after["masked"] == []


def test_roster_export_masks_without_the_reveal_right_and_needs_the_import_right(client_a, setup):
    import io

    from django.contrib.auth.models import Group, Permission
    from openpyxl import load_workbook

    from tenant_apps.accounts.models import GroupProfile

    with schema_context("alpha"):
        group = Group.objects.create(name="名单维护（无完整证件号）")
        GroupProfile.objects.update_or_create(group=group, defaults={"data_scope": "all"})
        group.permissions.set(Permission.objects.filter(content_type__app_label="employment_students",
                                                        codename__in=["view_graduaterecord", "import_graduaterecord"]))
        keeper = make_staff("roster-keeper", "名单维护（无完整证件号）")
    for who in ("counsellor", "plain"):
        client_a.login_as(setup[who])
        assert client_a.get(ROSTER_EXPORT).status_code == 403
        assert client_a.post(ROSTER_EXPORT, {"reason": "核对毕业生名单"}).status_code == 403
    client_a.login_as(keeper)
    rows = list(load_workbook(io.BytesIO(client_a.post(ROSTER_EXPORT, {"reason": "核对毕业生名单"}).content)).active.iter_rows(values_only=True))
    numbers = {r[1] for r in rows[1:]}
    assert {r.student_number for r in setup["cohort"] + setup["other"]} <= numbers
    assert not any(r.id_number in str(rows) for r in setup["cohort"])  # masked


def test_roster_export_of_another_tenant_holds_none_of_ours(admin_client_b, setup):
    import io

    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(admin_client_b.post(ROSTER_EXPORT, {"reason": "核对毕业生名单"}).content)).active.iter_rows(values_only=True))
    assert not {r.student_number for r in setup["cohort"]} & {r[1] for r in rows[1:]}


def _download_url(fieldfile, user) -> str:
    from core.files import download_url

    with schema_context("alpha"):
        return download_url(fieldfile, user=user)


def test_correction_with_evidence_through_the_api_and_the_counsellor_sees_it(client_a, setup):
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile

    record = setup["cohort"][0]
    client_a.login_as(record.user)
    proof = SimpleUploadedFile("入党证明.pdf", b"%PDF-1.4 party proof", content_type="application/pdf")
    response = client_a.post("/api/v1/employment/students/me/correction/", {"changes": json.dumps({"political_status": "01"}), "explanation": "已入党",
                                                                           "evidence": proof})
    assert response.status_code == 200 and response.json()["verification_status"] == "correction"
    bad = client_a.post("/api/v1/employment/students/me/correction/", {"changes": "not json", "explanation": "x"})
    assert bad.status_code in (400, 409)
    with schema_context("alpha"):
        correction = record.corrections.get()
        assert correction.evidence.name.endswith(".pdf")
    client_a.login_as(setup["counsellor"])
    page = client_a.get(f"/admin-ui/employment/students/{record.pk}/").content.decode()
    assert "data-evidence" in page and "已入党" in page
    assert "<td class=\"muted\">03</td><td>01</td>" in page  # the value now and the value asked for
    assert client_a.get(_download_url(correction.evidence, setup["counsellor"])).status_code == 302
    with schema_context("alpha"):
        stranger = make_staff("counsellor2-en", "辅导员", unit=setup["other"][0].org_unit)
    client_a.login_as(stranger)  # a counsellor of another class may not open it
    assert client_a.get(_download_url(correction.evidence, stranger)).status_code == 403


def test_import_api_takes_the_messy_roster_like_the_page(client_a, client_b, admin_b, setup):
    from core.importexport import services as importexport
    from tests.tenant_apps.employment_students.conftest import roster_row

    client_a.login_as(setup["center"])
    upload = roster_upload([roster_row("2022009911", "接口导入")], title_rows=2, merge_college=True)
    response = client_a.post("/api/v1/employment/students/import/", {"file": upload})
    assert response.status_code == 201, response.content
    with schema_context("alpha"):
        job = importexport.import_job_run(job_id=response.json()["id"])
        from tenant_apps.employment.students.models import GraduateRecord

        assert job.succeeded_rows == 1 and GraduateRecord.objects.filter(student_number="2022009911").exists()
    client_a.login_as(setup["counsellor"])
    assert client_a.post("/api/v1/employment/students/import/", {"file": roster_upload([roster_row("2022009912", "无权导入")])}).status_code == 403
    client_b.login_as(admin_b)  # another school's import lands in its own schema
    assert client_b.post("/api/v1/employment/students/import/", {"file": roster_upload([roster_row("2022009913", "乙校")])}).status_code == 201
    with schema_context("alpha"):
        assert not GraduateRecord.objects.filter(student_number="2022009913").exists()


def test_settings_api_default_deadline_is_31_august(client_a, client_b, admin_b, setup):
    client_a.login_as(setup["center"])
    settings = client_a.get("/api/v1/employment/students/settings/").json()
    assert (settings["change_deadline_month"], settings["change_deadline_day"]) == (8, 31)
    body = {"change_deadline_month": 9, "change_deadline_day": 15, "archive_needs_student_confirmation": True, "school_code": "10999"}
    assert client_a.put("/api/v1/employment/students/settings/", body, content_type="application/json").json()["change_deadline_month"] == 9
    refused = client_a.put("/api/v1/employment/students/settings/", {**body, "change_deadline_month": 2, "change_deadline_day": 30}, content_type="application/json")
    assert refused.status_code == 400
    client_a.login_as(setup["counsellor"])
    assert client_a.get("/api/v1/employment/students/settings/").status_code == 403
    client_b.login_as(admin_b)
    assert client_b.get("/api/v1/employment/students/settings/").json()["change_deadline_month"] == 8


def test_progress_reminds_one_class_from_its_row(client_a, setup):
    from tenant_apps.employment.students.models import GraduateRecord

    client_a.login_as(setup["center"])
    page = client_a.get("/admin-ui/employment/students/progress/?level=class").content.decode()
    unit = setup["other"][0].org_unit_id
    assert f'data-remind-unit="{unit}"' in page
    assert client_a.post("/admin-ui/employment/students/progress/", {"year": "2027", "unit": str(unit)}).status_code == 302
    with schema_context("alpha"):
        reminded = set(GraduateRecord.objects.filter(reminded_at__isnull=False).values_list("pk", flat=True))
    assert reminded == {setup["other"][0].pk}
    rows = client_a.get("/api/v1/employment/students/progress/?level=class").json()
    assert unit in {r["unit_id"] for r in rows}
