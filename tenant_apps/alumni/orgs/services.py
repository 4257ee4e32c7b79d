"""Writes for organisations, memberships, chapter admins and member exports."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook

from core import hooks
from core.audit import audit_record, snapshot
from core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from core.importexport.services import export_document
from core.importexport.stamp import export_reason_check
from core.masking import mask_phone
from tenant_apps.alumni.orgs import selectors
from tenant_apps.alumni.orgs.enums import (
    AdminStatus,
    ExportStatus,
    MembershipStatus,
    OrgKind,
    ReviewMode,
)
from tenant_apps.alumni.orgs.errors import OrgErrorCode
from tenant_apps.alumni.orgs.models import ExportRequest, Membership, OrgAdmin, Organization
from tenant_apps.alumni.records import services as records
from tenant_apps.alumni.records.enums import MemberStatus
from tenant_apps.alumni.records.models import College, Member

MEMBERSHIP_CHANGED = "alumni.membership_changed"  # hooks event: member=Member
ORG_FIELDS = ["name", "kind", "parent", "introduction", "join_requirements", "application_questions", "review_mode", "phone", "address", "region",
              "industry", "is_active", "sort_order"]


def _clean(instance, exclude=None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ApplicationError("信息不完整或格式错误。", fields=exc.message_dict) from exc


@dataclass
class OrgInput:
    name: str
    kind: str
    parent_id: int | None = None
    introduction: str = ""
    join_requirements: str = ""
    application_questions: list[str] = field(default_factory=list)
    review_mode: str = ReviewMode.RECORDS
    phone: str = ""
    address: str = ""
    region: str = ""
    industry: str = ""
    college_ids: list[int] = field(default_factory=list)
    is_active: bool = True
    sort_order: int = 0


def _refresh_paths(org: Organization) -> None:
    org.path = (org.parent.path if org.parent_id else "") + f"{org.pk:06d}/"
    org.depth = org.parent.depth + 1 if org.parent_id else 0
    Organization.objects.filter(pk=org.pk).update(path=org.path, depth=org.depth)
    for child in Organization.objects.filter(parent=org):
        _refresh_paths(child)


@transaction.atomic
def org_save(*, actor, org: Organization | None = None, data: OrgInput, logo=None) -> Organization:
    """Create or edit the association or a chapter. There is one association (the root); every
    chapter hangs below it or below another chapter."""
    creating = org is None
    org = org or Organization()
    before = None if creating else snapshot(org, ORG_FIELDS)
    parent = Organization.objects.filter(pk=data.parent_id).first() if data.parent_id else None
    if data.kind == OrgKind.ASSOCIATION:
        if parent is not None:
            raise ApplicationError("校友总会不能有上级组织。", fields={"parent": ["总会是最上级。"]})
        if Organization.objects.filter(parent__isnull=True).exclude(pk=org.pk).exists():
            raise Conflict("已有校友总会，其他组织请设为分会。", code=OrgErrorCode.ROOT_EXISTS)
    else:
        if parent is None:
            parent = selectors.association()
            if parent is None or parent.pk == org.pk:
                raise ApplicationError("请先创建校友总会。", code=OrgErrorCode.NO_ASSOCIATION, fields={"parent": ["请选择上级组织。"]})
        if org.pk and parent.path.startswith(org.path or "\0"):
            raise ApplicationError("上级组织不能是本组织或其下级。", code=OrgErrorCode.CYCLE, fields={"parent": ["上级组织无效。"]})
    org.name, org.kind, org.parent = data.name.strip(), data.kind, parent
    org.introduction, org.join_requirements = data.introduction.strip(), data.join_requirements.strip()
    org.application_questions = [q.strip() for q in data.application_questions if q.strip()][:10]
    org.review_mode, org.phone, org.address = data.review_mode, data.phone.strip(), data.address.strip()
    org.region, org.industry, org.is_active, org.sort_order = data.region.strip(), data.industry.strip(), data.is_active, data.sort_order
    if logo is not None:
        org.logo = logo
    _clean(org, exclude=["path", "colleges"])
    org.save()
    _refresh_paths(org)
    org.colleges.set(College.objects.filter(pk__in=data.college_ids))
    audit_record(actor=actor, action="alumni.org.create" if creating else "alumni.org.update", target=org, before=before,
                 after=snapshot(org, ORG_FIELDS) | {"colleges": sorted(data.college_ids)}, only_changes=not creating)
    return org


# --- joining -------------------------------------------------------------------------------------


def _approve(membership: Membership, actor, note: str = "") -> None:
    membership.status, membership.reviewed_by, membership.reviewed_at, membership.note = MembershipStatus.APPROVED, actor, timezone.now(), note[:200]
    membership.save(update_fields=["status", "reviewed_by", "reviewed_at", "note"])
    # Members of a chapter are members of the association (and of every level above).
    parent = membership.organization.parent
    while parent is not None:
        upper, _ = Membership.objects.get_or_create(organization=parent, member=membership.member)
        if upper.status != MembershipStatus.APPROVED:
            upper.status, upper.reviewed_by, upper.reviewed_at, upper.note = MembershipStatus.APPROVED, actor, timezone.now(), "随分会加入"
            upper.save(update_fields=["status", "reviewed_by", "reviewed_at", "note"])
        parent = parent.parent
    hooks.publish(MEMBERSHIP_CHANGED, member=membership.member)


def _decide_by_mode(membership: Membership) -> None:
    mode = membership.organization.review_mode
    member = membership.member
    if mode == ReviewMode.AUTO or (mode == ReviewMode.RECORDS and member.is_verified):
        if member.status != MemberStatus.APPROVED:
            records.member_review(actor=None, member=member, approve=True, note="自动通过")
        _approve(membership, None, "自动通过" if mode == ReviewMode.AUTO else "档案匹配通过")


@transaction.atomic
def join_apply(*, user, org: Organization | None = None, data: dict, answers: dict | None = None) -> Membership:
    """Join (or edit the application to) the association or a chapter. The member's data are
    matched against the records at once; the organisation's review mode decides whether the
    membership is approved now or waits for a reviewer."""
    org = org or selectors.association()
    if org is None:
        raise NotFound("校友会尚未开通。", code=OrgErrorCode.NO_ASSOCIATION)
    if not org.is_active:
        raise Conflict("该组织已停用。", code=OrgErrorCode.ORG_INACTIVE)
    answers = {q: str((answers or {}).get(q, "")).strip()[:500] for q in org.application_questions}
    member = records.member_apply(user=user, data=data, answers=answers if org.is_root else None) if data or not hasattr(user, "alumni_member") else user.alumni_member
    member.refresh_from_db()  # matching may have verified it meanwhile
    membership, created = Membership.objects.select_for_update().get_or_create(organization=org, member=member, defaults={"answers": answers})
    if not created:
        membership.answers = answers
        if membership.status in (MembershipStatus.REJECTED, MembershipStatus.LEFT):
            membership.status = MembershipStatus.PENDING
        membership.save(update_fields=["answers", "status"])
    if membership.status == MembershipStatus.PENDING:
        _decide_by_mode(membership)
    audit_record(actor=user, action="alumni.membership.apply", target=membership, after={"organization": org.pk, "status": membership.status})
    return membership


def on_member_verified(*, member: Member, **_ignored) -> None:
    """A reviewer confirmed the record (or the match was clear): memberships waiting in
    organisations that review by records are approved."""
    for membership in Membership.objects.filter(member=member, status=MembershipStatus.PENDING).select_related("organization", "member"):
        if membership.organization.review_mode == ReviewMode.RECORDS:
            _approve(membership, None, "档案匹配通过")


@transaction.atomic
def membership_review(*, actor, membership: Membership, approve: bool, note: str = "") -> Membership:
    if not selectors.may_manage(actor, membership.organization):
        raise PermissionDenied("只能审核本会的入会申请。", code=OrgErrorCode.NOT_ORG_ADMIN)
    if membership.status != MembershipStatus.PENDING:
        raise Conflict("该申请已处理。", code=OrgErrorCode.MEMBERSHIP_CLOSED)
    if approve:
        _approve(membership, actor, note)
        if membership.member.status != MemberStatus.APPROVED:
            records.member_review(actor=actor, member=membership.member, approve=True, note=note)
    else:
        membership.status, membership.reviewed_by, membership.reviewed_at, membership.note = MembershipStatus.REJECTED, actor, timezone.now(), note[:200]
        membership.save(update_fields=["status", "reviewed_by", "reviewed_at", "note"])
    audit_record(actor=actor, action="alumni.membership.review", target=membership, after={"status": membership.status, "note": note})
    return membership


@transaction.atomic
def membership_leave(*, user, membership: Membership) -> Membership:
    if membership.member.user_id != user.pk:
        raise PermissionDenied("只能退出自己加入的组织。")
    if membership.organization.is_root:
        raise Conflict("不能单独退出校友总会。")
    membership.status = MembershipStatus.LEFT
    membership.save(update_fields=["status"])
    hooks.publish(MEMBERSHIP_CHANGED, member=membership.member)
    audit_record(actor=user, action="alumni.membership.leave", target=membership, after={"status": membership.status})
    return membership


# --- chapter admins ------------------------------------------------------------------------------


@transaction.atomic
def admin_invite(*, actor, org: Organization, name: str, phone: str, role: str, channel: str = "sms", base_url: str = "") -> OrgAdmin:
    """Invite someone to run a chapter. By SMS the link goes out through the gateway; by
    WeChat the page shows the link to forward in a chat."""
    if not (actor.has_perm("alumni_orgs.invite_admin") or selectors.may_manage(actor, org)):
        raise PermissionDenied("没有邀请管理员的权限。", code=OrgErrorCode.NOT_ORG_ADMIN)
    phone = phone.strip().replace(" ", "")
    if not name.strip():
        raise ApplicationError("请填写姓名。", fields={"name": ["必填。"]})
    if channel == "sms" and not (phone.isdigit() and len(phone) == 11):
        raise ApplicationError("请填写 11 位手机号。", fields={"phone": ["手机号格式不对。"]})
    invitation = OrgAdmin(organization=org, name=name.strip(), phone=phone, role=role, channel=channel, invited_by=actor)
    _clean(invitation, exclude=["user", "invited_by"])
    invitation.save()
    if channel == "sms":
        from tenant_apps.messaging.recipients import Recipient
        from tenant_apps.messaging.services import message_send

        link = f"{base_url}/h5/alumni/orgs/admin-invitations/{invitation.token}/"
        message_send(actor=actor, subject="校友会管理员邀请", channels=["sms"], recipients=[Recipient(name=invitation.name, phone=phone)], source="alumni.orgs",
                     body=f"{invitation.name}您好，{org.name}邀请您担任{invitation.get_role_display()}，请打开 {link} 接受邀请。", link=link)
    audit_record(actor=actor, action="alumni.org_admin.invite", target=invitation, after={"organization": org.pk, "role": role, "channel": channel})
    return invitation


@transaction.atomic
def admin_accept(*, user, token: str) -> OrgAdmin:
    invitation = OrgAdmin.objects.select_for_update().filter(token=token, status=AdminStatus.INVITED).first()
    if invitation is None:
        raise NotFound("邀请不存在或已失效。", code=OrgErrorCode.INVITATION_INVALID)
    invitation.user, invitation.status, invitation.accepted_at = user, AdminStatus.ACTIVE, timezone.now()
    invitation.save(update_fields=["user", "status", "accepted_at"])
    audit_record(actor=user, action="alumni.org_admin.accept", target=invitation, after={"status": invitation.status})
    return invitation


@transaction.atomic
def admin_revoke(*, actor, admin: OrgAdmin) -> OrgAdmin:
    if not (actor.has_perm("alumni_orgs.invite_admin") or selectors.may_manage(actor, admin.organization.parent or admin.organization)):
        raise PermissionDenied("没有撤销管理员的权限。", code=OrgErrorCode.NOT_ORG_ADMIN)
    admin.status = AdminStatus.REVOKED
    admin.save(update_fields=["status"])
    audit_record(actor=actor, action="alumni.org_admin.revoke", target=admin, after={"status": admin.status})
    return admin


# --- exports ---------------------------------------------------------------------------------------


@transaction.atomic
def export_request_create(*, actor, org: Organization, reason: str) -> ExportRequest:
    if not selectors.may_manage(actor, org):
        raise PermissionDenied("只能申请导出本会成员。", code=OrgErrorCode.NOT_ORG_ADMIN)
    # The member list names people: the export engine's reason rule (at least a few characters).
    reason = export_reason_check(reason, personal=True)
    request = ExportRequest.objects.create(organization=org, requested_by=actor, reason=reason[:200])
    audit_record(actor=actor, action="alumni.export.request", target=request, after={"organization": org.pk, "reason": request.reason})
    return request


@transaction.atomic
def export_decide(*, actor, request: ExportRequest, approve: bool, note: str = "") -> ExportRequest:
    if not actor.has_perm("alumni_orgs.approve_export"):
        raise PermissionDenied("只有总会可以审批导出。")
    request = ExportRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ExportStatus.PENDING:
        raise Conflict("该申请已审批。", code=OrgErrorCode.EXPORT_DECIDED)
    request.status = ExportStatus.APPROVED if approve else ExportStatus.REJECTED
    request.decided_by, request.decided_at, request.decision_note = actor, timezone.now(), note.strip()[:200]
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(actor=actor, action="alumni.export.decide", target=request, after={"status": request.status, "note": request.decision_note})
    return request


def watermark_text(user) -> str:
    name = getattr(user, "display_name", "") or user.get_username()
    return f"{name} 导出 {timezone.localtime():%Y-%m-%d %H:%M} 仅限校友会工作使用"


@transaction.atomic
def export_download(*, actor, request: ExportRequest) -> tuple[bytes, str]:
    """The approved export as .xlsx, only for its requester, through the export engine's rule
    (core.importexport export_document): the reason stated in the request, the requester, time and
    reason in the file (title row, page header and footer, document properties), audited."""
    request = ExportRequest.objects.select_for_update().select_related("organization").get(pk=request.pk)
    if request.requested_by_id != actor.pk:
        raise PermissionDenied("只能下载自己申请的导出。")
    if request.status != ExportStatus.APPROVED:
        raise Conflict("导出尚未经总会批准。", code=OrgErrorCode.EXPORT_NOT_APPROVED, status=403)
    org = request.organization
    mark = watermark_text(actor)

    def build() -> bytes:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "成员名单"
        sheet.append([f"{org.name} 成员名单 —— {mark}"])
        sheet.append(["姓名", "入学年份", "院系", "专业", "所在地区", "工作单位", "手机号（脱敏）", "加入时间"])
        for m in selectors.members_visible(actor=actor, org=org).iterator(chunk_size=1000):
            member = m.member
            if member.record_id and member.record.is_deceased:
                continue
            sheet.append([member.name, member.class_year, member.college_name, member.major, member.region, member.employer,
                          mask_phone(member.user.phone or ""), timezone.localtime(m.created_at).strftime("%Y-%m-%d")])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    request.downloads += 1
    request.save(update_fields=["downloads"])
    filename = f"{org.name}-成员名单.xlsx"
    content = export_document(actor=actor, title=f"{org.name} 成员名单"[:100], filename=filename, personal_data=True, reason=request.reason,
                              build=build, action="alumni.export.download", target=request,
                              details={"downloads": request.downloads, "watermark": mark, "masked": ["phone"]})
    return content, filename
