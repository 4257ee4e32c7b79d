from django.db import models


class ArchiveDestination(models.TextChoices):
    """Where the file goes (REFERENCE-employment §2, since 人社部发〔2023〕26号)."""

    EMPLOYER = "employer", "用人单位（有人事档案管理权限）"
    TALENT_SERVICE = "talent_service", "公共就业和人才服务机构"
    ADMITTING_SCHOOL = "admitting_school", "录取院校"
    SPONSOR = "sponsor", "定向/委培单位"
    SCHOOL_CUSTODY = "school_custody", "暂存学校（最长两年）"
    ORIGIN = "origin", "生源地公共就业和人才服务机构"


class ArchiveStatus(models.TextChoices):
    ASSIGNED = "assigned", "已派定"
    AWAITING_STUDENT = "awaiting_student", "待学生确认"
    CONFIRMED = "confirmed", "学生已确认"
    MAILED = "mailed", "已寄出"
    RECEIVED = "received", "已确认送达"


class Carrier(models.TextChoices):
    EMS = "EMS", "EMS"
    CONFIDENTIAL = "机要", "机要通信"
    COURIER = "专人", "专人送取"
