"""Panels API access: permission matrix, other tenant, department scope, and that no endpoint
ever shows the candidate pool (operators see counts and masked drawn members only)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from tenant_apps.experts.panels.selectors import GroupConditions
from tenant_apps.experts.panels.services import draw_execute

from .conftest import make_project, make_staff, prepare
from .test_api import client_for, conditions, pool, post, url

pytestmark = pytest.mark.django_db

ALL_PANEL_PERMS = [f"expert_panels.{p}" for p in (
    "view_project", "add_project", "change_project", "approve_project", "archive_project", "export_project", "draw_panel", "supervise_draw", "view_draw",
)]


@pytest.fixture
def drawn(in_bureau, bureau_admin, bureau_tree):
    pool(4, domains=[bureau_tree[2]])
    project = make_project(bureau_admin)
    draw = prepare(bureau_admin, project, [GroupConditions(count=2, domain_ids=[bureau_tree[0].pk])])
    return draw_execute(actor=bureau_admin, draw=draw, supervisor_values=["3", "4"])


def staff_routes(draw) -> list[tuple[str, str, dict | None]]:
    project, member = draw.project_id, draw.members.order_by("row").first()
    return [
        ("get", url("project-list"), None), ("post", url("project-list"), {}),
        ("get", url("project-detail", project), None), ("put", url("project-detail", project), {}), ("patch", url("project-detail", project), {}),
        ("post", url("project-approve", project), {}), ("post", url("project-reject", project), {}), ("post", url("project-archive", project), {}),
        ("get", url("project-notes", project), None), ("post", url("project-notes", project), {}),
        ("get", url("project-attachments", project), None), ("post", url("project-attachments", project), {}),
        ("delete", url("project-attachment-detail", project, 1), None),
        ("post", url("project-prequery", project), {}), ("get", url("project-draws", project), None), ("post", url("project-draws", project), {}),
        ("post", url("project-draw-manual", project), {}), ("get", url("batch-list"), None), ("post", url("batch-list"), {}),
        ("get", url("draw-detail", draw.pk), None), ("post", url("draw-execute", draw.pk), {}), ("get", url("draw-receipt", draw.pk), None),
        ("get", url("draw-receipt-pdf", draw.pk), None), ("get", url("draw-sheet-docx", draw.pk), None), ("get", url("draw-sheet-xlsx", draw.pk), None),
        ("get", url("draw-invitations", draw.pk), None), ("post", url("draw-member-roles", draw.pk), {}),
        ("post", url("draw-member-absent", draw.pk, member.pk), {}), ("post", url("draw-member-attended", draw.pk, member.pk), {}),
        ("get", url("history"), None), ("get", url("history-export"), None),
    ]


def _call(client, method, target, data):
    if data is None:
        return getattr(client, method)(target)
    return getattr(client, method)(target, data, content_type="application/json")


def test_staff_without_permission_get_403_everywhere(drawn):
    nobody = client_for(make_staff(username="nobody"))
    for method, target, data in staff_routes(drawn):
        assert _call(nobody, method, target, data).status_code == 403, (method, target)


def test_each_action_needs_its_own_permission(drawn, bureau_tree):
    viewer = client_for(make_staff(username="viewer", perms=["expert_panels.view_project", "expert_panels.view_draw"]))
    supervisor = client_for(make_staff(username="supervisor", perms=["expert_panels.view_draw", "expert_panels.view_project", "expert_panels.supervise_draw"]))
    other = make_project(make_staff(username="approver", perms=["expert_panels.approve_project"]))
    waiting = prepare(drawn.created_by, other, [GroupConditions(count=1, domain_ids=[bureau_tree[0].pk])])
    project = drawn.project_id
    assert viewer.get(url("project-list")).status_code == 200
    assert viewer.get(url("draw-detail", drawn.pk)).status_code == 200
    assert viewer.get(url("draw-receipt", drawn.pk)).status_code == 200
    for method, target in [("post", url("project-list")), ("patch", url("project-detail", project)), ("post", url("project-approve", project)),
                           ("post", url("project-archive", project)), ("post", url("project-notes", project)), ("post", url("project-prequery", project)),
                           ("post", url("batch-list")), ("post", url("project-draws", project)), ("post", url("project-draw-manual", project)), ("post", url("draw-execute", drawn.pk)),
                           ("post", url("draw-member-roles", drawn.pk)), ("get", url("draw-sheet-docx", drawn.pk)), ("get", url("draw-sheet-xlsx", drawn.pk)),
                           ("get", url("history-export"))]:
        assert _call(viewer, method, target, {}).status_code == 403, (method, target)

    assert post(supervisor, "draw-execute", waiting.pk, data={"supervisor_values": ["9", "8"]}).status_code == 200
    assert post(supervisor, "project-draws", other.pk, data={**conditions(bureau_tree[0]), "supervisors": ["甲"]}).status_code == 403


def test_other_tenant_gets_404(admin_client_a, drawn):
    member = drawn.members.first()
    for method, target, data in staff_routes(drawn):
        if target in (url("project-list"), url("batch-list"), url("history"), url("history-export")):
            continue  # no id: alpha sees its own (empty) lists
        assert _call(admin_client_a, method, target, data).status_code == 404, (method, target)
    for name, args in (("my-invitation", [member.pk]), ("my-invitation-respond", [member.pk]), ("my-invitation-leave", [member.pk])):
        assert _call(admin_client_a, "get" if name == "my-invitation" else "post", url(name, *args), None if name == "my-invitation" else {}).status_code == 404
    assert admin_client_a.get(url("project-list")).json()["count"] == 0
    assert admin_client_a.get(url("history")).json()["count"] == 0


def sheet_text(client, draw_id) -> str:
    """Everything written in the Word and Excel draw sheets."""
    import io

    from docx import Document
    from openpyxl import load_workbook

    document = Document(io.BytesIO(client.get(url("draw-sheet-docx", draw_id), {"reason": "评审会签到"}).content))
    words = [p.text for p in document.paragraphs] + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    cells = [str(v) for row in load_workbook(io.BytesIO(client.get(url("draw-sheet-xlsx", draw_id), {"reason": "评审会签到"}).content)).active.values for v in row if v is not None]
    return "\n".join(words + cells)


def _department(name):
    from tenant_apps.accounts.models import OrgUnit

    unit = OrgUnit.objects.create(name=name, kind="department")
    unit.path = f"/{unit.pk}/"
    unit.save()
    return unit


def test_department_scope(in_bureau, bureau_admin, bureau_tree):
    pool(3, domains=[bureau_tree[2]])
    dept_a, dept_b = _department("采购一处"), _department("采购二处")
    staff_a = make_staff(username="dept-a", perms=ALL_PANEL_PERMS, org_unit=dept_a, data_scope="unit_and_below")
    staff_b = make_staff(username="dept-b", perms=ALL_PANEL_PERMS, org_unit=dept_b, data_scope="unit_and_below")
    client_a, client_b = client_for(staff_a), client_for(staff_b)
    opens = (timezone.now() + datetime.timedelta(days=10)).isoformat()

    mine = post(client_a, "project-list", data={"title": "一处项目", "owner_unit": "甲", "opens_at": opens, "batch_name": "一处批次"}).json()
    theirs = post(client_b, "project-list", data={"title": "二处项目", "owner_unit": "乙", "opens_at": opens, "batch_name": "二处批次"}).json()
    assert mine["department_id"] == dept_a.pk and theirs["department_id"] == dept_b.pk
    post(client_a, "project-approve", theirs["id"])  # not visible to dept-a: stays pending
    from django_tenants.utils import schema_context

    with schema_context("bureau"):  # the client's requests leave the connection on the public schema
        approver_b = make_staff(username="dept-b-approver", perms=ALL_PANEL_PERMS, org_unit=dept_b, data_scope="unit_and_below")
    assert post(client_for(approver_b), "project-approve", theirs["id"]).status_code == 200  # someone other than the creator
    their_draw = post(client_b, "project-draws", theirs["id"], data={**conditions(bureau_tree[0], count=1), "supervisors": ["监督"]}).json()
    post(client_b, "draw-execute", their_draw["id"], data={"supervisor_values": ["5"]})

    assert [p["id"] for p in client_a.get(url("project-list")).json()["results"]] == [mine["id"]]
    assert [b["name"] for b in client_a.get(url("batch-list")).json()["results"]] == ["一处批次"]
    assert client_a.get(url("history")).json()["count"] == 0 and client_b.get(url("history")).json()["count"] == 1
    for target in (url("project-detail", theirs["id"]), url("project-notes", theirs["id"]), url("draw-detail", their_draw["id"]), url("draw-receipt", their_draw["id"])):
        assert client_a.get(target).status_code == 404, target
    assert post(client_a, "project-approve", theirs["id"]).status_code == 404
    assert post(client_a, "draw-member-roles", their_draw["id"], data={"member_ids": [1], "role": "leader"}).status_code == 404
    moved = client_a.patch(url("project-detail", mine["id"]), {"department_id": 99999}, content_type="application/json")
    assert moved.status_code == 400 and "department_id" in moved.json()["fields"]


def test_operator_never_sees_the_candidate_pool(in_bureau, bureau_admin, bureau_tree):
    experts = pool(6, domains=[bureau_tree[2]])
    names = {e.name for e in experts}
    operator = make_staff(username="operator", perms=ALL_PANEL_PERMS)
    api = client_for(operator)
    project = make_project(bureau_admin)
    seen = []

    def keep(response):
        assert response.status_code in (200, 201), (response.status_code, response.content[:300])
        seen.append(json.dumps(response.json(), ensure_ascii=False))
        return response.json()

    keep(post(api, "project-prequery", project.pk, data=conditions(bureau_tree[0])))
    draw = keep(post(api, "project-draws", project.pk, data={**conditions(bureau_tree[0]), "supervisors": ["监督甲"]}))
    keep(api.get(url("draw-detail", draw["id"])))
    keep(api.get(url("draw-receipt", draw["id"])))
    executed = keep(post(api, "draw-execute", draw["id"], data={"supervisor_values": ["11"]}))
    keep(api.get(url("draw-invitations", draw["id"])))
    keep(api.get(url("project-draws", project.pk)))
    keep(api.get(url("history")))
    keep(api.get(url("draw-receipt", draw["id"])))
    seen.append(sheet_text(api, draw["id"]))
    assert seen[-1].count("池***号") >= 4  # both members, masked, in the Word and the Excel sheet
    text = "\n".join(seen)
    assert not any(name in text for name in names)  # not even the two drawn: masked before the reveal window
    assert all(m["name"].endswith("号") and "*" in m["name"] and not m["is_revealed"] for m in executed["members"])

    # The tenant admin may reveal the drawn members, but the rest of the pool never appears.
    admin = client_for(bureau_admin)
    detail = admin.get(url("draw-detail", draw["id"])).json()
    drawn_names = {m["name"] for m in detail["members"]}
    assert drawn_names <= names and len(drawn_names) == 2
    everything = "\n".join(json.dumps(admin.get(target).json(), ensure_ascii=False) for target in (
        url("draw-detail", draw["id"]), url("draw-receipt", draw["id"]), url("draw-invitations", draw["id"]), url("history")))
    assert not any(name in everything for name in names - drawn_names)
