"""Audited reveal of personal data (P12): back-office fragment / JSON and the API endpoint."""

from __future__ import annotations

import json
import uuid

import pytest
from django.contrib.auth.models import Group, Permission
from django_tenants.utils import schema_context

from core.models import AuditEvent
from tenant_apps.accounts.enums import DataScope
from tenant_apps.accounts.models import GroupProfile, OrgUnit, User

pytestmark = pytest.mark.django_db

REVEAL = "accounts.reveal_personal_data"


def staff(schema: str, *perms: str, scope: str = DataScope.ALL, org_unit: OrgUnit | None = None) -> User:
    with schema_context(schema):
        group = Group.objects.create(name=f"g-{uuid.uuid4().hex[:8]}")
        GroupProfile.objects.create(group=group, data_scope=scope)
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        user = User.objects.create_user(username=f"u-{uuid.uuid4().hex[:8]}", password="pw-Secret-123", kind="staff", org_unit=org_unit)
        user.groups.add(group)
        return user


def person(schema: str, phone: str, org_unit: OrgUnit | None = None) -> User:
    with schema_context(schema):
        return User.objects.create_user(username=f"p-{uuid.uuid4().hex[:8]}", phone=phone, kind="student", org_unit=org_unit)


def url(pk: int, field: str = "phone", model: str = "accounts.user") -> str:
    return f"/admin-ui/security/reveal/{model}/{pk}/{field}/"


def test_url_name():
    from django.urls import reverse

    assert reverse("backoffice:personal_data_reveal", args=["accounts.user", 5, "phone"]) == url(5)
    assert reverse("api:personal_data_reveal") == "/api/v1/reveal/"


def test_reveal_returns_fragment_and_audits(client_a):
    actor = staff("alpha", REVEAL)
    target = person("alpha", "13800138000")
    response = client_a.login_as(actor).post(url(target.pk), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "13800138000" in response.content.decode() and "<html" not in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    with schema_context("alpha"):
        event = AuditEvent.objects.get(action="personal_data.reveal", actor_id=actor.pk)
        assert (event.object_type, event.object_id) == ("accounts.user", str(target.pk))
        assert event.after["field"] == "phone"
        assert "13800138000" not in json.dumps(event.after)  # the trail records the read, not the value


def test_reveal_answers_json_when_asked(client_a):
    actor = staff("alpha", REVEAL)
    target = person("alpha", "13800138001")
    response = client_a.login_as(actor).post(url(target.pk), HTTP_ACCEPT="application/json")
    assert response.json() == {"model": "accounts.user", "id": target.pk, "field": "phone", "value": "13800138001"}


def test_reveal_without_permission_is_403_and_not_audited(client_a):
    actor = staff("alpha", "accounts.view_user")
    target = person("alpha", "13800138002")
    client_a.login_as(actor)
    assert client_a.post(url(target.pk)).status_code == 403
    response = client_a.post(url(target.pk), HTTP_ACCEPT="application/json")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    with schema_context("alpha"):
        assert not AuditEvent.objects.filter(action="personal_data.reveal", actor_id=actor.pk).exists()


def test_reveal_is_post_only(client_a):
    actor = staff("alpha", REVEAL)
    target = person("alpha", "13800138003")
    assert client_a.login_as(actor).get(url(target.pk)).status_code == 405


def test_anonymous_cannot_reveal(client_a):
    target = person("alpha", "13800138004")
    response = client_a.post(url(target.pk))
    assert response.status_code == 302 and "13800138004" not in response.content.decode()


@pytest.mark.parametrize(("model", "field"), [("accounts.user", "username"), ("accounts.user", "password"), ("accounts.user", "nosuch"), ("accounts.nosuch", "phone"), ("nolabel", "phone"), ("accounts.orgunit", "name")])
def test_only_encrypted_fields_of_registered_models(client_a, model, field):
    actor = staff("alpha", REVEAL)
    target = person("alpha", "13800138005")
    assert client_a.login_as(actor).post(url(target.pk, field=field, model=model)).status_code == 404


def test_other_tenants_object_is_404(client_a):
    actor = staff("alpha", REVEAL)
    foreign = person("beta", "13900139000")
    with schema_context("alpha"):
        assert not User.objects.filter(pk=foreign.pk).exists()
    response = client_a.login_as(actor).post(url(foreign.pk))
    assert response.status_code == 404
    assert "13900139000" not in response.content.decode()


def test_object_outside_data_scope_is_404(client_a):
    with schema_context("alpha"):
        from tenant_apps.accounts.services import org_unit_save

        mine = org_unit_save(actor=None, name=f"学院{uuid.uuid4().hex[:4]}", kind="college")
        theirs = org_unit_save(actor=None, name=f"学院{uuid.uuid4().hex[:4]}", kind="college")
    actor = staff("alpha", REVEAL, scope=DataScope.UNIT_AND_BELOW, org_unit=mine)
    inside = person("alpha", "13700137000", org_unit=mine)
    outside = person("alpha", "13700137001", org_unit=theirs)
    client_a.login_as(actor)
    assert client_a.post(url(inside.pk)).status_code == 200
    assert client_a.post(url(outside.pk)).status_code == 404


def test_api_reveal(client_a):
    actor = staff("alpha", REVEAL)
    target = person("alpha", "13600136000")
    client_a.login_as(actor)
    response = client_a.post("/api/v1/reveal/", {"model": "accounts.user", "id": target.pk, "field": "phone"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["value"] == "13600136000"
    with schema_context("alpha"):
        assert AuditEvent.objects.filter(action="personal_data.reveal", actor_id=actor.pk, object_id=str(target.pk)).count() == 1


def test_api_reveal_refusals(client_a):
    target = person("alpha", "13600136001")
    foreign = person("beta", "13600136002")
    body = {"model": "accounts.user", "id": target.pk, "field": "phone"}
    assert client_a.post("/api/v1/reveal/", body, content_type="application/json").status_code in (401, 403)
    client_a.login_as(staff("alpha", "accounts.view_user"))
    response = client_a.post("/api/v1/reveal/", body, content_type="application/json")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    client_a.login_as(staff("alpha", REVEAL))
    response = client_a.post("/api/v1/reveal/", {**body, "id": foreign.pk}, content_type="application/json")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    response = client_a.post("/api/v1/reveal/", {**body, "field": "username"}, content_type="application/json")
    assert response.status_code == 404 and response.json()["code"] == "field_not_revealable"
    response = client_a.post("/api/v1/reveal/", {"model": "accounts.user"}, content_type="application/json")
    assert response.status_code == 400 and set(response.json()["fields"]) == {"id", "field"}
