"""Kernel tables present in every schema (public and each tenant)."""

from __future__ import annotations

from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One write (or sensitive read) made by a person in the back office, console or API.

    Actor fields are copied, not foreign keys, so the trail survives deleted users and
    impersonation by vendor staff from the public schema.
    """

    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor_id = models.BigIntegerField("操作人ID", null=True, blank=True, db_index=True)
    actor_label = models.CharField("操作人", max_length=150, blank=True)
    impersonator_label = models.CharField("代操作人（平台客服）", max_length=150, blank=True)
    action = models.CharField("动作", max_length=80, db_index=True)
    object_type = models.CharField("对象类型", max_length=80, blank=True, db_index=True)
    object_id = models.CharField("对象ID", max_length=64, blank=True, db_index=True)
    object_label = models.CharField("对象", max_length=200, blank=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    ip = models.GenericIPAddressField("IP", null=True, blank=True)
    user_agent = models.CharField("客户端", max_length=500, blank=True)
    request_id = models.CharField("请求ID", max_length=64, blank=True)

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-created_at", "-id"]
        permissions = [("export_auditevent", "导出审计日志")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"


class FileJob(models.Model):
    """A background import or export, with progress, a result file and a report of rejected rows."""

    class Kind(models.TextChoices):
        IMPORT = "import", "导入"
        EXPORT = "export", "导出"

    class Status(models.TextChoices):
        PENDING = "pending", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    spec = models.CharField("数据类型", max_length=80)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    created_by_id = models.BigIntegerField("创建人ID", null=True, blank=True, db_index=True)
    params = models.JSONField("参数", default=dict, blank=True)
    total_rows = models.PositiveIntegerField("总行数", default=0)
    processed_rows = models.PositiveIntegerField("已处理", default=0)
    succeeded_rows = models.PositiveIntegerField("成功", default=0)
    rejected_rows = models.PositiveIntegerField("失败", default=0)
    source_file = models.FileField("上传文件", upload_to="jobs/source/", blank=True)
    result_file = models.FileField("结果文件", upload_to="jobs/result/", blank=True)
    report_file = models.FileField("失败报告", upload_to="jobs/report/", blank=True)
    error = models.TextField("错误", blank=True)

    class Meta:
        verbose_name = "导入导出任务"
        verbose_name_plural = "导入导出任务"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.spec} #{self.pk}"

    @property
    def progress(self) -> int:
        if not self.total_rows:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, int(self.processed_rows * 100 / self.total_rows))
