"""One personnel-file transfer per graduate: where it goes, the numbers of the national
registration system, how it was sent, and the graduate's confirmation of receipt."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone

from tenant_apps.employment.archives.enums import ArchiveDestination, ArchiveStatus, Carrier


class ArchiveTransfer(models.Model):
    record = models.OneToOneField("employment_students.GraduateRecord", on_delete=models.CASCADE, related_name="archive", verbose_name="毕业生")
    destination_kind = models.CharField("档案去向", max_length=20, choices=ArchiveDestination.choices)
    receiving_unit = models.CharField("接收单位", max_length=200)
    receiving_address = models.CharField("接收地址", max_length=300, blank=True)
    receiving_region = models.CharField("接收地代码", max_length=6, blank=True)
    recipient = models.CharField("接收人", max_length=50, blank=True)
    moves_hukou = models.BooleanField("迁移户口", default=False)
    hukou_address = models.CharField("户口迁往地址", max_length=300, blank=True)
    transfer_number = models.CharField("转递编号", max_length=40, blank=True, db_index=True)
    verification_number = models.CharField("核验编号", max_length=40, blank=True, db_index=True)
    status = models.CharField("状态", max_length=20, choices=ArchiveStatus.choices, default=ArchiveStatus.ASSIGNED, db_index=True)
    student_confirmed_at = models.DateTimeField("学生确认去向时间", null=True, blank=True)
    carrier = models.CharField("寄送方式", max_length=10, choices=Carrier.choices, blank=True)
    tracking_number = models.CharField("邮件号", max_length=40, blank=True)
    mailed_on = models.DateField("寄出日期", null=True, blank=True)
    received_at = models.DateTimeField("学生确认送达时间", null=True, blank=True)
    reminded_at = models.DateTimeField("最近提醒", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "档案转递"
        verbose_name_plural = "档案转递"
        permissions = [("manage_archivetransfer", "派定档案去向、导入寄送信息、提醒确认")]

    def __str__(self) -> str:
        return f"{self.record_id} → {self.receiving_unit}"

    @property
    def custody_until(self) -> datetime.date | None:
        """A file kept at school for a graduate not yet placed is kept for two years after
        graduation at most; then it goes to the 生源地 (or the employer, once there is one)."""
        if self.destination_kind != ArchiveDestination.SCHOOL_CUSTODY:
            return None
        graduated = self.record.graduates_on or datetime.date(self.record.graduation_year, 7, 1)
        return graduated.replace(year=graduated.year + 2, day=min(graduated.day, 28) if graduated.month == 2 else graduated.day)

    @property
    def custody_expired(self) -> bool:
        until = self.custody_until
        return until is not None and until < timezone.localdate()
