"""Chat between a student and an employer's HR about one job (E10): one conversation per
(job, student), its messages, unread counts per side, and reports to the school."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from tenant_apps.employment.chat.enums import ReportReason, ReportStatus, Side

MESSAGE_MAX = 2000


class Conversation(models.Model):
    job = models.ForeignKey("employment_jobs.Job", on_delete=models.CASCADE, related_name="conversations", verbose_name="职位")
    employer = models.ForeignKey("employment_employers.Employer", on_delete=models.CASCADE, related_name="conversations", verbose_name="用人单位")
    student = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+", verbose_name="学生")
    started_by = models.CharField("发起方", max_length=10, choices=Side.choices, default=Side.STUDENT)
    # Set when HR starts (or continues) the conversation about the student's application to the job.
    application = models.ForeignKey("employment_applications.Application", null=True, blank=True, on_delete=models.SET_NULL, related_name="conversations",
                                    verbose_name="关联申请")
    student_unread = models.PositiveIntegerField("学生未读", default=0)
    employer_unread = models.PositiveIntegerField("单位未读", default=0)
    last_message_at = models.DateTimeField("最后消息时间", null=True, blank=True)
    last_message = models.CharField("最后一条消息", max_length=80, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "职位咨询会话"
        constraints = [models.UniqueConstraint(fields=["job", "student"], name="emp_chat_one_conversation_per_job_student")]
        indexes = [models.Index(fields=["employer", "-last_message_at"], name="emp_chat_employer_recent"),
                   models.Index(fields=["student", "-last_message_at"], name="emp_chat_student_recent")]

    def __str__(self) -> str:
        return f"{self.job} · {self.student}"


class ChatMessage(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages", verbose_name="会话")
    sender = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="发送人")
    side = models.CharField("发送方", max_length=10, choices=Side.choices)
    body = models.TextField("内容", max_length=MESSAGE_MAX)
    created_at = models.DateTimeField("发送时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "会话消息"
        indexes = [models.Index(fields=["conversation", "id"], name="emp_chat_message_order")]

    def __str__(self) -> str:
        return self.body[:40]


class ConversationReport(models.Model):
    """Either side reports a conversation; teachers read the reported conversation and decide.
    The reporter is told the outcome."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="reports", verbose_name="会话")
    reporter = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+", verbose_name="举报人")
    side = models.CharField("举报方", max_length=10, choices=Side.choices)
    reason = models.CharField("原因", max_length=20, choices=ReportReason.choices)
    details = models.TextField("说明", blank=True, max_length=2000)
    status = models.CharField("状态", max_length=12, choices=ReportStatus.choices, default=ReportStatus.OPEN, db_index=True)
    resolution = models.CharField("处理结果", max_length=500, blank=True)
    resolved_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="处理人")
    resolved_at = models.DateTimeField("处理时间", null=True, blank=True)
    created_at = models.DateTimeField("举报时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "会话举报"
        constraints = [models.UniqueConstraint(fields=["conversation", "reporter"], condition=Q(status="open"),
                                               name="emp_chat_one_open_report_per_reporter")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} · {self.conversation_id}"
