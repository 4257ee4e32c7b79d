"""On the draw page, viewing a draw does not let a user change its panel: roles and absences
need the draw permission (as in the API)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from tenant_apps.experts.panels.selectors import GroupConditions
from tenant_apps.experts.panels.services import draw_execute

from .conftest import make_pool, make_project, make_staff, prepare

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(in_bureau, bureau_admin, bureau_tree):
    make_pool(4, domains=[bureau_tree[2]])
    project = make_project(bureau_admin)
    draw = prepare(bureau_admin, project, [GroupConditions(count=2, domain_ids=[bureau_tree[0].pk])])
    return draw_execute(actor=bureau_admin, draw=draw, supervisor_values=["3", "4"])


def test_a_viewer_sees_the_panel_but_cannot_change_roles_or_absences(client_bureau, drawn):
    viewer = make_staff(username="viewer", perms=["expert_panels.view_draw", "expert_panels.view_project"])
    member = drawn.members.order_by("row").first()
    client_bureau.login_as(viewer)
    url = reverse("backoffice:experts_panels:draw_detail", args=[drawn.pk])
    page = client_bureau.get(url)
    assert page.status_code == 200
    assert "批量设置角色" not in page.content.decode() and 'id="absent-form"' not in page.content.decode()
    assert client_bureau.post(url, {"action": "role", "member": [member.pk], "role": "leader"}).status_code == 403
    assert client_bureau.post(url, {"action": "absent", "member": member.pk, "status": "declined", "reason": "x"}).status_code == 403
    with schema_context("bureau"):
        member.refresh_from_db()
        assert member.role != "leader" and member.status != "declined"


def test_with_the_draw_permission_roles_can_be_set(admin_client_bureau, drawn):
    member = drawn.members.order_by("row").first()
    url = reverse("backoffice:experts_panels:draw_detail", args=[drawn.pk])
    assert "批量设置角色" in admin_client_bureau.get(url).content.decode()
    admin_client_bureau.post(url, {"action": "role", "member": [member.pk], "role": "leader"})
    with schema_context("bureau"):
        member.refresh_from_db()
        assert member.role == "leader"
