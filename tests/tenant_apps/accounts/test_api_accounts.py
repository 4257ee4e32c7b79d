"""Accounts API: users, groups, org units, me. Error body, permissions per method, masking,
token authentication and isolation between tenants."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django_tenants.utils import schema_context
from rest_framework.authtoken.models import Token

from tenant_apps.accounts.models import OrgUnit, User
from tests.tenant_apps.accounts.test_users_factories import (
    PASSWORD,
    make_person,
    make_staff,
    make_tree,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/"


def token_for(schema: str, user: User) -> str:
    with schema_context(schema):
        return Token.objects.get_or_create(user=user)[0].key


def test_list_is_paginated_searchable_and_masks_phone(admin_client_a):
    make_person("alpha", display_name="周九", phone="13722223333", kind="alumnus")
    body = admin_client_a.get(API + "users/", {"search": "周九"}).json()
    assert body["count"] == 1 and {"next", "previous", "results"} <= set(body)
    assert body["results"][0]["phone"] == "13722223333"  # a superuser holds reveal_personal_data
    assert admin_client_a.get(API + "users/", {"search": "13722223333"}).json()["count"] == 1
    assert admin_client_a.get(API + "users/", {"kind": "alumnus", "is_active": "true"}).json()["count"] >= 1
    assert admin_client_a.get(API + "users/", {"kind": "alumnus", "is_active": "false"}).json()["count"] == 0
    bad = admin_client_a.get(API + "users/", {"group": "abc"})
    assert bad.status_code == 400 and bad.json()["code"] == "validation_error"


def test_phone_is_revealed_only_with_the_permission(client_a):
    person = make_person("alpha", phone="13744445555")
    plain = client_a.login_as(make_staff("alpha", "accounts.view_user"))
    assert plain.get(f"{API}users/{person.pk}/").json()["phone"] == "137****5555"
    revealer = client_a.login_as(make_staff("alpha", "accounts.view_user", "accounts.reveal_personal_data"))
    assert revealer.get(f"{API}users/{person.pk}/").json()["phone"] == "13744445555"


def test_create_and_patch(admin_client_a):
    tree = make_tree("alpha")
    with schema_context("alpha"):
        group = Group.objects.get(name="只读访客")
    response = admin_client_a.post(API + "users/", {
        "username": "api.user", "display_name": "接口用户", "kind": "student", "phone": "13766667777", "password": PASSWORD,
        "org_unit": tree["se_class"].pk, "groups": [group.pk],
    }, content_type="application/json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["org_unit"]["id"] == tree["se_class"].pk and body["groups"] == [{"id": group.pk, "name": "只读访客"}]
    assert "password" not in body
    response = admin_client_a.patch(f"{API}users/{body['id']}/", {"display_name": "改名了", "groups": []}, content_type="application/json")
    assert response.status_code == 200 and response.json()["display_name"] == "改名了" and response.json()["groups"] == []
    with schema_context("alpha"):
        assert User.objects.get(pk=body["id"]).kind == "student"  # untouched fields stay


def test_errors_have_code_message_fields(admin_client_a):
    make_person("alpha", username="dup", email="dup@example.cn")
    response = admin_client_a.post(API + "users/", {"username": "dup", "email": "DUP@example.cn"}, content_type="application/json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict" and body["message"]
    assert body["fields"] == {"username": ["该用户名已存在。"], "email": ["该邮箱已被其他账号使用。"]}
    response = admin_client_a.post(API + "users/", {"username": "vendor-x", "kind": "vendor"}, content_type="application/json")
    assert response.status_code == 400 and "kind" in response.json()["fields"]


def test_disable_enable_and_reset_password(admin_client_a, admin_a):
    person = make_person("alpha")
    assert admin_client_a.post(f"{API}users/{person.pk}/disable/").json()["is_active"] is False
    assert admin_client_a.post(f"{API}users/{person.pk}/enable/").json()["is_active"] is True
    response = admin_client_a.post(f"{API}users/{person.pk}/reset-password/")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    with schema_context("alpha"):
        assert User.objects.get(pk=person.pk).check_password(response.json()["password"])
    refused = admin_client_a.post(f"{API}users/{admin_a.pk}/disable/")
    assert refused.status_code == 400 and refused.json()["code"] == "cannot_disable_self"


def test_me(client_a):
    tree = make_tree("alpha")
    user = make_staff("alpha", "accounts.view_user", scope="unit_and_below", org_unit=tree["cs"], phone="13788889999")
    body = client_a.login_as(user).get(API + "me/").json()
    assert body["username"] == user.username and body["phone"] == "13788889999"
    assert body["permissions"] == ["accounts.view_user"] and body["data_scope"] == "unit_and_below"


def test_groups_and_org_units(admin_client_a):
    tree = make_tree("alpha")
    response = admin_client_a.post(API + "groups/", {"name": "接口组", "data_scope": "unit", "permissions": ["accounts.view_user"]}, content_type="application/json")
    assert response.status_code == 201 and response.json()["permissions"] == ["accounts.view_user"]
    group_id = response.json()["id"]
    unknown = admin_client_a.post(API + "groups/", {"name": "坏组", "permissions": ["sessions.view_session"]}, content_type="application/json")
    assert unknown.status_code == 400 and "permissions" in unknown.json()["fields"]
    assert admin_client_a.patch(f"{API}groups/{group_id}/", {"description": "新说明"}, content_type="application/json").json()["description"] == "新说明"
    assert admin_client_a.delete(f"{API}groups/{group_id}/").status_code == 204
    with schema_context("alpha"):
        builtin = Group.objects.get(name="系统管理员").pk
    assert admin_client_a.delete(f"{API}groups/{builtin}/").json()["code"] == "builtin_group"

    units = admin_client_a.get(API + "org-units/").json()
    ids = [u["id"] for u in units]
    assert ids.index(tree["cs"].pk) < ids.index(tree["se"].pk) < ids.index(tree["se_class"].pk)
    created = admin_client_a.post(API + "org-units/", {"name": "网络工程", "kind": "major", "parent": tree["cs"].pk}, content_type="application/json")
    assert created.status_code == 201 and created.json()["parent"] == tree["cs"].pk
    refused = admin_client_a.delete(f"{API}org-units/{tree['cs'].pk}/")
    assert refused.status_code == 400 and refused.json()["code"] == "org_unit_has_children"
    moved = admin_client_a.patch(f"{API}org-units/{created.json()['id']}/", {"parent": tree["lang"].pk}, content_type="application/json")
    assert moved.json()["path"].startswith(tree["lang"].path)


@pytest.mark.parametrize(
    ("method", "path", "perms"),
    [
        ("get", "users/", ()),
        ("post", "users/", ("accounts.view_user",)),
        ("get", "users/{pk}/", ()),
        ("patch", "users/{pk}/", ("accounts.view_user",)),
        ("post", "users/{pk}/disable/", ("accounts.view_user",)),
        ("post", "users/{pk}/reset-password/", ("accounts.view_user", "accounts.change_user")),
        ("get", "groups/", ("accounts.view_user",)),
        ("post", "groups/", ("auth.view_group",)),
        ("get", "org-units/", ("accounts.view_user",)),
        ("delete", "org-units/{unit}/", ("accounts.view_orgunit",)),
    ],
)
def test_permission_matrix(client_a, method, path, perms):
    person = make_person("alpha")
    tree = make_tree("alpha")
    client = client_a.login_as(make_staff("alpha", *perms))
    response = getattr(client, method)(API + path.format(pk=person.pk, unit=tree["se_class"].pk), {}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_anonymous_gets_401(client_a):
    response = client_a.get(API + "users/")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_token_auth_works_on_its_own_tenant_only(client_a, client_b, admin_a):
    key = token_for("alpha", admin_a)
    assert client_a.get(API + "me/", HTTP_AUTHORIZATION=f"Token {key}").json()["username"] == admin_a.username
    response = client_b.get(API + "users/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401


def test_alpha_admin_cannot_read_or_change_beta_objects(admin_client_a):
    beta_user = make_person("beta", id=990_011, username="beta-api-only")
    with schema_context("beta"):
        beta_unit = OrgUnit.objects.create(id=990_012, name="贝塔学院", kind="college")
        beta_group = Group.objects.create(id=990_013, name="贝塔组")
    assert admin_client_a.get(f"{API}users/{beta_user.pk}/").status_code == 404
    response = admin_client_a.patch(f"{API}users/{beta_user.pk}/", {"display_name": "hijacked"}, content_type="application/json")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert admin_client_a.post(f"{API}users/{beta_user.pk}/disable/").status_code == 404
    assert admin_client_a.post(f"{API}users/{beta_user.pk}/reset-password/").status_code == 404
    assert admin_client_a.get(f"{API}org-units/{beta_unit.pk}/").status_code == 404
    assert admin_client_a.delete(f"{API}groups/{beta_group.pk}/").status_code == 404
    assert "beta-api-only" not in admin_client_a.get(API + "users/", {"page_size": 200}).content.decode()
    with schema_context("beta"):
        beta_user.refresh_from_db()
        assert beta_user.display_name != "hijacked" and beta_user.is_active
        assert Group.objects.filter(pk=beta_group.pk).exists()


def test_scope_applies_to_the_api(client_a):
    tree = make_tree("alpha")
    outside = make_person("alpha", org_unit=tree["english"])
    client = client_a.login_as(make_staff("alpha", "accounts.view_user", "accounts.change_user", scope="unit_and_below", org_unit=tree["cs"]))
    assert client.get(f"{API}users/{outside.pk}/").status_code == 404
    ids = {u["id"] for u in client.get(API + "users/", {"page_size": 200}).json()["results"]}
    assert outside.pk not in ids
    # Moving someone into another college is refused.
    inside = make_person("alpha", org_unit=tree["se"])
    response = client.patch(f"{API}users/{inside.pk}/", {"org_unit": tree["english"].pk}, content_type="application/json")
    assert response.status_code == 400 and "org_unit" in response.json()["fields"]
