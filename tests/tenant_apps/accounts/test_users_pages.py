"""Back-office user pages: list, create, edit, detail, disable, reset password; permissions and
isolation between tenants."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django_tenants.utils import schema_context

from tenant_apps.accounts.models import User
from tests.tenant_apps.accounts.test_users_factories import (
    PASSWORD,
    make_person,
    make_staff,
    make_tree,
)

pytestmark = pytest.mark.django_db

USERS = "/admin-ui/users/"


def form(**overrides):
    data = {"username": "zhao.liu", "display_name": "赵六", "kind": "student", "email": "", "phone": "", "password": PASSWORD, "must_change_password": "on"}
    data.update(overrides)
    return data


def test_list_shows_masked_phone_search_and_empty_state(admin_client_a):
    make_person("alpha", display_name="钱七", phone="13612345678")
    page = admin_client_a.get(USERS).content.decode()
    assert "钱七" in page and "136****5678" in page and "13612345678" not in page
    assert "钱七" in admin_client_a.get(USERS, {"q": "13612345678"}).content.decode()
    empty = admin_client_a.get(USERS, {"q": "没有这个人"}).content.decode()
    assert "没有符合条件的用户" in empty


def test_list_paginates_and_keeps_filters(admin_client_a):
    for index in range(23):
        make_person("alpha", username=f"page-{index:02d}", kind="alumnus")
    first = admin_client_a.get(USERS, {"kind": "alumnus"}).content.decode()
    assert "第 1 / 2 页" in first and "kind=alumnus&amp;page=2" in first
    second = admin_client_a.get(USERS, {"kind": "alumnus", "page": 2}).content.decode()
    assert "第 2 / 2 页" in second


def test_create_user_through_the_form(admin_client_a):
    tree = make_tree("alpha")
    with schema_context("alpha"):
        group = Group.objects.get(name="只读访客")
    response = admin_client_a.post(USERS + "new/", form(org_unit=tree["se_class"].pk, groups=[group.pk], phone="13811112222"))
    assert response.status_code == 302
    with schema_context("alpha"):
        user = User.objects.get(username="zhao.liu")
        assert user.org_unit == tree["se_class"] and list(user.groups.all()) == [group] and user.must_change_password
    assert response["Location"] == f"{USERS}{user.pk}/"


def test_create_form_shows_service_errors_next_to_fields(admin_client_a):
    make_person("alpha", username="taken", phone="13811113333")
    response = admin_client_a.post(USERS + "new/", form(username="taken", phone="13811113333"))
    assert response.status_code == 409
    page = response.content.decode()
    assert 'data-field="username">该用户名已存在。' in page
    assert 'data-field="phone">该手机号已被其他账号使用。' in page
    response = admin_client_a.post(USERS + "new/", form(username="", password="123"))
    assert response.status_code == 400
    assert 'data-field="username">该字段是必填项。' in response.content.decode()


def test_org_unit_select_is_in_tree_order(admin_client_a):
    tree = make_tree("alpha")
    page = admin_client_a.get(USERS + "new/").content.decode()
    assert page.index(tree["cs"].name) < page.index("软件工程") < page.index("软件2401")


def test_edit_user(admin_client_a):
    person = make_person("alpha", display_name="孙八")
    response = admin_client_a.post(f"{USERS}{person.pk}/edit/", {"username": person.username, "display_name": "孙八八", "kind": "alumnus", "email": "sun@example.cn"})
    assert response.status_code == 302
    with schema_context("alpha"):
        person.refresh_from_db()
    assert (person.display_name, person.kind, person.email) == ("孙八八", "alumnus", "sun@example.cn")


def test_detail_masks_phone_and_guards_reveal_button(admin_client_a, client_a):
    person = make_person("alpha", phone="13699998888")
    page = admin_client_a.get(f"{USERS}{person.pk}/").content.decode()
    assert "136****8888" in page and "13699998888" not in page
    assert 'id="phone-value"' in page
    viewer = make_staff("alpha", "accounts.view_user")
    page = client_a.login_as(viewer).get(f"{USERS}{person.pk}/").content.decode()
    assert "136****8888" in page and "显示</button>" not in page
    assert "重置密码" not in page and "停用" not in page


def test_disable_and_enable_with_htmx(admin_client_a):
    person = make_person("alpha")
    page = admin_client_a.get(f"{USERS}{person.pk}/").content.decode()
    assert "hx-confirm=" in page
    response = admin_client_a.post(f"{USERS}{person.pk}/active/", {"is_active": "0"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Redirect"] == f"{USERS}{person.pk}/"
    with schema_context("alpha"):
        assert not User.objects.get(pk=person.pk).is_active
    assert "账号已停用" in admin_client_a.get(f"{USERS}{person.pk}/").content.decode()
    admin_client_a.post(f"{USERS}{person.pk}/active/", {"is_active": "1"})
    with schema_context("alpha"):
        assert User.objects.get(pk=person.pk).is_active


def test_disabling_oneself_shows_a_message(admin_client_a, admin_a):
    response = admin_client_a.post(f"{USERS}{admin_a.pk}/active/", {"is_active": "0"}, follow=True)
    assert "不能停用自己的账号。" in response.content.decode()
    with schema_context("alpha"):
        assert User.objects.get(pk=admin_a.pk).is_active


def test_reset_password_shows_it_once(admin_client_a):
    person = make_person("alpha")
    response = admin_client_a.post(f"{USERS}{person.pk}/reset-password/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    page = response.content.decode()
    password = page.split('data-testid="new-password">')[1].split("<")[0]
    with schema_context("alpha"):
        assert User.objects.get(pk=person.pk).check_password(password)
    assert password not in admin_client_a.get(f"{USERS}{person.pk}/").content.decode()


def test_reset_password_without_htmx_renders_the_detail_page(admin_client_a):
    person = make_person("alpha", display_name="吴十")
    response = admin_client_a.post(f"{USERS}{person.pk}/reset-password/")
    page = response.content.decode()
    assert response.status_code == 200 and "吴十" in page and 'data-testid="new-password"' in page


def test_unlock(admin_client_a):
    from django.utils import timezone

    person = make_person("alpha", locked_until=timezone.now() + timezone.timedelta(minutes=10))
    assert "解除锁定" in admin_client_a.get(f"{USERS}{person.pk}/").content.decode()
    admin_client_a.post(f"{USERS}{person.pk}/unlock/")
    with schema_context("alpha"):
        assert User.objects.get(pk=person.pk).locked_until is None


@pytest.mark.parametrize(
    ("method", "path", "perms"),
    [
        ("get", "", ()),
        ("get", "new/", ("accounts.view_user",)),
        ("get", "{pk}/", ()),
        ("get", "{pk}/edit/", ("accounts.view_user",)),
        ("post", "{pk}/active/", ("accounts.view_user",)),
        ("post", "{pk}/reset-password/", ("accounts.view_user", "accounts.change_user")),
        ("post", "{pk}/unlock/", ("accounts.view_user",)),
    ],
)
def test_pages_need_their_permission(client_a, method, path, perms):
    person = make_person("alpha")
    client = client_a.login_as(make_staff("alpha", *perms))
    response = getattr(client, method)(USERS + path.format(pk=person.pk))
    assert response.status_code == 403


def test_anonymous_is_sent_to_login(client_a):
    response = client_a.get(USERS)
    assert response.status_code == 302 and "/admin-ui/login/" in response["Location"]


def test_scope_limits_pages(client_a):
    tree = make_tree("alpha")
    inside, outside = make_person("alpha", org_unit=tree["se"]), make_person("alpha", org_unit=tree["english"])
    client = client_a.login_as(make_staff("alpha", "accounts.view_user", "accounts.change_user", scope="unit_and_below", org_unit=tree["cs"]))
    page = client.get(USERS).content.decode()
    assert inside.username in page and outside.username not in page
    assert client.get(f"{USERS}{outside.pk}/").status_code == 404
    assert client.post(f"{USERS}{outside.pk}/active/", {"is_active": "0"}).status_code == 404


def test_admin_of_alpha_cannot_see_or_change_a_beta_user(admin_client_a):
    # An id that exists only in beta: alpha must answer 404, not look elsewhere.
    beta_user = make_person("beta", id=990_001, username="beta-only", display_name="贝塔用户")
    for path in (f"{beta_user.pk}/", f"{beta_user.pk}/edit/"):
        assert admin_client_a.get(USERS + path).status_code == 404
    assert admin_client_a.post(f"{USERS}{beta_user.pk}/edit/", {"username": "hijacked", "display_name": "x", "kind": "staff"}).status_code == 404
    assert admin_client_a.post(f"{USERS}{beta_user.pk}/active/", {"is_active": "0"}).status_code == 404
    assert admin_client_a.post(f"{USERS}{beta_user.pk}/reset-password/").status_code == 404
    with schema_context("beta"):
        beta_user.refresh_from_db()
        assert beta_user.username == "beta-only" and beta_user.is_active and beta_user.check_password(PASSWORD)
    assert "beta-only" not in admin_client_a.get(USERS).content.decode()
