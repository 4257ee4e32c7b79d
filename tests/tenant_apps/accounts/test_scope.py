"""Data scope is applied by the selectors (not the views): what each scope lets a user see."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from tenant_apps.accounts import selectors
from tenant_apps.accounts.enums import DataScope
from tenant_apps.accounts.models import User
from tests.tenant_apps.accounts.test_users_factories import make_person, make_staff, make_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(in_tenant_a):
    tree = make_tree("alpha")
    return tree, {
        "in_college": make_person("alpha", org_unit=tree["cs"]),
        "in_major": make_person("alpha", org_unit=tree["se"]),
        "in_class": make_person("alpha", org_unit=tree["se_class"]),
        "other_college": make_person("alpha", org_unit=tree["english"]),
        "no_unit": make_person("alpha"),
    }


def visible(actor) -> set[int]:
    return set(selectors.user_list(actor=actor).values_list("pk", flat=True))


def test_college_admin_sees_only_their_college_subtree(people):
    tree, p = people
    college_admin = User.objects.create_user(username="cs-admin", org_unit=tree["cs"])
    college_admin.groups.add(Group.objects.get(name="院系管理员"))  # built-in, unit_and_below
    assert selectors.user_data_scope(college_admin) == DataScope.UNIT_AND_BELOW
    seen = visible(college_admin)
    assert {p["in_college"].pk, p["in_major"].pk, p["in_class"].pk, college_admin.pk} <= seen
    assert p["other_college"].pk not in seen and p["no_unit"].pk not in seen
    with pytest.raises(User.DoesNotExist):
        selectors.user_get(actor=college_admin, user_id=p["other_college"].pk)
    # Filtering by another college's unit gives nothing rather than widening the scope.
    assert not selectors.user_list(actor=college_admin, org_unit_id=tree["lang"].pk).exists()
    assert set(selectors.org_units_in_scope(actor=college_admin)) == {tree["cs"], tree["se"], tree["se_class"]}


def test_unit_scope_sees_only_the_unit_itself(people):
    tree, p = people
    actor = make_staff("alpha", "accounts.view_user", scope=DataScope.UNIT, org_unit=tree["se"])
    seen = visible(actor)
    assert p["in_major"].pk in seen
    assert p["in_class"].pk not in seen and p["in_college"].pk not in seen
    assert list(selectors.org_units_in_scope(actor=actor)) == [tree["se"]]


def test_self_scope_sees_only_themselves(people):
    tree, _ = people
    actor = make_staff("alpha", "accounts.view_user", scope=DataScope.SELF, org_unit=tree["cs"])
    assert visible(actor) == {actor.pk}
    assert not selectors.org_units_in_scope(actor=actor).exists()


def test_widest_group_wins_and_superuser_sees_all(people, admin_a):
    tree, p = people
    actor = make_staff("alpha", "accounts.view_user", scope=DataScope.UNIT, org_unit=tree["se"])
    actor.groups.add(Group.objects.get(name="院系管理员"))
    assert selectors.user_data_scope(actor) == DataScope.UNIT_AND_BELOW
    assert set(v.pk for v in p.values()) <= visible(admin_a)


def test_user_list_search_and_filters(people):
    tree, p = people
    admin = make_staff("alpha", "accounts.view_user")
    named = make_person("alpha", display_name="欧阳娜娜", phone="13512345678", email="nana@example.cn", org_unit=tree["se_class"])
    assert list(selectors.user_list(actor=admin, search="欧阳")) == [named]
    assert list(selectors.user_list(actor=admin, search="13512345678")) == [named]
    assert not selectors.user_list(actor=admin, search="1351234").exists()  # phone: exact only
    # e-mail: encrypted at rest (docs/decisions/0140), so the whole address, in any case
    assert list(selectors.user_list(actor=admin, search="NANA@example.CN")) == [named]
    assert not selectors.user_list(actor=admin, search="NANA@").exists()
    assert named in selectors.user_list(actor=admin, org_unit_id=tree["cs"].pk)  # unit filter includes sub-units
    assert named not in selectors.user_list(actor=admin, kind="staff")
    assert p["in_class"] in selectors.user_list(actor=admin, kind="student", is_active=True)


def test_org_unit_tree_order_and_levels(people):
    tree, _ = people
    units = selectors.org_unit_tree()
    order = [u.pk for u in units]
    assert order.index(tree["cs"].pk) < order.index(tree["se"].pk) < order.index(tree["se_class"].pk)
    levels = {u.pk: u.level for u in units}
    assert (levels[tree["cs"].pk], levels[tree["se"].pk], levels[tree["se_class"].pk]) == (0, 1, 2)
    # A scoped subtree starts at level 0.
    scoped = selectors.org_unit_tree(selectors.org_units_in_scope(actor=make_staff("alpha", scope=DataScope.UNIT_AND_BELOW, org_unit=tree["se"])))
    assert [(u.pk, u.level) for u in scoped] == [(tree["se"].pk, 0), (tree["se_class"].pk, 1)]


def test_groups_assignable_excludes_wider_groups(in_tenant_a):
    actor = make_staff("alpha", "accounts.view_user", "accounts.add_user", "accounts.change_user", "accounts.view_orgunit", scope=DataScope.UNIT_AND_BELOW)
    names = set(selectors.groups_assignable(actor=actor).values_list("name", flat=True))
    assert "院系管理员" in names and "只读访客" in names
    assert "系统管理员" not in names
