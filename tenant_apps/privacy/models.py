"""Personal-data requests (个人信息权益请求, PIPL art. 44-50): a person asks to see, copy,
correct or erase what the school holds about them; the data officer answers within the legal
time."""

from __future__ import annotations

import json

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.crypto import EncryptedCharField
from tenant_apps.privacy.enums import OPEN_STATUSES, RequestChannel, RequestKind, RequestStatus


def export_path(instance, filename: str) -> str:
    return f"privacy/requests/{instance.pk or 'new'}/{filename}"


class PersonalDataRequest(models.Model):
    """One request of one person. `subject` is the person's account in this tenant; after an
    erasure it is the pseudonymised stub the accounts provider leaves."""

    subject = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="当事人")
    kind = models.CharField("请求类型", max_length=20, choices=RequestKind.choices, db_index=True)
    status = models.CharField("状态", max_length=20, choices=RequestStatus.choices, default=RequestStatus.PENDING, db_index=True)
    channel = models.CharField("提交方式", max_length=20, choices=RequestChannel.choices, default=RequestChannel.H5)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="登记人")
    details = EncryptedCharField("请求说明", mask_kind="default")
    # JSON list of {"field": "手机号", "current": "...", "requested": "..."}: may hold personal data.
    corrections = EncryptedCharField("更正内容", mask_kind="default")
    resolution = models.TextField("处理结果", blank=True)
    received_on = models.DateField("受理日期", default=timezone.localdate)
    due_on = models.DateField("法定答复期限", db_index=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="处理人")
    export_archive = models.FileField("数据副本（JSON）", upload_to=export_path, blank=True, max_length=300)
    export_pdf = models.FileField("数据副本（PDF）", upload_to=export_path, blank=True, max_length=300)
    exported_at = models.DateTimeField("导出时间", null=True, blank=True)
    erasure_report = models.JSONField("删除结果", default=list, blank=True)
    erased_at = models.DateTimeField("删除执行时间", null=True, blank=True)
    completed_at = models.DateTimeField("办结时间", null=True, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "个人信息请求"
        verbose_name_plural = "个人信息请求"
        ordering = ["-created_at", "-id"]
        permissions = [("handle_request", "处理个人信息请求（查阅、复制、更正、删除）")]
        indexes = [models.Index(fields=["status", "due_on"], name="privacy_request_queue")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}请求 #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()

    @property
    def correction_list(self) -> list[dict[str, str]]:
        try:
            value = json.loads(self.corrections or "[]")
        except ValueError:
            return []
        return value if isinstance(value, list) else []
