"""Project applications by other roles (X17): the bureau chooses the groups that may apply; a
member applies with attachments and sees only their own applications; a reviewer approves or
rejects with a note and the applicant gets an in-app letter. Permissions and isolation."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from .conftest import make_staff

pytestmark = pytest.mark.django_db

SETTINGS = "backoffice:experts_panels:settings"
LIST = "backoffice:experts_panels:application_list"
NEW = "backoffice:experts_panels:application_add"


def make_applicant(username: str, *, group_name: str = "项目申请人", allow: bool = True, org_unit=None):
    """A staff user whose only right is being in a group the settings allow to apply."""
    from django.contrib.auth.models import Group

    from tenant_apps.accounts.models import User
    from tenant_apps.experts.panels.selectors import panel_settings

    group, _ = Group.objects.get_or_create(name=group_name)
    user = User.objects.create_user(username=username, password="pw-12345678", kind="staff", display_name=f"申请人{username}", org_unit=org_unit)
    user.groups.add(group)
    if allow:
        panel_settings().applicant_groups.add(group)
    return User.objects.get(pk=user.pk)


def run_in_bureau(callbacks) -> None:
    """The test client leaves the public schema set after a request; letters are tenant rows."""
    with schema_context("bureau"):
        for callback in callbacks:
            callback()


def application_form(**extra) -> dict:
    data = {"title": "污水处理厂扩建评审", "owner_unit": "市水务集团", "related_units": "甲设计院,乙施工", "opens_at": "2030-06-01T09:30",
            "location": "二楼会议室", "category": "工程评审", "description": "需要给排水专家 3 人"}
    data.update(extra)
    return data


def test_settings_page_chooses_the_groups(admin_client_bureau, client_bureau):
    from django.contrib.auth.models import Group

    with schema_context("bureau"):
        group = Group.objects.create(name="业务处室")
        nobody = make_staff(username="settings-nobody", perms=["expert_panels.view_project"])
    page = admin_client_bureau.get(reverse(SETTINGS))
    assert page.status_code == 200 and "业务处室" in page.content.decode()
    response = admin_client_bureau.post(reverse(SETTINGS), {"groups": [str(group.pk)]}, follow=True)
    assert "可申请项目的用户组：业务处室" in response.content.decode()
    with schema_context("bureau"):
        from tenant_apps.experts.panels.selectors import panel_settings

        assert list(panel_settings().applicant_groups.values_list("name", flat=True)) == ["业务处室"]
    client_bureau.login_as(nobody)
    assert client_bureau.get(reverse(SETTINGS)).status_code == 403
    assert client_bureau.post(reverse(SETTINGS), {"groups": []}).status_code == 403
    with schema_context("bureau"):
        assert panel_settings().applicant_groups.count() == 1


def test_applicant_submits_sees_only_own_and_reviewer_approves(admin_client_bureau, client_bureau, django_capture_on_commit_callbacks):
    from tenant_apps.accounts.models import OrgUnit
    from tenant_apps.experts.panels.models import Project
    from tenant_apps.messaging.models import Letter

    with schema_context("bureau"):
        unit = OrgUnit.objects.create(name="建设处", kind="department")
        applicant = make_applicant("applicant1", org_unit=unit)
        other = make_applicant("applicant2")
        supervisor = make_staff(username="app-supervisor", perms=["expert_panels.view_project", "expert_panels.approve_project"])

    client_bureau.login_as(applicant)
    page = client_bureau.get(reverse(LIST)).content.decode()
    assert "我的项目申请" in page and "您还没有提交过项目申请" in page
    files = [SimpleUploadedFile("方案.pdf", b"%PDF-1.4 test"), SimpleUploadedFile("清单.xlsx", b"PK\x03\x04 list")]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_bureau.post(reverse(NEW), {**application_form(), "files": files}, follow=True)
    run_in_bureau(callbacks)
    body = response.content.decode()
    assert "项目申请已提交" in body and "待审核" in body and "方案.pdf" in body and "清单.xlsx" in body
    with schema_context("bureau"):
        project = Project.objects.get(title="污水处理厂扩建评审")
        assert (project.status, project.source, project.created_by_id, project.department_id) == ("pending", "application", applicant.pk, unit.pk)
        assert project.attachments.count() == 2 and project.related_units == ["甲设计院", "乙施工"]
        # reviewers (the supervisor and the admin) are told
        assert Letter.objects.filter(user=supervisor, title__contains="新的项目申请").exists()
        assert not Letter.objects.filter(user=applicant).exists()
    assert "污水处理厂扩建评审" in client_bureau.get(reverse(LIST)).content.decode()
    detail_url = reverse("backoffice:experts_panels:application_detail", args=[project.pk])

    # another applicant of the same group sees neither the row nor the page
    client_bureau.login_as(other)
    assert "污水处理厂扩建评审" not in client_bureau.get(reverse(LIST)).content.decode()
    assert client_bureau.get(detail_url).status_code == 404

    # the applicant cannot approve their own application
    client_bureau.login_as(applicant)
    project_url = reverse("backoffice:experts_panels:project_detail", args=[project.pk])
    assert client_bureau.post(project_url, {"action": "approve"}).status_code == 403

    # the supervisor sees it among pending applications and approves with a note
    client_bureau.login_as(supervisor)
    pending = client_bureau.get(reverse("backoffice:experts_panels:project_list") + "?status=pending&source=application").content.decode()
    assert "污水处理厂扩建评审" in pending
    detail = client_bureau.get(project_url).content.decode()
    assert "项目申请" in detail and "申请人 申请人applicant1" in detail and "方案.pdf" in detail
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client_bureau.post(project_url, {"action": "approve", "note": "同意，请尽快抽取"})
    run_in_bureau(callbacks)
    with schema_context("bureau"):
        project.refresh_from_db()
        assert project.status == "approved" and project.approved_by == supervisor
        letter = Letter.objects.get(user=applicant)
        assert letter.title == "项目申请已通过：污水处理厂扩建评审" and "同意，请尽快抽取" in letter.body and letter.link == detail_url

    client_bureau.login_as(applicant)
    page = client_bureau.get(detail_url).content.decode()
    assert "已审核" in page and "同意，请尽快抽取" in page


def test_rejection_is_sent_with_the_note(django_capture_on_commit_callbacks, in_bureau, bureau_admin):
    from tenant_apps.experts.panels.services import ProjectInput, project_apply, project_review
    from tenant_apps.messaging.models import Letter

    applicant = make_applicant("applicant-rej")
    with django_capture_on_commit_callbacks(execute=True):
        project = project_apply(actor=applicant, data=ProjectInput(title="待驳回项目", owner_unit="某单位", opens_at=timezone.now()))
        project_review(actor=bureau_admin, project=project, approve=False, note="材料不全")
    letter = Letter.objects.get(user=applicant)
    assert letter.title == "项目申请未通过：待驳回项目" and "材料不全" in letter.body


def test_form_errors_are_shown(client_bureau):
    with schema_context("bureau"):
        applicant = make_applicant("applicant-err")
    client_bureau.login_as(applicant)
    response = client_bureau.post(reverse(NEW), application_form(opens_at=""))
    assert response.status_code == 400 and "请填写评审时间" in response.content.decode()
    response = client_bureau.post(reverse(NEW), application_form(title=""))
    assert response.status_code == 400 and "请检查填写的内容" in response.content.decode()
    too_many = [SimpleUploadedFile(f"f{i}.txt", b"x") for i in range(11)]
    response = client_bureau.post(reverse(NEW), {**application_form(), "files": too_many})
    assert response.status_code == 400 and "附件最多 10 个" in response.content.decode()


def test_only_members_of_allowed_groups_may_apply(client_bureau):
    from tenant_apps.experts.panels.models import Project

    with schema_context("bureau"):
        outsider = make_applicant("applicant-out", group_name="未授权组", allow=False)
        staff = make_staff(username="app-staff", perms=["expert_panels.view_project", "expert_panels.add_project"])
        member = make_applicant("applicant-menu")
    client_bureau.login_as(member)
    assert "我的项目申请" in client_bureau.get(reverse("backoffice:dashboard")).content.decode()
    for user in (outsider, staff):
        client_bureau.login_as(user)
        assert "我的项目申请" not in client_bureau.get(reverse("backoffice:dashboard")).content.decode()
        assert client_bureau.get(reverse(LIST)).status_code == 403
        assert client_bureau.get(reverse(NEW)).status_code == 403
        assert client_bureau.post(reverse(NEW), application_form()).status_code == 403
    with schema_context("bureau"):
        assert not Project.objects.filter(source="application").exists()
        # taking the group off the settings closes the pages again
        from tenant_apps.experts.panels.selectors import panel_settings

        panel_settings().applicant_groups.clear()
    client_bureau.login_as(member)
    assert client_bureau.get(reverse(LIST)).status_code == 403


def test_other_tenant_gets_404(client_bureau, client_a):
    with schema_context("bureau"):
        applicant = make_applicant("applicant-iso")
    client_bureau.login_as(applicant)
    client_bureau.post(reverse(NEW), application_form(title="本局申请"))
    with schema_context("bureau"):
        from tenant_apps.experts.panels.models import Project

        project = Project.objects.get(title="本局申请")
    with schema_context("alpha"):
        alpha_applicant = make_applicant("applicant-alpha")
    client_a.login_as(alpha_applicant)
    assert client_a.get(reverse(LIST)).status_code == 200
    assert "本局申请" not in client_a.get(reverse(LIST)).content.decode()
    assert client_a.get(reverse("backoffice:experts_panels:application_detail", args=[project.pk])).status_code == 404
