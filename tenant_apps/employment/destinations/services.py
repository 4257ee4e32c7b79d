"""Writes of 毕业去向登记: drafts, submission, three review levels with returns, filing on a
student's behalf, the change deadline, the student's confirm-or-dispute link, export templates.
Every change of a destination appends to the graduate's hash chain (ledger.py) in the same
transaction as its audit event."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import audit_record
from core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from core.validators.china import normalise_credit_code
from tenant_apps.employment.destinations import ledger
from tenant_apps.employment.destinations.enums import (
    CATEGORIES,
    LEVEL_FLOW,
    Confirmation,
    DestinationStatus,
    EmployerNature,
    EmployerSize,
    ReviewLevel,
)
from tenant_apps.employment.destinations.errors import DestinationErrorCode
from tenant_apps.employment.destinations.models import Destination, Evidence, ExportTemplate, Review
from tenant_apps.employment.students import parsing
from tenant_apps.employment.students.models import GraduateRecord
from tenant_apps.employment.students.selectors import settings_get

EDITABLE_FIELDS = (
    "category", "sub_code", "employer_name", "employer_credit_code", "employer_region", "employer_nature", "employer_size", "employer_founded_on",
    "employer_address", "job_title", "contract_start", "contract_end", "monthly_pay", "admitting_school", "country", "project_name", "shop_url", "notes",
)
DATE_FIELDS = ("employer_founded_on", "contract_start", "contract_end")
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = (".pdf", ".jpg", ".jpeg", ".png")


@dataclass
class DestinationInput:
    category: str
    values: dict = field(default_factory=dict)  # any of EDITABLE_FIELDS, as text or typed


def change_deadline(graduation_year: int) -> datetime.date:
    options = settings_get()
    return datetime.date(graduation_year, options.change_deadline_month, options.change_deadline_day)


def _check_window(record: GraduateRecord) -> None:
    deadline = change_deadline(record.graduation_year)
    if timezone.localdate() > deadline:
        raise ApplicationError(f"毕业去向变更已于 {deadline:%Y-%m-%d} 截止。", code=DestinationErrorCode.CHANGE_WINDOW_CLOSED, status=409)


def _check_actor(actor, record: GraduateRecord, *, on_behalf: bool) -> None:
    if on_behalf:
        if not actor.has_perm("employment_destinations.file_on_behalf"):
            raise PermissionDenied("没有代学生填报毕业去向的权限。")
    elif record.user_id != actor.pk:
        raise PermissionDenied("只能填报本人的毕业去向。")


def _clean_values(data: DestinationInput) -> dict:
    """Typed values for the model, with Chinese messages per field."""
    errors: dict[str, list[str]] = {}
    values: dict = {}
    if data.category not in CATEGORIES:
        raise ApplicationError("请选择毕业去向类别。", fields={"category": ["请选择。"]})
    for name in EDITABLE_FIELDS:
        if name == "category":
            continue
        raw = data.values.get(name)
        raw = raw.strip() if isinstance(raw, str) else raw
        if raw in (None, ""):
            values[name] = None if name in DATE_FIELDS + ("monthly_pay",) else ""
            continue
        try:
            if name in DATE_FIELDS:
                values[name] = raw if isinstance(raw, datetime.date) else parsing.date(str(raw))
            elif name == "monthly_pay":
                pay = int(str(raw).replace(",", ""))
                if pay < 0:
                    raise ValueError
                values[name] = pay
            elif name == "employer_credit_code":
                values[name] = normalise_credit_code(raw)
            elif name == "employer_region":
                values[name] = parsing.region_code(str(raw)) if not str(raw).startswith(("81", "82", "71")) else parsing.plain_number(str(raw))
            elif name == "employer_nature" and raw not in EmployerNature.values:
                raise ValueError("单位性质无效。")
            elif name == "employer_size" and raw not in EmployerSize.values:
                raise ValueError("单位规模无效。")
            else:
                values[name] = str(raw)
        except ValueError as exc:
            errors[name] = [str(exc) or "格式不正确。"]
        except (TypeError, ArithmeticError):
            errors[name] = ["格式不正确。"]
    if errors:
        raise ApplicationError("去向信息格式有误。", fields=errors)
    category = CATEGORIES[data.category]
    if category.sub_codes and values.get("sub_code") and values["sub_code"] not in dict(category.sub_codes):
        raise ApplicationError("去向细类代码与类别不符。", fields={"sub_code": ["请选择该类别下的细类。"]})
    values["category"] = data.category
    return values


def _record_locked(record: GraduateRecord) -> GraduateRecord:
    return GraduateRecord.objects.select_for_update().get(pk=record.pk)


def _destination_locked(record: GraduateRecord) -> Destination | None:
    return Destination.objects.select_for_update().filter(record=record).first()


def _state(destination: Destination | None) -> dict:
    return ledger.destination_state(destination)


def _write(*, actor, record: GraduateRecord, destination: Destination, action: str, before: dict, audit_extra: dict | None = None) -> Destination:
    try:
        destination.full_clean(exclude=["record", "filed_by"])
    except ValidationError as exc:
        raise ApplicationError("去向信息不完整或格式错误。", fields=exc.message_dict) from exc
    destination.save()
    after = _state(destination)
    ledger.ledger_append(record=record, action=action, actor=actor, before=before, after=after)
    changed = {k: after.get(k) for k in after if before.get(k) != after.get(k)}
    audit_record(actor=actor, action=f"destination.{action}", target=destination, before={k: before.get(k) for k in changed} if before else None,
                 after=changed | (audit_extra or {}), only_changes=False)
    return destination


def _store_evidence(destination: Destination, files, actor) -> None:
    for upload in files or []:
        name = getattr(upload, "name", "") or "evidence"
        if not name.lower().endswith(EVIDENCE_TYPES):
            raise ApplicationError("证明材料只接受 PDF、JPG、PNG 文件。", fields={"evidence": [f"{name}：文件类型不支持。"]})
        if upload.size > MAX_EVIDENCE_BYTES:
            raise ApplicationError("证明材料单个文件不能超过 10 MB。", fields={"evidence": [f"{name}：文件过大。"]})
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        evidence = Evidence(destination=destination, original_name=name[:200], sha256=digest.hexdigest(), uploaded_by=actor if getattr(actor, "pk", None) else None)
        evidence.file.save(name, upload, save=False)
        evidence.save()


@transaction.atomic
def destination_save(*, actor, record: GraduateRecord, data: DestinationInput, evidence_files=None, on_behalf: bool = False) -> Destination:
    """Save the destination as a draft (new, returned, or approved and now changed)."""
    record = _record_locked(record)
    _check_actor(actor, record, on_behalf=on_behalf)
    if not record.is_verified:
        raise ApplicationError("生源信息核验通过后才能填报毕业去向。", code=DestinationErrorCode.NOT_VERIFIED, status=409)
    _check_window(record)
    values = _clean_values(data)
    destination = _destination_locked(record)
    if destination is not None and destination.status in (DestinationStatus.SUBMITTED, DestinationStatus.COUNSELLOR_APPROVED, DestinationStatus.COLLEGE_APPROVED):
        raise Conflict("去向正在审核中，不能修改；如需修改请联系辅导员退回。", code=DestinationErrorCode.UNDER_REVIEW)
    before = _state(destination)
    creating = destination is None
    destination = destination or Destination(record=record)
    for name, value in values.items():
        setattr(destination, name, value)
    destination.status = DestinationStatus.DRAFT
    destination.filed_by = actor
    destination.is_filed_by_staff = on_behalf
    destination.confirmation, destination.confirmation_token, destination.approved_at = Confirmation.NONE, "", None
    if creating:
        destination.save()
    _store_evidence(destination, evidence_files, actor)
    return _write(actor=actor, record=record, destination=destination, action="filed_by_staff" if on_behalf else "draft", before=before)


def missing_requirements(destination: Destination, minimum_wage: int) -> dict[str, list[str]]:
    category = CATEGORIES[destination.category]
    errors: dict[str, list[str]] = {}
    for name in category.required:
        if getattr(destination, name) in (None, ""):
            if name == "employer_credit_code" and destination.country:
                continue  # a foreign employer (code 10 with an acceptance letter) has no credit code
            errors[name] = [f"{Destination._meta.get_field(name).verbose_name}必填。"]
    if category.sub_codes and not destination.sub_code:
        errors["sub_code"] = ["请选择去向细类。"]
    if category.needs_evidence and not destination.evidence.exists():
        errors["evidence"] = [f"请上传证明材料：{category.evidence_hint}。"]
    if category.needs_minimum_wage and destination.monthly_pay is not None and destination.monthly_pay < minimum_wage:
        errors["monthly_pay"] = [f"月收入不得低于当地最低工资标准 {minimum_wage} 元。"]
    if destination.category == "75" and not (destination.employer_credit_code or destination.shop_url):
        errors["employer_credit_code"] = ["请填写营业执照的统一社会信用代码，电商创业可填写网店地址。"]
    if destination.contract_start and destination.contract_end and destination.contract_end <= destination.contract_start:
        errors["contract_end"] = ["合同结束日期应晚于开始日期。"]
    return errors


@transaction.atomic
def destination_submit(*, actor, record: GraduateRecord, on_behalf: bool = False) -> Destination:
    """Submit the draft for the counsellor's review, after checking the category's requirements."""
    record = _record_locked(record)
    _check_actor(actor, record, on_behalf=on_behalf)
    _check_window(record)
    destination = _destination_locked(record)
    if destination is None or destination.status != DestinationStatus.DRAFT:
        raise ApplicationError("只有草稿可以提交。", code=DestinationErrorCode.NOT_EDITABLE, status=409)
    errors = missing_requirements(destination, settings_get().minimum_monthly_wage)
    if errors:
        code = DestinationErrorCode.BELOW_MINIMUM_WAGE if list(errors) == ["monthly_pay"] else DestinationErrorCode.INCOMPLETE
        raise ApplicationError("去向信息不完整，请补充后再提交。", code=code, fields=errors)
    before = _state(destination)
    destination.status, destination.submitted_at, destination.return_reason, destination.returned_by_level = DestinationStatus.SUBMITTED, timezone.now(), "", ""
    return _write(actor=actor, record=record, destination=destination, action="submit", before=before)


@transaction.atomic
def destination_review(*, actor, destination: Destination, level: str, approve: bool, reason: str = "") -> Destination:
    """One level's decision. The caller found `destination` inside the actor's data scope."""
    if level not in LEVEL_FLOW:
        raise ApplicationError("审核层级无效。", fields={"level": ["无效。"]})
    waiting, permission, next_status = LEVEL_FLOW[level]
    if not actor.has_perm(permission):
        raise PermissionDenied("没有该层级的审核权限。")
    record = _record_locked(destination.record)
    destination = _destination_locked(record)
    if destination is None or destination.status != waiting:
        raise Conflict("该去向不在本层级待审核状态（可能已被他人处理）。", code=DestinationErrorCode.NOT_AT_LEVEL)
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ApplicationError("退回时请填写原因。", fields={"reason": ["必填。"]})
    before = _state(destination)
    Review.objects.create(destination=destination, level=level, is_approved=approve, reason=reason[:500], reviewer=actor)
    if approve:
        destination.status = next_status
        if next_status == DestinationStatus.APPROVED:
            destination.approved_at = timezone.now()
            destination.confirmation = Confirmation.PENDING
            destination.confirmation_token = secrets.token_urlsafe(32)
    else:
        destination.status, destination.return_reason, destination.returned_by_level = DestinationStatus.RETURNED, reason[:500], level
    destination = _write(actor=actor, record=record, destination=destination, action=f"{'approve' if approve else 'return'}_{level}", before=before)
    if approve and destination.status == DestinationStatus.APPROVED:
        _notify_confirmation(record, destination)
    elif not approve:
        _notify(record, "毕业去向被退回", f"{record.name}同学，你填报的毕业去向被{ReviewLevel(level).label}退回：{reason}。请修改后重新提交。",
                "/h5/employment/destinations/")
    return destination


def _notify(record: GraduateRecord, subject: str, body: str, link: str) -> None:
    from tenant_apps.messaging.services import Recipient, message_send

    user = record.user
    recipient = Recipient(user_id=record.user_id, name=record.name, phone=record.phone, email=record.email, openid=getattr(user, "wechat_openid", "") if user else "")
    message_send(actor=None, subject=subject, body=body, channels=["wechat", "letter", "sms"], recipients=[recipient], source="employment", link=link)


def confirmation_link(destination: Destination) -> str:
    return f"/h5/employment/destinations/confirm/{destination.confirmation_token}/"


def _notify_confirmation(record: GraduateRecord, destination: Destination) -> None:
    """Straight to the student, not through the counsellor: confirm or dispute what was approved."""
    category = CATEGORIES[destination.category]
    _notify(record, "请确认你的毕业去向", f"{record.name}同学，学校已审核通过你的毕业去向：{category.code} {category.label}"
            f"{('（' + destination.employer_name + '）') if destination.employer_name else ''}。请点击链接确认；如与事实不符，可直接向学校提出异议。",
            confirmation_link(destination))


def destination_by_token(token: str) -> Destination:
    destination = Destination.objects.select_related("record").filter(confirmation_token=token).first() if token else None
    if destination is None:
        raise NotFound("链接无效或已过期。", code=DestinationErrorCode.LINK_INVALID)
    return destination


@transaction.atomic
def destination_confirm(*, token: str, agree: bool, text: str = "") -> Destination:
    """The student's answer through the direct link: confirm, or dispute in their own words."""
    found = destination_by_token(token)
    record = _record_locked(found.record)
    destination = _destination_locked(record)
    if destination.status != DestinationStatus.APPROVED or destination.confirmation != Confirmation.PENDING:
        raise Conflict("该去向当前无需确认。", code=DestinationErrorCode.LINK_INVALID)
    text = (text or "").strip()
    if not agree and not text:
        raise ApplicationError("请写明与事实不符之处。", fields={"text": ["必填。"]})
    before = _state(destination)
    destination.confirmation = Confirmation.CONFIRMED if agree else Confirmation.DISPUTED
    destination.dispute_text = "" if agree else text[:1000]
    actor = record.user
    return _write(actor=actor, record=record, destination=destination, action="student_confirm" if agree else "student_dispute", before=before)


@transaction.atomic
def dispute_resolve(*, actor, destination: Destination, uphold: bool, resolution: str) -> Destination:
    """University level: the student is right (the destination goes back to be corrected) or not."""
    if not actor.has_perm("employment_destinations.review_university"):
        raise PermissionDenied("只有学校层级可以处理异议。")
    record = _record_locked(destination.record)
    destination = _destination_locked(record)
    if destination is None or destination.confirmation != Confirmation.DISPUTED:
        raise Conflict("该去向没有待处理的异议。", code=DestinationErrorCode.NOT_DISPUTED)
    resolution = (resolution or "").strip()
    if not resolution:
        raise ApplicationError("请填写处理意见。", fields={"resolution": ["必填。"]})
    before = _state(destination)
    destination.confirmation, destination.dispute_resolution = Confirmation.RESOLVED, resolution[:500]
    if uphold:
        destination.status, destination.return_reason, destination.returned_by_level = DestinationStatus.RETURNED, f"学生异议成立：{resolution}"[:500], ReviewLevel.UNIVERSITY
        destination.approved_at = None
    return _write(actor=actor, record=record, destination=destination, action="dispute_upheld" if uphold else "dispute_dismissed", before=before)


@transaction.atomic
def evidence_remove(*, actor, evidence: Evidence, on_behalf: bool = False) -> None:
    record = _record_locked(evidence.destination.record)
    _check_actor(actor, record, on_behalf=on_behalf)
    _check_window(record)
    destination = _destination_locked(record)
    if destination.status != DestinationStatus.DRAFT:
        raise Conflict("只有草稿可以删除证明材料。", code=DestinationErrorCode.NOT_EDITABLE)
    before = _state(destination)
    Evidence.objects.filter(pk=evidence.pk).delete()
    _write(actor=actor, record=record, destination=destination, action="evidence_remove", before=before)


# --- export templates ---------------------------------------------------------------------------


@transaction.atomic
def export_template_save(*, actor, name: str, columns: list[tuple[str, str]], template: ExportTemplate | None = None) -> ExportTemplate:
    from tenant_apps.employment.destinations.exports import EXPORT_COLUMNS

    name = (name or "").strip()
    if not name:
        raise ApplicationError("请填写模板名称。", fields={"name": ["必填。"]})
    cleaned = [[key, (header or "").strip() or EXPORT_COLUMNS[key][0]] for key, header in columns if key in EXPORT_COLUMNS]
    if not cleaned:
        raise ApplicationError("请至少选择一列。", fields={"columns": ["请选择列。"]})
    if ExportTemplate.objects.filter(owner=actor, name=name).exclude(pk=getattr(template, "pk", None)).exists():
        raise Conflict("已有同名模板。", fields={"name": ["已有同名模板。"]})
    template = template or ExportTemplate(owner=actor)
    if template.owner_id != actor.pk:
        raise PermissionDenied("只能修改自己的导出模板。")
    template.name, template.columns = name, cleaned
    template.full_clean()
    template.save()
    audit_record(actor=actor, action="destination.export_template_save", target=template, after={"name": name, "columns": cleaned}, only_changes=False)
    return template


@transaction.atomic
def export_template_delete(*, actor, template: ExportTemplate) -> None:
    if template.owner_id != actor.pk:
        raise PermissionDenied("只能删除自己的导出模板。")
    audit_record(actor=actor, action="destination.export_template_delete", target=template, before={"name": template.name}, only_changes=False)
    template.delete()


# --- the cohort leaves ---------------------------------------------------------------------------


def cohort_graduate_with_destinations(*, actor, graduation_year: int) -> int:
    """`students.services.cohort_graduate` with each graduate's approved destination (code,
    label, employer or school) in the payload, for the alumni module."""
    from tenant_apps.employment.students.services import cohort_graduate

    destinations = {
        d.record_id: {"category": d.category, "category_label": CATEGORIES[d.category].label, "employer_name": d.employer_name,
                      "admitting_school": d.admitting_school, "country": d.country}
        for d in Destination.objects.filter(record__graduation_year=graduation_year, status=DestinationStatus.APPROVED)
    }
    return cohort_graduate(actor=actor, graduation_year=graduation_year, destinations=destinations)
