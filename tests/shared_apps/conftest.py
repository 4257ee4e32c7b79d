"""Fixtures of the public-schema apps: the local fake Stripe server (billing, console, API)."""

import pytest

from tests.shared_apps.billing.fake_stripe import WEBHOOK_SECRET, FakeStripe


@pytest.fixture
def fake_stripe(settings):
    fake = FakeStripe()
    settings.STRIPE_SECRET_KEY = "sk_test_local"
    settings.STRIPE_API_BASE = fake.base
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    yield fake
    fake.stop()


@pytest.fixture
def tenant_staff(db):
    """make(schema, username, perms=()): a back-office user of that tenant holding only `perms`
    (through a group of their own)."""
    from django.contrib.auth.models import Group, Permission
    from django_tenants.utils import schema_context

    from tenant_apps.accounts.models import User

    def make(schema: str, username: str, perms: tuple[str, ...] = ()):
        with schema_context(schema):
            user = User.objects.create_user(username=username, password="pw-12345678", kind="staff")
            if perms:
                group = Group.objects.create(name=f"g-{username}")
                for perm in perms:
                    app_label, codename = perm.split(".")
                    group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
                user.groups.add(group)
            return user

    return make
