"""Archiving makes a project read-only on every page: the buttons and forms are gone, pages that
only lead to a change send the user back, and every POST is refused with a clear message."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tenants.utils import schema_context

from tenant_apps.experts.panels.selectors import GroupConditions
from tenant_apps.experts.panels.services import draw_execute, project_archive

from .conftest import make_pool, make_project, prepare

pytestmark = pytest.mark.django_db

ARCHIVED = "项目已归档，不能再修改。"


@pytest.fixture
def archived(in_bureau, bureau_admin, bureau_tree):
    """An archived project with a drawn panel and a second, prepared but not drawn, draw."""
    make_pool(6, domains=[bureau_tree[2]])
    project = make_project(bureau_admin)
    drawn = draw_execute(actor=bureau_admin, draw=prepare(bureau_admin, project, [GroupConditions(count=2, domain_ids=[bureau_tree[0].pk])]),
                         supervisor_values=["1", "2"])
    waiting = prepare(bureau_admin, project, [GroupConditions(count=1, domain_ids=[bureau_tree[0].pk])])
    project = project_archive(actor=bureau_admin, project=project)
    return {"project": project, "drawn": drawn, "waiting": waiting}


def snapshot(project_id: int) -> dict:
    from tenant_apps.experts.panels.models import PanelMember, Project

    with schema_context("bureau"):
        project = Project.objects.get(pk=project_id)
        return {"project": (project.title, project.status, project.batch_id, project.assigned_to_id), "notes": project.notes.count(),
                "attachments": project.attachments.count(), "members": list(PanelMember.objects.filter(draw__project=project).values_list("status", "role").order_by("id")),
                "draws": project.draws.count(), "drawn": project.draws.filter(drawn_at__isnull=False).count()}


def test_pages_show_no_actions(admin_client_bureau, archived):
    project, drawn, waiting = archived["project"], archived["drawn"], archived["waiting"]
    page = admin_client_bureau.get(reverse("backoffice:experts_panels:project_detail", args=[project.pk])).content.decode()
    assert "已归档（只读）" in page
    for action in ('value="archive"', 'value="approve"', 'value="note"', 'value="attach"', "抽取专家</a>", "编辑</a>"):
        assert action not in page, action
    for draw in (drawn, waiting):
        page = admin_client_bureau.get(reverse("backoffice:experts_panels:draw_detail", args=[draw.pk])).content.decode()
        assert "项目已归档（只读）" in page
        for action in ('value="execute"', 'value="role"', 'value="absent"', 'type="checkbox"'):
            assert action not in page, action
        # the record and the sheets stay available
        assert admin_client_bureau.get(reverse("backoffice:experts_panels:draw_file", args=[draw.pk, "receipt"])).status_code == 200
    assert admin_client_bureau.get(reverse("backoffice:experts_panels:draw_file", args=[drawn.pk, "docx"])).status_code == 200
    for name in ("project_edit", "draw_new"):
        response = admin_client_bureau.get(reverse(f"backoffice:experts_panels:{name}", args=[project.pk]), follow=True)
        assert response.redirect_chain[-1][0] == reverse("backoffice:experts_panels:project_detail", args=[project.pk])
        assert ARCHIVED in response.content.decode()


def test_every_post_is_refused_with_a_message(admin_client_bureau, archived, bureau_admin):
    project, drawn, waiting = archived["project"], archived["drawn"], archived["waiting"]
    before = snapshot(project.pk)
    member = drawn.members.order_by("row").first()
    detail = reverse("backoffice:experts_panels:project_detail", args=[project.pk])
    posts = [
        (detail, {"action": "approve", "note": "x"}),
        (detail, {"action": "reject", "note": "x"}),
        (detail, {"action": "archive"}),
        (detail, {"action": "note", "text": "跟进", "assign_to": str(bureau_admin.pk)}),
        (detail, {"action": "attach", "file": SimpleUploadedFile("a.txt", b"x")}),
        (reverse("backoffice:experts_panels:draw_new", args=[project.pk]), {"action": "prequery", "g1_count": "1", "work_start": "2030-01-01", "work_end": "2030-01-01"}),
        (reverse("backoffice:experts_panels:draw_new", args=[project.pk]), {"action": "prepare", "g1_count": "1", "work_start": "2030-01-01", "work_end": "2030-01-01", "supervisors": "甲"}),
        (reverse("backoffice:experts_panels:draw_detail", args=[waiting.pk]), {"action": "execute", "value_0": "1", "value_1": "2"}),
        (reverse("backoffice:experts_panels:draw_detail", args=[drawn.pk]), {"action": "role", "member": [str(member.pk)], "role": "leader"}),
        (reverse("backoffice:experts_panels:draw_detail", args=[drawn.pk]), {"action": "absent", "member": str(member.pk), "status": "declined", "reason": "x"}),
        (reverse("backoffice:experts_panels:project_list"), {"action": "batch", "project": [str(project.pk)], "batch_name": "新批次"}),
    ]
    for url, data in posts:
        response = admin_client_bureau.post(url, data, follow=True)
        assert ARCHIVED in response.content.decode(), (url, data)
    response = admin_client_bureau.post(reverse("backoffice:experts_panels:project_edit", args=[project.pk]),
                                        {"title": "改名", "owner_unit": "x", "opens_at": "2030-01-01T09:00"})
    assert response.status_code == 400 and ARCHIVED in response.content.decode()
    # bulk approval skips it and says so
    response = admin_client_bureau.post(reverse("backoffice:experts_panels:project_list"), {"action": "approve", "project": [str(project.pk)]}, follow=True)
    assert "已审核通过 0 个项目，1 个不是待审核状态、已归档或是您本人创建的" in response.content.decode()
    assert snapshot(project.pk) == before
