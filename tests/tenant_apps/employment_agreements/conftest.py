"""Fixtures for online agreements: verified graduates of two colleges, the college and school
reviewers, an approved employer with an HR account and a seal, and the steps of the flow."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.tenant_apps.employment_employers.conftest import PNG, hr_user, make_approved, staff_with  # noqa: F401
from tests.tenant_apps.employment_students.conftest import (  # noqa: F401
    admin_alpha,
    make_cohort,
    make_staff,
    verify,
)

_serial = itertools.count(1)


def seal_file(name: str = "seal.png") -> SimpleUploadedFile:
    from tenant_apps.employment.agreements.demo import seal_png

    return SimpleUploadedFile(name, seal_png("测试科技有限公司"), content_type="image/png")


def proof_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("解约函.pdf", b"%PDF-1.4 termination letter", content_type="application/pdf")


def terms(**overrides):
    from tenant_apps.employment.agreements.services import AgreementTerms

    data = {"job_title": "软件工程师", "monthly_pay": 12000, "work_place_code": "110108", "work_place": "北京市海淀区",
            "report_by": timezone.localdate() + datetime.timedelta(days=120), "probation_months": 3, "breach_amount": 5000,
            "breach_terms": "违约方支付违约金", "benefits": "五险一金", "archive_address": "北京市海淀区人才服务中心"}
    data.update(overrides)
    return AgreementTerms(**data)


def employer_with_seal(actor, **overrides):
    from tenant_apps.employment.agreements.services import seal_upload

    employer = make_approved(actor, region_code="110108", **overrides)
    seal_upload(actor=hr_user(employer), employer=employer, image=seal_file())
    return employer


def invite(employer, record, *, days: int = 7, **term_overrides):
    from tenant_apps.employment.agreements.services import agreement_invite

    return agreement_invite(actor=hr_user(employer), employer=employer, student_number=record.student_number, student_name=record.name,
                            terms=terms(**term_overrides), valid_until=timezone.now() + datetime.timedelta(days=days))


def accept(agreement):
    from tenant_apps.employment.agreements.services import agreement_answer

    return agreement_answer(actor=agreement.record.user, agreement=agreement, accept=True)


def sign(agreement, world):
    """Accept (when still an invitation), then the college and the school approve."""
    from tenant_apps.employment.agreements.services import agreement_review

    if agreement.status == "invited":
        agreement = accept(agreement)
    agreement = agreement_review(actor=world["college"], agreement=agreement, level="college", approve=True)
    return agreement_review(actor=world["school"], agreement=agreement, level="school", approve=True)


@pytest.fixture
def world(in_tenant_a, admin_alpha):  # noqa: F811 - the fixture imported above
    from tenant_apps.employment.agreements.initializers import agreement_permissions_ensure

    agreement_permissions_ensure()
    n = next(_serial)
    cohort = make_cohort(admin_alpha, 3)
    others = make_cohort(admin_alpha, 1, college="外国语学院", class_name="英语2201", major="英语", 专业代码="050201")
    class_unit = cohort[0].org_unit
    world = {
        "cohort": cohort, "others": others,
        "college": make_staff(f"a_college{n}", "学院就业专员", unit=class_unit.parent.parent),
        "school": make_staff(f"a_school{n}", "校就业中心"),
        "other_college": make_staff(f"a_college_en{n}", "学院就业专员", unit=others[0].org_unit.parent.parent),
        "counsellor": make_staff(f"a_counsellor{n}", "辅导员", unit=class_unit),
        "admin": admin_alpha,
    }
    for record in cohort + others:
        verify(record, world["school"])
    world["employer"] = employer_with_seal(admin_alpha)
    world["hr"] = hr_user(world["employer"])
    return world
