"""Writes of online tri-party agreements (网签三方, REFERENCE-employment.md §4):

invite (employer, with a validity period and the agreed terms) → accept / refuse (graduate,
within the validity period; one live agreement per graduate, kept by the database) → college
review → school review (either may return with a reason: the signing fails and the employer
must invite again) → signed: the content is frozen, hashed (SHA-256) and printed as a PDF with
the employer's seal, and the graduate's destination draft is filled (category 10).
Termination: either side starts it, the other agrees, the school approves with a proof.
Every change writes one audit event; every party hears of it through the messaging gateway."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.audit import audit_record, audit_record_many, snapshot
from core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from tenant_apps.employment.agreements.enums import (
    LIVE_STATUSES,
    AgreementStatus,
    Party,
    ReviewLevel,
)
from tenant_apps.employment.agreements.errors import AgreementErrorCode
from tenant_apps.employment.agreements.models import Agreement, EmployerSeal
from tenant_apps.employment.employers.enums import PROVINCES, ListKind
from tenant_apps.employment.employers.models import Employer, EmployerListEntry
from tenant_apps.employment.students.models import GraduateRecord

AUDIT_FIELDS = ["number", "status", "valid_until", "job_title", "monthly_pay", "work_place_code", "report_by", "refuse_reason", "return_reason",
                "content_hash", "destination_note", "termination_started_by", "termination_reason", "termination_note"]
TERM_FIELDS = ("job_title", "monthly_pay", "work_place_code", "work_place", "probation_months", "service_years", "report_by", "breach_amount",
               "breach_terms", "benefits", "archive_address", "ends_on_further_study", "other_terms")
MIN_VALID_DAYS, MAX_VALID_DAYS = 1, 30
SEAL_MAX_BYTES = 2 * 1024 * 1024
PROOF_MAX_BYTES = 10 * 1024 * 1024
COLLEGE_PERMISSION = "employment_agreements.review_agreement_college"
SCHOOL_PERMISSION = "employment_agreements.review_agreement_school"
H5_LINK = "/h5/employment/agreements/"
PORTAL_LINK = "/employer/agreements/"
BACKOFFICE_LINK = "/admin-ui/employment/agreements/"


@dataclass
class AgreementTerms:
    """What the employer offers and the graduate accepts (the agreement's 备注 / 约定条款)."""

    job_title: str
    monthly_pay: int
    work_place_code: str
    report_by: datetime.date
    work_place: str = ""
    probation_months: int = 0
    service_years: int = 0
    breach_amount: int = 0
    breach_terms: str = ""
    benefits: str = ""
    archive_address: str = ""
    ends_on_further_study: bool = True
    other_terms: str = ""


def _locked(agreement: Agreement) -> Agreement:
    return Agreement.objects.select_for_update(of=("self",)).select_related("employer", "record", "record__user", "record__org_unit").get(pk=agreement.pk)


def _state_error(message: str) -> Conflict:
    return Conflict(message, code=AgreementErrorCode.INVALID_STATE)


def _audit(actor, action: str, agreement: Agreement, before: dict | None, extra: dict | None = None) -> None:
    after = snapshot(agreement, AUDIT_FIELDS) | (extra or {})
    audit_record(actor=actor, action=f"agreement.{action}", target=agreement, before=before, after=after, only_changes=before is not None)


def _save(agreement: Agreement) -> None:
    try:
        agreement.full_clean(exclude=["employer", "record", "invited_by", "college_reviewed_by", "school_reviewed_by", "termination_decided_by",
                                      "document", "termination_proof"])
    except ValidationError as exc:
        raise ApplicationError("协议信息有误。", code=AgreementErrorCode.INVALID_TERMS, fields=exc.message_dict) from exc
    agreement.save()


# --- who is who -------------------------------------------------------------------------------


def party_of(actor, agreement: Agreement) -> str:
    """Which side `actor` is on: "student", "employer" or "" (school staff, anybody else)."""
    if actor is None or not getattr(actor, "pk", None):
        return ""
    if agreement.record.user_id == actor.pk:
        return Party.STUDENT
    from tenant_apps.employment.employers.selectors import employer_for_user

    employer = employer_for_user(actor)
    if employer is not None and employer.pk == agreement.employer_id:
        return Party.EMPLOYER
    return ""


def _require_party(actor, agreement: Agreement, party: str) -> None:
    if party_of(actor, agreement) != party:
        raise PermissionDenied("您不是该协议的当事方。", code=AgreementErrorCode.NOT_A_PARTY)


def _check_employer(employer: Employer) -> None:
    if not employer.is_approved or EmployerListEntry.objects.filter(kind=ListKind.BLACK, credit_code=employer.credit_code).exists():
        raise PermissionDenied("单位通过学校审核后才能发起网签。", code=AgreementErrorCode.EMPLOYER_NOT_PERMITTED)


# --- notifications (messaging gateway) --------------------------------------------------------------


def _notify_student(agreement: Agreement, subject: str, body: str) -> None:
    from tenant_apps.messaging.services import Recipient, message_send

    record, user = agreement.record, agreement.record.user
    recipient = Recipient(user_id=record.user_id, name=record.name, phone=record.phone, email=record.email,
                          openid=getattr(user, "wechat_openid", "") if user else "")
    message_send(actor=None, subject=subject, body=body, channels=["wechat", "letter", "sms"], recipients=[recipient],
                 source="employment_agreements", link=f"{H5_LINK}{agreement.pk}/")


def _notify_employer(agreement: Agreement, subject: str, body: str) -> None:
    from tenant_apps.messaging.services import Recipient, message_send

    users = [account.user for account in agreement.employer.accounts.select_related("user")]
    recipients = [Recipient(user_id=u.pk, name=u.display_name, phone=u.phone or "", email=u.email or "") for u in users]
    if recipients:
        message_send(actor=None, subject=subject, body=body, channels=["letter", "sms"], recipients=recipients, source="employment_agreements",
                     link=f"{PORTAL_LINK}{agreement.pk}/")


def reviewers_for(agreement: Agreement, level: str) -> list:
    """Staff who may act at `level` on this graduate: school reviewers, and college reviewers
    whose own unit is the graduate's or above it."""
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    from tenant_apps.accounts.models import User

    codename = (COLLEGE_PERMISSION if level == ReviewLevel.COLLEGE else SCHOOL_PERMISSION).split(".", 1)[1]
    permission = Permission.objects.filter(content_type__app_label="employment_agreements", codename=codename).first()
    if permission is None:
        return []
    users = User.objects.filter(Q(groups__permissions=permission) | Q(user_permissions=permission), is_active=True).select_related("org_unit").distinct()[:50]
    path = agreement.record.org_unit.path if agreement.record.org_unit_id else ""
    if level == ReviewLevel.COLLEGE:
        return [u for u in users if u.org_unit_id is None or path.startswith(u.org_unit.path)]
    return list(users)


def _notify_staff(agreement: Agreement, level: str, subject: str, body: str) -> None:
    from tenant_apps.messaging.services import Recipient, message_send

    recipients = [Recipient(user_id=u.pk, name=u.display_name, phone=u.phone or "", email=u.email or "") for u in reviewers_for(agreement, level)]
    if recipients:
        message_send(actor=None, subject=subject, body=body, channels=["letter"], recipients=recipients, source="employment_agreements",
                     link=f"{BACKOFFICE_LINK}{agreement.pk}/")


# --- the employer's seal ------------------------------------------------------------------------


@transaction.atomic
def seal_upload(*, actor, employer: Employer, image) -> EmployerSeal:
    """Store (or replace) the seal image printed on the employer's agreements."""
    if image is None:
        raise ApplicationError("请选择公章图片。", fields={"image": ["必填。"]})
    if image.size > SEAL_MAX_BYTES:
        raise ApplicationError("公章图片不能超过 2 MB。", fields={"image": ["文件过大。"]})
    digest = hashlib.sha256()
    for chunk in image.chunks():
        digest.update(chunk)
    image.seek(0)
    seal = EmployerSeal.objects.select_for_update().filter(employer=employer).first() or EmployerSeal(employer=employer)
    before = snapshot(seal, ["image", "sha256"]) if seal.pk else None
    seal.image.save(image.name, image, save=False)
    seal.sha256, seal.uploaded_by = digest.hexdigest(), actor
    seal.save()
    audit_record(actor=actor, action="agreement.seal_upload", target=seal, before=before, after=snapshot(seal, ["image", "sha256"]), only_changes=False)
    return seal


# --- invitation and answer --------------------------------------------------------------------


def clean_terms(terms: AgreementTerms) -> AgreementTerms:
    errors: dict[str, list[str]] = {}
    terms.job_title = (terms.job_title or "").strip()
    if not terms.job_title:
        errors["job_title"] = ["请填写岗位。"]
    code = (terms.work_place_code or "").strip()
    if not (len(code) == 6 and code.isdigit() and code[:2] in PROVINCES):
        errors["work_place_code"] = ["工作地点应为 6 位行政区划代码（GB/T 2260）。"]
    terms.work_place_code = code
    if terms.monthly_pay is None or terms.monthly_pay <= 0:
        errors["monthly_pay"] = ["请填写月薪。"]
    if terms.probation_months is None or not 0 <= terms.probation_months <= 6:
        errors["probation_months"] = ["试用期为 0-6 个月（劳动合同法第十九条）。"]
    if terms.service_years is None or not 0 <= terms.service_years <= 10:
        errors["service_years"] = ["服务期为 0-10 年。"]
    if terms.breach_amount is None or terms.breach_amount < 0:
        errors["breach_amount"] = ["违约金不能为负数。"]
    if terms.report_by is None:
        errors["report_by"] = ["请填写报到日期。"]
    elif terms.report_by < timezone.localdate():
        errors["report_by"] = ["报到日期不能早于今天。"]
    for name in ("work_place", "breach_terms", "benefits", "archive_address", "other_terms"):
        setattr(terms, name, (getattr(terms, name) or "").strip())
    if errors:
        raise ApplicationError("协议条款有误，请检查。", code=AgreementErrorCode.INVALID_TERMS, fields=errors)
    return terms


def _find_record(student_number: str, student_name: str) -> GraduateRecord:
    """Both the number and the name must match: an employer learns nothing from a wrong guess."""
    record = (GraduateRecord.objects.select_related("user", "org_unit")
              .filter(student_number=(student_number or "").strip(), name=(student_name or "").strip()).first())
    if record is None or record.user_id is None:
        raise NotFound("未找到该学生（请核对学号与姓名，学生需已开通账号）。", code=AgreementErrorCode.STUDENT_NOT_FOUND)
    return record


def _expire_stale(queryset) -> None:
    """Invitations past their validity period become expired (also done by the periodic task)."""
    stale = list(queryset.select_for_update().filter(status=AgreementStatus.INVITED, valid_until__lte=timezone.now()))
    if stale:
        Agreement.objects.filter(pk__in=[a.pk for a in stale]).update(status=AgreementStatus.EXPIRED, updated_at=timezone.now())
        audit_record_many(actor=None, action="agreement.expire", targets=stale, after={"status": AgreementStatus.EXPIRED})


@transaction.atomic
def agreement_invite(*, actor, employer: Employer, student_number: str, student_name: str, terms: AgreementTerms,
                     valid_until: datetime.datetime) -> Agreement:
    """The employer invites a graduate (found by 学号 + 姓名) to sign, open until `valid_until`."""
    _check_employer(employer)
    if not EmployerSeal.objects.filter(employer=employer).exists():
        raise ApplicationError("请先上传单位公章图片，协议上将印制该公章。", code=AgreementErrorCode.SEAL_REQUIRED, status=409)
    terms = clean_terms(terms)
    now = timezone.now()
    if valid_until is None or not now + datetime.timedelta(hours=23) <= valid_until <= now + datetime.timedelta(days=MAX_VALID_DAYS, hours=1):
        raise ApplicationError(f"邀约有效期应在 {MIN_VALID_DAYS}-{MAX_VALID_DAYS} 天之内。", code=AgreementErrorCode.INVALID_TERMS,
                               fields={"valid_until": ["有效期无效。"]})
    record = _find_record(student_number, student_name)
    GraduateRecord.objects.select_for_update().filter(pk=record.pk).first()  # one invitation decision per graduate at a time
    _expire_stale(Agreement.objects.filter(record=record, employer=employer))
    if Agreement.objects.filter(record=record, status__in=LIVE_STATUSES).exists():
        raise Conflict("该学生已有有效的三方协议，不能再邀约。", code=AgreementErrorCode.ALREADY_LIVE)
    agreement = Agreement(employer=employer, record=record, valid_until=valid_until, invited_by=actor, **asdict(terms))
    try:
        with transaction.atomic():
            _save(agreement)
    except IntegrityError:
        raise Conflict("您对该学生的邀约仍在有效期内，学生拒绝或邀约过期后才能再次邀约。", code=AgreementErrorCode.ALREADY_INVITED) from None
    agreement.number = f"WQ{timezone.localdate():%Y}{agreement.pk:06d}"
    agreement.save(update_fields=["number"])
    _audit(actor, "invite", agreement, None)
    _notify_student(agreement, "三方协议签约邀请",
                    f"{record.name}同学，{employer.name}邀请你签订就业协议（岗位：{terms.job_title}，月薪 {terms.monthly_pay} 元），"
                    f"请在 {timezone.localtime(valid_until):%Y-%m-%d %H:%M} 前登录查看并答复。")
    return agreement


@transaction.atomic
def agreement_withdraw(*, actor, agreement: Agreement) -> Agreement:
    """The employer takes back an invitation the graduate has not answered."""
    agreement = _locked(agreement)
    _require_party(actor, agreement, Party.EMPLOYER)
    if agreement.status != AgreementStatus.INVITED:
        raise _state_error("只有待学生答复的邀约可以撤回。")
    before = snapshot(agreement, AUDIT_FIELDS)
    agreement.status = AgreementStatus.WITHDRAWN
    agreement.save(update_fields=["status", "updated_at"])
    _audit(actor, "withdraw", agreement, before)
    _notify_student(agreement, "三方协议邀约已撤回", f"{agreement.employer.name}撤回了签约邀请（{agreement.number}）。")
    return agreement


def agreement_answer(*, actor, agreement: Agreement, accept: bool, reason: str = "") -> Agreement:
    """The graduate accepts (the agreement goes to the college) or refuses, within the validity
    period. Accepting while another agreement is live is refused by the database as well."""
    if _expire_if_due(agreement):  # committed on its own: the expiry stands although the answer is refused
        raise Conflict("邀约已过有效期。", code=AgreementErrorCode.EXPIRED)
    return _answer(actor=actor, agreement=agreement, accept=accept, reason=reason)


@transaction.atomic
def _expire_if_due(agreement: Agreement) -> bool:
    agreement = _locked(agreement)
    if agreement.status != AgreementStatus.INVITED or agreement.valid_until > timezone.now():
        return False
    before = snapshot(agreement, AUDIT_FIELDS)
    agreement.status = AgreementStatus.EXPIRED
    agreement.save(update_fields=["status", "updated_at"])
    _audit(None, "expire", agreement, before)
    return True


@transaction.atomic
def _answer(*, actor, agreement: Agreement, accept: bool, reason: str) -> Agreement:
    agreement = _locked(agreement)
    _require_party(actor, agreement, Party.STUDENT)
    if agreement.status != AgreementStatus.INVITED:
        raise _state_error("该邀约已处理，不能再答复。")
    reason = (reason or "").strip()
    before = snapshot(agreement, AUDIT_FIELDS)
    agreement.answered_at = timezone.now()
    if accept:
        agreement.status = AgreementStatus.COLLEGE_REVIEW
        try:
            with transaction.atomic():
                agreement.save(update_fields=["status", "answered_at", "updated_at"])
        except IntegrityError:
            raise Conflict("你已有一份有效的三方协议，不能再接受其他邀约。", code=AgreementErrorCode.ALREADY_LIVE) from None
        _audit(actor, "accept", agreement, before)
        _notify_employer(agreement, "学生已接受签约邀请", f"{agreement.record.name}已接受协议 {agreement.number}，等待学院和学校审核。")
        _notify_staff(agreement, ReviewLevel.COLLEGE, "网签协议待学院审核", f"{agreement.record.name}与{agreement.employer.name}的协议 {agreement.number} 待审核。")
    else:
        agreement.status, agreement.refuse_reason = AgreementStatus.REFUSED, reason[:300]
        agreement.save(update_fields=["status", "answered_at", "refuse_reason", "updated_at"])
        _audit(actor, "refuse", agreement, before)
        _notify_employer(agreement, "学生已拒绝签约邀请", f"{agreement.record.name}拒绝了协议 {agreement.number}{('：' + reason) if reason else ''}。")
    return agreement


def invitations_expire_due() -> int:
    """The periodic task: invitations past their validity period become expired."""
    with transaction.atomic():
        due = list(Agreement.objects.select_for_update(skip_locked=True).filter(status=AgreementStatus.INVITED, valid_until__lte=timezone.now())[:1000])
        if not due:
            return 0
        Agreement.objects.filter(pk__in=[a.pk for a in due]).update(status=AgreementStatus.EXPIRED, updated_at=timezone.now())
        audit_record_many(actor=None, action="agreement.expire", targets=due, after={"status": AgreementStatus.EXPIRED})
    return len(due)


# --- reviews and signing ----------------------------------------------------------------------------


@transaction.atomic
def agreement_review(*, actor, agreement: Agreement, level: str, approve: bool, reason: str = "") -> Agreement:
    """One level's decision. The caller found `agreement` inside the actor's data scope. A return
    ends the signing (the employer invites again); the school's approval signs it."""
    if level not in ReviewLevel.values:
        raise ApplicationError("审核层级无效。", fields={"level": ["无效。"]})
    permission, waiting = ((COLLEGE_PERMISSION, AgreementStatus.COLLEGE_REVIEW) if level == ReviewLevel.COLLEGE
                           else (SCHOOL_PERMISSION, AgreementStatus.SCHOOL_REVIEW))
    if not actor.has_perm(permission):
        raise PermissionDenied("没有该层级的审核权限。")
    agreement = _locked(agreement)
    if agreement.status != waiting:
        raise _state_error("该协议不在本层级待审核状态（可能已被他人处理）。")
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ApplicationError("退回时请填写原因，单位和学生都会看到。", code=AgreementErrorCode.REASON_REQUIRED, fields={"reason": ["必填。"]})
    before = snapshot(agreement, AUDIT_FIELDS)
    now = timezone.now()
    if level == ReviewLevel.COLLEGE:
        agreement.college_reviewed_by, agreement.college_reviewed_at = actor, now
    else:
        agreement.school_reviewed_by, agreement.school_reviewed_at = actor, now
    if not approve:
        agreement.status, agreement.return_reason, agreement.returned_by_level = AgreementStatus.RETURNED, reason[:500], level
        agreement.save()
        _audit(actor, f"return_{level}", agreement, before)
        text = f"协议 {agreement.number} 被{ReviewLevel(level).label}退回：{reason}。签约未成功，如需签约请单位重新邀约。"
        _notify_student(agreement, "三方协议审核退回", text)
        _notify_employer(agreement, "三方协议审核退回", text)
        return agreement
    if level == ReviewLevel.COLLEGE:
        agreement.status = AgreementStatus.SCHOOL_REVIEW
        agreement.save()
        _audit(actor, "approve_college", agreement, before)
        _notify_staff(agreement, ReviewLevel.SCHOOL, "网签协议待学校审核", f"{agreement.record.name}与{agreement.employer.name}的协议 {agreement.number} 待学校审核。")
        return agreement
    return _sign(actor=actor, agreement=agreement, before=before)


def agreement_content(agreement: Agreement) -> dict:
    """The agreement as it is signed: the three sections and the terms, plain JSON."""
    from tenant_apps.employment.employers.models import SchoolProfile

    record, employer = agreement.record, agreement.employer
    seal = EmployerSeal.objects.filter(employer=employer).first()
    profile = SchoolProfile.objects.first()
    tenant = current_tenant()
    local = timezone.localtime
    return {
        "number": agreement.number,
        "student": {
            "name": record.name, "student_number": record.student_number, "gender": record.get_gender_display(),
            "id_number": _mask_id(record.id_number), "education": record.get_education_display(), "major": record.major_name,
            "college": _college_name(record), "training_mode": record.get_training_mode_display(), "sponsor_unit": record.sponsor_unit,
            "graduation_year": record.graduation_year, "accepted_at": local(agreement.answered_at).isoformat() if agreement.answered_at else "",
        },
        "employer": {
            "name": employer.name, "credit_code": employer.credit_code, "nature": employer.get_nature_display(), "industry": employer.get_industry_display(),
            "region_code": employer.region_code, "address": employer.address, "contact_name": employer.contact_name,
            "archive_address": agreement.archive_address or employer.address, "invited_at": local(agreement.invited_at).isoformat(),
            "seal_sha256": seal.sha256 if seal else "",
        },
        "school": {
            "name": getattr(tenant, "name", "") or "", "office": (profile.office_name if profile else "") or "就业指导中心",
            "college_reviewed_at": local(agreement.college_reviewed_at).isoformat() if agreement.college_reviewed_at else "",
            "school_reviewed_at": local(agreement.school_reviewed_at).isoformat() if agreement.school_reviewed_at else "",
        },
        "terms": {
            "job_title": agreement.job_title, "monthly_pay": agreement.monthly_pay, "work_place_code": agreement.work_place_code,
            "work_place": agreement.work_place, "probation_months": agreement.probation_months, "service_years": agreement.service_years,
            "report_by": agreement.report_by.isoformat(), "breach_amount": agreement.breach_amount, "breach_terms": agreement.breach_terms,
            "benefits": agreement.benefits, "ends_on_further_study": agreement.ends_on_further_study, "other_terms": agreement.other_terms,
        },
        "signed_at": local(agreement.signed_at).isoformat() if agreement.signed_at else "",
    }


def current_tenant():
    """The school this schema belongs to (the tenant row, also outside a request)."""
    from django.db import connection
    from django_tenants.utils import get_tenant_model

    tenant = getattr(connection, "tenant", None)
    if getattr(tenant, "pk", None) and getattr(tenant, "name", ""):
        return tenant
    return get_tenant_model().objects.filter(schema_name=connection.schema_name).first()


def content_hash(content: dict) -> str:
    """SHA-256 of the canonical JSON (sorted keys, no spaces): the same content, the same hash."""
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _mask_id(value: str) -> str:
    from core.masking import mask_value

    return mask_value("id_number", value) if value else ""


def _college_name(record: GraduateRecord) -> str:
    """The college above the graduate's class (the unit two levels up, else the class itself)."""
    unit = record.org_unit
    while unit is not None and unit.parent_id is not None and unit.kind != "college":
        unit = unit.parent
    return unit.name if unit is not None else ""


def _sign(*, actor, agreement: Agreement, before: dict) -> Agreement:
    from tenant_apps.employment.agreements.documents import agreement_pdf

    agreement.status, agreement.signed_at = AgreementStatus.SIGNED, timezone.now()
    agreement.content = agreement_content(agreement)
    agreement.content_hash = content_hash(agreement.content)
    seal = EmployerSeal.objects.filter(employer=agreement.employer).first()
    pdf = agreement_pdf(agreement, seal_image=_read(seal.image) if seal else None)
    agreement.document.save(f"{agreement.number}.pdf", ContentFile(pdf), save=False)
    agreement.save()
    agreement.destination_note = _fill_destination(actor=actor, agreement=agreement, pdf=pdf)
    agreement.save(update_fields=["destination_note", "updated_at"])
    _audit(actor, "sign", agreement, before, {"pdf_sha256": hashlib.sha256(pdf).hexdigest()})
    text = f"协议 {agreement.number} 已经学校审核，签约成功。可在线下载协议书（内容摘要 {agreement.content_hash[:16]}…）。"
    _notify_student(agreement, "三方协议签约成功", text)
    _notify_employer(agreement, "三方协议签约成功", text)
    return agreement


def document_bytes(*, agreement: Agreement) -> bytes:
    """The PDF: the stored signed document, or a preview (marked, without hash) before signing."""
    from tenant_apps.employment.agreements.documents import agreement_pdf

    if agreement.content_hash and agreement.document:
        stored = _read(agreement.document)
        if stored:
            return stored
    seal = EmployerSeal.objects.filter(employer_id=agreement.employer_id).first()
    return agreement_pdf(agreement, seal_image=_read(seal.image) if seal else None)


def _read(fieldfile) -> bytes | None:
    try:
        with fieldfile.open("rb") as handle:
            return handle.read()
    except (OSError, ValueError):
        return None


EMPLOYER_NATURE_TO_DESTINATION = {"public_institution": "institution", "joint_venture": "foreign", "social_organisation": "other"}
EMPLOYER_SIZE_TO_DESTINATION = {"huge": "large"}


def _fill_destination(*, actor, agreement: Agreement, pdf: bytes) -> str:
    """Fill the graduate's destination draft with category 10 (签就业协议形式就业) and the signed
    PDF as evidence, through the destinations app's own service. A destination the graduate has
    already submitted (or that was approved) is never overwritten: the teachers are told."""
    from django.apps import apps

    if not apps.is_installed("tenant_apps.employment.destinations"):
        return ""
    from tenant_apps.employment.destinations import services as destination_services
    from tenant_apps.employment.destinations.enums import DestinationStatus
    from tenant_apps.employment.destinations.models import Destination

    record, employer = agreement.record, agreement.employer
    existing = Destination.objects.filter(record=record).first()
    if existing is not None and existing.status not in (DestinationStatus.DRAFT, DestinationStatus.RETURNED):
        note = f"学生已提交毕业去向（{existing.get_category_display()}，{existing.get_status_display()}），未自动覆盖，请老师核对。"
        _tell_teachers(agreement, note)
        return note
    values = {
        "employer_name": employer.name, "employer_credit_code": employer.credit_code, "employer_region": employer.region_code or agreement.work_place_code,
        "employer_nature": EMPLOYER_NATURE_TO_DESTINATION.get(employer.nature, employer.nature),
        "employer_size": EMPLOYER_SIZE_TO_DESTINATION.get(employer.size, employer.size),
        "employer_address": (agreement.archive_address or employer.address)[:200], "job_title": agreement.job_title[:100],
        "contract_start": agreement.report_by, "monthly_pay": agreement.monthly_pay, "notes": f"网签三方协议 {agreement.number}",
    }
    on_behalf = actor.has_perm("employment_destinations.file_on_behalf")
    try:
        with transaction.atomic():
            destination_services.destination_save(
                actor=actor if on_behalf else record.user, record=record, data=destination_services.DestinationInput(category="10", values=values),
                evidence_files=[ContentFile(pdf, name=f"{agreement.number}.pdf")], on_behalf=on_behalf)
    except ApplicationError as exc:
        note = f"未能自动填写毕业去向草稿：{exc.message}"
        _tell_teachers(agreement, note)
        return note[:300]
    return "已按协议填写毕业去向草稿（10 签就业协议形式就业，附协议书），待学生核对后提交。"


def _tell_teachers(agreement: Agreement, note: str) -> None:
    body = f"{agreement.record.name}（{agreement.record.student_number}）的三方协议 {agreement.number} 已签约。{note}"
    _notify_staff(agreement, ReviewLevel.COLLEGE, "网签协议与毕业去向需核对", body)
    _notify_staff(agreement, ReviewLevel.SCHOOL, "网签协议与毕业去向需核对", body)


# --- termination (解约) -----------------------------------------------------------------------------


def _store_proof(agreement: Agreement, proof) -> None:
    if proof is None:
        return
    if proof.size > PROOF_MAX_BYTES:
        raise ApplicationError("解约证明不能超过 10 MB。", fields={"proof": ["文件过大。"]})
    agreement.termination_proof.save(proof.name, proof, save=False)


@transaction.atomic
def termination_start(*, actor, agreement: Agreement, reason: str, proof=None) -> Agreement:
    """Either side asks to end a signed agreement; the other side must agree."""
    agreement = _locked(agreement)
    party = party_of(actor, agreement)
    if not party:
        raise PermissionDenied("您不是该协议的当事方。", code=AgreementErrorCode.NOT_A_PARTY)
    if agreement.status != AgreementStatus.SIGNED:
        raise _state_error("只有已签约的协议可以申请解约。")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("请填写解约原因。", code=AgreementErrorCode.REASON_REQUIRED, fields={"reason": ["必填。"]})
    before = snapshot(agreement, AUDIT_FIELDS)
    agreement.status, agreement.termination_started_by, agreement.termination_reason = AgreementStatus.TERMINATION_REQUESTED, party, reason[:500]
    agreement.termination_started_at, agreement.termination_agreed_at, agreement.termination_note = timezone.now(), None, ""
    _store_proof(agreement, proof)
    agreement.save()
    _audit(actor, "termination_start", agreement, before)
    text = f"{Party(party).label}申请解除协议 {agreement.number}：{reason}。请登录确认是否同意。"
    (_notify_employer if party == Party.STUDENT else _notify_student)(agreement, "三方协议解约申请", text)
    return agreement


@transaction.atomic
def termination_answer(*, actor, agreement: Agreement, agree: bool, reason: str = "", proof=None) -> Agreement:
    """The other side agrees (the school reviews next) or refuses (the agreement stays signed)."""
    agreement = _locked(agreement)
    party = party_of(actor, agreement)
    if not party or party == agreement.termination_started_by:
        raise PermissionDenied("只有解约申请的另一方可以答复。", code=AgreementErrorCode.NOT_A_PARTY)
    if agreement.status != AgreementStatus.TERMINATION_REQUESTED:
        raise _state_error("该协议没有待答复的解约申请。")
    reason = (reason or "").strip()
    before = snapshot(agreement, AUDIT_FIELDS)
    if agree:
        agreement.status, agreement.termination_agreed_at = AgreementStatus.TERMINATION_REVIEW, timezone.now()
        _store_proof(agreement, proof)
        agreement.save()
        _audit(actor, "termination_agree", agreement, before)
        _notify_staff(agreement, ReviewLevel.SCHOOL, "三方协议解约待审核", f"协议 {agreement.number} 双方已同意解约，请上传解约证明并审核。")
        other = _notify_employer if party == Party.STUDENT else _notify_student
        other(agreement, "对方已同意解约", f"协议 {agreement.number} 的解约申请对方已同意，等待学校审核。")
    else:
        if not reason:
            raise ApplicationError("不同意解约时请说明原因。", code=AgreementErrorCode.REASON_REQUIRED, fields={"reason": ["必填。"]})
        agreement.status, agreement.termination_note = AgreementStatus.SIGNED, f"{Party(party).label}不同意解约：{reason}"[:500]
        agreement.save()
        _audit(actor, "termination_refuse", agreement, before)
        other = _notify_employer if party == Party.STUDENT else _notify_student
        other(agreement, "对方不同意解约", f"协议 {agreement.number}：{agreement.termination_note}。协议继续有效。")
    return agreement


@transaction.atomic
def termination_decide(*, actor, agreement: Agreement, approve: bool, reason: str = "", proof=None) -> Agreement:
    """The school approves the termination (a proof — the 解约函 — is required) or rejects it."""
    if not actor.has_perm(SCHOOL_PERMISSION):
        raise PermissionDenied("没有审批解约的权限。")
    agreement = _locked(agreement)
    if agreement.status != AgreementStatus.TERMINATION_REVIEW:
        raise _state_error("该协议没有待审核的解约申请。")
    reason = (reason or "").strip()
    before = snapshot(agreement, AUDIT_FIELDS)
    _store_proof(agreement, proof)
    agreement.termination_decided_by = actor
    if approve:
        if not agreement.termination_proof:
            raise ApplicationError("请上传解约证明（双方签章的解约函等）。", code=AgreementErrorCode.PROOF_REQUIRED, fields={"proof": ["必填。"]})
        agreement.status, agreement.terminated_at, agreement.termination_note = AgreementStatus.TERMINATED, timezone.now(), reason[:500]
        agreement.save()
        _audit(actor, "terminate", agreement, before)
        text = f"协议 {agreement.number} 已由学校审核解约。请及时更新毕业去向。"
        _notify_student(agreement, "三方协议已解约", text)
        _notify_employer(agreement, "三方协议已解约", f"协议 {agreement.number} 已由学校审核解约。")
    else:
        if not reason:
            raise ApplicationError("不同意解约时请填写原因。", code=AgreementErrorCode.REASON_REQUIRED, fields={"reason": ["必填。"]})
        agreement.status, agreement.termination_note = AgreementStatus.SIGNED, f"学校未同意解约：{reason}"[:500]
        agreement.save()
        _audit(actor, "termination_reject", agreement, before)
        text = f"协议 {agreement.number}：{agreement.termination_note}。协议继续有效。"
        _notify_student(agreement, "解约申请未通过", text)
        _notify_employer(agreement, "解约申请未通过", text)
    return agreement


# --- public verification ------------------------------------------------------------------------------


def agreement_verify(*, number: str, digest: str) -> Agreement:
    """The public check of a printed agreement: its number and the hash printed on it must
    belong to one signed (or since terminated) agreement."""
    number, digest = (number or "").strip().upper(), (digest or "").strip().lower()
    agreement = None
    if number and len(digest) == 64:
        agreement = (Agreement.objects.select_related("employer", "record")
                     .filter(number=number, content_hash=digest, status__in=[AgreementStatus.SIGNED, AgreementStatus.TERMINATION_REQUESTED,
                                                                            AgreementStatus.TERMINATION_REVIEW, AgreementStatus.TERMINATED]).first())
    if agreement is None:
        raise NotFound("未找到与该编号和摘要相符的协议：协议可能被篡改，或编号、摘要输入有误。", code=AgreementErrorCode.VERIFICATION_FAILED)
    return agreement
