"""tenants/<schema>/templates/ overrides a template for that tenant only; tenants/_default/
holds seed data (the standard expert domain tree)."""

from __future__ import annotations

import pytest
from django.template import engines
from django.test import override_settings
from django_tenants.utils import schema_context

pytestmark = pytest.mark.django_db


def _reset_loaders():
    for loader in engines["django"].engine.template_loaders:
        loader.reset()


@pytest.fixture
def overrides(tmp_path):
    notice = tmp_path / "alpha" / "templates" / "tenant"
    notice.mkdir(parents=True)
    (notice / "notice.html").write_text('<div data-tenant-notice>阿尔法大学的专属提示</div>', encoding="utf-8")
    with override_settings(TENANT_OVERRIDES_DIR=tmp_path):
        _reset_loaders()
        yield tmp_path
    _reset_loaders()


def test_a_tenant_sees_its_own_override_and_no_one_else_does(overrides, admin_client_a, admin_client_b):
    page_a = admin_client_a.get("/admin-ui/").content.decode()
    page_b = admin_client_b.get("/admin-ui/").content.decode()
    assert "阿尔法大学的专属提示" in page_a
    assert "阿尔法大学的专属提示" not in page_b and "data-tenant-notice" not in page_b
    # Asking again in the other order must not serve one tenant's cached copy to the other.
    assert "阿尔法大学的专属提示" not in admin_client_b.get("/admin-ui/").content.decode()
    assert "阿尔法大学的专属提示" in admin_client_a.get("/admin-ui/").content.decode()


def test_the_demo_tenant_override_ships_with_the_repository():
    from pathlib import Path

    from django.conf import settings

    assert (Path(settings.TENANT_OVERRIDES_DIR) / "demo" / "templates" / "tenant" / "notice.html").is_file()
    assert (Path(settings.TENANT_OVERRIDES_DIR) / "_default" / "experts" / "domains.json").is_file()


def test_standard_domain_tree_import_adds_three_levels_once(admin_client_a):
    from tenant_apps.experts.models import Domain

    response = admin_client_a.post("/admin-ui/experts/domains/", {"action": "import_standard"}, follow=True)
    assert "已导入标准领域分类" in response.content.decode()
    with schema_context("alpha"):
        levels = set(Domain.objects.values_list("level", flat=True))
        count = Domain.objects.count()
        assert levels == {1, 2, 3}
        assert Domain.objects.filter(level=3, name="结构工程", parent__name="土木工程").exists()
    again = admin_client_a.post("/admin-ui/experts/domains/", {"action": "import_standard"}, follow=True)
    assert "没有新增" in again.content.decode()
    with schema_context("alpha"):
        assert Domain.objects.count() == count


def test_standard_domain_import_needs_the_permission_and_stays_in_its_tenant(client_a, tenant_a, admin_client_b):
    from tenant_apps.accounts.models import User
    from tenant_apps.experts.models import Domain

    with schema_context("alpha"):
        clerk = User.objects.create_user(username="clerk", password="x-pass-123456")
    client_a.login_as(clerk)
    client_a.post("/admin-ui/experts/domains/", {"action": "import_standard"})
    admin_client_b.post("/admin-ui/experts/domains/", {"action": "import_standard"})
    with schema_context("alpha"):
        assert not Domain.objects.exists()
    with schema_context("beta"):
        assert Domain.objects.filter(level=1).exists()
