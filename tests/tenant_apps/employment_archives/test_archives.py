"""Archives after the 报到证: proposals from the record and the destination, one-click assignment,
the optional student confirmation, loose national numbers, mailing import (XlsxWriter file), the
student's receipt, reminders, pages, API, isolation."""

import io

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from core.errors import ApplicationError, Conflict, PermissionDenied
from core.importexport.testing import workbook_rows
from tests.tenant_apps.employment_destinations.conftest import (
    agreement,
    approve_all,
    file_and_submit,
)

pytestmark = pytest.mark.django_db


def _assign(world, **kwargs):
    from tenant_apps.employment.archives.services import archives_assign
    from tenant_apps.employment.students.models import GraduateRecord

    records = GraduateRecord.objects.filter(pk__in=[r.pk for r in world["cohort"] + world["others"]])
    return archives_assign(actor=world["staff"]["center"], records=records, **kwargs)


def test_proposals_follow_the_destination(world):
    from tenant_apps.employment.archives.models import ArchiveTransfer
    from tenant_apps.employment.destinations.services import DestinationInput

    staff = world["staff"]
    cs = world["cohort"]
    approve_all(file_and_submit(cs[0], data=agreement(employer_nature="state_owned", employer_address="北京市西城区某路 1 号")), staff)
    approve_all(file_and_submit(cs[1], data=agreement(employer_nature="private")), staff)
    approve_all(file_and_submit(cs[2], data=DestinationInput(category="80", values={"admitting_school": "北京大学", "sub_code": "801"})), staff)
    file_and_submit(cs[3])  # not approved yet: kept at school
    assert _assign(world) == 6
    kinds = {a.record_id: a for a in ArchiveTransfer.objects.all()}
    assert kinds[cs[0].pk].destination_kind == "employer" and kinds[cs[0].pk].receiving_address.startswith("北京市西城区")
    assert kinds[cs[1].pk].destination_kind == "talent_service" and "110108" in kinds[cs[1].pk].receiving_unit
    assert (kinds[cs[2].pk].destination_kind, kinds[cs[2].pk].receiving_unit) == ("admitting_school", "北京大学")
    assert kinds[cs[3].pk].destination_kind == "school_custody"
    assert _assign(world, to_origin=True) == 6
    assert ArchiveTransfer.objects.get(record=cs[3]).destination_kind == "origin"


def test_sponsored_graduates_go_to_their_unit(in_tenant_a, admin_alpha):
    from tenant_apps.employment.archives.selectors import archive_proposal
    from tests.tenant_apps.employment_students.conftest import make_cohort

    record = make_cohort(admin_alpha, 1, 培养方式="定向", 定向委培单位="某县人民医院")[0]
    assert archive_proposal(record, None).unit == "某县人民医院"


def test_student_confirmation_mailing_import_and_receipt(world, admin_alpha, django_capture_on_commit_callbacks):
    from core.importexport import services as importexport
    from tenant_apps.employment.archives.imports import ARCHIVE_MAILING_IMPORT
    from tenant_apps.employment.archives.models import ArchiveTransfer
    from tenant_apps.employment.archives.selectors import archive_list
    from tenant_apps.employment.archives.services import (
        archive_receipt_confirm,
        archive_student_confirm,
        archives_remind,
    )
    from tenant_apps.employment.students.services import settings_save
    from tenant_apps.messaging.models import Message

    settings_save(actor=admin_alpha, change_deadline_month=8, change_deadline_day=31, archive_needs_student_confirmation=True)
    _assign(world)
    first, second = world["cohort"][0], world["cohort"][1]
    archive = ArchiveTransfer.objects.get(record=first)
    assert archive.status == "awaiting_student"
    with pytest.raises(PermissionDenied):
        archive_student_confirm(actor=second.user, archive=archive)
    archive = archive_student_confirm(actor=first.user, archive=archive)

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    for column, header in enumerate(["学号", "转递编号", "核验编号", "寄送方式", "邮件号", "接收单位", "寄出日期"]):
        sheet.write_string(0, column, header)
    sheet.write_row(1, 0, [first.student_number, "2027-10999-000001", "HY123456789", "ems", "1100123456789", "北京市人才服务中心", "2027-07-10"])
    sheet.write_row(2, 0, [second.student_number, "2027-10999-000002", "HY1", "自己带", "1100000000000", "", "2027-07-10"])  # bad: number, carrier
    sheet.write_row(3, 0, [world["cohort"][2].student_number, "", "", "EMS", "1100000000001", "", "2027-07-10"])  # not confirmed by the student
    workbook.close()
    upload = SimpleUploadedFile("寄送.xlsx", buffer.getvalue())
    job = importexport.import_job_create(actor=world["staff"]["center"], spec_name=ARCHIVE_MAILING_IMPORT, upload=upload)
    job = importexport.import_job_run(job_id=job.pk)
    assert (job.succeeded_rows, job.rejected_rows) == (1, 2)
    reasons = {r[-1]: r[-2] for r in workbook_rows(job.report_file)[1:]}
    assert "核验编号" in reasons[3] and "寄送方式" in reasons[3] and "尚未确认" in reasons[4]
    archive.refresh_from_db()
    assert (archive.status, archive.carrier, archive.transfer_number) == ("mailed", "EMS", "2027-10999-000001")

    assert archives_remind(actor=world["staff"]["center"], archives=archive_list(actor=world["staff"]["center"])) >= 1
    assert Message.objects.filter(subject="请查看并确认你的档案转递").exists()
    archive = archive_receipt_confirm(actor=first.user, archive=archive)
    assert archive.status == "received" and archive.received_at
    with pytest.raises(Conflict):
        archive_receipt_confirm(actor=first.user, archive=archive)


def test_numbers_are_checked_loosely(world):
    from tenant_apps.employment.archives.models import ArchiveTransfer
    from tenant_apps.employment.archives.services import archive_update

    _assign(world)
    archive = ArchiveTransfer.objects.get(record=world["cohort"][0])
    archive = archive_update(actor=world["staff"]["center"], archive=archive, data={"transfer_number": " ２０２７-ABC-0001 ", "moves_hukou": True})
    assert archive.transfer_number == "2027-ABC-0001" and archive.moves_hukou
    with pytest.raises(ApplicationError):
        archive_update(actor=world["staff"]["center"], archive=archive, data={"verification_number": "12"})


def test_pages_h5_api_and_isolation(client_a, client_b, admin_b, world):
    from tenant_apps.employment.archives.models import ArchiveTransfer

    with schema_context("alpha"):
        _assign(world)
        archive = ArchiveTransfer.objects.get(record=world["cohort"][0])
        ArchiveTransfer.objects.filter(pk=archive.pk).update(status="mailed", carrier="EMS", tracking_number="1100000000009")
    center, counsellor, student = world["staff"]["center"], world["staff"]["other_counsellor"], world["cohort"][0]
    client_a.login_as(center)
    assert student.name in client_a.get("/admin-ui/employment/archives/").content.decode()
    assert client_a.get(f"/admin-ui/employment/archives/{archive.pk}/").status_code == 200
    assert client_a.get("/admin-ui/employment/archives/import/").status_code == 200
    response = client_a.post("/admin-ui/employment/archives/", {"action": "assign", "year": "2027"})
    assert response.status_code == 302
    assert client_a.patch(f"/api/v1/employment/archives/{archive.pk}/", {"recipient": "王老师"}, content_type="application/json").json()["status"] == "mailed"
    assert client_a.post("/api/v1/employment/archives/assign/", {"year": 2027}, content_type="application/json").json()["count"] >= 1
    client_a.login_as(counsellor)  # another class: not in scope
    assert client_a.get(f"/admin-ui/employment/archives/{archive.pk}/").status_code == 403  # counsellors have no archive permission
    client_a.login_as(student.user)
    assert "1100000000009" in client_a.get("/h5/employment/archives/").content.decode()
    assert client_a.post("/api/v1/employment/archives/me/?what=received").json()["status"] == "received"
    assert client_a.get("/admin-ui/employment/archives/").status_code in (302, 403)
    client_b.login_as(admin_b)
    assert client_b.get(f"/admin-ui/employment/archives/{archive.pk}/").status_code == 404
    assert client_b.get(f"/api/v1/employment/archives/{archive.pk}/").status_code == 404


ARCHIVE_PAGES = ["/admin-ui/employment/archives/", "/admin-ui/employment/archives/import/"]


@pytest.mark.parametrize("who, expected", [("center", [200, 200]), ("counsellor", [403, 403]), ("college", [403, 403])])
def test_archive_permission_matrix(client_a, world, who, expected):
    client_a.login_as(world["staff"][who])
    assert [client_a.get(page).status_code for page in ARCHIVE_PAGES] == expected
    assert client_a.post("/api/v1/employment/archives/remind/", {}, content_type="application/json").status_code in ((409, 400) if who == "center" else (403,))


def test_remind_api_reaches_those_who_have_not_confirmed_receipt(client_a, client_b, admin_b, world):
    from tenant_apps.employment.archives.models import ArchiveTransfer

    with schema_context("alpha"):
        _assign(world)
        ArchiveTransfer.objects.filter(record=world["cohort"][0]).update(status="mailed", carrier="EMS", tracking_number="1100000000010")
    client_a.login_as(world["staff"]["center"])
    assert client_a.post("/api/v1/employment/archives/remind/", {"year": 2027}, content_type="application/json").json() == {"count": 1}
    with schema_context("alpha"):
        assert ArchiveTransfer.objects.get(record=world["cohort"][0]).reminded_at is not None
    client_b.login_as(admin_b)  # another school has nothing of ours to remind
    assert client_b.post("/api/v1/employment/archives/remind/", {"year": 2027}, content_type="application/json").status_code in (400, 409)


def test_school_custody_lasts_two_years_after_graduation(client_a, world):
    import datetime

    from tenant_apps.employment.archives.models import ArchiveTransfer
    from tenant_apps.employment.students.models import GraduateRecord

    with schema_context("alpha"):
        _assign(world)
        kept = ArchiveTransfer.objects.filter(destination_kind="school_custody").select_related("record").first()
        GraduateRecord.objects.filter(pk=kept.record_id).update(graduates_on=datetime.date(2021, 6, 30))
        kept = ArchiveTransfer.objects.select_related("record").get(pk=kept.pk)
        assert kept.custody_until == datetime.date(2023, 6, 30) and kept.custody_expired
        placed = ArchiveTransfer.objects.exclude(destination_kind="school_custody").first()
        assert placed is None or (placed.custody_until is None and not placed.custody_expired)
    client_a.login_as(world["staff"]["center"])
    page = client_a.get(f"/admin-ui/employment/archives/{kept.pk}/").content.decode()
    assert "暂存学校至 2023-06-30" in page and "data-custody-expired" in page
    row = client_a.get(f"/api/v1/employment/archives/{kept.pk}/").json()
    assert (row["custody_until"], row["custody_expired"]) == ("2023-06-30", True)
