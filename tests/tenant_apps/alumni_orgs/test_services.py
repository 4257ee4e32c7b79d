"""The association and its chapters: tree, review modes, chapter firewall, admin invitations,
exports that need the association's approval and carry the requester's name."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook

from core.errors import ApplicationError, Conflict, PermissionDenied
from tests.tenant_apps.alumni_records.conftest import (
    join_verified,
    make_alumnus_user,
    make_association,
    make_chapter,
    make_record,
)

pytestmark = pytest.mark.django_db


def test_one_association_and_chapters_in_a_tree(in_tenant_a, admin_a):
    from tenant_apps.alumni.orgs.services import OrgInput, org_save

    root = make_association(admin_a)
    with pytest.raises(Conflict):
        org_save(actor=admin_a, data=OrgInput(name="第二个总会", kind="association"))
    shanghai = make_chapter(admin_a, name="上海校友会", region="上海")
    club = make_chapter(admin_a, name="上海校友高尔夫俱乐部", kind="club", parent_id=shanghai.pk)
    assert shanghai.parent == root and club.path.startswith(shanghai.path) and club.depth == 2
    with pytest.raises(ApplicationError):
        org_save(actor=admin_a, org=shanghai, data=OrgInput(name="上海校友会", kind="regional", parent_id=club.pk))


def test_chapter_member_is_member_of_the_association(in_tenant_a, admin_a):
    from tenant_apps.alumni.orgs.models import Membership
    from tenant_apps.alumni.orgs.services import join_apply

    chapter = make_chapter(admin_a, name="北京校友会", review_mode="auto")
    user, member, _ = join_verified(name="黄磊", class_year=2000)
    join_apply(user=user, org=chapter, data={})
    statuses = dict(Membership.objects.filter(member=member).values_list("organization__name", "status"))
    assert statuses == {"测试大学校友总会": "approved", "北京校友会": "approved"}


def test_review_by_admins_waits_and_only_the_chapter_admin_decides(in_tenant_a, admin_a):
    from tenant_apps.alumni.orgs.services import (
        admin_accept,
        admin_invite,
        join_apply,
        membership_review,
    )

    a = make_chapter(admin_a, name="广州校友会", review_mode="admins")
    b = make_chapter(admin_a, name="深圳校友会", review_mode="admins")
    user, member, _ = join_verified(name="马超", class_year=2003)
    membership = join_apply(user=user, org=a, data={})
    assert membership.status == "pending"
    chair_b = make_alumnus_user("深圳会长")
    admin_accept(user=chair_b, token=admin_invite(actor=admin_a, org=b, name="深圳会长", phone="13900007777", role="president").token)
    with pytest.raises(PermissionDenied):
        membership_review(actor=chair_b, membership=membership, approve=True)
    chair_a = make_alumnus_user("广州会长")
    admin_accept(user=chair_a, token=admin_invite(actor=admin_a, org=a, name="广州会长", phone="13900008888", role="president").token)
    assert membership_review(actor=chair_a, membership=membership, approve=True).status == "approved"


def test_chapter_firewall_each_chapter_sees_only_its_members(in_tenant_a, admin_a):
    from tenant_apps.alumni.orgs.selectors import members_visible
    from tenant_apps.alumni.orgs.services import admin_accept, admin_invite, join_apply

    a = make_chapter(admin_a, name="杭州校友会", review_mode="auto")
    b = make_chapter(admin_a, name="南京校友会", review_mode="auto")
    u1, m1, _ = join_verified(name="钱明", class_year=1998)
    u2, m2, _ = join_verified(name="孔杰", class_year=1997)
    join_apply(user=u1, org=a, data={})
    join_apply(user=u2, org=b, data={})
    chair = make_alumnus_user("杭州会长")
    admin_accept(user=chair, token=admin_invite(actor=admin_a, org=a, name="杭州会长", phone="13900009999", role="president").token)
    assert [m.member_id for m in members_visible(actor=chair, org=a)] == [m1.pk]
    with pytest.raises(PermissionDenied):
        members_visible(actor=chair, org=b)
    with pytest.raises(PermissionDenied):
        members_visible(actor=chair, org=a.parent)  # not the association either


def test_export_needs_the_association_and_carries_the_requesters_name(in_tenant_a, admin_a, alumni_office):
    from tenant_apps.alumni.orgs.services import (
        admin_accept,
        admin_invite,
        export_decide,
        export_download,
        export_request_create,
        join_apply,
    )

    org = make_chapter(admin_a, name="成都校友会", review_mode="auto")
    user, member, _ = join_verified(name="谭刚", class_year=1992)
    join_apply(user=user, org=org, data={})
    chair = make_alumnus_user("成都会长")
    chair.display_name = "成都会长"
    chair.save()
    admin_accept(user=chair, token=admin_invite(actor=admin_a, org=org, name="成都会长", phone="13900001234", role="president").token)
    request = export_request_create(actor=chair, org=org, reason="年会通知")
    with pytest.raises(Conflict):
        export_download(actor=chair, request=request)
    with pytest.raises(PermissionDenied):
        export_decide(actor=chair, request=request, approve=True)
    export_decide(actor=alumni_office, request=request, approve=True)
    with pytest.raises(PermissionDenied):
        export_download(actor=alumni_office, request=request)  # only the requester
    content, name = export_download(actor=chair, request=request)
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    # The export engine's stamp (issue 19): requester, time and the request's reason in the footer and properties.
    assert "成都会长" in sheet["A1"].value and "成都会长" in sheet.oddFooter.left.text and "年会通知" in sheet.oddFooter.left.text
    assert "年会通知" in workbook.properties.description and sheet.oddHeader.center.text.startswith("含个人信息")
    assert [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)] == ["谭刚"]
    from core.models import AuditEvent

    audit = AuditEvent.objects.filter(action="alumni.export.download", object_id=str(request.pk)).latest("id")
    assert audit.after["reason"] == "年会通知" and audit.after["personal_data"] is True
    with pytest.raises(ApplicationError) as refused:
        export_request_create(actor=chair, org=org, reason="看看")  # too short to say why
    assert refused.value.code == "export_reason_required"


def test_admin_invitation_by_sms_goes_through_the_gateway(in_tenant_a, admin_a):
    from tenant_apps.alumni.orgs.services import admin_invite
    from tenant_apps.messaging.models import Message

    org = make_chapter(admin_a, name="武汉校友会")
    invitation = admin_invite(actor=admin_a, org=org, name="王会长", phone="13911112222", role="president", channel="sms")
    message = Message.objects.filter(source="alumni.orgs").latest("pk")
    assert invitation.token in message.body and "会长" in message.body
    with pytest.raises(ApplicationError):
        admin_invite(actor=admin_a, org=org, name="李", phone="123", role="admin", channel="sms")


def test_verified_alumni_are_recommended_chapters_of_their_renamed_college(in_tenant_a, admin_a):
    from tenant_apps.alumni.orgs.selectors import recommended_orgs
    from tenant_apps.alumni.records.services import alias_save, college_save

    college = college_save(actor=admin_a, name="电气工程学院")
    alias_save(actor=admin_a, kind="college", name="电机系", canonical="电气工程学院")
    chapter = make_chapter(admin_a, name="电气学院校友会", kind="college", college_ids=[college.pk])
    make_chapter(admin_a, name="西安校友会", region="西安")
    user, member, record = join_verified(name="冯斌", class_year=1985, birth=datetime.date(1967, 1, 1), college="电机系")
    assert record.college_id == college.pk
    assert chapter in recommended_orgs(member)


def test_members_audience_of_a_chapter(in_tenant_a, admin_a):
    from tenant_apps.alumni.orgs.services import join_apply
    from tenant_apps.messaging.audiences import resolve_audience

    org = make_chapter(admin_a, name="重庆校友会", review_mode="auto")
    user, member, _ = join_verified(name="邓超", class_year=2010)
    join_apply(user=user, org=org, data={})
    make_record(admin_a, name="无关")
    recipients = list(resolve_audience({"resolver": "alumni.members", "filters": {"organization_id": org.pk}}))
    assert [r.user_id for r in recipients] == [user.pk] and recipients[0].is_deceased is False
