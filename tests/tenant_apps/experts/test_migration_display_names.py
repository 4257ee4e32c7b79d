"""Issue 19 item 3: the data migration that names expert accounts created before the fix."""

import importlib

import pytest
from django.apps import apps as django_apps

from tenant_apps.accounts.models import User
from tenant_apps.experts.models import Expert

pytestmark = pytest.mark.django_db

migration = importlib.import_module("tenant_apps.experts.migrations.0008_backfill_expert_display_names")


def test_backfill_names_old_expert_accounts_only(in_bureau):
    unnamed = User.objects.create(username="expert_98a3c0ffee01", display_name="", kind="expert")
    username_as_name = User.objects.create(username="expert_77b1c0ffee02", display_name="expert_77b1c0ffee02", kind="expert")
    chosen = User.objects.create(username="expert_55aac0ffee03", display_name="王老师", kind="expert")
    nameless_expert = User.objects.create(username="expert_44aac0ffee04", display_name="", kind="expert")
    Expert.objects.create(user=unnamed, name="李四海")
    Expert.objects.create(user=username_as_name, name="赵一鸣")
    Expert.objects.create(user=chosen, name="王五")
    Expert.objects.create(user=nameless_expert, name="")
    Expert.objects.create(name="无账号专家")

    assert migration.backfill_expert_display_names(django_apps, None) == 2

    names = dict(User.objects.filter(username__startswith="expert_").values_list("username", "display_name"))
    assert names["expert_98a3c0ffee01"] == "李四海"
    assert names["expert_77b1c0ffee02"] == "赵一鸣"
    assert names["expert_55aac0ffee03"] == "王老师"  # a name the person set stays
    assert names["expert_44aac0ffee04"] == ""
    assert migration.backfill_expert_display_names(django_apps, None) == 0  # running again changes nothing
