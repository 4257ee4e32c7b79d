"""Writes of graduate records: import rows, student accounts, verification, reminders and the
cohort handed to other modules. Every service takes the actor and writes one audit event."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.audit import audit_record, audit_record_many, snapshot
from core.crypto import blind_index
from core.errors import ApplicationError, PermissionDenied
from core.hooks import publish
from core.limits import limit_check, limits_for_current_tenant
from tenant_apps.accounts.enums import OrgUnitKind, UserKind
from tenant_apps.accounts.models import OrgUnit, User
from tenant_apps.accounts.services import org_unit_save, user_update
from tenant_apps.employment.students import parsing
from tenant_apps.employment.students.enums import (
    SPONSORED_MODES,
    CorrectionStatus,
    VerificationStatus,
)
from tenant_apps.employment.students.errors import StudentsErrorCode
from tenant_apps.employment.students.models import (
    EmploymentSettings,
    GraduateRecord,
    RecordCorrection,
)
from tenant_apps.employment.students.selectors import pending_correction, unit_names

COHORT_GRADUATED = "employment.cohort_graduated"

RECORD_FIELDS = [
    "graduation_year", "student_number", "exam_number", "name", "id_number", "gender", "ethnicity", "political_status", "education",
    "major_code", "major_name", "training_mode", "sponsor_unit", "sponsor_region", "origin_region", "years_of_study", "enrolled_on",
    "graduates_on", "normal_category", "hardship_category", "phone", "email",
]
# What a student may ask to correct (values are re-validated with the import's parsers).
CORRECTABLE_FIELDS = {
    "exam_number": ("考生号", parsing.plain_number), "name": ("姓名", parsing.name), "id_number": ("身份证号", parsing.id_number),
    "gender": ("性别", parsing.gender), "ethnicity": ("民族", parsing.ethnicity), "political_status": ("政治面貌", parsing.political_status),
    "origin_region": ("生源所在地", parsing.region_code), "phone": ("手机号", parsing.phone), "email": ("电子邮箱", parsing.email),
    "hardship_category": ("困难生类别", parsing.hardship_category), "normal_category": ("师范生类别", parsing.normal_category),
}


def _clean(instance) -> None:
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise ApplicationError("信息不完整或格式错误。", fields=exc.message_dict) from exc


# --- settings ---------------------------------------------------------------------------------


@transaction.atomic
def settings_save(*, actor, change_deadline_month: int, change_deadline_day: int, archive_needs_student_confirmation: bool, school_code: str = "",
                  minimum_monthly_wage: int | None = None) -> EmploymentSettings:
    try:
        datetime.date(2024, change_deadline_month, change_deadline_day)
    except (TypeError, ValueError):
        raise ApplicationError("去向变更截止日期不存在。", fields={"change_deadline_day": ["日期不存在。"]}) from None
    if school_code and not (school_code.isdigit() and len(school_code) == 5):
        raise ApplicationError("院校代码应为 5 位数字。", fields={"school_code": ["应为 5 位数字。"]})
    current = EmploymentSettings.objects.select_for_update().order_by("pk").first() or EmploymentSettings()
    before = snapshot(current) if current.pk else None
    current.change_deadline_month, current.change_deadline_day = change_deadline_month, change_deadline_day
    current.archive_needs_student_confirmation, current.school_code = archive_needs_student_confirmation, school_code
    if minimum_monthly_wage is not None:
        current.minimum_monthly_wage = minimum_monthly_wage
    _clean(current)
    current.save()
    audit_record(actor=actor, action="employment.settings_save", target=current, before=before, after=snapshot(current), only_changes=before is not None)
    return current


# --- import -----------------------------------------------------------------------------------


def _unit(name: str, kind: str, parent: OrgUnit | None, code: str = "") -> OrgUnit:
    unit = OrgUnit.objects.filter(name=name, parent=parent).first()
    if unit is None:
        unit = org_unit_save(actor=None, name=name, kind=kind, parent=parent, code=code)
    return unit


def class_unit_ensure(*, college: str, major: str, major_code: str, class_name: str) -> OrgUnit:
    """The class node of the org tree (college → major → class), created when missing."""
    found = (OrgUnit.objects.filter(name=class_name, kind=OrgUnitKind.CLASS, parent__name=major, parent__parent__name=college, parent__parent__parent__isnull=True)
             .first())
    if found is not None:
        return found
    college_unit = _unit(college, OrgUnitKind.COLLEGE, None)
    major_unit = _unit(major, OrgUnitKind.MAJOR, college_unit, major_code)
    return _unit(class_name, OrgUnitKind.CLASS, major_unit)


def _row_problem(values: dict) -> tuple[str | None, int | None]:
    year = values.get("graduation_year") or (values["graduates_on"].year if values.get("graduates_on") else None)
    if not year:
        return "毕业年份：缺少毕业年份（或毕业时间）", None
    if values.get("training_mode") in SPONSORED_MODES and not values.get("sponsor_unit"):
        return "定向委培单位：定向、委培生须填写定向/委培单位", year
    return None, year


def graduates_import_batch(*, actor, rows: list[tuple[int, dict]]) -> dict[int, tuple[str | None, dict | None]]:
    """A chunk of parsed roster rows, saved together (a 10,000-row roster must import within a
    minute): create records or update the one with this 学号 (or, when the 学号 changed, this ID
    number); each new graduate gets a student account (username = 学号, no password until the
    student binds in the H5) in the class node. Re-importing a corrected file never duplicates.
    Returns row number -> (reason it was rejected, or None; result row)."""
    outcomes: dict[int, tuple[str | None, dict | None]] = {}
    staged: list[tuple[int, dict, int]] = []
    for number, values in rows:
        problem, year = _row_problem(values)
        if problem:
            outcomes[number] = (problem, None)
        else:
            staged.append((number, values, year))
    if not staged:
        return outcomes
    units: dict[tuple, OrgUnit] = {}
    for _, values, _ in staged:
        key = (values["college"], values["major_name"], values["major_code"], values["class_name"])
        if key not in units:
            units[key] = class_unit_ensure(college=key[0], major=key[1], major_code=key[2], class_name=key[3])
    numbers = [values["student_number"] for _, values, _ in staged]
    hashes = {blind_index(values["id_number"]) for _, values, _ in staged}
    existing = list(GraduateRecord.objects.select_for_update(of=("self",)).select_related("user")
                    .filter(Q(student_number__in=numbers) | Q(id_number_hash__in=hashes)))
    by_number = {r.student_number: r for r in existing}
    by_hash: dict[tuple[str, int], list[GraduateRecord]] = {}
    for r in existing:
        by_hash.setdefault((r.id_number_hash, r.graduation_year), []).append(r)
    taken_usernames = set(User.objects.filter(username__in=numbers).values_list("username", flat=True))
    creates: list[tuple[int, GraduateRecord]] = []
    updates: list[tuple[int, GraduateRecord, dict, dict]] = []
    for number, values, year in staged:
        id_hash = blind_index(values["id_number"])
        record = by_number.get(values["student_number"]) or next(iter(by_hash.get((id_hash, year), [])), None)
        if any(other.pk != getattr(record, "pk", None) for other in by_hash.get((id_hash, year), [])):
            outcomes[number] = ("身份证号：与本届另一名毕业生重复", None)
            continue
        creating = record is None
        if creating and values["student_number"] in taken_usernames:
            outcomes[number] = ("学号：已被其他账号使用", None)
            continue
        record = record or GraduateRecord()
        before = None if creating else snapshot(record, RECORD_FIELDS + ["org_unit"])
        for field in RECORD_FIELDS:
            if field in values or field == "graduation_year":
                value = year if field == "graduation_year" else values.get(field)
                setattr(record, field, GraduateRecord._meta.get_field(field).get_default() if value is None else value)
        record.org_unit = units[(values["college"], values["major_name"], values["major_code"], values["class_name"])]
        record.id_number_hash = id_hash
        try:  # uniqueness is checked above and by the database; field formats here
            record.full_clean(exclude=["user", "org_unit"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            outcomes[number] = ("；".join(f"{k}：{'；'.join(v)}" for k, v in exc.message_dict.items()), None)
            continue
        if creating:
            creates.append((number, record))
        else:
            after = snapshot(record, RECORD_FIELDS + ["org_unit"])
            updates.append((number, record, before, after))
    if creates:
        limits = limits_for_current_tenant()
        if "students" in limits:
            limit_check(key="students", current_count=User.objects.filter(is_active=True, kind=UserKind.STUDENT).count(), adding=len(creates))
        accounts = []
        for _, record in creates:
            account = User(username=record.student_number, display_name=record.name, kind=UserKind.STUDENT, org_unit=record.org_unit)
            account.set_unusable_password()
            accounts.append(account)
        User.objects.bulk_create(accounts)
        for (_, record), account in zip(creates, accounts, strict=True):
            record.user = account
        GraduateRecord.objects.bulk_create([record for _, record in creates])
        audit_record_many(actor=actor, action="graduate.import_create", targets=[record for _, record in creates], after={"source": "import"})
        audit_record_many(actor=actor, action="user.create", targets=accounts, after={"kind": UserKind.STUDENT, "source": "graduate_import"})
        for number, record in creates:
            outcomes[number] = (None, {"student_number": record.student_number, "name": record.name, "result": "新增"})
    changed = [(number, record, before, after) for number, record, before, after in updates if before != after]
    if changed:
        GraduateRecord.objects.bulk_update([record for _, record, _, _ in changed], RECORD_FIELDS + ["org_unit", "id_number_hash"])
        moved = []
        for _, record, _, _ in changed:
            account = record.user
            if account and (account.display_name != record.name or account.org_unit_id != record.org_unit_id or account.username != record.student_number):
                account.display_name, account.org_unit, account.username = record.name, record.org_unit, record.student_number
                moved.append(account)
        if moved:
            User.objects.bulk_update(moved, ["display_name", "org_unit", "username"])
        for _, record, before, after in changed:
            audit_record(actor=actor, action="graduate.import_update", target=record, before=before, after=after)
    for number, record, before, after in updates:
        outcomes[number] = (None, {"student_number": record.student_number, "name": record.name, "result": "更新" if before != after else "无变化"})
    return outcomes


def graduate_import_row(*, actor, values: dict) -> dict:
    """One roster row (the import engine's one-row path): graduates_import_batch of one."""
    reason, result = graduates_import_batch(actor=actor, rows=[(0, values)])[0]
    if reason:
        raise ApplicationError(reason, code=StudentsErrorCode.DUPLICATE_ID_NUMBER if "重复" in reason else None)
    return result


# --- verification ---------------------------------------------------------------------------


def _own_record(actor, record: GraduateRecord) -> None:
    if record.user_id != getattr(actor, "pk", None):
        raise PermissionDenied("只能核验本人的生源信息。")
    if record.verification_status not in (VerificationStatus.PENDING, VerificationStatus.RETURNED):
        raise ApplicationError("当前状态不能再次提交核验。", code=StudentsErrorCode.RECORD_NOT_VERIFIABLE)


@transaction.atomic
def record_confirm(*, actor, record: GraduateRecord) -> GraduateRecord:
    """The student says every field is right; the counsellor then approves or returns."""
    record = GraduateRecord.objects.select_for_update().get(pk=record.pk)
    _own_record(actor, record)
    before = snapshot(record, ["verification_status"])
    record.verification_status = VerificationStatus.CONFIRMED
    record.return_reason = ""
    record.save(update_fields=["verification_status", "return_reason", "updated_at"])
    audit_record(actor=actor, action="graduate.confirm", target=record, before=before, after=snapshot(record, ["verification_status"]))
    return record


@transaction.atomic
def correction_request(*, actor, record: GraduateRecord, changes: dict[str, str], explanation: str, evidence=None) -> RecordCorrection:
    """The student asks to correct fields, with the reason and (optionally) evidence."""
    record = GraduateRecord.objects.select_for_update().get(pk=record.pk)
    _own_record(actor, record)
    cleaned: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for field, raw in (changes or {}).items():
        raw = str(raw or "").strip()
        if field not in CORRECTABLE_FIELDS or not raw:
            continue
        label, parser = CORRECTABLE_FIELDS[field]
        try:
            value = str(parser(raw))
        except ValueError as exc:
            errors[field] = [str(exc)]
            continue
        if value != str(getattr(record, field) or ""):
            cleaned[field] = value
    if errors:
        raise ApplicationError("更正内容有误。", fields=errors)
    if not cleaned:
        raise ApplicationError("请填写需要更正的内容（与现有信息不同）。", code=StudentsErrorCode.CORRECTION_EMPTY, fields={"changes": ["没有更正内容。"]})
    if not (explanation or "").strip():
        raise ApplicationError("请说明更正原因。", fields={"explanation": ["必填。"]})
    correction = RecordCorrection(record=record, changes=cleaned, explanation=explanation.strip()[:500])
    if evidence is not None:
        correction.evidence.save(getattr(evidence, "name", "evidence"), evidence, save=False)
    _clean(correction)
    correction.save()
    record.verification_status = VerificationStatus.CORRECTION
    record.save(update_fields=["verification_status", "updated_at"])
    audit_record(actor=actor, action="graduate.correction_request", target=record, after={"fields": sorted(cleaned)}, only_changes=False)
    return correction


@transaction.atomic
def record_review(*, actor, record: GraduateRecord, approve: bool, reason: str = "") -> GraduateRecord:
    """The counsellor decides: approve (a pending correction is applied) or return with a reason."""
    record = GraduateRecord.objects.select_for_update().get(pk=record.pk)
    if record.verification_status not in (VerificationStatus.CONFIRMED, VerificationStatus.CORRECTION):
        raise ApplicationError("该学生没有待审核的核验。", code=StudentsErrorCode.NOTHING_TO_REVIEW)
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ApplicationError("退回时请填写原因。", fields={"reason": ["必填。"]})
    before = snapshot(record, RECORD_FIELDS + ["verification_status"])
    correction = pending_correction(record)
    now = timezone.now()
    if correction is not None:
        correction.status = CorrectionStatus.APPROVED if approve else CorrectionStatus.RETURNED
        correction.decided_by, correction.decided_at, correction.decision_reason = actor, now, reason[:500]
        correction.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
        if approve:
            for field, value in correction.changes.items():
                setattr(record, field, value)
    if approve:
        record.verification_status, record.verified_at, record.verified_by, record.return_reason = VerificationStatus.VERIFIED, now, actor, ""
    else:
        record.verification_status, record.return_reason = VerificationStatus.RETURNED, reason[:500]
    _clean(record)
    record.save()
    if approve and correction is not None and record.user_id and "name" in correction.changes:
        user_update(actor=actor, user=record.user, data={"display_name": record.name})
    audit_record(actor=actor, action="graduate.verify" if approve else "graduate.return", target=record, before=before,
                 after=snapshot(record, RECORD_FIELDS + ["verification_status"]) | ({"reason": reason} if reason else {}))
    if not approve:
        _notify(record, "生源信息核验被退回", f"{record.name}同学，你的生源信息核验被退回：{reason}。请重新核对后提交。")
    return record


def _recipient(record: GraduateRecord):
    from tenant_apps.messaging.services import Recipient

    user = record.user
    return Recipient(user_id=record.user_id, name=record.name, phone=record.phone, email=record.email, openid=getattr(user, "wechat_openid", "") if user else "")


def _notify(record: GraduateRecord, subject: str, body: str, link: str = "/h5/employment/students/") -> None:
    from tenant_apps.messaging.services import message_send

    message_send(actor=None, subject=subject, body=body, channels=["wechat", "letter", "sms"], recipients=[_recipient(record)], source="employment", link=link)


@transaction.atomic
def verification_remind(*, actor, records) -> int:
    """Remind graduates who have not verified (or were returned), through the gateway."""
    from tenant_apps.messaging.services import message_send

    targets = [r for r in records.select_related("user") if r.verification_status in (VerificationStatus.PENDING, VerificationStatus.RETURNED)]
    if not targets:
        raise ApplicationError("所选范围内没有需要提醒的学生。", code=StudentsErrorCode.NOTHING_TO_REMIND)
    message_send(
        actor=actor, subject="请核对你的生源信息", channels=["wechat", "letter", "sms"], recipients=[_recipient(r) for r in targets], source="employment",
        body="同学你好：请尽快在微信公众号“就业管理-生源信息核验”中核对本人生源信息，核验通过后才能填报毕业去向。", link="/h5/employment/students/",
    )
    GraduateRecord.objects.filter(pk__in=[r.pk for r in targets]).update(reminded_at=timezone.now())
    audit_record(actor=actor, action="graduate.remind", object_type="employment_students.graduaterecord", object_label="核验提醒",
                 after={"count": len(targets)}, only_changes=False)
    return len(targets)


# --- the cohort leaves -------------------------------------------------------------------------


def cohort_payload(record: GraduateRecord, destination: dict | None = None) -> dict:
    college, major, class_name = unit_names(record)
    return {
        "student_number": record.student_number, "name": record.name, "gender": record.gender, "id_number": record.id_number,
        "graduation_year": record.graduation_year, "education": record.education, "college": college, "major": major, "major_code": record.major_code,
        "class_name": class_name, "phone": record.phone, "email": record.email, "origin_region": record.origin_region, "user_id": record.user_id,
        "destination": destination or {},
        "share_contact": False,  # no consent to pass phone/e-mail on is collected yet
    }


@transaction.atomic
def cohort_graduate(*, actor, graduation_year: int, destinations: dict[int, dict] | None = None) -> int:
    """Offer a cohort's verified records to whoever listens (the alumni module): publishes
    `employment.cohort_graduated` with `graduation_year`, `records` (see cohort_payload) and
    `actor`. Returns the number of records handed over."""
    records = list(GraduateRecord.objects.filter(graduation_year=graduation_year, verification_status=VerificationStatus.VERIFIED)
                   .select_related("org_unit__parent__parent").order_by("student_number"))
    if not records:
        raise ApplicationError("该届没有已核验的毕业生。", code=StudentsErrorCode.NO_RECORD)
    payload = [cohort_payload(r, (destinations or {}).get(r.pk)) for r in records]
    audit_record(actor=actor, action="graduate.cohort_graduated", object_type="employment_students.graduaterecord", object_label=f"{graduation_year} 届",
                 after={"graduation_year": graduation_year, "count": len(payload)}, only_changes=False)
    publish(COHORT_GRADUATED, graduation_year=graduation_year, records=payload, actor=actor)
    return len(payload)
