"""Students' resumes (E8) and teachers' guidance on them (E15).

A resume keeps every saved state as an immutable version, so that an application shows the
employer exactly what was sent and a student and teacher can compare a revision with the
version the teacher commented on. Personal data (name, contact, major) is never typed into a
resume: it is read from the graduate record when the resume is shown or rendered."""

from __future__ import annotations

import uuid

from django.db import models

from core.files.fields import TenantFileField
from tenant_apps.employment.resumes.enums import Layout, ResumeStatus, Section

RESUMES_PER_STUDENT = 5
ATTACHMENTS_PER_RESUME = 5


def attachment_path(instance, filename: str) -> str:
    # Unguessable: attachments are served only through core.files' permission-checked links.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"employment/resumes/{uuid.uuid4().hex}.{extension}"


class Resume(models.Model):
    student = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="resumes", verbose_name="学生")
    title = models.CharField("简历名称", max_length=60, default="我的简历")
    layout = models.CharField("版式", max_length=20, choices=Layout.choices, default=Layout.CLASSIC)
    status = models.CharField("状态", max_length=20, choices=ResumeStatus.choices, default=ResumeStatus.DRAFT, db_index=True)
    is_default = models.BooleanField("默认简历", default=False)
    current_version = models.ForeignKey("ResumeVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="当前版本")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "简历"
        verbose_name_plural = "简历"
        ordering = ["-is_default", "-updated_at", "-id"]
        indexes = [models.Index(fields=["student", "-updated_at"], name="emp_resume_student_recent")]
        permissions = [("guide_resume", "指导学生简历（逐段批注）")]

    def __str__(self) -> str:
        return self.title


class ResumeVersion(models.Model):
    """One saved state of a resume: {section key: text}. Never changed after it is written."""

    resume = models.ForeignKey(Resume, on_delete=models.CASCADE, related_name="versions", verbose_name="简历")
    number = models.PositiveIntegerField("版本号")
    sections = models.JSONField("内容", default=dict)
    note = models.CharField("修改说明", max_length=200, blank=True)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="保存人")
    created_at = models.DateTimeField("保存时间", auto_now_add=True)

    class Meta:
        verbose_name = "简历版本"
        verbose_name_plural = "简历版本"
        ordering = ["resume", "-number"]
        constraints = [models.UniqueConstraint(fields=["resume", "number"], name="emp_resume_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.resume} v{self.number}"

    def text(self, section: str) -> str:
        return str((self.sections or {}).get(section, "") or "")


class ResumeAttachment(models.Model):
    """A file the student keeps with a resume (a designed PDF, a portfolio) and may send with an application."""

    resume = models.ForeignKey(Resume, on_delete=models.CASCADE, related_name="attachments", verbose_name="简历")
    name = models.CharField("名称", max_length=100)
    file = TenantFileField("文件", upload_to=attachment_path, extensions=("pdf", "doc", "docx", "jpg", "jpeg", "png", "zip"))
    size = models.PositiveIntegerField("大小（字节）", default=0)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "简历附件"
        verbose_name_plural = "简历附件"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class ResumeComment(models.Model):
    """A teacher's suggestion on one section of one version (简历指导). It counts as addressed
    once the student saves a later version that changes that section."""

    resume = models.ForeignKey(Resume, on_delete=models.CASCADE, related_name="comments", verbose_name="简历")
    version = models.ForeignKey(ResumeVersion, on_delete=models.CASCADE, related_name="comments", verbose_name="批注的版本")
    section = models.CharField("段落", max_length=20, choices=Section.choices)
    body = models.TextField("修改建议", max_length=2000)
    author = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="指导老师")
    addressed_in = models.ForeignKey(ResumeVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="已在此版本修改")
    created_at = models.DateTimeField("批注时间", auto_now_add=True)

    class Meta:
        verbose_name = "简历指导意见"
        verbose_name_plural = "简历指导意见"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["resume", "version"], name="emp_resume_comment_version")]

    def __str__(self) -> str:
        return f"{self.get_section_display()}：{self.body[:30]}"
