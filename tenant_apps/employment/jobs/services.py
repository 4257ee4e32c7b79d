"""Writes of jobs and announcements: drafting, the linter at submission, the review (same
states and rules as employers), expiry, closing when the employer loses its standing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import audit_record, snapshot
from core.errors import ApplicationError, Conflict, PermissionDenied
from tenant_apps.employment.employers.enums import PROVINCES, ListKind
from tenant_apps.employment.employers.models import Employer, EmployerListEntry, RecruitmentSettings
from tenant_apps.employment.employers.search import index_text
from tenant_apps.employment.employers.services import employer_job_approved
from tenant_apps.employment.jobs import linter
from tenant_apps.employment.jobs.enums import AnnouncementStatus, JobStatus
from tenant_apps.employment.jobs.errors import JobErrorCode
from tenant_apps.employment.jobs.models import Announcement, Job, JobComment, JobTag

AUDIT_FIELDS = ["title", "kind", "headcount", "education", "place_code", "salary_min", "salary_max", "valid_until", "status",
                "decline_reason", "closed_reason"]
LINTED_FIELDS = {"title": "职位名称", "majors": "专业要求", "conditions": "招聘条件", "duties": "工作内容"}


@dataclass
class JobInput:
    title: str
    kind: str
    headcount: int
    conditions: str
    duties: str
    place_code: str
    place_name: str
    salary_min: int
    salary_max: int
    valid_until: datetime.date
    education: str = "bachelor"
    majors: str = ""
    target_unit_ids: list[int] = field(default_factory=list)


def job_lint(*, data: dict[str, str], employer_nature: str = "") -> list[linter.Hit]:
    """The linter over the free-text fields of a posting (used live while typing, too)."""
    return linter.lint_posting({name: (label, str(data.get(name, "") or "")) for name, label in LINTED_FIELDS.items()},
                               employer_nature=employer_nature)


def _check_input(data: JobInput) -> None:
    errors: dict[str, list[str]] = {}
    if not (len(data.place_code or "") == 6 and data.place_code.isdigit() and data.place_code[:2] in PROVINCES):
        errors["place_code"] = ["请填写 6 位行政区划代码（GB/T 2260），如 110108。"]
    if data.salary_min is None or data.salary_max is None or data.salary_min <= 0 or data.salary_max < data.salary_min:
        errors["salary_max"] = ["请填写月薪范围，上限不低于下限。"]
    if data.valid_until is None or data.valid_until < timezone.localdate():
        errors["valid_until"] = ["截止日期不能早于今天。"]
    elif data.valid_until > timezone.localdate() + datetime.timedelta(days=366):
        errors["valid_until"] = ["有效期不能超过一年。"]
    if errors:
        raise ApplicationError("职位信息有误：" + "；".join(m for ms in errors.values() for m in ms), fields=errors)


def _apply(job: Job, data: JobInput) -> None:
    for name in ("title", "kind", "headcount", "conditions", "duties", "place_code", "place_name", "salary_min", "salary_max",
                 "valid_until", "education", "majors"):
        value = getattr(data, name)
        setattr(job, name, value.strip() if isinstance(value, str) else value)


def _index(job: Job) -> None:
    job.search_text = index_text([job.title, job.employer.name, job.place_name, job.majors, job.conditions[:600], job.duties[:600]])


def _full_clean(job: Job) -> None:
    try:
        job.full_clean(exclude=["employer", "reviewed_by", "created_by"])
    except ValidationError as exc:
        raise ApplicationError("职位信息不完整或格式错误。", fields=exc.message_dict) from exc


def _check_employer_may_post(employer: Employer) -> None:
    if EmployerListEntry.objects.filter(kind=ListKind.BLACK, credit_code=employer.credit_code).exists():
        raise PermissionDenied("单位在黑名单中，不能发布招聘信息。", code=JobErrorCode.EMPLOYER_NOT_PERMITTED)
    if not (employer.is_approved and employer.can_post_jobs):
        raise PermissionDenied("单位通过学校审核并开通“发布职位”权限后才能提交职位。", code=JobErrorCode.EMPLOYER_NOT_PERMITTED)


@transaction.atomic
def job_save(*, actor, employer: Employer, data: JobInput, job: Job | None = None) -> Job:
    """Create or edit a posting as a draft (or, for a posting already under review or published,
    send it back to review after the edit)."""
    _check_input(data)
    creating = job is None
    if not creating:
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.employer_id != employer.pk:
            raise PermissionDenied("不能修改其他单位的职位。")
        if job.status in (JobStatus.CLOSED, JobStatus.EXPIRED):
            raise Conflict("已关闭或过期的职位不能修改，请新建职位。", code=JobErrorCode.INVALID_STATE)
    job = job or Job(employer=employer, created_by=actor)
    before = None if creating else snapshot(job, AUDIT_FIELDS)
    _apply(job, data)
    _index(job)
    _full_clean(job)
    if job.status in (JobStatus.APPROVED, JobStatus.PENDING, JobStatus.IN_PROGRESS):
        hits = [hit.as_dict() for hit in job_lint(data=job.__dict__, employer_nature=employer.nature)]
        if linter.blocking(hits):
            raise ApplicationError("职位中有不符合反就业歧视规定的用语，请按提示修改。", code=JobErrorCode.DISCRIMINATORY_WORDING,
                                   fields={"lint": [f"{hit['field_label']}：“{hit['match']}” {hit['title']}" for hit in linter.blocking(hits)]})
        job.lint_hits = hits
        if job.status == JobStatus.APPROVED:
            job.status, job.submitted_at = JobStatus.PENDING, timezone.now()  # a published posting that changes is reviewed again
    job.save()
    job.target_units.set(data.target_unit_ids or [])
    audit_record(actor=actor, action="job.create" if creating else "job.update", target=job, before=before, after=snapshot(job, AUDIT_FIELDS),
                 only_changes=not creating)
    return job


def _auto_approval(job: Job, employer: Employer) -> bool:
    """Never for a new employer's first job, nor for a posting with any linter hit."""
    if not employer.has_approved_job or job.lint_hits:
        return False
    settings = RecruitmentSettings.current()
    if EmployerListEntry.objects.filter(kind=ListKind.RISK, credit_code=employer.credit_code).exists():
        return False
    white = settings.auto_approve_white_list and EmployerListEntry.objects.filter(kind=ListKind.WHITE, credit_code=employer.credit_code).exists()
    return settings.auto_approve_jobs or employer.nature in settings.auto_approve_natures or white


@transaction.atomic
def job_submit(*, actor, job: Job) -> Job:
    """Submit for review. The linter runs first: "block" hits refuse the submission with their
    explanations; "review" hits go with the posting to the reviewer."""
    job = Job.objects.select_for_update().select_related("employer").get(pk=job.pk)
    employer = job.employer
    _check_employer_may_post(employer)
    if job.status not in (JobStatus.DRAFT, JobStatus.DECLINED):
        raise Conflict("只有草稿或未通过的职位可以提交。", code=JobErrorCode.INVALID_STATE)
    if job.status == JobStatus.DECLINED:
        if not job.may_request_again:
            raise Conflict("该职位再次申请的机会已用过。", code=JobErrorCode.REQUEST_AGAIN_USED)
        job.may_request_again = False
    if job.valid_until < timezone.localdate():
        raise ApplicationError("截止日期已过，请修改后再提交。", code=JobErrorCode.INVALID_DEADLINE, fields={"valid_until": ["已过期。"]})
    hits = job_lint(data=job.__dict__, employer_nature=employer.nature)
    if linter.blocking(hits):
        raise ApplicationError("职位中有不符合反就业歧视规定的用语，请按提示修改后再提交。", code=JobErrorCode.DISCRIMINATORY_WORDING,
                               fields={"lint": [f"{hit.field_label}：“{hit.match}” {hit.title}" for hit in linter.blocking(hits)]})
    before = snapshot(job, AUDIT_FIELDS)
    job.lint_hits = [hit.as_dict() for hit in hits]
    now = timezone.now()
    job.submitted_at, job.decline_reason = now, ""
    if _auto_approval(job, employer):
        job.status, job.approved_at, job.reviewed_at, job.is_auto_approved = JobStatus.APPROVED, now, now, True
    else:
        job.status = JobStatus.PENDING
    job.save()
    audit_record(actor=actor, action="job.submit", target=job, before=before, after=snapshot(job, AUDIT_FIELDS) | {"lint_hits": len(hits)})
    return job


@transaction.atomic
def job_comment_add(*, actor, job: Job, body: str, from_school: bool) -> JobComment:
    body = (body or "").strip()
    if not body:
        raise ApplicationError("请填写内容。", fields={"body": ["必填。"]})
    job = Job.objects.select_for_update().get(pk=job.pk)
    comment = JobComment.objects.create(job=job, author=actor, is_from_school=from_school, body=body[:2000])
    if from_school and job.status == JobStatus.PENDING:
        job.status = JobStatus.IN_PROGRESS
        job.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="job.comment", target=job, after={"from_school": from_school, "status": job.status}, only_changes=False)
    return comment


@transaction.atomic
def job_approve(*, actor, job: Job, note: str = "") -> Job:
    job = Job.objects.select_for_update().select_related("employer").get(pk=job.pk)
    if job.status not in (JobStatus.PENDING, JobStatus.IN_PROGRESS):
        raise Conflict("只有待审核或审核中的职位可以通过。", code=JobErrorCode.INVALID_STATE)
    _check_employer_may_post(job.employer)
    before = snapshot(job, AUDIT_FIELDS)
    now = timezone.now()
    job.status, job.approved_at, job.reviewed_at, job.reviewed_by = JobStatus.APPROVED, now, now, actor
    job.save()
    if note.strip():
        JobComment.objects.create(job=job, author=actor, is_from_school=True, body=note.strip()[:2000])
    employer_job_approved(employer_id=job.employer_id)
    audit_record(actor=actor, action="job.approve", target=job, before=before, after=snapshot(job, AUDIT_FIELDS))
    return job


@transaction.atomic
def job_decline(*, actor, job: Job, reason: str) -> Job:
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("请填写未通过原因，单位会看到这条原因。", code=JobErrorCode.REASON_REQUIRED, fields={"reason": ["必填。"]})
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status not in (JobStatus.PENDING, JobStatus.IN_PROGRESS, JobStatus.APPROVED):
        raise Conflict("该职位当前状态不能设为未通过。", code=JobErrorCode.INVALID_STATE)
    before = snapshot(job, AUDIT_FIELDS)
    job.status, job.decline_reason, job.reviewed_at, job.reviewed_by = JobStatus.DECLINED, reason[:1000], timezone.now(), actor
    job.save()
    JobComment.objects.create(job=job, author=actor, is_from_school=True, body=f"未通过：{reason[:1900]}")
    audit_record(actor=actor, action="job.decline", target=job, before=before, after=snapshot(job, AUDIT_FIELDS))
    return job


@transaction.atomic
def job_close(*, actor, job: Job, reason: str = "") -> Job:
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status in (JobStatus.CLOSED, JobStatus.EXPIRED):
        return job
    before = snapshot(job, AUDIT_FIELDS)
    job.status, job.closed_reason = JobStatus.CLOSED, (reason or "").strip()[:300]
    job.save(update_fields=["status", "closed_reason", "updated_at"])
    audit_record(actor=actor, action="job.close", target=job, before=before, after=snapshot(job, AUDIT_FIELDS))
    return job


@transaction.atomic
def job_tags_set(*, actor, job: Job, names: list[str]) -> Job:
    names = sorted({name.strip()[:40] for name in names if name and name.strip()})
    tags = [JobTag.objects.get_or_create(name=name)[0] for name in names]
    before = sorted(job.tags.values_list("name", flat=True))
    job.tags.set(tags)
    audit_record(actor=actor, action="job.tags", target=job, before={"tags": before}, after={"tags": names})
    return job


def jobs_expire_due(*, today: datetime.date | None = None) -> int:
    """Expire the postings whose deadline has passed (the periodic task). Running it twice
    changes nothing the second time."""
    today = today or timezone.localdate()
    with transaction.atomic():
        ids = list(Job.objects.filter(status__in=(JobStatus.APPROVED, JobStatus.PENDING, JobStatus.IN_PROGRESS, JobStatus.DRAFT),
                                      valid_until__lt=today).values_list("id", flat=True)[:10000])
        if ids:
            Job.objects.filter(pk__in=ids).update(status=JobStatus.EXPIRED, updated_at=timezone.now())
            audit_record(actor=None, action="job.expire", object_type="employment_jobs.job", object_id="", object_label=f"{len(ids)} 个职位",
                         after={"ids": ids[:200], "count": len(ids)}, only_changes=False)
    return len(ids)


def employer_withdrawn(*, employer_id: int, reason: str = "") -> int:
    """core.hooks handler: the employer was declined after approval or black-listed; its open
    postings close and its announcements come down."""
    now = timezone.now()
    closed = Job.objects.filter(employer_id=employer_id, status__in=(JobStatus.PENDING, JobStatus.IN_PROGRESS, JobStatus.APPROVED)).update(
        status=JobStatus.CLOSED, closed_reason=f"单位资格变更：{reason}"[:300], updated_at=now)
    Announcement.objects.filter(employer_id=employer_id, status__in=(AnnouncementStatus.PENDING, AnnouncementStatus.APPROVED)).update(
        status=AnnouncementStatus.WITHDRAWN, updated_at=now)
    return closed


# --- announcements --------------------------------------------------------------------------


@transaction.atomic
def announcement_create(*, actor, kind: str, title: str, body: str, employer: Employer | None = None, source_name: str = "",
                        valid_until: datetime.date | None = None) -> Announcement:
    """An employer's announcement waits for review; a teacher's is published at once."""
    if employer is not None:
        _check_employer_may_post(employer)
    announcement = Announcement(kind=kind, title=(title or "").strip(), body=(body or "").strip(), employer=employer,
                                source_name=(source_name or "").strip(), valid_until=valid_until, created_by=actor)
    hits = linter.lint_posting({"title": ("标题", announcement.title), "body": ("正文", announcement.body)},
                               employer_nature=employer.nature if employer else "")
    if employer is not None and linter.blocking(hits):
        raise ApplicationError("公告中有不符合反就业歧视规定的用语，请按提示修改。", code=JobErrorCode.DISCRIMINATORY_WORDING,
                               fields={"lint": [f"{hit.field_label}：“{hit.match}” {hit.title}" for hit in linter.blocking(hits)]})
    announcement.lint_hits = [hit.as_dict() for hit in hits]
    if employer is None:
        announcement.status, announcement.published_at = AnnouncementStatus.APPROVED, timezone.now()
        if not announcement.source_name:
            raise ApplicationError("请填写发布单位。", fields={"source_name": ["必填。"]})
    announcement.search_text = index_text([announcement.title, announcement.publisher, announcement.body[:1000]])
    try:
        announcement.full_clean(exclude=["employer", "created_by"])
    except ValidationError as exc:
        raise ApplicationError("公告信息不完整。", fields=exc.message_dict) from exc
    announcement.save()
    audit_record(actor=actor, action="announcement.create", target=announcement, after=snapshot(announcement, ["kind", "title", "status"]),
                 only_changes=False)
    return announcement


@transaction.atomic
def announcement_review(*, actor, announcement: Announcement, approve: bool, reason: str = "") -> Announcement:
    announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
    if announcement.status != AnnouncementStatus.PENDING:
        raise Conflict("只有待审核的公告可以审核。", code=JobErrorCode.INVALID_STATE)
    if not approve and not (reason or "").strip():
        raise ApplicationError("请填写未通过原因。", code=JobErrorCode.REASON_REQUIRED, fields={"reason": ["必填。"]})
    before = snapshot(announcement, ["status", "decline_reason"])
    if approve:
        announcement.status, announcement.published_at = AnnouncementStatus.APPROVED, timezone.now()
    else:
        announcement.status, announcement.decline_reason = AnnouncementStatus.DECLINED, reason.strip()[:1000]
    announcement.save()
    audit_record(actor=actor, action="announcement.review", target=announcement, before=before, after=snapshot(announcement, ["status", "decline_reason"]))
    return announcement


@transaction.atomic
def announcement_withdraw(*, actor, announcement: Announcement) -> Announcement:
    before = snapshot(announcement, ["status"])
    announcement.status = AnnouncementStatus.WITHDRAWN
    announcement.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="announcement.withdraw", target=announcement, before=before, after=snapshot(announcement, ["status"]))
    return announcement


def job_input_from_mapping(data, *, target_unit_ids: list[int] | None = None) -> JobInput:
    """A JobInput from a form or JSON body, with Chinese messages for unreadable numbers/dates."""
    errors: dict[str, list[str]] = {}

    def number(name: str, label: str) -> int:
        raw = str(data.get(name, "") or "").strip()
        if not raw.isdigit():
            errors[name] = [f"请填写{label}（整数）。"]
            return 0
        return int(raw)

    raw_date = str(data.get("valid_until", "") or "").strip()
    try:
        valid_until = datetime.date.fromisoformat(raw_date)
    except ValueError:
        errors["valid_until"] = ["请填写截止日期。"]
        valid_until = None
    result = JobInput(
        title=str(data.get("title", "") or ""), kind=str(data.get("kind", "") or "full_time"), headcount=number("headcount", "招聘人数"),
        conditions=str(data.get("conditions", "") or ""), duties=str(data.get("duties", "") or ""),
        place_code=str(data.get("place_code", "") or "").strip(), place_name=str(data.get("place_name", "") or ""),
        salary_min=number("salary_min", "月薪下限"), salary_max=number("salary_max", "月薪上限"), valid_until=valid_until,
        education=str(data.get("education", "") or "bachelor"), majors=str(data.get("majors", "") or ""),
        target_unit_ids=target_unit_ids or [],
    )
    if errors:
        raise ApplicationError("职位信息有误：" + "；".join(m for ms in errors.values() for m in ms), fields=errors)
    return result


# --- complaints (E10) ------------------------------------------------------------------------


@transaction.atomic
def complaint_create(*, student, job: Job, reason: str, details: str = ""):
    """A student reports a posting. Once the open reports reach the school's threshold the
    posting is hidden from students until a teacher decides."""
    from tenant_apps.employment.jobs.enums import ComplaintReason, ComplaintStatus
    from tenant_apps.employment.jobs.models import JobComplaint

    if reason not in ComplaintReason.values:
        raise ApplicationError("请选择投诉原因。", fields={"reason": ["必填。"]})
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status != JobStatus.APPROVED:
        raise Conflict("该职位已不在招聘中。", code=JobErrorCode.INVALID_STATE)
    if JobComplaint.objects.filter(job=job, complainant=student).exists():
        raise Conflict("您已投诉过该职位，学校处理后会通知您。", code="already_complained")
    complaint = JobComplaint.objects.create(job=job, complainant=student, reason=reason, details=(details or "").strip()[:2000])
    open_count = JobComplaint.objects.filter(job=job, status=ComplaintStatus.OPEN).count()
    hidden = job.hidden_at is None and open_count >= RecruitmentSettings.current().complaint_threshold
    if hidden:
        job.hidden_at = timezone.now()
        job.save(update_fields=["hidden_at", "updated_at"])
    audit_record(actor=student, action="job.complaint", target=job, after={"reason": reason, "open": open_count, "hidden": hidden}, only_changes=False)
    return complaint


@transaction.atomic
def complaints_resolve(*, actor, job: Job, upheld: bool, resolution: str) -> int:
    """Decide every open report of a posting: upheld closes it, dismissed shows it again.
    Each complainant gets an in-app letter with the outcome."""
    from tenant_apps.employment.jobs.enums import ComplaintStatus
    from tenant_apps.employment.jobs.models import JobComplaint
    from tenant_apps.messaging.services import letter_send

    resolution = (resolution or "").strip()
    if not resolution:
        raise ApplicationError("请填写处理结果，投诉人会看到。", fields={"resolution": ["必填。"]})
    job = Job.objects.select_for_update().get(pk=job.pk)
    complaints = list(JobComplaint.objects.select_for_update().filter(job=job, status=ComplaintStatus.OPEN))
    if not complaints:
        raise Conflict("该职位没有待处理的投诉。", code="no_open_complaints")
    now = timezone.now()
    JobComplaint.objects.filter(pk__in=[c.pk for c in complaints]).update(
        status=ComplaintStatus.UPHELD if upheld else ComplaintStatus.DISMISSED, resolution=resolution[:500], resolved_by=actor, resolved_at=now)
    if upheld:
        job.status, job.closed_reason = JobStatus.CLOSED, f"投诉属实：{resolution}"[:300]
    job.hidden_at = None
    job.save(update_fields=["status", "closed_reason", "hidden_at", "updated_at"])
    audit_record(actor=actor, action="job.complaints_resolve", target=job, after={"upheld": upheld, "complaints": len(complaints)}, only_changes=False)
    outcome = "经核实属实，该职位已下架" if upheld else "经核实不属实，职位恢复显示"
    user_ids = [c.complainant_id for c in complaints]
    title, body = "职位投诉处理结果", f"您对职位“{job.title}”的投诉已处理：{outcome}。{resolution}"
    transaction.on_commit(lambda: letter_send(recipient_user_ids=user_ids, title=title, body=body))
    return len(complaints)


def portal_home_cards(*, employer) -> list[dict]:
    """core.hooks handler: the employer portal's home shows its postings by state."""
    from django.db.models import Count, Q

    counts = Job.objects.filter(employer=employer).aggregate(
        live=Count("id", filter=Q(status=JobStatus.APPROVED)), waiting=Count("id", filter=Q(status__in=(JobStatus.PENDING, JobStatus.IN_PROGRESS))),
        declined=Count("id", filter=Q(status=JobStatus.DECLINED)))
    return [{"label": "在招职位", "value": counts["live"], "url": "/employer/jobs/?status=approved"},
            {"label": "审核中职位", "value": counts["waiting"], "url": "/employer/jobs/?status=pending"},
            {"label": "未通过职位", "value": counts["declined"], "url": "/employer/jobs/?status=declined"}]
