from django.db import models

VIEW = "alumni_famous.view_famousalumnus"
CONFIRM = "alumni_famous.confirm_candidates"
CHANGE_SETTINGS = "alumni_famous.change_famoussettings"


class CandidateStatus(models.TextChoices):
    PENDING = "pending", "待确认"
    CONFIRMED = "confirmed", "已确认"
    REJECTED = "rejected", "不是校友"
    EXCLUDED = "excluded", "已排除"


class PersonCategory(models.TextChoices):
    ENCYCLOPEDIA = "encyclopedia", "百科"
    GOVERNMENT = "government", "政府网站"


class SubjectKind(models.TextChoices):
    PERSON = "person", "知名校友"
    ENTERPRISE = "enterprise", "校友企业"
