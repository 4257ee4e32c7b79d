"""Writes of resumes (E8) and resume guidance (E15). Every save that changes the content
writes a new immutable version; teachers' comments are tied to the version they read, and a
comment counts as addressed once a later version changes its section."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from core.audit import audit_record
from core.errors import ApplicationError, Conflict, PermissionDenied
from tenant_apps.accounts.enums import UserKind
from tenant_apps.employment.resumes.enums import (
    REQUIRED_SECTIONS,
    SECTION_KEYS,
    SECTION_MAX,
    Layout,
    ResumeStatus,
    Section,
)
from tenant_apps.employment.resumes.errors import ResumeErrorCode
from tenant_apps.employment.resumes.models import (
    ATTACHMENTS_PER_RESUME,
    RESUMES_PER_STUDENT,
    Resume,
    ResumeAttachment,
    ResumeComment,
    ResumeVersion,
)
from tenant_apps.employment.resumes.selectors import education_prefill

STUDENT_LINK = "/h5/employment/resumes/{pk}/"


def _require_student(actor) -> None:
    if getattr(actor, "kind", "") != UserKind.STUDENT:
        raise PermissionDenied("只有学生可以编辑简历。", code=ResumeErrorCode.NOT_A_STUDENT)


def clean_sections(sections: dict | None) -> dict[str, str]:
    """Known sections only, trimmed, within the length limit."""
    cleaned: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for key, value in (sections or {}).items():
        if key not in SECTION_KEYS:
            raise ApplicationError(f"未知的简历段落：{key}", code=ResumeErrorCode.UNKNOWN_SECTION)
        text = str(value or "").replace("\r\n", "\n").strip()
        if len(text) > SECTION_MAX:
            errors[key] = [f"不能超过 {SECTION_MAX} 字。"]
        cleaned[key] = text
    if errors:
        raise ApplicationError("简历内容过长，请精简。", code=ResumeErrorCode.SECTION_TOO_LONG, fields=errors)
    return {key: cleaned.get(key, "") for key in SECTION_KEYS}


def status_for(sections: dict[str, str]) -> str:
    return ResumeStatus.COMPLETE if all(sections.get(key) for key in REQUIRED_SECTIONS) else ResumeStatus.DRAFT


@transaction.atomic
def resume_create(*, actor, title: str = "", layout: str = Layout.CLASSIC, sections: dict | None = None) -> Resume:
    """A new resume; its education section starts from the graduate record."""
    _require_student(actor)
    if Resume.objects.filter(student_id=actor.pk).count() >= RESUMES_PER_STUDENT:
        raise Conflict(f"最多保存 {RESUMES_PER_STUDENT} 份简历。", code=ResumeErrorCode.TOO_MANY_RESUMES)
    content = clean_sections(sections)
    if not content[Section.EDUCATION]:
        content[Section.EDUCATION] = education_prefill(student=actor)
    resume = Resume(student=actor, title=(title or "我的简历").strip()[:60], layout=layout if layout in Layout.values else Layout.CLASSIC,
                    status=status_for(content), is_default=not Resume.objects.filter(student_id=actor.pk).exists())
    resume.full_clean(exclude=["student", "current_version"])
    resume.save()
    version = ResumeVersion.objects.create(resume=resume, number=1, sections=content, created_by=actor, note="创建")
    Resume.objects.filter(pk=resume.pk).update(current_version=version)
    resume.current_version = version
    audit_record(actor=actor, action="employment_resumes.create", target=resume, after={"title": resume.title}, only_changes=False)
    return resume


@transaction.atomic
def resume_save(*, actor, resume: Resume, sections: dict, title: str | None = None, layout: str | None = None, note: str = "") -> ResumeVersion:
    """Save the student's edit. A changed content becomes version n+1 (and addresses the
    teacher's comments on the sections it changes); an unchanged one only updates title/layout."""
    _require_student(actor)
    resume = Resume.objects.select_for_update(of=("self",)).select_related("current_version").get(pk=resume.pk, student_id=actor.pk)
    content = clean_sections(sections)
    changed_fields = []
    if title is not None and title.strip() and title.strip()[:60] != resume.title:
        resume.title = title.strip()[:60]
        changed_fields.append("title")
    if layout is not None and layout in Layout.values and layout != resume.layout:
        resume.layout = layout
        changed_fields.append("layout")
    current = resume.current_version
    if current is not None and {k: current.text(k) for k in SECTION_KEYS} == content:
        if changed_fields:
            resume.save(update_fields=[*changed_fields, "updated_at"])
        return current
    number = (resume.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ResumeVersion.objects.create(resume=resume, number=number, sections=content, created_by=actor, note=(note or "").strip()[:200])
    changed_sections = [k for k in SECTION_KEYS if current is None or current.text(k) != content[k]]
    ResumeComment.objects.filter(resume=resume, addressed_in__isnull=True, section__in=changed_sections).update(addressed_in=version)
    resume.current_version = version
    resume.status = status_for(content)
    resume.save(update_fields=[*changed_fields, "current_version", "status", "updated_at"])
    audit_record(actor=actor, action="employment_resumes.save", target=resume, after={"version": number, "sections": changed_sections}, only_changes=False)
    return version


@transaction.atomic
def resume_set_default(*, actor, resume: Resume) -> None:
    _require_student(actor)
    Resume.objects.filter(student_id=actor.pk).exclude(pk=resume.pk).update(is_default=False)
    Resume.objects.filter(pk=resume.pk, student_id=actor.pk).update(is_default=True)
    audit_record(actor=actor, action="employment_resumes.set_default", target=resume, only_changes=False)


@transaction.atomic
def resume_delete(*, actor, resume: Resume) -> None:
    """A resume already sent to an employer stays (the employer keeps what it received)."""
    _require_student(actor)
    if resume.versions.filter(applications__isnull=False).exists():
        raise Conflict("该简历已投递过职位，不能删除；可以新建一份简历。", code=ResumeErrorCode.RESUME_IN_USE)
    audit_record(actor=actor, action="employment_resumes.delete", target=resume, before={"title": resume.title}, only_changes=False)
    was_default = resume.is_default
    resume.delete()
    if was_default:
        nxt = Resume.objects.filter(student_id=actor.pk).order_by("-updated_at").first()
        if nxt is not None:
            Resume.objects.filter(pk=nxt.pk).update(is_default=True)


@transaction.atomic
def attachment_add(*, actor, resume: Resume, upload, name: str = "") -> ResumeAttachment:
    _require_student(actor)
    if resume.student_id != actor.pk:
        raise PermissionDenied("不能修改他人的简历。")
    if resume.attachments.count() >= ATTACHMENTS_PER_RESUME:
        raise Conflict(f"每份简历最多 {ATTACHMENTS_PER_RESUME} 个附件。", code=ResumeErrorCode.TOO_MANY_ATTACHMENTS)
    attachment = ResumeAttachment(resume=resume, name=(name or upload.name or "附件").strip()[:100], file=upload, size=getattr(upload, "size", 0) or 0)
    try:
        attachment.full_clean(exclude=["resume"])
    except ValidationError as exc:
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"file": exc.messages}
        raise ApplicationError(next(iter(messages.values()))[0], code="upload_rejected", fields=messages) from None
    attachment.save()
    audit_record(actor=actor, action="employment_resumes.attachment_add", target=resume, after={"name": attachment.name, "size": attachment.size},
                 only_changes=False)
    return attachment


@transaction.atomic
def attachment_delete(*, actor, attachment: ResumeAttachment) -> None:
    _require_student(actor)
    if attachment.resume.student_id != actor.pk:
        raise PermissionDenied("不能修改他人的简历。")
    audit_record(actor=actor, action="employment_resumes.attachment_delete", target=attachment.resume, before={"name": attachment.name},
                 only_changes=False)
    attachment.file.delete(save=False)
    attachment.delete()


def _notify_student(resume: Resume, count: int, teacher_name: str) -> None:
    """In-app letter always; WeChat (then SMS) through the gateway, within the student's consent."""
    from tenant_apps.messaging.services import letter_send, message_send

    link = STUDENT_LINK.format(pk=resume.pk)
    title = "老师对您的简历提出了修改建议"
    body = f"{teacher_name}老师对简历“{resume.title}”提出了 {count} 条修改建议，请查看并修改。"
    letter_send(recipient_user_ids=[resume.student_id], title=title, body=body, link=link)
    message_send(actor=None, subject=title, body=body, channels=["wechat", "sms"],
                 audience={"resolver": "accounts.users", "filters": {"user_ids": [resume.student_id]}},
                 purpose="notice", source="employment_resumes", link=link)


@transaction.atomic
def comments_add(*, actor, resume: Resume, comments: dict[str, str], version: ResumeVersion | None = None) -> list[ResumeComment]:
    """A teacher's suggestions on sections of a version ({section: text}); the student is
    told once for the whole batch."""
    version = version or resume.current_version
    if version is None or version.resume_id != resume.pk:
        raise ApplicationError("简历版本不存在。")
    rows = []
    for section, body in (comments or {}).items():
        body = str(body or "").strip()
        if not body:
            continue
        if section not in SECTION_KEYS:
            raise ApplicationError(f"未知的简历段落：{section}", code=ResumeErrorCode.UNKNOWN_SECTION)
        comment = ResumeComment(resume=resume, version=version, section=section, body=body[:2000], author=actor)
        comment.full_clean(exclude=["resume", "version", "author", "addressed_in"])
        rows.append(comment)
    if not rows:
        raise ApplicationError("请至少填写一条修改建议。", code=ResumeErrorCode.EMPTY_COMMENT, fields={"body": ["必填。"]})
    ResumeComment.objects.bulk_create(rows)
    audit_record(actor=actor, action="employment_resumes.comment", target=resume,
                 after={"version": version.number, "sections": [c.section for c in rows]}, only_changes=False)
    teacher = actor.display_name or actor.username
    transaction.on_commit(lambda: _notify_student(resume, len(rows), teacher))
    return rows
