"""Giving services: the law (members-only vs public), the certificate policy, the receipt lock,
payment through tenant_apps.payments against the local WeChat Pay v3 server, thank-you mails,
the donor's timeline and the statistics."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from core.errors import ApplicationError
from tenant_apps.alumni.giving import selectors, services
from tenant_apps.alumni.giving.models import Donation
from tests.tenant_apps.payments.conftest import configure, fakepay, post_notification  # noqa: F401 - fixture

from .conftest import make_member, make_project, make_user, qualify

pytestmark = pytest.mark.django_db


def test_members_only_projects_are_hidden_from_outsiders(in_tenant_a, qualified):
    members_only = make_project(audience="members")
    public = make_project(audience="public")
    member, outsider = make_member(), make_user()
    assert set(selectors.visible_projects(member)) == {members_only, public}
    assert list(selectors.visible_projects(outsider)) == [public]
    with pytest.raises(ApplicationError) as caught:
        services.donation_create(actor=outsider, project=members_only, amount_fen=10000)
    assert caught.value.status == 404


def test_members_not_verified_count_as_outsiders(in_tenant_a, qualified):
    """Pending with a record, or approved without one: no members-only projects, no chapter or
    class year copied onto their gifts (records.verified_member)."""
    from tenant_apps.alumni.records.models import AlumniRecord, Member

    make_project(audience="members")
    public = make_project(audience="public")
    pending, unmatched = make_user(), make_user()
    Member.objects.create(user=pending, record=AlumniRecord.objects.create(name="待审核", class_year=2001), name="待审核", class_year=2001, status="pending")
    Member.objects.create(user=unmatched, record=None, name="未匹配", class_year=2002, status="approved")
    for user in (pending, unmatched):
        assert not selectors.is_verified_member(user)
        assert list(selectors.visible_projects(user)) == [public]
        assert selectors.donor_snapshot(user) == {"chapter_id": None, "chapter_name": "", "class_year": None}
    assert selectors.donor_snapshot(make_member(class_year=2003))["class_year"] == 2003


def test_public_appeal_needs_the_foundation_qualification_and_the_platform_link(in_tenant_a):
    with pytest.raises(ApplicationError) as caught:
        make_project(audience="public")
    assert caught.value.code == "public_fundraising_qualification_required"
    qualify()
    with pytest.raises(ApplicationError) as caught:
        make_project(audience="public", platform_url="")
    assert caught.value.code == "designated_platform_link_required"
    project = make_project(audience="public")
    # the qualification lapses: the public project disappears from the phone
    services.settings_save(actor=None, data={"has_public_qualification": False})
    assert project not in selectors.visible_projects(make_user())


def test_certificate_policy_threshold_and_seal(in_tenant_a, qualified):
    project = make_project()
    below = services.donation_record_offline(actor=None, project=project, donor_name="张三", amount_fen=9_999)  # threshold 100 元
    plain = services.donation_record_offline(actor=None, project=project, donor_name="李四", amount_fen=10_000)
    sealed = services.donation_record_offline(actor=None, project=project, donor_name="王五", amount_fen=100_000)  # seal from 1000 元
    assert below.certificate_number == "" and below.certificate_code == ""
    assert plain.certificate_number and not plain.certificate_has_seal
    assert sealed.certificate_number and sealed.certificate_has_seal
    assert services.certificate_policy(99_999) == (True, False) and services.certificate_policy(100) == (False, False)
    with pytest.raises(ApplicationError):
        services.certificate_issue(actor=None, donation=below)
    status, found = selectors.donation_by_certificate(sealed.certificate_code)
    assert status == "valid" and found == sealed
    assert selectors.donation_by_certificate(sealed.certificate_code[:-3] + "AAA")[0] == "invalid"
    assert selectors.donation_by_certificate("TK1.forged.x")[0] == "invalid"
    project.refresh_from_db()
    assert project.raised_fen == 9_999 + 10_000 + 100_000 and project.donor_count == 3


def test_no_seal_when_the_school_sets_none(in_tenant_a):
    qualify(seal_threshold_fen=None)
    donation = services.donation_record_offline(actor=None, project=make_project(), donor_name="赵六", amount_fen=10_000_000)
    assert donation.certificate_number and not donation.certificate_has_seal


def test_receipt_locks_the_amount(in_tenant_a, qualified):
    project = make_project()
    donation = services.donation_record_offline(actor=None, project=project, donor_name="钱七", amount_fen=50_000)
    donation = services.donation_amount_change(actor=None, donation=donation, amount_fen=60_000, reason="银行回单为 600 元")
    project.refresh_from_db()
    assert donation.amount_fen == 60_000 and project.raised_fen == 60_000
    services.donation_receipt_record(actor=None, number=donation.number, receipt_number="1101202600012345")
    donation.refresh_from_db()
    assert donation.is_locked and donation.receipt_recorded_at
    with pytest.raises(ApplicationError) as caught:
        services.donation_amount_change(actor=None, donation=donation, amount_fen=70_000, reason="再改")
    assert caught.value.code == "amount_locked_by_receipt" and caught.value.status == 409
    with pytest.raises(ApplicationError) as caught:
        services.donation_refund(actor=None, donation=donation, reason="x")
    assert caught.value.code == "amount_locked_by_receipt"
    donation.refresh_from_db()
    assert donation.amount_fen == 60_000 and donation.status == "paid"
    # the same receipt again is harmless; another number, or the number on another gift, is refused
    services.donation_receipt_record(actor=None, number=donation.number, receipt_number="1101202600012345")
    with pytest.raises(ApplicationError):
        services.donation_receipt_record(actor=None, number=donation.number, receipt_number="999")
    other = services.donation_record_offline(actor=None, project=project, donor_name="孙八", amount_fen=100)
    with pytest.raises(ApplicationError) as caught:
        services.donation_receipt_record(actor=None, number=other.number, receipt_number="1101202600012345")
    assert caught.value.code == "receipt_number_conflict"


def test_receipts_import_reports_rejected_rows(in_tenant_a, qualified):
    from core.importexport import services as jobs
    from core.importexport.testing import workbook_rows, xlsx_upload

    finance = make_user(kind="staff", perms=("alumni_giving.view_donation", "alumni_giving.record_receipt"))
    project = make_project()
    first = services.donation_record_offline(actor=None, project=project, donor_name="周九", amount_fen=20_000)
    second = services.donation_record_offline(actor=None, project=project, donor_name="吴十", amount_fen=30_000)
    pending = services.donation_create(actor=make_member(), project=project, amount_fen=5_000)
    rows = [[first.number, "R-001"], [second.number.lower(), "R-002"], ["JZ00000000NOPE", "R-003"], [pending.number, "R-004"], [first.number, "R-005"]]
    job = jobs.import_job_create(actor=finance, spec_name="alumni_giving.receipts", upload=xlsx_upload(["捐赠编号", "票据号码"], rows))
    job = jobs.import_job_run(job_id=job.pk)
    assert job.succeeded_rows == 2 and job.rejected_rows == 3
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.receipt_number == "R-001" and second.receipt_number == "R-002"
    report = "\n".join(str(r) for r in workbook_rows(job.report_file))
    assert "不存在" in report and "待支付" in report
    with pytest.raises(ApplicationError):
        services.donation_amount_change(actor=None, donation=first, amount_fen=1, reason="x")


def test_wechat_pay_donation_certificate_thanks_and_refund(in_tenant_a, qualified, fakepay, client_a, django_capture_on_commit_callbacks):  # noqa: F811
    from tenant_apps.messaging.models import Message

    configure(fakepay)
    project = make_project()
    donor = make_member(chapter_name="北京校友会", class_year=2006)
    donor.email = "donor@example.com"
    donor.save(update_fields=["email"])
    donation = services.donation_create(actor=donor, project=project, amount_fen=120_000, donor_name="王小明", answers={})
    assert donation.status == "pending"
    checkout = services.donation_pay(actor=donor, donation=donation, openid=donor.wechat_openid, notify_url="https://alpha.example.com/api/v1/payments/notify/")
    assert fakepay.orders[checkout.order.out_trade_no]["amount"]["total"] == 120_000 and checkout.order.purpose == "alumni_donation"
    # paying again resumes the same order
    assert services.donation_pay(actor=donor, donation=donation, openid=donor.wechat_openid).order.pk == checkout.order.pk
    with django_capture_on_commit_callbacks(execute=True):
        assert post_notification(client_a, fakepay.pay(checkout.order.out_trade_no)) == 204
    donation.refresh_from_db()
    project.refresh_from_db()
    assert donation.status == "paid" and donation.order_no == checkout.order.out_trade_no
    assert donation.chapter_name == "北京校友会" and donation.class_year == 2006
    assert donation.certificate_number and donation.certificate_has_seal and donation.thanked_at
    assert project.raised_fen == 120_000 and project.donor_count == 1
    thanks = Message.objects.get(source="alumni_giving")
    assert thanks.template_code == "alumni_giving_thanks" and thanks.channels == ["email", "letter"] and thanks.context["amount"] == "1,200.00"
    # a redelivered notification changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        post_notification(client_a, fakepay.pay(checkout.order.out_trade_no))
    project.refresh_from_db()
    assert project.raised_fen == 120_000 and Message.objects.filter(source="alumni_giving").count() == 1
    # refunded before the foundation's receipt: totals drop and the certificate no longer verifies
    staff = make_user(kind="staff", perms=("alumni_giving.manage_donation",))
    services.donation_refund(actor=staff, donation=donation, reason="重复捐赠")
    refund = checkout.order.refunds.get()
    post_notification(client_a, fakepay.finish_refund(refund.out_refund_no))
    donation.refresh_from_db()
    project.refresh_from_db()
    assert donation.status == "refunded" and project.raised_fen == 0 and project.donor_count == 0
    assert selectors.donation_by_certificate(donation.certificate_code)[0] == "revoked"


def test_below_threshold_gets_no_certificate_but_thanks(in_tenant_a, qualified, fakepay, client_a, django_capture_on_commit_callbacks):  # noqa: F811
    configure(fakepay)
    donor = make_member()
    donation = services.donation_create(actor=donor, project=make_project(), amount_fen=500)
    checkout = services.donation_pay(actor=donor, donation=donation, openid=donor.wechat_openid)
    with django_capture_on_commit_callbacks(execute=True):
        post_notification(client_a, fakepay.pay(checkout.order.out_trade_no))
    donation.refresh_from_db()
    assert donation.status == "paid" and not donation.certificate_number and donation.thanked_at


def test_closed_projects_and_bad_amounts_are_refused(in_tenant_a, qualified):
    member = make_member()
    with pytest.raises(ApplicationError) as caught:
        services.donation_create(actor=member, project=make_project(status="finished"), amount_fen=1000)
    assert caught.value.code == "project_not_open"
    with pytest.raises(ApplicationError) as caught:
        services.donation_create(actor=member, project=make_project(min_amount_fen=1000), amount_fen=999)
    assert caught.value.code == "amount_invalid"
    required = make_project(form_fields=[{"label": "届别", "type": "choice", "options": ["2006", "2007"], "required": True}])
    with pytest.raises(ApplicationError) as caught:
        services.donation_create(actor=member, project=required, amount_fen=1000, answers={"q1": "1999"})
    assert caught.value.code == "invalid_donation_form"
    assert services.donation_create(actor=member, project=required, amount_fen=1000, answers={"q1": "2006"}).answers == {"q1": "2006"}


def test_timeline_and_statistics(in_tenant_a, qualified):
    from tenant_apps.alumni.giving.enums import UpdateKind

    project, other = make_project(title="体育馆座椅"), make_project(title="古籍修复")
    donor = make_member(chapter_name="上海校友会", class_year=2010)
    donation = services.donation_record_offline(actor=None, project=project, donor_name="冯一", amount_fen=30_000, donor=donor)
    Donation.objects.filter(pk=donation.pk).update(chapter_name="上海校友会", class_year=2010)
    services.update_add(actor=None, project=project, kind=UpdateKind.SPENDING, title="采购座椅", spent_fen=20_000,
                        happened_on=timezone.localdate() + datetime.timedelta(days=1))
    services.update_add(actor=None, project=other, kind=UpdateKind.PROGRESS, title="别的项目")
    timeline = selectors.my_timeline(donor)
    assert [e["title"] for e in timeline] == ["采购座椅", "我向“体育馆座椅”捐赠 300.00 元"]
    services.donation_record_offline(actor=None, project=other, donor_name="陈二", amount_fen=10_000)
    stats = selectors.statistics(year=timezone.localdate().year)
    assert stats["amount_fen"] == 40_000 and stats["count"] == 2
    assert {r["label"]: r["amount_fen"] for r in stats["by_chapter"]} == {"上海校友会": 30_000, "未加入分会": 10_000}
    assert stats["by_class_year"] == [{"label": "2010级", "amount_fen": 30_000, "count": 1}]
    assert stats["by_project"][0]["label"] == "体育馆座椅"
    rows = selectors.yearly_report_rows(year=timezone.localdate().year)
    assert {r["project"]: (r["amount_fen"], r["spent_fen"]) for r in rows}["体育馆座椅"] == (30_000, 20_000)
