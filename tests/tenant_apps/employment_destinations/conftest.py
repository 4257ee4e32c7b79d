"""Fixtures for destinations: verified graduates and the staff of the three review levels."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.tenant_apps.employment_students.conftest import (  # noqa: F401
    admin_alpha,
    make_cohort,
    make_staff,
    verify,
)

CREDIT_CODE = "91110000600037341L"


def evidence(name="协议书.pdf", content=b"%PDF-1.4 agreement"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def agreement(**values):
    from tenant_apps.employment.destinations.services import DestinationInput

    base = {"employer_name": "北京某某科技有限公司", "employer_credit_code": CREDIT_CODE, "employer_region": "110108", "job_title": "软件工程师",
            "contract_start": "2026-07-01", "employer_nature": "private", "employer_size": "large"}
    base.update(values)
    return DestinationInput(category=values.pop("category", "10") if "category" in values else "10", values=base)


def file_and_submit(record, *, data=None, files=None, actor=None, on_behalf=False):
    from tenant_apps.employment.destinations.services import destination_save, destination_submit

    actor = actor or record.user
    destination_save(actor=actor, record=record, data=data or agreement(), evidence_files=files if files is not None else [evidence(content=f"%PDF {record.pk}".encode())],
                     on_behalf=on_behalf)
    return destination_submit(actor=actor, record=record, on_behalf=on_behalf)


def approve_all(destination, staff):
    from tenant_apps.employment.destinations.services import destination_review

    for level, actor in (("counsellor", staff["counsellor"]), ("college", staff["college"]), ("university", staff["center"])):
        destination = destination_review(actor=actor, destination=destination, level=level, approve=True)
    return destination


@pytest.fixture
def world(in_tenant_a, admin_alpha):  # noqa: F811 - the fixture imported above
    cohort = make_cohort(admin_alpha, 4)
    others = make_cohort(admin_alpha, 2, college="外国语学院", class_name="英语2201", major="英语", 专业代码="050201")
    class_unit = cohort[0].org_unit
    staff = {
        "counsellor": make_staff("d_counsellor", "辅导员", unit=class_unit),
        "college": make_staff("d_college", "学院就业专员", unit=class_unit.parent.parent),
        "center": make_staff("d_center", "校就业中心"),
        "other_counsellor": make_staff("d_counsellor_en", "辅导员", unit=others[0].org_unit),
    }
    for record in cohort + others:
        verify(record, staff["center"])
    return {"cohort": cohort, "others": others, "staff": staff}
