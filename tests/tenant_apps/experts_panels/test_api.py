"""Panels API: the whole drawing flow as an integrator drives it, archived projects, manual
draws, attendance, history, batches, attachments and the invited expert's own endpoints."""

from __future__ import annotations

import datetime
import io
import itertools
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.experts.panels import drawing

from .conftest import approve_expert, make_expert, make_project, make_staff

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


def client_for(user):
    """A second client of the bureau (the fixtures' clients are one object, signed in once)."""
    from tests.conftest import TenantClient, _tenant

    return TenantClient(_tenant("bureau")).login_as(user)


def url(name: str, *args) -> str:
    return reverse(f"api:experts_panels:{name}", args=args)


def body(response) -> str:
    """The response as text (JSON decoded, so names compare as written)."""
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode(errors="replace")


def post(client, name, *args, data=None):
    return client.post(url(name, *args), data or {}, content_type="application/json")


def pool(n: int, *, domains=(), employer: str = "") -> list:
    """Experts with names that are never a substring of one another, each with an account."""
    from tenant_apps.accounts.models import User

    experts = []
    for _ in range(n):
        i = next(_numbers)
        expert = approve_expert(make_expert(name=f"池{i:03d}号", employer=employer or f"无关单位{i}", domains=domains))
        expert.user = User.objects.create_user(username=f"pool-expert-{i}", password="pw-12345678", kind="expert")
        expert.save()
        experts.append(expert)
    return experts


def conditions(domain, *, count=2, **extra) -> dict:
    day = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    return {"work_start": day, "work_end": day, "groups": [{"count": count, "domain_ids": [domain.pk]}], **extra}


@pytest.fixture
def tree(bureau_tree):
    return bureau_tree


def test_full_flow_create_approve_prequery_prepare_execute_decline_replacement(admin_client_bureau, in_bureau, tree):
    top, mid, leaf, other = tree
    experts = pool(6, domains=[leaf])
    avoided = pool(1, domains=[leaf], employer="市建设局")[0]

    created = post(admin_client_bureau, "project-list", data={
        "title": "综合楼施工评审", "owner_unit": "市建设局", "opens_at": (timezone.now() + datetime.timedelta(days=10)).isoformat(), "location": "评审中心",
    })
    assert created.status_code == 201, created.json()
    project = created.json()
    assert project["status"] == "pending" and project["code"].startswith("XM")

    refused = post(admin_client_bureau, "project-draws", project["id"], data={**conditions(top), "supervisors": ["监督甲"]})
    assert refused.status_code == 409 and refused.json()["code"] == "project_not_approved"

    own = post(admin_client_bureau, "project-approve", project["id"], data={"note": "材料齐全"})
    assert own.status_code == 403 and own.json()["code"] == "separation_of_duties"  # the creator cannot approve
    approved = post(approver_client(admin_client_bureau), "project-approve", project["id"], data={"note": "材料齐全"})
    assert approved.status_code == 200 and approved.json()["status"] == "approved" and approved.json()["review_note"] == "材料齐全"

    prequery = post(admin_client_bureau, "project-prequery", project["id"], data=conditions(top))
    assert prequery.status_code == 200
    group = prequery.json()[0]
    exclusions = {e["reason"]: e["count"] for e in group["exclusions"]}
    assert group["available"] == 6 and group["count"] == 2 and not group["is_short"]
    assert exclusions["matched"] == 7 and exclusions["avoid_unit"] == 1
    assert avoided.name not in body(prequery) and not any(e.name in body(prequery) for e in experts)

    prepared = post(admin_client_bureau, "project-draws", project["id"], data={**conditions(top), "supervisors": ["监督甲", "监督乙"], "channels": ["sms"]})
    assert prepared.status_code == 201, prepared.json()
    draw = prepared.json()
    assert draw["status"] == "not_drawn" and len(draw["commitment"]) == 64 and draw["server_value"] is None and draw["members"] == []
    assert draw["groups"][0]["candidate_count"] == 6 and draw["groups"][0]["list_hash"]

    too_few = post(admin_client_bureau, "draw-execute", draw["id"], data={"supervisor_values": ["42"]})
    assert too_few.status_code == 400 and too_few.json()["code"] == "supervisor_values_required"
    executed = post(admin_client_bureau, "draw-execute", draw["id"], data={"supervisor_values": ["42", "七"]})
    assert executed.status_code == 200, executed.json()
    draw = executed.json()
    assert draw["status"] == "drawing" and drawing.commitment_for(draw["server_value"]) == draw["commitment"]
    assert draw["verification"] == {"ok": True, "problems": []}
    members = draw["members"]
    assert [m["kind"] for m in members] == ["drawn", "drawn"] and all(m["status"] == "invited" for m in members)
    assert all(m["is_revealed"] for m in members)  # the tenant admin may reveal

    with schema_context("bureau"):
        from tenant_apps.experts.models import Expert

        first_user = Expert.objects.get(pk=members[0]["expert_id"]).user
    expert_client = client_for(first_user)
    mine = expert_client.get(url("my-invitations")).json()
    assert mine["count"] == 1 and mine["results"][0]["can_respond"] and mine["results"][0]["project_title"] == "综合楼施工评审"
    invitation_id = mine["results"][0]["id"]
    no_reason = post(expert_client, "my-invitation-respond", invitation_id, data={"accept": False})
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["fields"]
    declined = post(expert_client, "my-invitation-respond", invitation_id, data={"accept": False, "reason": "出差"})
    assert declined.status_code == 200 and declined.json()["status"] == "declined" and not declined.json()["can_respond"]
    again = post(expert_client, "my-invitation-respond", invitation_id, data={"accept": True})
    assert again.status_code == 409 and again.json()["code"] == "invitation_closed"

    detail = admin_client_bureau.get(url("draw-detail", draw["id"])).json()
    rows = detail["members"]
    assert len(rows) == 3 and rows[-1]["kind"] == "replacement" and rows[-1]["replaces_row"] == rows[0]["row"] and rows[-1]["status"] == "invited"
    assert rows[0]["status"] == "declined" and rows[0]["reason"] == "出差"
    assert detail["verification"]["ok"]

    invitations = admin_client_bureau.get(url("draw-invitations", draw["id"])).json()
    assert [(i["row"], i["status"]) for i in invitations] == [(1, "declined"), (2, "invited"), (3, "invited")]
    assert invitations[0]["status_label"] == "拒绝参加" and invitations[0]["response_channel"] == "api"


def approver_client(client):
    """The same bureau, signed in as someone other than the projects' creator."""
    from django_tenants.utils import schema_context

    from tests.conftest import TenantClient
    from tests.tenant_apps.experts_panels.conftest import second_approver

    with schema_context(client.tenant.schema_name):
        approver = second_approver()
    return TenantClient(client.tenant).login_as(approver)


def _executed(client, domain, *, count=2, n=4):
    """An approved project with a drawn panel, through the API."""
    experts = pool(n, domains=[domain])
    project = post(client, "project-list", data={"title": f"项目{next(_numbers)}", "owner_unit": "甲单位",
                                                 "opens_at": (timezone.now() + datetime.timedelta(days=10)).isoformat()}).json()
    assert post(approver_client(client), "project-approve", project["id"]).status_code == 200
    draw = post(client, "project-draws", project["id"], data={**conditions(domain, count=count), "supervisors": ["监督甲"]}).json()
    draw = post(client, "draw-execute", draw["id"], data={"supervisor_values": ["1"]}).json()
    return project, draw, experts


def test_receipt_pdf_sheets_roles_attendance_and_history(admin_client_bureau, in_bureau, tree):
    from docx import Document
    from openpyxl import load_workbook

    project, draw, _ = _executed(admin_client_bureau, tree[0])
    receipt = admin_client_bureau.get(url("draw-receipt", draw["id"])).json()
    assert drawing.verify(receipt["receipt"]).ok and receipt["verification"]["ok"]
    assert receipt["links"]["receipt_pdf"] == url("draw-receipt-pdf", draw["id"])
    assert receipt["links"]["verify_json"] == reverse("h5:experts_panels:verify_json", args=[draw["verify_token"]])
    pdf = admin_client_bureau.get(receipt["links"]["receipt_pdf"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")

    first, second = draw["members"]
    roles = post(admin_client_bureau, "draw-member-roles", draw["id"], data={"member_ids": [first["id"]], "role": "leader"})
    assert roles.status_code == 200 and roles.json() == {"updated": 1}

    not_yet = post(admin_client_bureau, "draw-member-attended", draw["id"], first["id"])
    assert not_yet.status_code == 409  # only an expert who accepted can have attended
    with schema_context("bureau"):
        from tenant_apps.experts.models import Expert

        user = Expert.objects.get(pk=first["expert_id"]).user
    expert_client = client_for(user)
    assert post(expert_client, "my-invitation-respond", first["id"], data={"accept": True}).json()["status"] == "accepted"
    attended = post(admin_client_bureau, "draw-member-attended", draw["id"], first["id"], data={"attended": True})
    assert attended.status_code == 200 and attended.json()["attended"] and attended.json()["role"] == "leader"
    post(admin_client_bureau, "draw-member-attended", draw["id"], first["id"], data={"attended": True})
    with schema_context("bureau"):
        from tenant_apps.experts.models import Participation

        assert Participation.objects.filter(expert_id=first["expert_id"], kind="attended").count() == 1

    names = [m["name"] for m in draw["members"]]  # the admin may reveal: full names
    refused = admin_client_bureau.get(url("draw-sheet-docx", draw["id"]))
    assert refused.status_code == 400 and refused.json()["code"] == "export_reason_required"
    docx = admin_client_bureau.get(url("draw-sheet-docx", draw["id"]), {"reason": "评审会签到"})
    assert docx.status_code == 200 and "评审会签到" in Document(io.BytesIO(docx.content)).core_properties.comments and docx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    document = Document(io.BytesIO(docx.content))
    text = "\n".join([p.text for p in document.paragraphs] + [cell.text for table in document.tables for row in table.rows for cell in row.cells])
    assert all(name in text for name in names)
    xlsx = admin_client_bureau.get(url("draw-sheet-xlsx", draw["id"]), {"reason": "评审会签到"})
    cells = "\n".join(str(v) for row in load_workbook(io.BytesIO(xlsx.content)).active.values for v in row if v is not None)
    assert xlsx.status_code == 200 and all(name in cells for name in names)

    absent = post(admin_client_bureau, "draw-member-absent", draw["id"], second["id"], data={"status": "leave", "reason": "生病"})
    assert absent.status_code == 200
    rows = absent.json()["members"]
    assert rows[1]["status"] == "leave" and rows[-1]["kind"] == "replacement" and rows[-1]["replaces_row"] == 2
    wrong = post(admin_client_bureau, "draw-member-absent", draw["id"], first["id"], data={"status": "accepted"})
    assert wrong.status_code == 400

    history = admin_client_bureau.get(url("history"), {"q": project["code"]}).json()
    assert history["count"] == 1 and history["results"][0]["replacement_count"] == 1 and history["results"][0]["project_code"] == project["code"]
    assert admin_client_bureau.get(url("history"), {"q": "没有这个项目"}).json()["count"] == 0
    period = admin_client_bureau.get(url("history"), {"from": "2000-01-01", "to": "2000-01-02"}).json()
    assert period["count"] == 0
    export = admin_client_bureau.get(url("history-export"), {"q": project["code"]})
    rows = list(load_workbook(io.BytesIO(export.content)).active.values)
    assert export.status_code == 200 and len(rows) == 2 and rows[1][1] == project["code"]


def test_manual_draw_is_marked_manual(admin_client_bureau, in_bureau, tree):
    experts = pool(2, domains=[tree[2]])
    project = make_project(make_staff(username="maker", perms=["expert_panels.approve_project"]))
    day = timezone.localdate().isoformat()
    no_reason = post(admin_client_bureau, "project-draw-manual", project.pk, data={"expert_ids": [experts[0].pk], "work_start": day, "work_end": day, "reason": ""})
    assert no_reason.status_code == 400
    response = post(admin_client_bureau, "project-draw-manual", project.pk,
                    data={"expert_ids": [e.pk for e in experts], "work_start": day, "work_end": day, "reason": "特殊专业仅两人"})
    assert response.status_code == 201, response.json()
    draw = response.json()
    assert draw["is_manual"] and draw["mode"] == "manual" and [m["kind"] for m in draw["members"]] == ["manual", "manual"]
    assert draw["verification"] is None
    receipt = admin_client_bureau.get(url("draw-receipt", draw["id"])).json()["receipt"]
    assert receipt["mode"] == "manual" and receipt["rules"]["manual_reason"] == "特殊专业仅两人"
    listed = admin_client_bureau.get(url("project-draws", project.pk)).json()
    assert [(d["id"], d["is_manual"]) for d in listed] == [(draw["id"], True)]


def test_archived_project_refuses_every_write(admin_client_bureau, in_bureau, tree):
    project, draw, _ = _executed(admin_client_bureau, tree[0])
    member = draw["members"][0]
    attachment = admin_client_bureau.post(url("project-attachments", project["id"]), {"file": SimpleUploadedFile("评审须知.pdf", b"%PDF-1.4 x")})
    assert attachment.status_code == 201
    prepared = post(admin_client_bureau, "project-draws", project["id"], data={**conditions(tree[0], count=1), "supervisors": ["监督甲"]}).json()

    archived = post(admin_client_bureau, "project-archive", project["id"])
    assert archived.status_code == 200 and archived.json()["is_archived"]

    writes = [
        ("put", url("project-detail", project["id"]), {"title": "x", "owner_unit": "y", "opens_at": "2030-01-01T09:00:00+08:00"}),
        ("patch", url("project-detail", project["id"]), {"title": "x"}),
        ("post", url("project-approve", project["id"]), {}),
        ("post", url("project-reject", project["id"]), {}),
        ("post", url("project-archive", project["id"]), {}),
        ("post", url("project-notes", project["id"]), {"text": "跟进"}),
        ("post", url("project-attachments", project["id"]), {}),
        ("delete", url("project-attachment-detail", project["id"], attachment.json()["id"]), {}),
        ("post", url("project-prequery", project["id"]), conditions(tree[0])),
        ("post", url("project-draws", project["id"]), {}),
        ("post", url("batch-list"), {"project_ids": [project["id"]], "batch_name": "归档后"}),
        ("post", url("project-draw-manual", project["id"]), {}),
        ("post", url("draw-execute", prepared["id"]), {"supervisor_values": ["1"]}),
        ("post", url("draw-member-roles", draw["id"]), {"member_ids": [member["id"]], "role": "leader"}),
        ("post", url("draw-member-absent", draw["id"], member["id"]), {"status": "leave"}),
        ("post", url("draw-member-attended", draw["id"], member["id"]), {}),
    ]
    for method, target, data in writes:
        response = getattr(admin_client_bureau, method)(target, data, content_type="application/json")
        assert response.status_code == 409 and response.json()["code"] == "project_archived", (method, target, response.status_code, response.content[:300])

    with schema_context("bureau"):
        from tenant_apps.experts.models import Expert

        user = Expert.objects.get(pk=member["expert_id"]).user
    expert_client = client_for(user)
    for name, data in (("my-invitation-respond", {"accept": True}), ("my-invitation-leave", {"reason": "生病"})):
        response = post(expert_client, name, member["id"], data=data)
        assert response.status_code == 409 and response.json()["code"] == "project_archived"
    assert not expert_client.get(url("my-invitation", member["id"])).json()["can_respond"]

    for target in (url("project-detail", project["id"]), url("draw-detail", draw["id"]), url("project-notes", project["id"]), url("project-attachments", project["id"])):
        assert admin_client_bureau.get(target).status_code == 200
    assert admin_client_bureau.get(url("project-list"), {"archived": "archived"}).json()["count"] == 1


def test_notes_assignment_attachments_and_batches(admin_client_bureau, in_bureau, bureau_admin):
    helper = make_staff(username="follower", perms=["expert_panels.view_project"])
    opens = (timezone.now() + datetime.timedelta(days=5)).isoformat()
    first = post(admin_client_bureau, "project-list", data={"title": "一标段", "owner_unit": "甲", "opens_at": opens, "batch_name": "2030第一批"}).json()
    second = post(admin_client_bureau, "project-list", data={"title": "二标段", "owner_unit": "甲", "opens_at": opens, "batch_name": "2030第一批"}).json()
    alone = post(admin_client_bureau, "project-list", data={"title": "单独项目", "owner_unit": "甲", "opens_at": opens}).json()
    batches = admin_client_bureau.get(url("batch-list")).json()
    assert batches["count"] == 1 and batches["results"][0]["name"] == "2030第一批"
    assert [p["id"] for p in batches["results"][0]["projects"]] == [first["id"], second["id"]]
    moved = post(admin_client_bureau, "batch-list", data={"project_ids": [alone["id"], second["id"]], "batch_name": "2030第二批"})
    assert moved.status_code == 200 and {p["batch_name"] for p in moved.json()} == {"2030第二批"}
    assert [b["name"] for b in admin_client_bureau.get(url("batch-list")).json()["results"]] == ["2030第二批", "2030第一批"]
    assert post(admin_client_bureau, "batch-list", data={"project_ids": [alone["id"], 99999], "batch_name": "x"}).status_code == 404

    patched = admin_client_bureau.patch(url("project-detail", first["id"]), {"location": "二号会议室"}, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["location"] == "二号会议室" and patched.json()["batch_name"] == "2030第一批"

    note = post(admin_client_bureau, "project-notes", first["id"], data={"text": "已联系项目单位", "assign_to_id": helper.pk})
    assert note.status_code == 201 and note.json()["text"] == "已联系项目单位"
    assert admin_client_bureau.get(url("project-detail", first["id"])).json()["assigned_to_id"] == helper.pk
    assert admin_client_bureau.get(url("project-notes", first["id"])).json()["results"][0]["text"] == "已联系项目单位"
    assert post(admin_client_bureau, "project-notes", first["id"], data={"text": "x", "assign_to_id": 99999}).status_code == 400
    assert post(admin_client_bureau, "project-notes", first["id"], data={"text": ""}).status_code == 400

    uploaded = admin_client_bureau.post(url("project-attachments", first["id"]), {"file": SimpleUploadedFile("标书.pdf", b"%PDF-1.4 x"), "is_shared_with_experts": "false"})
    assert uploaded.status_code == 201 and uploaded.json()["name"] == "标书.pdf" and not uploaded.json()["is_shared_with_experts"]
    listed = admin_client_bureau.get(url("project-attachments", first["id"])).json()
    assert [a["name"] for a in listed] == ["标书.pdf"] and listed[0]["url"]
    deleted = admin_client_bureau.delete(url("project-attachment-detail", first["id"], listed[0]["id"]))
    assert deleted.status_code == 204 and admin_client_bureau.get(url("project-attachments", first["id"])).json() == []
    assert admin_client_bureau.delete(url("project-attachment-detail", second["id"], listed[0]["id"])).status_code == 404


def test_expert_sees_only_own_invitations_and_leave_closes_two_hours_before(admin_client_bureau, in_bureau, tree):
    from tenant_apps.experts.panels.models import Project

    project, draw, _ = _executed(admin_client_bureau, tree[0])
    first, second = draw["members"]
    admin_client_bureau.post(url("project-attachments", project["id"]), {"file": SimpleUploadedFile("须知.pdf", b"%PDF-1.4 x")})
    admin_client_bureau.post(url("project-attachments", project["id"]), {"file": SimpleUploadedFile("内部.pdf", b"%PDF-1.4 x"), "is_shared_with_experts": "false"})
    with schema_context("bureau"):
        from tenant_apps.experts.models import Expert

        user = Expert.objects.get(pk=first["expert_id"]).user
    expert_client = client_for(user)
    detail = expert_client.get(url("my-invitation", first["id"])).json()
    assert [f["name"] for f in detail["files"]] == ["须知.pdf"] and detail["can_take_leave"]
    assert expert_client.get(url("my-invitation", second["id"])).status_code == 404
    assert post(expert_client, "my-invitation-respond", second["id"], data={"accept": True}).status_code == 404
    assert post(expert_client, "my-invitation-leave", second["id"], data={"reason": "生病"}).status_code == 404
    assert expert_client.get(url("draw-detail", draw["id"])).status_code == 403

    with schema_context("bureau"):
        Project.objects.filter(pk=project["id"]).update(opens_at=timezone.now() + datetime.timedelta(hours=1))
    late = post(expert_client, "my-invitation-leave", first["id"], data={"reason": "生病"})
    assert late.status_code == 409 and late.json()["code"] == "leave_too_late"
    with schema_context("bureau"):
        Project.objects.filter(pk=project["id"]).update(opens_at=timezone.now() + datetime.timedelta(days=3))
    leave = post(expert_client, "my-invitation-leave", first["id"], data={"reason": "生病"})
    assert leave.status_code == 200 and leave.json()["status"] == "leave"
    rows = admin_client_bureau.get(url("draw-detail", draw["id"])).json()["members"]
    assert rows[-1]["kind"] == "replacement" and rows[-1]["replaces_row"] == 1
