"""Pages, API, permissions and tenant isolation of projects and draws."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from tenant_apps.experts.panels.selectors import GroupConditions
from tenant_apps.experts.panels.services import draw_execute, invitation_token

from .conftest import make_pool, make_project, make_staff, prepare

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(in_bureau, bureau_admin, bureau_tree):
    top, *_ = bureau_tree
    make_pool(6, domains=[bureau_tree[2]])
    project = make_project(bureau_admin)
    draw = prepare(bureau_admin, project, [GroupConditions(count=2, domain_ids=[top.pk])])
    return draw_execute(actor=bureau_admin, draw=draw, supervisor_values=["7", "8"])


def test_back_office_pages_render(admin_client_bureau, drawn):
    for url in [reverse("backoffice:experts_panels:project_list"), reverse("backoffice:experts_panels:project_detail", args=[drawn.project_id]),
                reverse("backoffice:experts_panels:draw_detail", args=[drawn.pk]), reverse("backoffice:experts_panels:history"),
                reverse("backoffice:experts_panels:draw_new", args=[drawn.project_id]), reverse("backoffice:experts_panels:project_add")]:
        response = admin_client_bureau.get(url)
        assert response.status_code == 200, url
    page = admin_client_bureau.get(reverse("backoffice:experts_panels:draw_detail", args=[drawn.pk])).content.decode()
    assert "复算一致" in page
    for kind in ("receipt", "docx", "xlsx"):
        assert admin_client_bureau.get(reverse("backoffice:experts_panels:draw_file", args=[drawn.pk, kind])).status_code == 200
    assert admin_client_bureau.get(reverse("backoffice:experts_panels:project_list") + "?export=1").status_code == 200


def test_operator_sees_masked_names_before_reveal_window(client_bureau, drawn):
    operator = make_staff(username="op1", perms=["expert_panels.view_draw", "expert_panels.view_project"])
    names = [m.expert.name for m in drawn.members.select_related("expert")]
    client_bureau.login_as(operator)
    page = client_bureau.get(reverse("backoffice:experts_panels:draw_detail", args=[drawn.pk])).content.decode()
    assert names and not any(name in page for name in names)


def test_prequery_and_freeze_by_form(admin_client_bureau, bureau_tree, bureau_admin):
    project = make_project(bureau_admin)
    make_pool(3, domains=[bureau_tree[0]])
    url = reverse("backoffice:experts_panels:draw_new", args=[project.pk])
    data = {"g1_count": "2", "g1_domain": [str(bureau_tree[0].pk)], "work_start": "2030-01-01", "work_end": "2030-01-01", "supervisors": "甲,乙", "channels": ["sms"]}
    response = admin_client_bureau.post(url, {**data, "action": "prequery"})
    assert "<strong>3</strong>" in response.content.decode() and not re.search(r"专家\d", response.content.decode())
    response = admin_client_bureau.post(url, {**data, "action": "prepare"})
    assert response.status_code == 302


def test_permissions(client_bureau, drawn):
    nobody = make_staff(username="nobody")
    client_bureau.login_as(nobody)
    assert client_bureau.get(reverse("backoffice:experts_panels:project_list")).status_code == 403
    assert client_bureau.get(reverse("backoffice:experts_panels:draw_detail", args=[drawn.pk])).status_code == 403
    with schema_context("bureau"):
        viewer = make_staff(username="viewer", perms=["expert_panels.view_project"])
    client_bureau.login_as(viewer)
    assert client_bureau.get(reverse("backoffice:experts_panels:draw_new", args=[drawn.project_id])).status_code == 403
    assert client_bureau.get(reverse("api:experts_panels:project-list")).status_code == 200
    assert client_bureau.post(reverse("api:experts_panels:project-list"), {}, content_type="application/json").status_code == 403


def test_other_tenant_cannot_see_the_project(admin_client_a, drawn):
    with schema_context("alpha"):
        assert admin_client_a.get(reverse("backoffice:experts_panels:project_detail", args=[drawn.project_id])).status_code == 404
        assert admin_client_a.get(reverse("backoffice:experts_panels:draw_detail", args=[drawn.pk])).status_code == 404
        assert admin_client_a.get(reverse("h5:experts_panels:verify", args=[drawn.verify_token])).status_code == 404
        assert admin_client_a.get(reverse("api:experts_panels:project-detail", args=[drawn.project_id])).status_code == 404


def test_public_verification_page_and_json(client_bureau, drawn):
    page = client_bureau.get(reverse("h5:experts_panels:verify", args=[drawn.verify_token])).content.decode()
    assert "复算结果与记录一致" in page and drawn.server_value in page
    data = client_bureau.get(reverse("h5:experts_panels:verify_json", args=[drawn.verify_token])).json()
    from tenant_apps.experts.panels.drawing import verify

    assert verify(data).ok


def test_invitation_links_accept_and_decline(client_bureau, drawn):
    first, second = list(drawn.members.order_by("row"))
    url = reverse("h5:experts_panels:invitation", args=[invitation_token(first)])
    assert client_bureau.post(url, {"answer": "accept"}).status_code == 200
    url2 = reverse("h5:experts_panels:invitation", args=[invitation_token(second)])
    assert client_bureau.post(url2, {"answer": "decline", "reason": ""}).status_code == 400
    assert client_bureau.post(url2, {"answer": "decline", "reason": "出差"}).status_code == 200
    with schema_context("bureau"):
        assert drawn.members.filter(kind="replacement").count() == 1
    assert client_bureau.get(reverse("h5:experts_panels:invitation", args=["forged"])).status_code == 404


def test_api_refuses_writes_on_archived_project(admin_client_bureau, drawn, bureau_admin):
    from tenant_apps.experts.panels.services import project_archive

    project_archive(actor=bureau_admin, project=drawn.project)
    body = {"title": "x", "owner_unit": "y", "opens_at": "2030-01-01T09:00:00+08:00"}
    response = admin_client_bureau.put(reverse("api:experts_panels:project-detail", args=[drawn.project_id]), body, content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "project_archived"


def test_invitation_message_queued_with_link(in_bureau, bureau_admin, bureau_tree, django_capture_on_commit_callbacks):
    from tenant_apps.messaging.models import Message

    make_pool(3, domains=[bureau_tree[0]])
    project = make_project(bureau_admin)
    draw = prepare(bureau_admin, project, [GroupConditions(count=2, domain_ids=[bureau_tree[0].pk])])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        draw_execute(actor=bureau_admin, draw=draw, supervisor_values=["1", "2"])
    for callback in callbacks:
        callback()
    bodies = [m.body for m in Message.objects.filter(source=f"panels:project:{project.pk}")]
    assert len(bodies) == 2 and all(re.search(r"/h5/panels/invitations/[^ ]+/", b) for b in bodies)
