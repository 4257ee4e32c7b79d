"""Self-registration: the credit code by its check character (letter-first codes included),
the SMS check of the contact phone, the licence, auto-approval rules, the black list."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import ApplicationError, Conflict, PermissionDenied
from tests.tenant_apps.employment_employers.conftest import (
    PASSWORD,
    latest_code,
    licence,
    profile,
    register,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["91110000600037341L", "91350100M000100Y43", "91440300708461136T", "Y1110108MA0000001P", "N2320102MA0000002T",
                                  " 9111 0000 6000 3734 1l "])
def test_registration_accepts_real_and_letter_first_credit_codes(in_alpha, code):
    employer = register(credit_code=code)
    assert employer.credit_code == code.replace(" ", "").upper()
    assert employer.region_code == employer.credit_code[2:8]  # from the code when the form leaves it empty
    assert employer.status == "pending"
    assert employer.contact_phone_verified_at is not None
    assert employer.accounts.get().user.kind == "employer"


@pytest.mark.parametrize(("code", "message"), [
    ("91110000600037341M", "校验位"),
    ("110108000000000", "15 位"),
    ("91110000600037341", "18 位"),
    ("9111000060003734IL", "不允许的字符"),
    ("X1110000600037341L", "首位"),
])
def test_registration_rejects_bad_credit_codes_with_the_reason(in_alpha, code, message):
    with pytest.raises(ApplicationError) as caught:
        register(credit_code=code)
    assert caught.value.code == "invalid_credit_code"
    assert message in caught.value.message


def test_wrong_sms_code_is_refused(in_alpha):
    from tenant_apps.employment.employers.services import employer_register

    data = profile()
    with pytest.raises(ApplicationError) as caught:
        employer_register(profile=data, licence=licence(), sms_code="000000", username="hr-wrong", password=PASSWORD)
    assert caught.value.code == "sms_code_invalid"


def test_licence_is_required_and_checked(in_alpha):
    from tenant_apps.employment.employers.services import SMS_PURPOSE, employer_register
    from tenant_apps.messaging.services import verification_code_send

    data = profile()
    verification_code_send(target=data.contact_phone, channel="sms", purpose=SMS_PURPOSE)
    with pytest.raises(ApplicationError) as caught:
        employer_register(profile=data, licence=SimpleUploadedFile("a.exe", b"MZ"), sms_code=latest_code(data.contact_phone), username="hr-l", password=PASSWORD)
    assert caught.value.code == "licence_invalid"


def test_same_credit_code_registers_once(in_alpha):
    first = register()
    with pytest.raises(Conflict) as caught:
        register(credit_code=first.credit_code)
    assert caught.value.code == "credit_code_taken"


def test_auto_approval_by_nature_grants_permissions(in_alpha):
    from tenant_apps.employment.employers.services import settings_save

    settings_save(actor=in_alpha, auto_approve_natures=["government", "public_institution"], auto_approve_white_list=True, auto_approve_jobs=False,
                  complaint_threshold=3)
    employer = register(nature="public_institution")
    assert employer.status == "approved" and employer.is_auto_approved
    assert employer.can_post_jobs and employer.can_apply_sessions and employer.can_join_fairs
    assert register(nature="private").status == "pending"


def test_white_list_approves_on_registration_and_black_list_refuses(in_alpha):
    from tenant_apps.employment.employers.services import list_entry_add
    from tests.tenant_apps.employment_employers.conftest import new_credit_code

    white, black = new_credit_code(), new_credit_code()
    list_entry_add(actor=in_alpha, kind="white", credit_code=white, reason="长期合作", name="白名单单位")
    list_entry_add(actor=in_alpha, kind="black", credit_code=black, reason="虚假招聘", name="黑名单单位")
    assert register(credit_code=white).status == "approved"
    with pytest.raises(PermissionDenied) as caught:
        register(credit_code=black)
    assert caught.value.code == "employer_black_listed"


def test_contact_phone_is_encrypted_at_rest(in_alpha):
    from django.db import connection

    employer = register()
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone FROM employment_employers_employer WHERE id = %s", [employer.pk])
        stored = cursor.fetchone()[0]
    assert employer.contact_phone not in stored
