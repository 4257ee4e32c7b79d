"""Pages and API of online agreements: the employer invites in the portal, the graduate answers
on the H5, teachers review in the back office, the PDF, the public verification page; every
page and endpoint refuses other tenants (404) and users without the permission (403)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.tenant_apps.employment_agreements.conftest import (
    accept,
    employer_with_seal,
    invite,
    proof_file,
    seal_file,
    sign,
)
from tests.tenant_apps.employment_employers.conftest import hr_user, make_approved, staff_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_for(tenant_a):
    from tests.conftest import TenantClient

    def make(user):
        return TenantClient(tenant_a).login_as(user)

    return make


def test_employer_uploads_seal_and_invites_in_the_portal(world, client_for):
    employer = make_approved(world["admin"], region_code="110108")
    hr = client_for(hr_user(employer))
    url = reverse("employment_portal:agreement_list")
    record = world["cohort"][0]
    form = {"action": "invite", "student_number": record.student_number, "student_name": record.name, "job_title": "测试工程师", "monthly_pay": "9000",
            "work_place_code": "110108", "report_by": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(), "probation_months": "3",
            "valid_days": "7", "ends_on_further_study": "1"}
    response = hr.post(url, form)
    assert response.status_code == 409 and "请先上传单位公章" in response.content.decode()
    assert hr.post(url, {"action": "seal", "image": seal_file()}).status_code == 302
    response = hr.post(url, form)
    assert response.status_code == 302
    page = hr.get(url).content.decode()
    assert "测试工程师" in page and "已上传" in page
    with schema_context("alpha"):
        agreement = employer.agreements.get()
    detail = hr.get(reverse("employment_portal:agreement_detail", args=[agreement.pk])).content.decode()
    assert agreement.number in detail and "撤回邀约" in detail
    pdf = hr.get(reverse("employment_portal:agreement_pdf", args=[agreement.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    bad = hr.post(url, form | {"student_name": "不存在", "student_number": "000"})
    assert bad.status_code == 404 and "未找到该学生" in bad.content.decode()


def test_student_answers_on_the_h5(world, client_for):
    record = world["cohort"][0]
    agreement = invite(world["employer"], record)
    student = client_for(record.user)
    assert world["employer"].name in student.get(reverse("h5:employment_agreements:list")).content.decode()
    detail = reverse("h5:employment_agreements:detail", args=[agreement.pk])
    assert "接受邀约" in student.get(detail).content.decode()
    assert student.post(detail, {"action": "accept"}).status_code == 302
    with schema_context("alpha"):
        agreement.refresh_from_db()
        assert agreement.status == "college_review"
    assert "待学院审核" in student.get(detail).content.decode()
    # another graduate cannot open it
    other = client_for(world["cohort"][1].user)
    assert other.get(detail).status_code == 404
    assert other.get(reverse("h5:employment_agreements:pdf", args=[agreement.pk])).status_code == 404


def test_teachers_review_in_the_back_office_and_the_public_verifies(world, client_for, tenant_a):
    record = world["cohort"][0]
    agreement = accept(invite(world["employer"], record))
    detail = reverse("backoffice:employment_agreements:detail", args=[agreement.pk])
    college = client_for(world["college"])
    assert agreement.number in college.get(reverse("backoffice:employment_agreements:queue")).content.decode()
    assert college.post(detail, {"action": "approve", "level": "school"}).status_code == 403
    assert college.post(detail, {"action": "approve", "level": "college"}).status_code == 302
    school = client_for(world["school"])
    assert school.post(detail, {"action": "approve", "level": "school"}).status_code == 302
    with schema_context("alpha"):
        agreement.refresh_from_db()
    assert agreement.status == "signed"
    page = school.get(detail).content.decode()
    assert agreement.content_hash in page and "学校审核通过，签约成功" in page and "已按协议填写毕业去向草稿" in page
    pdf = school.get(reverse("backoffice:employment_agreements:pdf", args=[agreement.pk]))
    assert pdf.content.startswith(b"%PDF")
    # anybody, signed in or not, checks a printed agreement by its number and hash
    from tests.conftest import TenantClient

    anonymous = TenantClient(tenant_a)
    verify = reverse("employment_agreements_public:verify")
    ok = anonymous.get(verify, {"number": agreement.number, "hash": agreement.content_hash}).content.decode()
    assert "核验通过" in ok and record.name not in ok and record.name[0] in ok
    bad = anonymous.get(verify, {"number": agreement.number, "hash": "0" * 64}).content.decode()
    assert "未找到与该编号和摘要相符的协议" in bad
    api = anonymous.get(reverse("api:employment_agreements:agreement-verify"), {"number": agreement.number, "hash": agreement.content_hash})
    assert api.status_code == 200 and api.json()["employer"] == world["employer"].name


def test_termination_through_the_pages(world, client_for):
    record = world["cohort"][1]
    agreement = sign(invite(world["employer"], record), world)
    student = client_for(record.user)
    assert student.post(reverse("h5:employment_agreements:detail", args=[agreement.pk]), {"action": "terminate", "reason": "考研"}).status_code == 302
    hr = client_for(world["hr"])
    assert hr.post(reverse("employment_portal:agreement_detail", args=[agreement.pk]), {"action": "agree"}).status_code == 302
    school = client_for(world["school"])
    detail = reverse("backoffice:employment_agreements:detail", args=[agreement.pk])
    missing = school.post(detail, {"action": "terminate"})
    assert missing.status_code == 400 and "请上传解约证明" in missing.content.decode()
    assert school.post(detail, {"action": "terminate", "proof": proof_file(), "reason": "已核验"}).status_code == 302
    with schema_context("alpha"):
        agreement.refresh_from_db()
    assert agreement.status == "terminated"


def test_list_filters_and_export(world, client_for):
    school = client_for(world["school"])
    with schema_context("alpha"):
        first = invite(world["employer"], world["cohort"][0], job_title="算法工程师")
        invite(world["employer"], world["cohort"][1], job_title="产品经理")
    url = reverse("backoffice:employment_agreements:list")
    page = school.get(url, {"q": "算法"}).content.decode()
    assert first.number in page and "产品经理" not in page
    assert "没有符合条件的协议" in school.get(url, {"status": "signed"}).content.decode()
    response = school.post(reverse("backoffice:jobs:export_start", args=["employment_agreements.agreements"]), {"reason": "就业统计核对"})
    assert response.status_code == 302 and "/admin-ui/jobs/" in response["Location"]


def test_list_pages_do_not_grow_queries_with_rows(world, client_for):
    school = client_for(world["school"])
    url = reverse("backoffice:employment_agreements:list")
    with schema_context("alpha"):
        invite(world["employer"], world["cohort"][0])
    school.get(url)
    with CaptureQueriesContext(connection) as few:
        school.get(url)
    with schema_context("alpha"):
        for record in world["cohort"][1:] + world["others"]:
            invite(employer_with_seal(world["admin"]), record)
    with CaptureQueriesContext(connection) as many:
        assert school.get(url).status_code == 200
    assert len(many) == len(few)
    hr = client_for(world["hr"])
    api = reverse("api:employment_agreements:employer-agreement-list")
    hr.get(api)
    with CaptureQueriesContext(connection) as employer_queries:
        hr.get(api)
    assert len(employer_queries) < 15


def test_api_through_the_whole_flow(world, client_for):
    record = world["cohort"][2]
    hr = client_for(world["hr"])
    body = {"student_number": record.student_number, "student_name": record.name, "job_title": "接口工程师", "monthly_pay": 10000,
            "work_place_code": "310115", "report_by": (timezone.localdate() + datetime.timedelta(days=60)).isoformat(), "valid_days": 5}
    response = hr.post(reverse("api:employment_agreements:employer-agreement-list"), body, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert hr.post(reverse("api:employment_agreements:employer-agreement-list"), body, content_type="application/json").json()["code"] == "invitation_already_open"
    student = client_for(record.user)
    assert [row["id"] for row in student.get(reverse("api:employment_agreements:my-agreement-list")).json()["results"]] == [pk]
    answer = student.post(reverse("api:employment_agreements:my-agreement-answer", args=[pk]), {"accept": True}, content_type="application/json")
    assert answer.json()["status"] == "college_review"
    college, school = client_for(world["college"]), client_for(world["school"])
    review = reverse("api:employment_agreements:agreement-review", args=[pk])
    assert college.post(review, {"level": "college", "approve": False}, content_type="application/json").json()["code"] == "reason_required"
    assert college.post(review, {"level": "college", "approve": True}, content_type="application/json").json()["status"] == "school_review"
    assert [row["id"] for row in school.get(reverse("api:employment_agreements:agreement-queue")).json()["results"]] == [pk]
    signed = school.post(review, {"level": "school", "approve": True}, content_type="application/json").json()
    assert signed["status"] == "signed" and len(signed["content_hash"]) == 64
    assert student.get(reverse("api:employment_agreements:agreement-pdf", args=[pk])).content.startswith(b"%PDF")
    assert hr.get(reverse("api:employment_agreements:agreement-pdf", args=[pk])).status_code == 200
    termination = reverse("api:employment_agreements:agreement-termination", args=[pk])
    assert hr.post(termination, {"action": "start", "reason": "岗位调整"}, content_type="application/json").json()["status"] == "termination_requested"
    assert student.post(termination, {"action": "agree"}, content_type="application/json").json()["status"] == "termination_review"
    decision = reverse("api:employment_agreements:agreement-termination-decision", args=[pk])
    assert college.post(decision, {"approve": True}, format="multipart").status_code == 403
    done = school.post(decision, {"approve": "true", "reason": "同意", "proof": proof_file()})
    assert done.status_code == 200 and done.json()["status"] == "terminated"
    seal = hr.post(reverse("api:employment_agreements:employer-seal"), {"image": seal_file()})
    assert seal.status_code == 200 and len(seal.json()["sha256"]) == 64


PAGES = ["backoffice:employment_agreements:list", "backoffice:employment_agreements:queue"]


def viewer_user():
    """A teacher who may see every agreement (data scope "all") but review none."""
    from django.contrib.auth.models import Group, Permission

    from tenant_apps.accounts.models import GroupProfile, User

    group, _ = Group.objects.get_or_create(name="网签查看")
    GroupProfile.objects.update_or_create(group=group, defaults={"data_scope": "all"})
    group.permissions.add(Permission.objects.get(content_type__app_label="employment_agreements", codename="view_agreement"))
    user = User.objects.create_user(username=f"viewer{User.objects.count()}", password="Viewer-pass-2026", kind="staff", display_name="查看")
    user.groups.add(group)
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize("url_name", PAGES)
def test_permission_matrix_pages(world, client_for, url_name):
    nobody, granted = staff_with(), staff_with("employment_agreements.view_agreement")
    assert client_for(nobody).get(reverse(url_name)).status_code == 403
    assert client_for(granted).get(reverse(url_name)).status_code == 200


def test_permission_matrix_objects_and_api(world, client_for):
    agreement = accept(invite(world["employer"], world["cohort"][0]))
    other_hr_user, other_student_user = hr_user(make_approved(world["admin"])), world["cohort"][1].user
    nobody, viewer = client_for(staff_with()), client_for(viewer_user())
    scopeless = client_for(staff_with("employment_agreements.view_agreement"))  # the permission without the data scope
    detail = reverse("backoffice:employment_agreements:detail", args=[agreement.pk])
    assert nobody.get(detail).status_code == 403 and viewer.get(detail).status_code == 200 and scopeless.get(detail).status_code == 404
    assert viewer.post(detail, {"action": "approve", "level": "college"}).status_code == 403  # seeing is not reviewing
    for name in ("agreement-list", "agreement-queue"):
        assert nobody.get(reverse(f"api:employment_agreements:{name}")).status_code == 403
    assert nobody.get(reverse("api:employment_agreements:agreement-detail", args=[agreement.pk])).status_code == 403
    review = reverse("api:employment_agreements:agreement-review", args=[agreement.pk])
    assert viewer.post(review, {"level": "college", "approve": True}, content_type="application/json").status_code == 403
    # teachers and students are not employers; employers are not teachers
    assert viewer.get(reverse("api:employment_agreements:employer-agreement-list")).status_code == 403
    assert viewer.get(reverse("employment_portal:agreement_list")).status_code == 302  # to the portal's login
    hr = client_for(world["hr"])
    assert hr.get(reverse("backoffice:employment_agreements:list")).status_code == 403
    assert hr.get(reverse("api:employment_agreements:agreement-detail", args=[agreement.pk])).status_code == 403
    # a third party (another employer, another student) gets 404 on the agreement's PDF and termination
    other_hr = client_for(other_hr_user)
    assert other_hr.get(reverse("api:employment_agreements:agreement-pdf", args=[agreement.pk])).status_code == 404
    assert other_hr.get(reverse("employment_portal:agreement_detail", args=[agreement.pk])).status_code == 404
    other_student = client_for(other_student_user)
    assert other_student.post(reverse("api:employment_agreements:agreement-termination", args=[agreement.pk]), {"action": "start", "reason": "x"},
                              content_type="application/json").status_code == 404
    assert other_student.post(reverse("api:employment_agreements:my-agreement-answer", args=[agreement.pk]), {"accept": True},
                              content_type="application/json").status_code == 404


def test_isolation(world, admin_client_b, client_b):
    agreement = sign(invite(world["employer"], world["cohort"][0]), world)
    pk = agreement.pk
    for url in (reverse("backoffice:employment_agreements:detail", args=[pk]), reverse("backoffice:employment_agreements:pdf", args=[pk]),
                reverse("api:employment_agreements:agreement-detail", args=[pk]), reverse("api:employment_agreements:agreement-pdf", args=[pk]),
                reverse("api:employment_agreements:my-agreement-detail", args=[pk]), reverse("h5:employment_agreements:detail", args=[pk]),
                reverse("h5:employment_agreements:pdf", args=[pk])):
        assert admin_client_b.get(url).status_code == 404, url
    review = reverse("api:employment_agreements:agreement-review", args=[pk])
    assert admin_client_b.post(review, {"level": "school", "approve": True}, content_type="application/json").status_code == 404
    # beta's employer portal and verification page know nothing of alpha's agreement
    with schema_context("beta"):
        from tenant_apps.accounts.models import User

        beta_admin = User.objects.filter(is_superuser=True).first()
        beta_hr = hr_user(make_approved(beta_admin))
    client_b.login_as(beta_hr)
    assert client_b.get(reverse("employment_portal:agreement_detail", args=[pk])).status_code == 404
    assert client_b.get(reverse("api:employment_agreements:employer-agreement-detail", args=[pk])).status_code == 404
    verify = client_b.get(reverse("employment_agreements_public:verify"), {"number": agreement.number, "hash": agreement.content_hash}).content.decode()
    assert "核验通过" not in verify
