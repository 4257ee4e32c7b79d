import pytest
from django.db import connection
from django_tenants.utils import schema_context

from shared_apps.provisioning.models import Tenant
from tenant_apps.accounts.models import User

pytestmark = pytest.mark.django_db


def test_each_tenant_has_its_own_users(tenant_a, tenant_b):
    with schema_context("alpha"):
        User.objects.create(username="only-in-alpha")
    with schema_context("beta"):
        assert not User.objects.filter(username="only-in-alpha").exists()
    with schema_context("alpha"):
        assert User.objects.filter(username="only-in-alpha").exists()


def test_host_selects_tenant(client_a, client_b):
    page_a = client_a.get("/admin-ui/login/")
    page_b = client_b.get("/admin-ui/login/")
    assert "阿尔法大学" in page_a.content.decode()
    assert "贝塔大学" in page_b.content.decode()


def test_unknown_host_is_404(client):
    response = client.get("/admin-ui/login/", HTTP_HOST="nosuch.localhost")
    assert response.status_code == 404


def test_switched_off_module_is_404(admin_client_a, tenant_a):
    Tenant.objects.filter(pk=tenant_a.pk).update(modules=["alumni"])
    response = admin_client_a.get("/admin-ui/")
    assert response.status_code == 200
    assert 'data-module="employment"' not in response.content.decode()
    assert connection.schema_name == "public"
