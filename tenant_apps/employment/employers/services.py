"""Writes of the employer registry: self-registration, the review, tags, lists and rules.

Other sub-apps of the employment module learn about an employer losing its standing (declined
after approval, black-listed) through the `employment.employer_withdrawn` event of core.hooks,
so that this app never imports them."""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.audit import audit_record, snapshot
from core.errors import ApplicationError, Conflict, PermissionDenied
from core.hooks import publish
from core.validators.china import normalise_credit_code
from tenant_apps.accounts.enums import UserKind
from tenant_apps.accounts.services import user_create
from tenant_apps.employment.employers.enums import EmployerSource, ListKind, ReviewStatus
from tenant_apps.employment.employers.errors import EmployerErrorCode
from tenant_apps.employment.employers.models import (
    Employer,
    EmployerAccount,
    EmployerComment,
    EmployerListEntry,
    EmployerTag,
    RecruitmentSettings,
)
from tenant_apps.employment.employers.search import index_text

EMPLOYER_WITHDRAWN = "employment.employer_withdrawn"  # payload: employer_id, reason
SMS_PURPOSE = "bind"  # the gateway's purpose for proving that a phone belongs to a person
LICENCE_EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png"}
LICENCE_MAX_BYTES = 5 * 1024 * 1024
AUDIT_FIELDS = ["name", "credit_code", "nature", "industry", "size", "region_code", "status", "decline_reason", "may_request_again",
                "can_post_jobs", "can_apply_sessions", "can_join_fairs", "contact_name", "contact_phone"]


@dataclass
class EmployerProfile:
    name: str
    credit_code: str
    nature: str
    industry: str
    size: str
    region_code: str
    contact_name: str
    contact_phone: str
    contact_email: str = ""
    address: str = ""
    website: str = ""
    introduction: str = ""


def _clean_phone(phone: str) -> str:
    phone = (phone or "").strip().replace(" ", "").replace("-", "").removeprefix("+86")
    if not (len(phone) == 11 and phone.isdigit() and phone.startswith("1")):
        raise ApplicationError("请填写 11 位手机号。", fields={"contact_phone": ["手机号格式不正确。"]})
    return phone


def _credit_code(value: str) -> str:
    try:
        return normalise_credit_code(value)
    except ValueError as exc:
        raise ApplicationError(str(exc), code=EmployerErrorCode.INVALID_CREDIT_CODE, fields={"credit_code": [str(exc)]}) from None


def _check_licence(licence) -> None:
    if licence is None:
        raise ApplicationError("请上传营业执照或登记证书。", code=EmployerErrorCode.LICENCE_MISSING, fields={"licence": ["必填。"]})
    extension = os.path.splitext(getattr(licence, "name", "") or "")[1].lower()
    if extension not in LICENCE_EXTENSIONS:
        raise ApplicationError("营业执照只接受 PDF、JPG 或 PNG 文件。", code=EmployerErrorCode.LICENCE_INVALID, fields={"licence": ["文件类型不正确。"]})
    if licence.size > LICENCE_MAX_BYTES:
        raise ApplicationError("营业执照文件不能超过 5 MB。", code=EmployerErrorCode.LICENCE_INVALID, fields={"licence": ["文件过大。"]})


def _full_clean(employer: Employer) -> None:
    try:
        employer.full_clean(exclude=["licence", "reviewed_by"])
    except ValidationError as exc:
        raise ApplicationError("单位信息不完整或格式错误。", fields=exc.message_dict) from exc


def _apply_profile(employer: Employer, profile: EmployerProfile) -> None:
    employer.name = profile.name.strip()
    employer.nature, employer.industry, employer.size = profile.nature, profile.industry, profile.size
    employer.region_code = (profile.region_code or "").strip() or employer.credit_code[2:8]
    if not (len(employer.region_code) == 6 and employer.region_code.isdigit()):
        raise ApplicationError("所在地区划代码应为 6 位数字（GB/T 2260）。", fields={"region_code": ["格式不正确。"]})
    employer.address, employer.website = profile.address.strip(), profile.website.strip()
    employer.introduction = profile.introduction.strip()
    employer.contact_name = profile.contact_name.strip()
    employer.contact_phone = _clean_phone(profile.contact_phone)
    employer.contact_email = profile.contact_email.strip()
    employer.search_text = index_text([employer.name, employer.credit_code, employer.address, employer.get_industry_display()])


def list_entries_for(credit_code: str) -> dict[str, EmployerListEntry]:
    return {entry.kind: entry for entry in EmployerListEntry.objects.filter(credit_code=credit_code)}


def _refuse_black_listed(credit_code: str) -> None:
    if EmployerListEntry.objects.filter(kind=ListKind.BLACK, credit_code=credit_code).exists():
        raise PermissionDenied("该单位已被学校列入黑名单，不能注册或发布招聘信息。如有疑问请联系就业指导中心。",
                               code=EmployerErrorCode.BLACK_LISTED)


def rule_tags_refresh(employer: Employer) -> None:
    """Put on the rule tags the employer's data matches, take off the others."""
    employer.rule_tags.set([tag for tag in EmployerTag.objects.exclude(rule={}) if tag.matches(employer)])


def _auto_approval_reason(employer: Employer) -> str:
    settings = RecruitmentSettings.current()
    if employer.nature in settings.auto_approve_natures:
        return f"单位性质为“{employer.get_nature_display()}”，按学校规则自动通过"
    if settings.auto_approve_white_list and EmployerListEntry.objects.filter(kind=ListKind.WHITE, credit_code=employer.credit_code).exists():
        return "单位在白名单中，按学校规则自动通过"
    return ""


def _grant(employer: Employer, granted: bool) -> None:
    employer.can_post_jobs = employer.can_apply_sessions = employer.can_join_fairs = granted


def _notify_hr(employer: Employer, title: str, body: str) -> None:
    from tenant_apps.messaging.services import letter_send

    user_ids = list(employer.accounts.values_list("user_id", flat=True))
    if user_ids:
        transaction.on_commit(lambda: letter_send(recipient_user_ids=user_ids, title=title, body=body, link="/employer/"))


@transaction.atomic
def employer_register(*, profile: EmployerProfile, licence, sms_code: str, username: str, password: str, display_name: str = "") -> Employer:
    """Self-registration from the employer portal: the credit code is checked by its check
    character, the contact phone by an SMS code, the licence by type and size. Creates the
    employer (pending, or approved when a school rule says so) and its primary HR account."""
    from tenant_apps.messaging.services import verification_code_verify

    credit_code = _credit_code(profile.credit_code)
    phone = _clean_phone(profile.contact_phone)
    _refuse_black_listed(credit_code)
    if Employer.objects.filter(credit_code=credit_code).exists():
        raise Conflict("该统一社会信用代码已注册。请联系本单位已有的 HR 账号为您开通子账号。", code=EmployerErrorCode.CREDIT_CODE_TAKEN,
                       fields={"credit_code": ["已注册。"]})
    _check_licence(licence)
    if not verification_code_verify(target=phone, purpose=SMS_PURPOSE, code=sms_code):
        raise ApplicationError("短信验证码不正确或已过期。", code=EmployerErrorCode.SMS_CODE_INVALID, fields={"sms_code": ["验证码不正确。"]})
    now = timezone.now()
    employer = Employer(credit_code=credit_code, source=EmployerSource.SELF_REGISTRATION, submitted_at=now, contact_phone_verified_at=now)
    _apply_profile(employer, profile)
    _full_clean(employer)
    reason = _auto_approval_reason(employer)
    if reason:
        employer.status, employer.is_auto_approved, employer.reviewed_at = ReviewStatus.APPROVED, True, now
        _grant(employer, True)
    employer.licence.save(licence.name, licence, save=False)
    try:
        with transaction.atomic():
            employer.save()
    except IntegrityError:
        raise Conflict("该统一社会信用代码已注册。", code=EmployerErrorCode.CREDIT_CODE_TAKEN, fields={"credit_code": ["已注册。"]}) from None
    user = user_create(actor=None, username=username, password=password, display_name=display_name or employer.contact_name,
                       phone="", email="", kind=UserKind.EMPLOYER)
    EmployerAccount.objects.create(user=user, employer=employer, is_primary=True)
    rule_tags_refresh(employer)
    if reason:
        EmployerComment.objects.create(employer=employer, author=None, is_from_school=True, body=reason)
    audit_record(actor=user, action="employer.register", target=employer, after=snapshot(employer, AUDIT_FIELDS) | {"auto_approval": reason},
                 only_changes=False)
    return employer


@transaction.atomic
def employer_create(*, actor, profile: EmployerProfile) -> Employer:
    """An employer entered by the school (no portal account yet); approved at once."""
    credit_code = _credit_code(profile.credit_code)
    _refuse_black_listed(credit_code)
    if Employer.objects.filter(credit_code=credit_code).exists():
        raise Conflict("该统一社会信用代码已存在。", code=EmployerErrorCode.CREDIT_CODE_TAKEN, fields={"credit_code": ["已存在。"]})
    now = timezone.now()
    employer = Employer(credit_code=credit_code, source=EmployerSource.SCHOOL, status=ReviewStatus.APPROVED, submitted_at=now,
                        reviewed_at=now, reviewed_by=actor)
    _apply_profile(employer, profile)
    _grant(employer, True)
    _full_clean(employer)
    employer.save()
    rule_tags_refresh(employer)
    audit_record(actor=actor, action="employer.create", target=employer, after=snapshot(employer, AUDIT_FIELDS), only_changes=False)
    return employer


@transaction.atomic
def employer_profile_update(*, actor, employer: Employer, profile: EmployerProfile, licence=None) -> Employer:
    """The HR (or a teacher) edits the profile. The credit code never changes. A declined
    employer's edit does not resubmit by itself: that is `employer_request_again`."""
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    before = snapshot(employer, AUDIT_FIELDS)
    profile.credit_code = employer.credit_code
    if _clean_phone(profile.contact_phone) != employer.contact_phone:
        employer.contact_phone_verified_at = None  # a new number has not been proved by SMS
    _apply_profile(employer, profile)
    if licence is not None:
        _check_licence(licence)
        employer.licence.save(licence.name, licence, save=False)
    _full_clean(employer)
    employer.save()
    rule_tags_refresh(employer)
    audit_record(actor=actor, action="employer.update", target=employer, before=before, after=snapshot(employer, AUDIT_FIELDS))
    return employer


@transaction.atomic
def employer_comment_add(*, actor, employer: Employer, body: str, from_school: bool) -> EmployerComment:
    """A message in the review thread. The school asking something puts a pending employer
    "in progress"; the employer answering keeps it there for the reviewer."""
    body = (body or "").strip()
    if not body:
        raise ApplicationError("请填写内容。", fields={"body": ["必填。"]})
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    comment = EmployerComment(employer=employer, author=actor, is_from_school=from_school, body=body[:2000])
    comment.full_clean(exclude=["author", "employer"])
    comment.save()
    if from_school and employer.status == ReviewStatus.PENDING:
        employer.status = ReviewStatus.IN_PROGRESS
        employer.save(update_fields=["status", "updated_at"])
        _notify_hr(employer, "学校对您的单位注册信息有疑问", body[:200])
    audit_record(actor=actor, action="employer.comment", target=employer, after={"from_school": from_school, "status": employer.status},
                 only_changes=False)
    return comment


@transaction.atomic
def employer_approve(*, actor, employer: Employer, note: str = "") -> Employer:
    """Approve: the employer may post jobs, apply for info sessions and join fairs."""
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    if employer.status == ReviewStatus.APPROVED:
        raise Conflict("该单位已审核通过。", code=EmployerErrorCode.INVALID_STATE)
    _refuse_black_listed(employer.credit_code)
    before = snapshot(employer, AUDIT_FIELDS)
    employer.status, employer.decline_reason = ReviewStatus.APPROVED, ""
    employer.reviewed_at, employer.reviewed_by = timezone.now(), actor
    _grant(employer, True)
    employer.save()
    if note.strip():
        EmployerComment.objects.create(employer=employer, author=actor, is_from_school=True, body=note.strip()[:2000])
    audit_record(actor=actor, action="employer.approve", target=employer, before=before, after=snapshot(employer, AUDIT_FIELDS))
    _notify_hr(employer, "单位注册审核已通过", "您的单位已通过学校审核，现在可以发布职位、申请宣讲会和报名双选会。")
    return employer


@transaction.atomic
def employer_decline(*, actor, employer: Employer, reason: str) -> Employer:
    """Decline with a reason the employer sees. Declining an approved employer withdraws its
    permissions and closes what it has open (the jobs app listens to the event)."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("请填写未通过原因，单位会看到这条原因。", code=EmployerErrorCode.REASON_REQUIRED, fields={"reason": ["必填。"]})
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    if employer.status == ReviewStatus.DECLINED:
        raise Conflict("该单位已是未通过状态。", code=EmployerErrorCode.INVALID_STATE)
    was_approved = employer.status == ReviewStatus.APPROVED
    before = snapshot(employer, AUDIT_FIELDS)
    employer.status, employer.decline_reason = ReviewStatus.DECLINED, reason[:1000]
    employer.reviewed_at, employer.reviewed_by = timezone.now(), actor
    _grant(employer, False)
    employer.save()
    EmployerComment.objects.create(employer=employer, author=actor, is_from_school=True, body=f"未通过：{reason[:1900]}")
    audit_record(actor=actor, action="employer.decline", target=employer, before=before, after=snapshot(employer, AUDIT_FIELDS))
    if was_approved:
        publish(EMPLOYER_WITHDRAWN, employer_id=employer.pk, reason=reason)
    text = "您的单位注册未通过审核，原因：" + reason[:150] + ("。修改后可再次申请一次。" if employer.may_request_again else "")
    _notify_hr(employer, "单位注册审核未通过", text)
    return employer


@transaction.atomic
def employer_request_again(*, actor, employer: Employer, note: str = "") -> Employer:
    """A declined employer asks once more to be reviewed (allowed one time)."""
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    if employer.status != ReviewStatus.DECLINED:
        raise Conflict("只有未通过的单位可以再次申请。", code=EmployerErrorCode.INVALID_STATE)
    if not employer.may_request_again:
        raise Conflict("再次申请的机会已用过，请联系就业指导中心。", code=EmployerErrorCode.REQUEST_AGAIN_USED)
    _refuse_black_listed(employer.credit_code)
    before = snapshot(employer, AUDIT_FIELDS)
    employer.status, employer.may_request_again, employer.submitted_at = ReviewStatus.PENDING, False, timezone.now()
    employer.save()
    EmployerComment.objects.create(employer=employer, author=actor, is_from_school=False, body=f"再次申请：{note.strip()[:1900] or '已按意见修改，请重新审核。'}")
    audit_record(actor=actor, action="employer.request_again", target=employer, before=before, after=snapshot(employer, AUDIT_FIELDS))
    return employer


@transaction.atomic
def employer_permissions_set(*, actor, employer: Employer, can_post_jobs: bool, can_apply_sessions: bool, can_join_fairs: bool) -> Employer:
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    if not employer.is_approved and (can_post_jobs or can_apply_sessions or can_join_fairs):
        raise Conflict("单位审核通过后才能开通权限。", code=EmployerErrorCode.NOT_APPROVED)
    before = snapshot(employer, AUDIT_FIELDS)
    employer.can_post_jobs, employer.can_apply_sessions, employer.can_join_fairs = can_post_jobs, can_apply_sessions, can_join_fairs
    employer.save(update_fields=["can_post_jobs", "can_apply_sessions", "can_join_fairs", "updated_at"])
    audit_record(actor=actor, action="employer.permissions", target=employer, before=before, after=snapshot(employer, AUDIT_FIELDS))
    return employer


@transaction.atomic
def employer_job_approved(*, employer_id: int) -> None:
    """Remember that the employer's first job passed review (later ones may be auto-approved)."""
    Employer.objects.filter(pk=employer_id, has_approved_job=False).update(has_approved_job=True)


# --- tags ------------------------------------------------------------------------------------


RULE_KEYS = ("nature", "size", "industry", "province")


@transaction.atomic
def tag_save(*, actor, tag: EmployerTag | None = None, name: str, rule: dict | None = None) -> EmployerTag:
    """Create or rename a tag; a `rule` makes it follow the employers' data (applied now)."""
    rule = {key: [str(v) for v in values] for key, values in (rule or {}).items() if key in RULE_KEYS and values}
    tag = tag or EmployerTag()
    before = snapshot(tag) if tag.pk else None
    tag.name, tag.rule = (name or "").strip(), rule
    try:
        tag.full_clean()
    except ValidationError as exc:
        raise ApplicationError("标签名称为空或已存在。", fields=exc.message_dict) from exc
    tag.save()
    if rule:
        matching = [employer.pk for employer in Employer.objects.only("nature", "size", "industry", "region_code") if tag.matches(employer)]
        tag.rule_employers.set(matching)
        tag.employers.clear()
    else:
        tag.rule_employers.clear()
    audit_record(actor=actor, action="employer_tag.save", target=tag, before=before, after=snapshot(tag))
    return tag


@transaction.atomic
def tag_delete(*, actor, tag: EmployerTag) -> None:
    audit_record(actor=actor, action="employer_tag.delete", target=tag, before=snapshot(tag), after=None)
    tag.delete()


@transaction.atomic
def employer_tags_set(*, actor, employer: Employer, tags: list[EmployerTag]) -> Employer:
    """The hand-set tags (rule tags are computed, not set)."""
    manual = [tag for tag in tags if not tag.rule]
    before = sorted(employer.tags.values_list("name", flat=True))
    employer.tags.set(manual)
    audit_record(actor=actor, action="employer.tags", target=employer, before={"tags": before}, after={"tags": sorted(t.name for t in manual)})
    return employer


# --- black, white and risk lists -------------------------------------------------------------


@transaction.atomic
def list_entry_add(*, actor, kind: str, credit_code: str, reason: str, name: str = "", share_category: str = "") -> EmployerListEntry:
    """Put a credit code on a list. Black-listing an approved employer withdraws its
    permissions and closes its open jobs; the white list lets new registrations through.
    With `share_category` (and the school opted in) a black-listing is shared anonymously."""
    from core.employer_risk import RiskCategory, risk_share

    if share_category and (kind != ListKind.BLACK or share_category not in RiskCategory.values):
        raise ApplicationError("只有黑名单可以共享，且须选择共享类别。", fields={"share_category": ["无效。"]})
    if share_category and not RecruitmentSettings.current().share_risk_signals:
        raise ApplicationError("本校未开启风险提示共享，请先在“招聘审核规则”中开启。", fields={"share_category": ["未开启共享。"]})
    if kind not in ListKind.values:
        raise ApplicationError("名单类型无效。", fields={"kind": ["无效。"]})
    credit_code = _credit_code(credit_code)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("请填写原因。", fields={"reason": ["必填。"]})
    employer = Employer.objects.select_for_update().filter(credit_code=credit_code).first()
    if EmployerListEntry.objects.filter(kind=kind, credit_code=credit_code).exists():
        raise Conflict(f"该单位已在{ListKind(kind).label}中。", code=EmployerErrorCode.LIST_ENTRY_EXISTS)
    entry = EmployerListEntry(kind=kind, credit_code=credit_code, employer=employer, name=(employer.name if employer else name.strip())[:200],
                              reason=reason[:300], created_by=actor)
    entry.full_clean(exclude=["employer", "created_by"])
    entry.save()
    if kind == ListKind.BLACK:
        EmployerListEntry.objects.filter(kind=ListKind.WHITE, credit_code=credit_code).delete()
        if employer is not None and (employer.can_post_jobs or employer.can_apply_sessions or employer.can_join_fairs):
            _grant(employer, False)
            employer.save(update_fields=["can_post_jobs", "can_apply_sessions", "can_join_fairs", "updated_at"])
        if employer is not None:
            publish(EMPLOYER_WITHDRAWN, employer_id=employer.pk, reason=f"列入黑名单：{reason}")
        if share_category:
            transaction.on_commit(lambda: risk_share(credit_code=credit_code, category=share_category))
    audit_record(actor=actor, action="employer_list.add", target=entry, after=snapshot(entry) | {"shared": share_category}, only_changes=False)
    return entry


@transaction.atomic
def list_entry_remove(*, actor, entry: EmployerListEntry) -> None:
    """Take a code off a list. Lifting a black-listing does not give permissions back: the
    school re-approves or sets them by hand."""
    audit_record(actor=actor, action="employer_list.remove", target=entry, before=snapshot(entry), after=None)
    entry.delete()
    if entry.kind == ListKind.BLACK:
        from core.employer_risk import risk_withdraw

        code = entry.credit_code
        transaction.on_commit(lambda: risk_withdraw(credit_code=code))


# --- rules and HR accounts ------------------------------------------------------------------


@transaction.atomic
def settings_save(*, actor, auto_approve_natures: list[str], auto_approve_white_list: bool, auto_approve_jobs: bool,
                  complaint_threshold: int, share_risk_signals: bool | None = None) -> RecruitmentSettings:
    settings = RecruitmentSettings.current()
    before = snapshot(settings)
    if share_risk_signals is not None:
        if settings.share_risk_signals and not share_risk_signals:  # opting out takes back every shared flag
            from core.employer_risk import risk_withdraw

            transaction.on_commit(lambda: risk_withdraw())
        settings.share_risk_signals = share_risk_signals
    settings.auto_approve_natures = sorted(set(auto_approve_natures))
    settings.auto_approve_white_list, settings.auto_approve_jobs = auto_approve_white_list, auto_approve_jobs
    settings.complaint_threshold = max(1, int(complaint_threshold))
    try:
        settings.full_clean()
    except ValidationError as exc:
        raise ApplicationError("规则设置有误。", fields=exc.message_dict) from exc
    settings.save()
    audit_record(actor=actor, action="recruitment_settings.save", target=settings, before=before, after=snapshot(settings))
    return settings


@transaction.atomic
def hr_account_add(*, actor, employer: Employer, username: str, password: str, display_name: str) -> EmployerAccount:
    """The primary HR opens an account for a colleague."""
    account = getattr(actor, "employer_account", None)
    if account is None or account.employer_id != employer.pk or not account.is_primary:
        raise PermissionDenied("只有本单位的主账号可以添加 HR 账号。")
    user = user_create(actor=None, username=username, password=password, display_name=display_name, kind=UserKind.EMPLOYER)
    created = EmployerAccount.objects.create(user=user, employer=employer, is_primary=False)
    audit_record(actor=actor, action="employer.hr_add", target=employer, after={"username": user.username}, only_changes=False)
    return created


def profile_from(employer: Employer) -> EmployerProfile:
    return EmployerProfile(**{key: getattr(employer, key) for key in PROFILE_FIELDS})


PROFILE_FIELDS = ("name", "credit_code", "nature", "industry", "size", "region_code", "contact_name", "contact_phone", "contact_email",
                  "address", "website", "introduction")


def profile_from_mapping(data) -> EmployerProfile:
    """An EmployerProfile from a form or JSON body (missing keys are empty)."""
    return EmployerProfile(**{field: str(data.get(field, "") or "").strip() for field in PROFILE_FIELDS})


SCHOOL_FIELDS = ("introduction", "featured_majors", "office_name", "office_introduction", "office_address", "office_phone", "office_email",
                 "office_hours")


@transaction.atomic
def school_profile_save(*, actor, data, logo=None):
    """E22: the school's introduction, logo, featured majors and career office."""
    from tenant_apps.employment.employers.models import SchoolProfile

    profile = SchoolProfile.current()
    before = snapshot(profile)
    for field in SCHOOL_FIELDS:
        setattr(profile, field, str(data.get(field, "") or "").strip())
    if logo is not None:
        extension = os.path.splitext(logo.name)[1].lower()
        if extension not in {".png", ".jpg", ".jpeg", ".webp"} or logo.size > 2 * 1024 * 1024:
            raise ApplicationError("标志请上传 PNG/JPG/WebP 图片，不超过 2 MB。", fields={"logo": ["文件无效。"]})
        profile.logo.save(logo.name, logo, save=False)
    try:
        profile.full_clean()
    except ValidationError as exc:
        raise ApplicationError("学校概况填写有误。", fields=exc.message_dict) from exc
    profile.save()
    audit_record(actor=actor, action="school_profile.save", target=profile, before=before, after=snapshot(profile))
    return profile
