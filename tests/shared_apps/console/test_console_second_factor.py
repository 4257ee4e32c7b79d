"""TOTP two-factor sign-in for vendor staff: enrolment, the code step, replay refusal."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pyotp
import pytest
from django.conf import settings
from django.core.cache import cache

from core.models import AuditEvent
from shared_apps.console.models import StaffSecondFactor
from tests.shared_apps.console.conftest import PASSWORD, totp_code

pytestmark = pytest.mark.django_db


def _password_step(console, staff, next_url=""):
    data = {"username": staff.username, "password": PASSWORD, "next": next_url}
    return console.post("/login/", data)


def test_enrolment_is_forced_then_code_confirms(console, staff):
    response = _password_step(console, staff)
    assert response.status_code == 302 and response["Location"] == "/login/second-factor/setup/"
    # No console page before the second factor.
    for url in ("/", "/tenants/", "/health/"):
        response = console.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/second-factor/setup/"), url

    page = console.get("/login/second-factor/setup/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in html  # the QR is inline, no outside service
    factor = StaffSecondFactor.objects.get(user_id=staff.pk)
    assert factor.confirmed_at is None
    shown = re.search(r'data-field="secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    assert shown == factor.secret
    assert "otpauth://totp/" in unquote(html) or page.context["otpauth_uri"].startswith("otpauth://totp/")
    # reloading keeps the same secret (the phone already scanned it)
    console.get("/login/second-factor/setup/")
    assert StaffSecondFactor.objects.get(user_id=staff.pk).secret == factor.secret

    wrong = console.post("/login/second-factor/setup/", {"code": "000000" if totp_code(shown) != "000000" else "111111"})
    assert wrong.status_code == 403
    assert StaffSecondFactor.objects.get(user_id=staff.pk).confirmed_at is None

    response = console.post("/login/second-factor/setup/", {"code": totp_code(shown)})
    assert response.status_code == 302 and response["Location"] == "/"
    assert StaffSecondFactor.objects.get(user_id=staff.pk).confirmed_at is not None
    assert console.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="console.second_factor_enabled", object_id=str(staff.pk)).exists()


def test_secret_is_encrypted_at_rest(staff, staff_secret):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM console_staffsecondfactor WHERE user_id = %s", [staff.pk])
        stored = cursor.fetchone()[0]
    assert stored and staff_secret not in stored


def test_enrolled_staff_must_enter_code(console, staff, staff_secret):
    response = _password_step(console, staff, next_url="/tenants/")
    assert response.status_code == 302 and response["Location"] == "/login/second-factor/?next=/tenants/"
    assert console.get("/tenants/").status_code == 302
    # an enrolled staff member cannot re-enrol (a stolen password must not reset the factor)
    assert console.get("/login/second-factor/setup/")["Location"] == "/login/second-factor/"
    assert console.post("/login/second-factor/", {"code": "12ab56"}).status_code == 403
    response = console.post("/login/second-factor/", {"code": totp_code(staff_secret), "next": "/tenants/"})
    assert response.status_code == 302 and response["Location"] == "/tenants/"
    assert console.get("/tenants/").status_code == 200
    assert AuditEvent.objects.filter(action="console.login_second_factor", object_id=str(staff.pk)).exists()
    assert AuditEvent.objects.filter(action="console.second_factor_failed", object_id=str(staff.pk)).exists()


def test_adjacent_steps_are_accepted(console, staff, staff_secret):
    _password_step(console, staff)
    assert console.post("/login/second-factor/", {"code": totp_code(staff_secret, offset=-1)}).status_code == 302


def test_code_two_steps_away_is_refused(console, staff, staff_secret):
    _password_step(console, staff)
    assert console.post("/login/second-factor/", {"code": totp_code(staff_secret, offset=2)}).status_code == 403
    assert console.get("/").status_code == 302


def test_replayed_code_is_refused(console, staff, staff_secret):
    from django.test import Client

    code = totp_code(staff_secret)
    _password_step(console, staff)
    assert console.post("/login/second-factor/", {"code": code}).status_code == 302

    # Someone who saw both the password and the code tries them again within the window.
    other = Client(HTTP_HOST=f"console.{settings.BASE_DOMAIN}")
    _password_step(other, staff)
    response = other.post("/login/second-factor/", {"code": code})
    assert response.status_code == 403
    assert "已使用过" in response.content.decode()
    assert other.get("/").status_code == 302
    # an older code (previous step) is refused too once a newer one was used
    assert other.post("/login/second-factor/", {"code": totp_code(staff_secret, offset=-1)}).status_code == 403
    # the next step's code is still good
    assert other.post("/login/second-factor/", {"code": totp_code(staff_secret, offset=1)}).status_code == 302


def test_repeated_wrong_codes_lock_the_account(console, staff, staff_secret):
    cache.clear()
    _password_step(console, staff)
    for _ in range(settings.LOGIN_MAX_FAILURES_PER_ACCOUNT - 1):
        assert console.post("/login/second-factor/", {"code": "999999" if totp_code(staff_secret) != "999999" else "999998"}).status_code == 403
    console.post("/login/second-factor/", {"code": "000001"})
    response = console.post("/login/second-factor/", {"code": totp_code(staff_secret)})
    assert response.status_code == 403 and "次数过多" in response.content.decode()
    assert console.get("/")["Location"].startswith("/login/")
    cache.clear()


def test_staff_can_reset_a_colleagues_factor(staff_console, staff):
    from django.contrib.auth import get_user_model

    colleague = get_user_model().objects.create_user(username="vendor-two", password=PASSWORD, is_staff=True)
    StaffSecondFactor.objects.create(user_id=colleague.pk, secret=pyotp.random_base32(), confirmed_at="2024-01-01T00:00:00Z")
    html = staff_console.get("/staff/").content.decode()
    assert 'data-staff="vendor-two"' in html
    assert staff_console.post(f"/staff/{colleague.pk}/second-factor/reset/", {"reason": ""}).status_code == 400
    response = staff_console.post(f"/staff/{colleague.pk}/second-factor/reset/", {"reason": "手机丢失"})
    assert response.status_code == 302
    assert not StaffSecondFactor.objects.filter(user_id=colleague.pk).exists()
    assert AuditEvent.objects.filter(action="console.second_factor_reset", object_id=str(colleague.pk)).exists()
    # not one's own (that would bypass the factor)
    assert staff_console.post(f"/staff/{staff.pk}/second-factor/reset/", {"reason": "x"}).status_code == 400
    assert StaffSecondFactor.objects.filter(user_id=staff.pk).exists()


def test_second_factor_pages_need_the_password_first(console):
    for url in ("/login/second-factor/", "/login/second-factor/setup/"):
        response = console.get(url)
        assert response.status_code == 302 and response["Location"] == "/login/", url
