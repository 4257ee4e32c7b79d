"""The record import carries the tenant's custom fields (扩展字段): template columns, typed
validation with the reason in the rejected-row report, per-field source and date."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from core.importexport.testing import workbook_rows, xlsx_upload

pytestmark = pytest.mark.django_db

BASE_HEADERS = ["姓名", "入学年份", "信息来源", "来源日期"]


@pytest.fixture
def custom_fields(in_tenant_a, admin_a):
    from tenant_apps.alumni.records.services import custom_field_save

    return [
        custom_field_save(actor=admin_a, key="hometown", label="籍贯", type="text", sort_order=1),
        custom_field_save(actor=admin_a, key="donations", label="捐赠次数", type="number", sort_order=2),
        custom_field_save(actor=admin_a, key="joined_party", label="入党日期", type="date", sort_order=3),
    ]


def test_template_lists_the_tenants_custom_fields(custom_fields, admin_client_a):
    response = admin_client_a.get(reverse("backoffice:alumni_records:record_import_template"))
    assert response.status_code == 200
    rows = workbook_rows(response.content)
    assert rows[0][-3:] == ["籍贯", "捐赠次数", "入党日期"]
    help_rows = workbook_rows(response.content, sheet="填写说明")
    rules = {row[0]: row[2] for row in help_rows[1:] if row and row[0]}
    assert "数字" in rules["捐赠次数"] and "日期" in rules["入党日期"]
    page = admin_client_a.get(reverse("backoffice:alumni_records:record_import"))
    assert page.status_code == 200


def test_another_tenant_does_not_see_these_columns(custom_fields, tenant_b):
    from core.importexport.spec import import_spec

    assert [c.header for c in import_spec("alumni_records.records").columns][-3:] == ["籍贯", "捐赠次数", "入党日期"]
    with schema_context("beta"):
        keys = [c.key for c in import_spec("alumni_records.records").columns]
    assert not any(k.startswith("custom:") for k in keys)


def test_import_validates_and_stamps_custom_fields(custom_fields, admin_a):
    from core.importexport.services import import_job_create, import_job_run
    from core.models import FileJob
    from tenant_apps.alumni.records.models import AlumniRecord

    headers = [*BASE_HEADERS, "籍贯", "捐赠次数", "入党日期"]
    rows = [
        ["秦岭", "1990", "1990级学籍册", "1994-07-01", "陕西西安", "3", "1993-06-01"],
        ["渭水", "1990", "", "", "", "三次", ""],
        ["华山", "1991", "", "", "", "", "1993-02-30"],
        ["终南", "1991", "校友登记表", "2020-05-04", "", "1,200", "1993年6月1日"],
    ]
    job = import_job_run(job_id=import_job_create(actor=admin_a, spec_name="alumni_records.records", upload=xlsx_upload(headers, rows)).pk)
    job = FileJob.objects.get(pk=job.pk)
    assert (job.succeeded_rows, job.rejected_rows) == (2, 2)

    qinling = AlumniRecord.objects.get(name="秦岭")
    assert qinling.extra == {"hometown": "陕西西安", "donations": "3", "joined_party": "1993-06-01"}
    for key in ("hometown", "donations", "joined_party", "name"):
        assert qinling.field_sources[key] == {"source": "1990级学籍册", "date": "1994-07-01"}
    zhongnan = AlumniRecord.objects.get(name="终南")
    assert zhongnan.extra == {"donations": "1200", "joined_party": "1993-06-01"}
    assert zhongnan.field_sources["donations"] == {"source": "校友登记表", "date": "2020-05-04"}
    assert "hometown" not in zhongnan.field_sources

    from core.importexport.xlsx import REASON_HEADER

    report = workbook_rows(job.report_file)
    assert report[0][-5:-2] == ["籍贯", "捐赠次数", "入党日期"]  # the custom columns come back, ready to correct
    at = report[0].index(REASON_HEADER)
    reasons = {row[0]: row[at] for row in report[1:]}
    assert "捐赠次数" in reasons["渭水"] and "数字" in reasons["渭水"]
    assert "入党日期" in reasons["华山"] and "日期不存在" in reasons["华山"]
    assert not AlumniRecord.objects.filter(name__in=["渭水", "华山"]).exists()


def test_a_file_without_the_custom_columns_still_imports(custom_fields, admin_a):
    from core.importexport.services import import_job_create, import_job_run
    from core.models import FileJob
    from tenant_apps.alumni.records.models import AlumniRecord

    job = import_job_create(actor=admin_a, spec_name="alumni_records.records", upload=xlsx_upload(BASE_HEADERS, [["太白", "1992", "", ""]]))
    assert FileJob.objects.get(pk=import_job_run(job_id=job.pk).pk).succeeded_rows == 1
    assert AlumniRecord.objects.get(name="太白").extra == {}


def test_import_needs_the_permission(custom_fields, client_a):
    from tenant_apps.accounts.services import user_create

    clerk = user_create(actor=None, username="records_viewer_h8", password="Viewer-pass-2026", kind="staff", display_name="只读")
    client_a.login_as(clerk)
    assert client_a.get(reverse("backoffice:alumni_records:record_import_template")).status_code == 403
