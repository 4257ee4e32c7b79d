"""Fixtures for the employer registry: employers in each state, HR accounts, reading the SMS code
from the messaging outbox (the gateway's own no-credentials backend)."""

from __future__ import annotations

import itertools
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.validators.china import credit_code_check_character

_serial = itertools.count(1)
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000" "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")
PASSWORD = "Hr-pass-2026x"


def new_credit_code(authority: str = "9", region: str = "110108") -> str:
    body = f"{authority}1{region}MA{next(_serial):07d}"
    return body + credit_code_check_character(body)


def licence() -> SimpleUploadedFile:
    return SimpleUploadedFile("licence.png", PNG, content_type="image/png")


def profile(**overrides):
    from tenant_apps.employment.employers.services import EmployerProfile

    data = {"name": f"测试单位{next(_serial)}有限公司", "credit_code": new_credit_code(), "nature": "private", "industry": "I", "size": "small",
            "region_code": "", "contact_name": "张三", "contact_phone": f"139{next(_serial):08d}", "contact_email": "hr@example.com"}
    data.update(overrides)
    return EmployerProfile(**data)


def latest_code(phone: str) -> str:
    from tenant_apps.messaging.models import OutboxEntry

    for entry in OutboxEntry.objects.order_by("-id")[:20]:
        if entry.to_address == phone:
            match = re.search(r"(\d{6})", entry.body)
            if match:
                return match.group(1)
    raise AssertionError("no code in the outbox")


def register(**overrides):
    """Self-registration through the service, with a real SMS code from the outbox."""
    from tenant_apps.employment.employers.services import SMS_PURPOSE, employer_register
    from tenant_apps.messaging.services import verification_code_send

    data = profile(**overrides)
    verification_code_send(target=data.contact_phone, channel="sms", purpose=SMS_PURPOSE)
    return employer_register(profile=data, licence=licence(), sms_code=latest_code(data.contact_phone), username=f"hr{next(_serial)}",
                             password=PASSWORD)


def make_approved(actor, **overrides):
    from tenant_apps.employment.employers.services import employer_create

    return employer_create(actor=actor, profile=profile(**overrides))


def hr_user(employer):
    from tenant_apps.accounts.models import User
    from tenant_apps.employment.employers.models import EmployerAccount

    account = employer.accounts.filter(is_primary=True).first()
    if account:
        return account.user
    user = User.objects.create_user(username=f"hr-x{next(_serial)}", password=PASSWORD, kind="employer", display_name="HR")
    EmployerAccount.objects.create(user=user, employer=employer, is_primary=True)
    return user


def staff_with(*perms):
    from django.contrib.auth.models import Permission

    from tenant_apps.accounts.models import User

    user = User.objects.create_user(username=f"t{next(_serial)}", password=PASSWORD, kind="staff", display_name="老师")
    for code in perms:
        app_label, codename = code.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return User.objects.get(pk=user.pk)


@pytest.fixture
def in_alpha(in_tenant_a, admin_a):
    return admin_a
