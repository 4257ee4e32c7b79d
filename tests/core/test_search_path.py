"""TENANT_LIMIT_SET_CALLS: one `SET search_path` per tenant switch (none when the connection
already serves the tenant), and never a query in the wrong schema after a rollback undid the
SET (PostgreSQL reverts a SET with the transaction or savepoint that issued it)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context


def _current_schema() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_setting_is_on():
    assert settings.TENANT_LIMIT_SET_CALLS is True


@pytest.mark.django_db
def test_one_set_per_switch_however_many_queries(tenant_a):
    with schema_context("alpha"), CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            _current_schema()
    sets = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SET search_path")]
    assert sets == ['SET search_path = "alpha","public"']


@pytest.mark.django_db
def test_a_savepoint_rollback_that_undid_the_set_does_not_leave_the_previous_schema(tenant_a, tenant_b):
    connection.set_schema("alpha")
    assert _current_schema() == "alpha"
    with pytest.raises(RuntimeError), transaction.atomic():  # SAVEPOINT while on alpha
        connection.set_schema("beta")  # a switch inside the block: its SET follows the savepoint
        assert _current_schema() == "beta"
        raise RuntimeError
    # ROLLBACK TO SAVEPOINT put PostgreSQL back on alpha; the connection still says beta.
    assert _current_schema() == "beta"


def test_a_full_rollback_that_undid_the_set_does_not_leave_the_previous_schema(live_db):
    # Committed mode (no test transaction around it): the SET is the first statement of the
    # transaction below, and ROLLBACK reverts it.
    with schema_context("beta"):
        assert _current_schema() == "beta"  # autocommit: this SET stays
    with schema_context("alpha"):
        with pytest.raises(RuntimeError), transaction.atomic():
            assert _current_schema() == "alpha"
            raise RuntimeError
        assert _current_schema() == "alpha"


@pytest.mark.django_db
def test_requests_to_two_tenants_on_one_connection_each_see_their_own_rows(admin_client_a, admin_client_b):
    from tenant_apps.accounts.models import User

    with schema_context("alpha"):
        User.objects.create_user(username="only-in-alpha", password="x-pass-123456")
    for _ in range(2):
        assert "only-in-alpha" in admin_client_a.get("/api/v1/users/?search=only-in-alpha").content.decode()
        assert "only-in-alpha" not in admin_client_b.get("/api/v1/users/?search=only-in-alpha").content.decode()


@pytest.mark.django_db
def test_consecutive_requests_for_one_tenant_send_no_set(admin_client_a, admin_client_b, settings):
    """The connection remembers the path the server has (core.postgresql_backend): a request for
    the tenant it already serves sends no SET; a request for another tenant sends one."""
    from core.tenancy import forget_cached_tenants

    settings.TENANT_CACHE_SECONDS = 600  # as in production: no host lookup in the public schema
    forget_cached_tenants()

    def sets_during(client) -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/users/").status_code == 200
        return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SET search_path")]

    sets_during(admin_client_a)
    sets_during(admin_client_b)
    sets_during(admin_client_a)
    assert sets_during(admin_client_a) == []
    assert sets_during(admin_client_b) == ['SET search_path = "beta","public"']
    assert sets_during(admin_client_a) == ['SET search_path = "alpha","public"']


def test_a_new_connection_gets_its_set_again(live_db):
    with schema_context("alpha"):
        assert _current_schema() == "alpha"
    connection.close()  # e.g. CONN_MAX_AGE reached: the next session starts on the default path
    with schema_context("alpha"), CaptureQueriesContext(connection) as queries:
        assert _current_schema() == "alpha"
    assert [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SET search_path")] == ['SET search_path = "alpha","public"']
