from django.db import models


class Side(models.TextChoices):
    STUDENT = "student", "学生"
    EMPLOYER = "employer", "用人单位"


class ReportReason(models.TextChoices):
    FRAUD = "fraud", "诈骗或虚假招聘"
    FEES = "fees", "收取费用或培训贷"
    HARASSMENT = "harassment", "骚扰或不当言语"
    DISCRIMINATION = "discrimination", "就业歧视"
    PRIVACY = "privacy", "索要无关个人信息"
    OTHER = "other", "其他"


class ReportStatus(models.TextChoices):
    OPEN = "open", "待处理"
    UPHELD = "upheld", "属实"
    DISMISSED = "dismissed", "不属实"
