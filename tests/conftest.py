"""Shared fixtures. The database is one template copied per xdist worker (core.testing.database);
tests run inside a transaction in the tenant schemas alpha / beta / bureau, committed-data
tests (browser, real worker) use the `live` tenant."""

from __future__ import annotations

import contextlib

import pytest
from django.db import connection
from django.test import Client
from django_tenants.utils import get_public_schema_name, schema_context

from core.testing.database import TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME, ensure_test_database


@pytest.fixture(scope="session")
def django_db_setup(django_db_blocker, worker_id):
    from core.testing.database import drop_stale_worker_databases, drop_test_database

    with django_db_blocker.unblock():
        drop_stale_worker_databases()
        name = ensure_test_database(worker_id if worker_id != "master" else "gw0")
    yield
    with django_db_blocker.unblock():
        drop_test_database(name)


@pytest.fixture(autouse=True)
def _reset_schema():
    yield
    with contextlib.suppress(Exception):  # a test may have closed the connection
        connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _live_admin_untouched(request):
    """The live tenant's admin is shared by every browser test of the worker: a test that changes
    its password, disables or locks it breaks all the browser tests after it. Fail that test, by
    name, instead of a dozen later ones."""
    yield
    if "live_server_url" not in request.fixturenames:
        return
    from tenant_apps.accounts.models import User

    with schema_context("live"):
        admin = User.objects.filter(username=TEST_ADMIN_USERNAME).first()
        assert admin is not None and admin.is_active and admin.locked_until is None and admin.check_password(TEST_ADMIN_PASSWORD), (
            "this test changed the shared live admin (password, active flag or lock): give the test its own user"
        )


def _tenant(slug):
    from shared_apps.provisioning.models import Tenant

    with schema_context(get_public_schema_name()):
        return Tenant.objects.get(schema_name=slug)


@pytest.fixture
def tenant_a(db):
    return _tenant("alpha")


@pytest.fixture
def tenant_b(db):
    return _tenant("beta")


@pytest.fixture
def tenant_bureau(db):
    return _tenant("bureau")


class TenantClient(Client):
    """A test client bound to one tenant's host; `login_as` signs in inside that schema."""

    def __init__(self, tenant, **kwargs):
        from django.conf import settings

        self.tenant = tenant
        super().__init__(HTTP_HOST=f"{tenant.schema_name}.{settings.BASE_DOMAIN}", **kwargs)

    def login_as(self, user):
        with schema_context(self.tenant.schema_name):
            self.force_login(user, backend="tenant_apps.accounts.backends.MultiIdentifierBackend")
        return self

    def request(self, **request):
        try:
            return super().request(**request)
        finally:
            connection.set_schema_to_public()


@pytest.fixture
def client_a(tenant_a):
    return TenantClient(tenant_a)


@pytest.fixture
def client_b(tenant_b):
    return TenantClient(tenant_b)


@pytest.fixture
def admin_a(tenant_a):
    from tenant_apps.accounts.models import User

    with schema_context("alpha"):
        return User.objects.get(username=TEST_ADMIN_USERNAME)


@pytest.fixture
def admin_b(tenant_b):
    from tenant_apps.accounts.models import User

    with schema_context("beta"):
        return User.objects.get(username=TEST_ADMIN_USERNAME)


@pytest.fixture
def admin_client_a(client_a, admin_a):
    return client_a.login_as(admin_a)


@pytest.fixture
def admin_client_b(client_b, admin_b):
    return client_b.login_as(admin_b)


@pytest.fixture
def in_tenant_a(tenant_a):
    with schema_context("alpha"):
        yield tenant_a


@pytest.fixture
def in_tenant_b(tenant_b):
    with schema_context("beta"):
        yield tenant_b


@pytest.fixture
def admin_credentials():
    return TEST_ADMIN_USERNAME, TEST_ADMIN_PASSWORD


# --- committed data: real server, real worker ----------------------------------------------


@pytest.fixture(scope="session")
def live_db(django_db_setup, django_db_blocker):
    """Committed access to the worker database (no per-test transaction)."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture(scope="session")
def live_server_url(live_db):
    from core.testing.live import LiveServer

    server = LiveServer().start()
    yield server
    server.stop()


@pytest.fixture
def sole_consumer():
    """For a test that starts its own workers: no other worker of this test process (the
    session-wide one) may take its tasks, and tasks earlier tests left are dropped."""
    from core.testing.live import CeleryWorker

    with CeleryWorker.others_paused():
        yield


@pytest.fixture(scope="session")
def celery_worker_process(live_db):
    from core.testing.live import CeleryWorker

    worker = CeleryWorker().start()
    yield worker
    worker.stop()
