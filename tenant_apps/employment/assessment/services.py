"""Writes of career assessment: a student's submitted answers scored into a result, and the
school's licensed item bank (uploaded, validated, switched on or off)."""

from __future__ import annotations

from django.db import transaction

from core.audit import audit_record
from core.errors import ApplicationError, NotFound, PermissionDenied
from tenant_apps.accounts.models import OrgUnit
from tenant_apps.employment.assessment import selectors
from tenant_apps.employment.assessment.banks import BankInvalid, parse_bank
from tenant_apps.employment.assessment.errors import AssessmentErrorCode
from tenant_apps.employment.assessment.instruments import MBTI, InvalidAnswers
from tenant_apps.employment.assessment.models import AssessmentResult, LicensedBank

TAKERS = ("student", "alumnus")


def _placement(user) -> tuple[str, str]:
    """(college, major) names of the user's org unit and its ancestors."""
    unit = user.org_unit
    if unit is None:
        return "", ""
    ids = [int(part) for part in unit.path.strip("/").split("/") if part.isdigit()] or [unit.pk]
    names = {kind: name for kind, name in OrgUnit.objects.filter(pk__in=ids).values_list("kind", "name")}
    return names.get("college", ""), names.get("major", "")


@transaction.atomic
def result_submit(*, student, instrument_code: str, answers: dict) -> AssessmentResult:
    """Score the answers and keep the result (the earlier result of the same instrument stays,
    no longer the latest)."""
    if getattr(student, "kind", "") not in TAKERS:
        raise PermissionDenied("测评结果只为学生保存。", code=AssessmentErrorCode.STUDENTS_ONLY)
    instrument = selectors.instrument_get(code=instrument_code)
    if instrument is None:
        raise NotFound("该测评暂未开放。", code=AssessmentErrorCode.INSTRUMENT_UNAVAILABLE)
    answers = {str(k): v for k, v in (answers or {}).items()}
    try:
        outcome = instrument.score(answers)
    except InvalidAnswers as exc:
        raise ApplicationError(str(exc), code=AssessmentErrorCode.INVALID_ANSWERS, fields={"answers": [str(exc)]}) from None
    kept = {item.id: answers[item.id] for item in instrument.items}
    college, major = _placement(student)
    AssessmentResult.objects.filter(student=student, instrument=instrument.code, is_latest=True).update(is_latest=False)
    result = AssessmentResult.objects.create(student=student, instrument=instrument.code, bank_id=getattr(instrument, "bank_id", None), answers=kept,
                                             scores=outcome.scores, code=outcome.code, org_unit=student.org_unit, college_name=college, major_name=major)
    audit_record(actor=student, action="assessment.submit", target=result, after={"instrument": result.instrument, "code": result.code}, only_changes=False)
    return result


@transaction.atomic
def bank_upload(*, actor, raw: bytes, instrument: str = MBTI) -> LicensedBank:
    """Validate and store a licensed bank; it replaces the active one of the instrument."""
    try:
        content = parse_bank(raw)
    except BankInvalid as exc:
        raise ApplicationError("题库文件不符合格式：" + "；".join(exc.errors[:5]), code=AssessmentErrorCode.INVALID_BANK,
                               fields={"file": exc.errors}) from None
    LicensedBank.objects.filter(instrument=instrument, is_active=True).update(is_active=False)
    bank = LicensedBank(instrument=instrument, name=content["name"], licence_holder=content["licence"]["holder"],
                        licence_reference=content["licence"]["reference"], valid_until=content["licence"]["valid_until"], content=content,
                        item_count=len(content["items"]), uploaded_by=actor)
    bank.full_clean(exclude=["uploaded_by"])
    bank.save()
    audit_record(actor=actor, action="assessment.bank_upload", target=bank, after={"name": bank.name, "items": bank.item_count,
                                                                                   "licence": bank.licence_reference}, only_changes=False)
    return bank


@transaction.atomic
def bank_set_active(*, actor, bank: LicensedBank, is_active: bool) -> LicensedBank:
    bank = LicensedBank.objects.select_for_update().get(pk=bank.pk)
    if is_active:
        LicensedBank.objects.filter(instrument=bank.instrument, is_active=True).exclude(pk=bank.pk).update(is_active=False)
    bank.is_active = is_active
    bank.save(update_fields=["is_active"])
    audit_record(actor=actor, action="assessment.bank_activate" if is_active else "assessment.bank_deactivate", target=bank,
                 after={"is_active": is_active}, only_changes=False)
    return bank
