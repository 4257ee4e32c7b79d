from django.db import models


class Gender(models.TextChoices):
    UNKNOWN = "", "未知"
    MALE = "m", "男"
    FEMALE = "f", "女"


class Degree(models.TextChoices):
    UNKNOWN = "", "未知"
    JUNIOR = "junior", "专科"
    BACHELOR = "bachelor", "本科"
    MASTER = "master", "硕士"
    DOCTOR = "doctor", "博士"


class AliasKind(models.TextChoices):
    COLLEGE = "college", "院系"
    MAJOR = "major", "专业"


class MemberStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "已驳回"


class CandidateStatus(models.TextChoices):
    PENDING = "pending", "待确认"
    CONFIRMED = "confirmed", "已确认"
    REJECTED = "rejected", "已排除"


class DuplicateStatus(models.TextChoices):
    OPEN = "open", "待处理"
    MERGED = "merged", "已合并"
    DISMISSED = "dismissed", "不是同一人"


class CustomFieldType(models.TextChoices):
    TEXT = "text", "文本"
    NUMBER = "number", "数字"
    DATE = "date", "日期"
