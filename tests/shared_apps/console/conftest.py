"""Console fixtures: a vendor staff member with a TOTP authenticator, signed in through both
factors (the code is computed with pyotp, as an authenticator app would)."""

from __future__ import annotations

import pyotp
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

PASSWORD = "vendor-pass-1"


def totp_code(secret: str, offset: int = 0) -> str:
    return pyotp.TOTP(secret).at(timezone.now(), counter_offset=offset)


@pytest.fixture
def console():
    return HostClient("console")


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user(username="vendor-staff", password=PASSWORD, is_staff=True, display_name="客服小王")


@pytest.fixture
def staff_secret(staff):
    from shared_apps.console.models import StaffSecondFactor

    secret = pyotp.random_base32()
    StaffSecondFactor.objects.create(user_id=staff.pk, secret=secret, confirmed_at=timezone.now())
    return secret


@pytest.fixture
def staff_console(console, staff, staff_secret):
    response = console.post("/login/", {"username": staff.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"].startswith("/login/second-factor/")
    response = console.post("/login/second-factor/", {"code": totp_code(staff_secret)})
    assert response.status_code == 302, response.content.decode()[:500]
    return console


class HostClient(Client):
    """A browser on one host; the test's own queries go back to the public schema after each
    request (the tenant middleware leaves the connection in the tenant's schema)."""

    def __init__(self, host: str, **kwargs):
        super().__init__(HTTP_HOST=f"{host}.{settings.BASE_DOMAIN}", **kwargs)

    def request(self, **request):
        from django.db import connection

        try:
            return super().request(**request)
        finally:
            connection.set_schema_to_public()
