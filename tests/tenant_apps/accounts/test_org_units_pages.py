"""Back-office org unit pages: tree, create child, edit, delete with clear refusals."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from tenant_apps.accounts.models import OrgUnit
from tests.tenant_apps.accounts.test_users_factories import make_person, make_staff, make_tree

pytestmark = pytest.mark.django_db

UNITS = "/admin-ui/org-units/"


def test_tree_is_shown_in_order(admin_client_a):
    tree = make_tree("alpha")
    page = admin_client_a.get(UNITS).content.decode()
    assert page.index(tree["cs"].name) < page.index("软件工程") < page.index("软件2401")
    assert f'?parent={tree["se"].pk}' in page  # "add child" on a major
    assert f'?parent={tree["se_class"].pk}' not in page  # a class has no children


def test_create_child_defaults_to_the_next_kind(admin_client_a):
    tree = make_tree("alpha")
    page = admin_client_a.get(f"{UNITS}new/?parent={tree['cs'].pk}").content.decode()
    assert '<option value="major" selected>' in page
    response = admin_client_a.post(UNITS + "new/", {"name": "网络工程", "kind": "major", "parent": tree["cs"].pk, "sort_order": "2"})
    assert response.status_code == 302
    with schema_context("alpha"):
        unit = OrgUnit.objects.get(name="网络工程")
        assert unit.parent == tree["cs"] and unit.path.startswith(tree["cs"].path)


def test_duplicate_sibling_name_is_refused(admin_client_a):
    tree = make_tree("alpha")
    response = admin_client_a.post(UNITS + "new/", {"name": "软件工程", "kind": "major", "parent": tree["cs"].pk})
    assert response.status_code == 400
    assert "机构信息有误" in response.content.decode() or "已存在" in response.content.decode()


def test_edit_cannot_pick_itself_or_a_descendant_as_parent(admin_client_a):
    tree = make_tree("alpha")
    page = admin_client_a.get(f"{UNITS}{tree['se'].pk}/edit/").content.decode()
    assert f'<option value="{tree["se_class"].pk}"' not in page and f'<option value="{tree["se"].pk}"' not in page
    response = admin_client_a.post(f"{UNITS}{tree['se'].pk}/edit/", {"name": "软件工程", "kind": "major", "parent": tree["se_class"].pk})
    assert response.status_code == 400


def test_delete_with_children_or_members_explains_why(admin_client_a):
    tree = make_tree("alpha")
    page = admin_client_a.post(f"{UNITS}{tree['cs'].pk}/delete/", follow=True).content.decode()
    assert "请先删除或移走下级机构" in page
    make_person("alpha", org_unit=tree["english"])
    page = admin_client_a.post(f"{UNITS}{tree['english'].pk}/delete/", follow=True).content.decode()
    assert "该机构下还有用户" in page
    response = admin_client_a.post(f"{UNITS}{tree['se_class'].pk}/delete/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == UNITS
    with schema_context("alpha"):
        assert not OrgUnit.objects.filter(pk=tree["se_class"].pk).exists()


def test_scoped_viewer_sees_only_their_subtree(client_a):
    tree = make_tree("alpha")
    viewer = make_staff("alpha", "accounts.view_orgunit", scope="unit_and_below", org_unit=tree["cs"])
    page = client_a.login_as(viewer).get(UNITS).content.decode()
    assert "软件工程" in page and tree["lang"].name not in page
    assert "添加下级" not in page and "删除</button>" not in page


@pytest.mark.parametrize(("method", "path"), [("get", ""), ("get", "new/"), ("get", "{pk}/edit/"), ("post", "{pk}/delete/")])
def test_org_unit_pages_need_permissions(client_a, method, path):
    tree = make_tree("alpha")
    client = client_a.login_as(make_staff("alpha", "accounts.view_user"))
    assert getattr(client, method)(UNITS + path.format(pk=tree["se_class"].pk)).status_code == 403


def test_beta_unit_is_not_reachable_from_alpha(admin_client_a):
    with schema_context("beta"):
        beta_unit = OrgUnit.objects.create(id=990_003, name="贝塔学院", kind="college")
    assert admin_client_a.get(f"{UNITS}{beta_unit.pk}/edit/").status_code == 404
    assert admin_client_a.post(f"{UNITS}{beta_unit.pk}/delete/").status_code == 404
    with schema_context("beta"):
        assert OrgUnit.objects.filter(pk=beta_unit.pk).exists()
