"""Audit log pages (P10): search, detail, Excel export; every back-office write leaves a row."""

from __future__ import annotations

import datetime
import io
import uuid

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from core.audit import audit_record
from core.models import AuditEvent
from tenant_apps.accounts.models import User

pytestmark = pytest.mark.django_db

LIST, EXPORT = "/admin-ui/audit/", "/admin-ui/audit/export/"


def staff_with(schema: str, *perms: str) -> User:
    with schema_context(schema):
        group = Group.objects.create(name=f"g-{uuid.uuid4().hex[:8]}")
        group.permissions.set([Permission.objects.get(content_type__app_label=p.split(".")[0], codename=p.split(".")[1]) for p in perms])
        user = User.objects.create_user(username=f"u-{uuid.uuid4().hex[:8]}", password="pw-Secret-123", kind="staff", display_name="审计员")
        user.groups.add(group)
        return user


def event(schema: str, **fields) -> AuditEvent:
    with schema_context(schema):
        defaults = {"actor_label": "张老师", "actor_id": 7, "action": "thing.update", "object_type": "demo.thing", "object_id": "1", "object_label": "某物"}
        return AuditEvent.objects.create(**{**defaults, **fields})


def test_url_names():
    from django.urls import reverse

    assert reverse("backoffice:audit:list") == LIST
    assert reverse("backoffice:audit:export") == EXPORT
    assert reverse("backoffice:audit:detail", args=[4]) == "/admin-ui/audit/4/"


def test_permissions(client_a):
    target = event("alpha")
    assert client_a.get(LIST).status_code == 302
    client_a.login_as(staff_with("alpha", "accounts.view_user"))
    for path in (LIST, EXPORT, f"/admin-ui/audit/{target.pk}/"):
        assert client_a.get(path).status_code == 403
    client_a.login_as(staff_with("alpha", "core.view_auditevent"))
    assert client_a.get(LIST).status_code == 200
    assert client_a.get(f"/admin-ui/audit/{target.pk}/").status_code == 200
    assert client_a.get(EXPORT).status_code == 403
    assert "导出 Excel" not in client_a.get(LIST).content.decode()
    client_a.login_as(staff_with("alpha", "core.view_auditevent", "core.export_auditevent"))
    assert client_a.get(EXPORT).status_code == 200


def test_menu_item(client_a):
    page = client_a.login_as(staff_with("alpha", "core.view_auditevent")).get(LIST).content.decode()
    assert 'data-menu="audit_log"' in page and "安全与审计" in page
    page = client_a.login_as(staff_with("alpha", "accounts.view_user")).get("/admin-ui/").content.decode()
    assert 'data-menu="audit_log"' not in page


def test_search_filters(admin_client_a):
    tag = uuid.uuid4().hex[:8]
    first = event("alpha", actor_label=f"李{tag}", action=f"user.update.{tag}", object_type="accounts.user", object_id="42", ip="198.51.100.4")
    second = event("alpha", actor_label=f"王{tag}", action=f"group.update.{tag}", object_type="auth.group", object_id="9", ip="198.51.100.5", actor_id=99123)
    old = event("alpha", actor_label=f"赵{tag}", action=f"user.delete.{tag}")
    with schema_context("alpha"):
        AuditEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=20))

    def found(**params) -> set[int]:
        return {e.pk for e in admin_client_a.get(LIST, params).context["object_list"]}

    assert found(actor=tag) == {first.pk, second.pk, old.pk}
    assert found(actor=f"李{tag}") == {first.pk}
    assert second.pk in found(actor="99123")
    assert found(action=f"user.update.{tag}") == {first.pk}
    assert found(actor=tag, action="group.") == {second.pk}
    assert found(actor=tag, object_type="accounts.user", object_id="42") == {first.pk}
    assert found(actor=tag, ip="198.51.100.5") == {second.pk}
    assert found(actor=tag, ip="bad ip") == set()
    week_ago = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    assert found(actor=tag, date_from=week_ago) == {first.pk, second.pk}
    assert found(actor=tag, date_to=(timezone.localdate() - datetime.timedelta(days=10)).isoformat()) == {old.pk}
    assert admin_client_a.get(LIST, {"date_from": "garbage"}).status_code == 200


def test_pagination(admin_client_a):
    tag = uuid.uuid4().hex[:8]
    with schema_context("alpha"):
        AuditEvent.objects.bulk_create([AuditEvent(actor_label=f"批量{tag}", action="bulk.test") for _ in range(60)])
    page = admin_client_a.get(LIST, {"actor": tag}).content.decode()
    assert "第 1 / 2 页" in page and f"actor={tag}&amp;page=2" in page
    assert len(admin_client_a.get(LIST, {"actor": tag, "page": 2}).context["object_list"]) == 10


def test_detail_shows_before_and_after_side_by_side(admin_client_a):
    target = event(
        "alpha",
        before={"display_name": "旧名字", "kind": "staff", "groups": ["a"]},
        after={"display_name": "新名字", "kind": "staff", "email": "x@example.cn", "groups": ["a", "b"]},
        impersonator_label="客服小王",
    )
    response = admin_client_a.get(f"/admin-ui/audit/{target.pk}/")
    rows = {row["key"]: row for row in response.context["changes"]}
    assert rows["display_name"]["changed"] and rows["display_name"]["before"] == "旧名字" and rows["display_name"]["after"] == "新名字"
    assert not rows["kind"]["changed"]
    assert rows["email"]["changed"] and not rows["email"]["in_before"]
    assert rows["groups"]["after"] == '["a", "b"]'
    page = response.content.decode()
    assert 'data-key="display_name" data-changed="1"' in page
    assert 'data-key="kind">' in page
    assert "客服小王" in page and "旧名字" in page and "新名字" in page


def test_export_xlsx_with_filters_is_audited(admin_client_a, admin_a):
    tag = uuid.uuid4().hex[:8]
    event("alpha", actor_label=f"导{tag}", action="user.update", before={"a": 1}, after={"a": 2}, ip="198.51.100.9")
    event("alpha", actor_label=f"导{tag}", action="group.update")
    event("alpha", actor_label=f"导{tag}", action="user.create", object_label="=HYPERLINK(\"http://evil\")")
    page = admin_client_a.get(EXPORT, {"actor": tag, "action": "user."}).content.decode()
    assert 'id="export-reason"' in page and 'id="export-submit"' in page and "（2 条）" in page  # the reason dialog first (issue 19)
    response = admin_client_a.post(EXPORT, {"actor": tag, "action": "user.", "reason": "年度安全检查"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert ".xlsx" in response["Content-Disposition"] and "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert "年度安全检查" in workbook.properties.description and "导出人" in workbook.properties.description
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:5] == ("时间", "操作人", "操作人ID", "代操作人（平台客服）", "动作")
    assert sorted(r[4] for r in rows[1:]) == ["user.create", "user.update"]
    updated = next(r for r in rows[1:] if r[4] == "user.update")
    assert updated[8] == '{"a": 1}' and updated[9] == '{"a": 2}' and updated[10] == "198.51.100.9"
    created = next(r for r in rows[1:] if r[4] == "user.create")
    assert created[7].startswith("'=")  # no formula injection
    with schema_context("alpha"):
        audit = AuditEvent.objects.filter(action="audit.export", actor_id=admin_a.pk).latest("id")
    assert audit.after["filters"] == {"actor": tag, "action": "user."} and audit.after["rows"] == 2
    assert audit.after["reason"] == "年度安全检查" and audit.after["personal_data"] is True and audit.after["masked"] == []


def test_export_needs_a_reason_and_masks_ips_without_the_right(client_a):
    tag = uuid.uuid4().hex[:8]
    event("alpha", actor_label=f"审{tag}", action="user.update", ip="198.51.100.77")
    client_a.login_as(staff_with("alpha", "core.view_auditevent", "core.export_auditevent"))
    refused = client_a.post(EXPORT, {"actor": tag, "reason": "查"})
    assert refused.status_code == 400 and "导出事由" in refused.content.decode()
    response = client_a.post(EXPORT, {"actor": tag, "reason": "核查异常登录"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][10] == "198.51.*.*" and "198.51.100.77" not in str(rows)


def test_other_tenants_events_are_invisible(admin_client_a):
    tag = uuid.uuid4().hex[:8]
    foreign = event("beta", actor_label=f"别校{tag}")
    assert admin_client_a.get(f"/admin-ui/audit/{foreign.pk}/").status_code == 404
    assert not admin_client_a.get(LIST, {"actor": tag}).context["object_list"]
    response = admin_client_a.post(EXPORT, {"actor": tag, "reason": "核查异常登录"})
    rows = list(load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(values_only=True))
    assert len(rows) == 1  # the header only


def test_session_of_another_tenant_is_not_accepted(admin_client_b):
    from django.conf import settings

    for path in (LIST, EXPORT):
        response = admin_client_b.get(path, HTTP_HOST=f"alpha.{settings.BASE_DOMAIN}")
        assert response.status_code == 302 and "/admin-ui/login/" in response["Location"]


# --- every back-office write audits -----------------------------------------------------------


def test_login_user_create_and_group_change_are_audited(client_a, admin_credentials):
    from tenant_apps.accounts.services import group_save, user_create

    username, password = admin_credentials
    assert client_a.post("/admin-ui/login/", {"username": username, "password": password}).status_code == 302
    with schema_context("alpha"):
        admin = User.objects.get(username=username)
        login = AuditEvent.objects.filter(action="user.login", actor_id=admin.pk).latest("id")
        assert login.before is not None and login.after["channel"] == "backoffice"

        created = user_create(actor=admin, username=f"new-{uuid.uuid4().hex[:6]}", display_name="新同事", phone="13512345678")
        row = AuditEvent.objects.get(action="user.create", object_id=str(created.pk))
        assert row.before is None and row.after["display_name"] == "新同事"
        assert row.after["phone"] == "135****5678"  # personal data is masked in the trail
        assert row.actor_id == admin.pk

        from django.contrib.auth.models import Group, Permission

        view_user = Permission.objects.get(content_type__app_label="accounts", codename="view_user")
        group = group_save(actor=admin, name=f"组{uuid.uuid4().hex[:6]}", description="旧说明", permissions=[])
        group_save(actor=admin, group=Group.objects.get(pk=group.pk), name=group.name, description="新说明", permissions=[view_user])
        change = AuditEvent.objects.get(action="group.update", object_id=str(group.pk))
        assert change.before == {"description": "旧说明", "permissions": []}
        assert change.after == {"description": "新说明", "permissions": ["accounts.view_user"]}


def test_audit_record_is_in_the_callers_transaction(in_tenant_a):
    from django.db import transaction

    tag = uuid.uuid4().hex
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=None, action=f"rollback.{tag}")
        raise RuntimeError
    assert not AuditEvent.objects.filter(action=f"rollback.{tag}").exists()
