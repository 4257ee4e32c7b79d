"""Expert library API, bureau side: the domain tree and expert types of the settings pages, and
the panorama's in-place edit, leave, avoidance units, draw records and change history. Each
family: the happy path, 403 without the permission, department scope and other tenants."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.tenant_apps.experts.conftest import make_domain_tree, make_expert, make_staff

pytestmark = pytest.mark.django_db

API = "/api/v1/experts/"
JSON = {"content_type": "application/json"}


def staff(client, username, *perms, **extra):
    """A fresh client of the bureau signed in as a new staff user with these permissions."""
    from tests.conftest import TenantClient

    with schema_context("bureau"):
        user = make_staff(username=username, perms=list(perms), **extra)
    return TenantClient(client.tenant).login_as(user)


def in_bureau(func, *args, **kwargs):
    with schema_context("bureau"):
        return func(*args, **kwargs)


def audit_actions(expert) -> list[str]:
    from core.models import AuditEvent

    with schema_context("bureau"):
        return list(AuditEvent.objects.filter(object_id=str(expert.pk)).values_list("action", flat=True))


# --- domains -------------------------------------------------------------------------------


def test_domains_create_rename_move_delete_and_import_standard(admin_client_bureau):
    top = admin_client_bureau.post(API + "domains/", {"name": "环境科学"}, **JSON)
    assert top.status_code == 201 and top.json()["level"] == 1 and top.json()["parent"] is None
    mid = admin_client_bureau.post(API + "domains/", {"name": "大气环境", "parent": top.json()["id"]}, **JSON).json()
    leaf = admin_client_bureau.post(API + "domains/", {"name": "大气污染控制", "parent": mid["id"]}, **JSON).json()
    assert (mid["level"], leaf["level"]) == (2, 3) and leaf["path"] == f"/{top.json()['id']}/{mid['id']}/{leaf['id']}/"

    too_deep = admin_client_bureau.post(API + "domains/", {"name": "第四级", "parent": leaf["id"]}, **JSON)
    assert too_deep.status_code == 400 and too_deep.json()["code"] == "expert_domain_depth" and too_deep.json()["message"]
    assert admin_client_bureau.post(API + "domains/", {"name": "孤儿", "parent": 999999}, **JSON).json()["fields"] == {"parent": ["上级领域不存在。"]}
    duplicate = admin_client_bureau.post(API + "domains/", {"name": "大气环境", "parent": top.json()["id"]}, **JSON)
    assert duplicate.status_code == 400 and "已经存在" in duplicate.json()["fields"]["__all__"][0]

    renamed = admin_client_bureau.patch(f"{API}domains/{mid['id']}/", {"name": "大气环境保护"}, **JSON)
    assert renamed.status_code == 200 and renamed.json()["name"] == "大气环境保护" and renamed.json()["parent"] == top.json()["id"]
    other = admin_client_bureau.post(API + "domains/", {"name": "水环境"}, **JSON).json()
    other_child = admin_client_bureau.post(API + "domains/", {"name": "水污染", "parent": other["id"]}, **JSON).json()
    moved_too_deep = admin_client_bureau.patch(f"{API}domains/{mid['id']}/", {"parent": other_child["id"]}, **JSON)
    assert moved_too_deep.status_code == 400 and moved_too_deep.json()["code"] == "expert_domain_depth"
    into_itself = admin_client_bureau.patch(f"{API}domains/{top.json()['id']}/", {"parent": leaf["id"]}, **JSON)
    assert into_itself.status_code == 400 and into_itself.json()["code"] == "expert_domain_depth"
    moved = admin_client_bureau.patch(f"{API}domains/{mid['id']}/", {"parent": other["id"]}, **JSON).json()
    assert moved["parent"] == other["id"] and moved["level"] == 2
    tree = {d["id"]: d for d in admin_client_bureau.get(API + "domains/").json()}
    assert tree[leaf["id"]]["path"] == f"/{other['id']}/{mid['id']}/{leaf['id']}/" and tree[leaf["id"]]["level"] == 3
    to_top = admin_client_bureau.patch(f"{API}domains/{leaf['id']}/", {"parent": None}, **JSON).json()
    assert to_top["level"] == 1 and to_top["parent"] is None

    in_use = admin_client_bureau.delete(f"{API}domains/{other['id']}/")
    assert in_use.status_code == 400 and in_use.json()["code"] == "expert_domain_in_use"
    assert admin_client_bureau.delete(f"{API}domains/{other_child['id']}/").status_code == 204
    assert other_child["id"] not in {d["id"] for d in admin_client_bureau.get(API + "domains/").json()}
    assert admin_client_bureau.patch(f"{API}domains/{other_child['id']}/", {"name": "x"}, **JSON).status_code == 404

    added = admin_client_bureau.post(API + "domains/import-standard/")
    assert added.status_code == 200 and added.json()["added"] > 0
    assert admin_client_bureau.post(API + "domains/import-standard/").json() == {"added": 0}
    assert "结构工程" in {d["name"] for d in admin_client_bureau.get(API + "domains/").json()}


def test_domain_writes_need_their_permissions(client_bureau):
    _top, mid, leaf, _other = in_bureau(make_domain_tree)
    viewer = staff(client_bureau, "domain-viewer", "experts.view_domain")
    assert viewer.get(API + "domains/").status_code == 200
    assert viewer.post(API + "domains/", {"name": "新领域"}, **JSON).status_code == 403
    assert viewer.patch(f"{API}domains/{mid.pk}/", {"name": "改名"}, **JSON).status_code == 403
    assert viewer.delete(f"{API}domains/{leaf.pk}/").status_code == 403
    assert viewer.post(API + "domains/import-standard/").status_code == 403
    adder = staff(client_bureau, "domain-adder", "experts.view_domain", "experts.add_domain")
    assert adder.post(API + "domains/", {"name": "新领域"}, **JSON).status_code == 201
    assert adder.delete(f"{API}domains/{leaf.pk}/").status_code == 403
    editor = staff(client_bureau, "domain-editor", "experts.view_domain", "experts.change_domain", "experts.delete_domain")
    assert editor.patch(f"{API}domains/{mid.pk}/", {"name": "改名"}, **JSON).json()["name"] == "改名"
    assert editor.delete(f"{API}domains/{leaf.pk}/").status_code == 204
    with schema_context("bureau"):
        from tenant_apps.experts.models import Domain

        assert set(Domain.objects.values_list("name", flat=True)) == {"工程技术", "改名", "信息技术", "新领域"}


# --- expert types --------------------------------------------------------------------------


def test_expert_types_are_added_as_on_the_settings_page(admin_client_bureau, client_bureau):
    created = admin_client_bureau.post(API + "expert-types/", {"name": "造价咨询专家"}, **JSON)
    assert created.status_code == 201 and created.json()["name"] == "造价咨询专家"
    assert "造价咨询专家" in [t["name"] for t in admin_client_bureau.get(API + "expert-types/").json()]
    again = admin_client_bureau.post(API + "expert-types/", {"name": "造价咨询专家"}, **JSON)
    assert again.status_code == 400 and "name" in again.json()["fields"]
    viewer = staff(client_bureau, "type-viewer", "experts.view_expert")
    assert viewer.get(API + "expert-types/").status_code == 200
    assert viewer.post(API + "expert-types/", {"name": "法律专家"}, **JSON).status_code == 403


# --- in-place edit -------------------------------------------------------------------------


def test_bureau_edit_applies_at_once_with_history_and_audit(admin_client_bureau):
    from tenant_apps.experts import services
    from tenant_apps.experts.models import Expert

    with schema_context("bureau"):
        _top, _mid, leaf, other = make_domain_tree()
        expert = make_expert(name="编辑对象", employer="旧单位大学", title="副教授", domains=[leaf])
        expert_type = services.expert_type_save(actor=None, name="工程监理专家")
        make_expert(name="占用手机号", phone="13911112222")
    url = f"{API}experts/{expert.pk}/"
    response = admin_client_bureau.patch(url, {
        "title": "教授", "title_level": "senior", "domains": [leaf.pk, other.pk], "expert_type_id": expert_type.pk,
        "name": "编辑后", "employer": "新单位大学", "phone": "13933334444",
    }, **JSON)
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "教授" and body["expert_type"] == expert_type.pk and sorted(body["domains"]) == sorted([leaf.pk, other.pk])
    assert body["name"] == "编*后" and body["phone"] == "139****4444" and "新单位大学" not in response.content.decode()
    with schema_context("bureau"):
        expert = Expert.objects.get(pk=expert.pk)
        assert (expert.name, expert.employer, expert.phone, expert.title_level) == ("编辑后", "新单位大学", "13933334444", "senior")
        change = expert.changes.get()
        assert change.status == "applied" and change.after["title"] == "教授"
    assert {"experts.expert.change.applied", "experts.expert.type", "experts.expert.phone"} <= set(audit_actions(expert))

    taken = admin_client_bureau.patch(url, {"phone": "13911112222"}, **JSON)
    assert taken.status_code == 409 and taken.json()["code"] == "expert_phone_taken"
    unknown = admin_client_bureau.patch(url, {"domains": [999999]}, **JSON)
    assert unknown.status_code == 400 and unknown.json()["fields"] == {"domains": ["999999"]}
    same = admin_client_bureau.patch(url, {"title": "教授"}, **JSON)  # nothing changed: answered, no new record
    assert same.status_code == 200 and in_bureau(lambda: expert.changes.count()) == 1
    cleared = admin_client_bureau.patch(url, {"expert_type_id": None}, **JSON)
    assert cleared.json()["expert_type"] is None


def test_bureau_edit_needs_change_right_and_reveal_right_for_personal_fields(client_bureau):
    from tenant_apps.experts.models import Expert

    expert = in_bureau(make_expert, name="权限对象", employer="某某研究院", title="研究员")
    url = f"{API}experts/{expert.pk}/"
    viewer = staff(client_bureau, "edit-viewer", "experts.view_expert")
    assert viewer.patch(url, {"title": "高级工程师"}, **JSON).status_code == 403
    editor = staff(client_bureau, "edit-editor", "experts.view_expert", "experts.change_expert")
    refused = editor.patch(url, {"name": "改名", "employer": "改单位", "title": "高级工程师"}, **JSON)
    assert refused.status_code == 403 and set(refused.json()["fields"]) == {"employer", "name"}
    assert editor.patch(url, {"title": "高级工程师", "bank_account": "", "phone": ""}, **JSON).json()["title"] == "高级工程师"
    with schema_context("bureau"):
        expert = Expert.objects.get(pk=expert.pk)
        assert (expert.name, expert.employer, expert.title) == ("权限对象", "某某研究院", "高级工程师")


# --- leave and avoidance -------------------------------------------------------------------


def test_bureau_leave_and_avoidance_units_of_an_expert(admin_client_bureau, client_bureau):
    expert = in_bureau(make_expert, name="请假专家", employer="华东师范大学")
    base = f"{API}experts/{expert.pk}/"
    start = timezone.localdate()
    leave = admin_client_bureau.post(base + "leaves/", {"start_date": start.isoformat(), "end_date": (start + datetime.timedelta(days=30)).isoformat(),
                                                        "reason": "study", "note": "访学"}, **JSON)
    assert leave.status_code == 201 and leave.json()["is_current"]
    overlap = admin_client_bureau.post(base + "leaves/", {"start_date": start.isoformat(), "end_date": start.isoformat(), "reason": "business"}, **JSON)
    assert overlap.status_code == 400 and overlap.json()["code"] == "expert_leave_dates"
    assert admin_client_bureau.get(API + "experts/eligible-count/").json()["excluded"]["on_leave"] == 1
    listed = admin_client_bureau.get(base + "leaves/").json()
    assert listed["count"] == 1 and listed["results"][0]["note"] == "访学"
    cancelled = admin_client_bureau.post(f"{base}leaves/{leave.json()['id']}/cancel/")
    assert cancelled.status_code == 200 and cancelled.json()["cancelled_at"] and not cancelled.json()["is_current"]
    assert admin_client_bureau.post(f"{base}leaves/{leave.json()['id']}/cancel/").json()["code"] == "expert_wrong_state"

    units = admin_client_bureau.get(base + "avoidance-units/").json()["results"]
    assert [(u["name"], u["kind"]) for u in units] == [("华东师范大学", "current_employer")]
    added = admin_client_bureau.post(base + "avoidance-units/", {"name": "复旦大学", "kind": "former_employer", "note": "曾任职"}, **JSON)
    assert added.status_code == 201 and added.json()["name"] == "复旦大学"
    assert admin_client_bureau.post(base + "avoidance-units/", {"name": "某公司", "kind": "current_employer"}, **JSON).status_code == 400
    employer = admin_client_bureau.delete(f"{base}avoidance-units/{units[0]['id']}/")
    assert employer.status_code == 400 and employer.json()["code"] == "expert_wrong_state"
    assert admin_client_bureau.delete(f"{base}avoidance-units/{added.json()['id']}/").status_code == 204
    assert admin_client_bureau.get(base + "avoidance-units/").json()["count"] == 1
    assert {"experts.leave.create", "experts.leave.cancel", "experts.avoidance.add", "experts.avoidance.delete"} <= set(audit_actions(expert))

    viewer = staff(client_bureau, "leave-viewer", "experts.view_expert")
    assert viewer.get(base + "leaves/").status_code == 200 and viewer.get(base + "avoidance-units/").status_code == 200
    assert viewer.post(base + "leaves/", {"start_date": start.isoformat(), "end_date": start.isoformat(), "reason": "business"}, **JSON).status_code == 403
    assert viewer.post(base + "avoidance-units/", {"name": "某单位", "kind": "former_employer"}, **JSON).status_code == 403
    assert staff(client_bureau, "leave-nobody").get(base + "leaves/").status_code == 403


def test_leave_and_avoidance_are_limited_to_the_department(client_bureau):
    from tenant_apps.accounts.models import OrgUnit

    with schema_context("bureau"):
        dept_a = OrgUnit.objects.create(name="评审一处", kind="department")
        dept_b = OrgUnit.objects.create(name="评审二处", kind="department")
        for dept in (dept_a, dept_b):
            dept.path = f"/{dept.pk}/"
            dept.save()
        mine = make_expert(name="本处专家", employer="本处单位", org_unit=dept_a)
        theirs = make_expert(name="他处专家", employer="他处单位", org_unit=dept_b)
        unit = theirs.avoidance_units.get()
    client = staff(client_bureau, "dept-editor", "experts.view_expert", "experts.change_expert", org_unit=dept_a, data_scope="unit_and_below")
    today = timezone.localdate().isoformat()
    assert client.get(f"{API}experts/{mine.pk}/leaves/").status_code == 200
    for method, url, data in [
        ("get", f"experts/{theirs.pk}/leaves/", None), ("get", f"experts/{theirs.pk}/avoidance-units/", None),
        ("post", f"experts/{theirs.pk}/leaves/", {"start_date": today, "end_date": today, "reason": "business"}),
        ("post", f"experts/{theirs.pk}/avoidance-units/", {"name": "越权单位", "kind": "former_employer"}),
        ("delete", f"experts/{theirs.pk}/avoidance-units/{unit.pk}/", None), ("patch", f"experts/{theirs.pk}/", {"title": "越权"}),
        ("get", f"experts/{theirs.pk}/participations/", None), ("get", f"experts/{theirs.pk}/changes/", None),
    ]:
        response = getattr(client, method)(API + url, data, **JSON) if data else getattr(client, method)(API + url)
        assert response.status_code == 404, (method, url, response.status_code)
        assert "他处" not in response.content.decode()
    with schema_context("bureau"):
        assert not theirs.leaves.exists() and theirs.avoidance_units.count() == 1
        theirs.refresh_from_db()
        assert theirs.title == "教授"


# --- draw records and change history -------------------------------------------------------


def test_participations_and_change_history_of_an_expert(admin_client_bureau, client_bureau):
    from tenant_apps.accounts.models import OrgUnit
    from tenant_apps.experts import services

    with schema_context("bureau"):
        dept = OrgUnit.objects.create(name="政府采购处", kind="department")
        expert = make_expert(name="参评专家", employer="旧工作单位", title="副教授")
        services.participation_record(actor=None, expert=expert, kind="drawn", project_id=7, project_title="道路改造评审", org_unit=dept)
        services.participation_record(actor=None, expert=expert, kind="declined", project_title="校舍维修评审")
        services.expert_change(actor=None, expert=expert, values={"employer": "新工作单位", "title": "教授"}, by_admin=True)
    base = f"{API}experts/{expert.pk}/"
    draws = admin_client_bureau.get(base + "participations/").json()
    assert draws["count"] == 2
    drawn = next(row for row in draws["results"] if row["kind"] == "drawn")
    assert (drawn["project_title"], drawn["project_id"], drawn["org_unit_name"], drawn["kind_label"]) == ("道路改造评审", 7, "政府采购处", "被抽中")

    changes = admin_client_bureau.get(base + "changes/").json()
    assert changes["count"] == 1 and changes["results"][0]["after"] == {"employer": "新工作单位", "title": "教授"}
    viewer = staff(client_bureau, "history-viewer", "experts.view_expert")
    masked = viewer.get(base + "changes/")
    assert masked.status_code == 200 and masked.json()["results"][0]["after"]["title"] == "教授"
    assert "新工作单位" not in masked.content.decode() and "旧工作单位" not in masked.content.decode()
    assert viewer.get(base + "participations/").json()["count"] == 2
    nobody = staff(client_bureau, "history-nobody")
    assert nobody.get(base + "participations/").status_code == 403 and nobody.get(base + "changes/").status_code == 403


# --- isolation -----------------------------------------------------------------------------


def test_another_tenant_gets_404_for_the_new_endpoints(admin_client_a):
    from tenant_apps.experts.models import Domain

    with schema_context("bureau"):
        _top, mid, leaf, _other = make_domain_tree()
        expert = make_expert(name="本局专家", employer="本局单位")
        unit = expert.avoidance_units.get()
    today = timezone.localdate().isoformat()
    for method, url, data in [
        ("patch", f"domains/{mid.pk}/", {"name": "本局改名"}), ("delete", f"domains/{leaf.pk}/", None),
        ("patch", f"experts/{expert.pk}/", {"title": "本局职称"}), ("get", f"experts/{expert.pk}/leaves/", None),
        ("post", f"experts/{expert.pk}/leaves/", {"start_date": today, "end_date": today, "reason": "business"}),
        ("post", f"experts/{expert.pk}/leaves/1/cancel/", None), ("get", f"experts/{expert.pk}/avoidance-units/", None),
        ("post", f"experts/{expert.pk}/avoidance-units/", {"name": "本局回避", "kind": "former_employer"}),
        ("delete", f"experts/{expert.pk}/avoidance-units/{unit.pk}/", None), ("get", f"experts/{expert.pk}/participations/", None),
        ("get", f"experts/{expert.pk}/changes/", None),
    ]:
        response = getattr(admin_client_a, method)(API + url, data, **JSON) if data else getattr(admin_client_a, method)(API + url)
        assert response.status_code == 404, (method, url, response.status_code)
        assert "本局" not in response.content.decode()
    with schema_context("bureau"):
        assert Domain.objects.filter(pk=leaf.pk, name="结构工程").exists() and Domain.objects.get(pk=mid.pk).name == "土木工程"
        expert.refresh_from_db()
        assert expert.title == "教授" and not expert.leaves.exists() and expert.avoidance_units.count() == 1
