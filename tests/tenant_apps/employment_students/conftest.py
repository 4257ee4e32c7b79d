"""Fixtures for graduate records: rosters written with XlsxWriter (the code reads them with
openpyxl), imports run the way the worker runs them, staff in the three review groups."""

from __future__ import annotations

import datetime
import io
import itertools

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile

from core.importexport.xlsx import XLSX_CONTENT_TYPE
from core.validators.china import id_number_check_character

_serial = itertools.count(1)

HEADERS = ["学号", "姓名", "身份证号", "考生号", "性别", "民族", "政治面貌", "学历", "专业代码", "专业名称", "学院", "班级", "培养方式", "定向委培单位",
           "生源所在地", "学制", "入学时间", "毕业时间", "师范生类别", "困难生类别", "手机号", "电子邮箱"]


def id_number(region="110105", birth="20040101", sequence=None) -> str:
    first17 = f"{region}{birth}{sequence if sequence is not None else next(_serial) % 1000:03d}"
    return first17 + id_number_check_character(first17)


def roster_row(number: str, name: str, **overrides) -> dict:
    row = {"学号": number, "姓名": name, "身份证号": id_number(), "考生号": f"22110101{number[-6:]}", "性别": "1", "民族": "01", "政治面貌": "03",
           "学历": "31", "专业代码": "080901", "专业名称": "计算机科学与技术", "学院": "计算机学院", "班级": "计科2201", "培养方式": "非定向", "定向委培单位": "",
           "生源所在地": "110105", "学制": "4", "入学时间": "2022-09-01", "毕业时间": "2027-06-30", "师范生类别": "非师范", "困难生类别": "非困难生",
           "手机号": f"139{next(_serial):08d}", "电子邮箱": f"s{number}@example.com"}
    row.update(overrides)
    return row


def roster_bytes(rows: list[dict], *, title_rows: int = 0, merge_college: bool = False, headers=HEADERS) -> bytes:
    """A workbook as schools send it, written by XlsxWriter."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("生源")
    start = 0
    for index in range(title_rows):
        sheet.merge_range(index, 0, index, len(headers) - 1, "2026届毕业生生源信息表" if index == 0 else "填表日期：2026年3月")
        start += 1
    for column, header in enumerate(headers):
        sheet.write_string(start, column, header)
    college_col = headers.index("学院") if "学院" in headers else None
    for offset, row in enumerate(rows, start=start + 1):
        for column, header in enumerate(headers):
            value = row.get(header, "")
            if merge_college and column == college_col:
                continue
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.write_number(offset, column, value)
            elif isinstance(value, datetime.date):
                sheet.write_datetime(offset, column, datetime.datetime.combine(value, datetime.time()), workbook.add_format({"num_format": "yyyy-mm-dd"}))
            else:
                sheet.write_string(offset, column, str(value))
    if merge_college and rows:
        first, last = start + 1, start + len(rows)
        if last > first:
            sheet.merge_range(first, college_col, last, college_col, rows[0]["学院"])
        else:
            sheet.write_string(first, college_col, rows[0]["学院"])
    workbook.close()
    return buffer.getvalue()


def roster_upload(rows, **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile("生源信息.xlsx", roster_bytes(rows, **kwargs), content_type=XLSX_CONTENT_TYPE)


def import_roster(actor, rows, **kwargs):
    """Upload (normalised like the page does) and run the job as the worker would."""
    from core.importexport import services
    from tenant_apps.employment.students.imports import GRADUATE_IMPORT
    from tenant_apps.employment.students.roster import roster_normalise

    job = services.import_job_create(actor=actor, spec_name=GRADUATE_IMPORT, upload=roster_normalise(roster_upload(rows, **kwargs)))
    return services.import_job_run(job_id=job.pk)


def make_cohort(actor, count=3, *, college="计算机学院", class_name="计科2201", prefix="2022", major="计算机科学与技术", **overrides):
    from tenant_apps.employment.students.models import GraduateRecord

    start = next(_serial) * 100
    rows = [roster_row(f"{prefix}{start + i:06d}", f"学生{start + i}", 学院=college, 班级=class_name, 专业名称=major, **overrides) for i in range(count)]
    job = import_roster(actor, rows)
    assert job.rejected_rows == 0, job.params.get("rejections")
    return list(GraduateRecord.objects.filter(student_number__in=[r["学号"] for r in rows]).select_related("user", "org_unit").order_by("student_number"))


def make_staff(username, group_name, unit=None):
    from django.contrib.auth.models import Group

    from tenant_apps.accounts.enums import UserKind
    from tenant_apps.accounts.services import user_create

    return user_create(actor=None, username=username, display_name=username, kind=UserKind.STAFF, org_unit=unit, groups=[Group.objects.get(name=group_name)])


def verify(record, counsellor):
    from tenant_apps.employment.students.services import record_confirm, record_review

    record_confirm(actor=record.user, record=record)
    return record_review(actor=counsellor, record=record, approve=True)


@pytest.fixture
def admin_alpha(tenant_a):
    from django_tenants.utils import schema_context

    from core.testing.database import TEST_ADMIN_USERNAME
    from tenant_apps.accounts.models import User

    with schema_context("alpha"):
        return User.objects.get(username=TEST_ADMIN_USERNAME)
