from django.db import models


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PENDING = "pending", "待审核"
    PUBLISHED = "published", "已发布"
    REJECTED = "rejected", "未通过"
    CANCELLED = "cancelled", "已取消"


class OrganiserKind(models.TextChoices):
    ASSOCIATION = "association", "校友总会"
    CHAPTER = "chapter", "分会"
    ALUMNUS = "alumnus", "校友"


class RegistrationStatus(models.TextChoices):
    PENDING_REVIEW = "pending_review", "待审核"
    AWAITING_PAYMENT = "awaiting_payment", "待支付"
    CONFIRMED = "confirmed", "报名成功"
    WAITLISTED = "waitlisted", "候补中"
    OFFERED = "offered", "候补名额待确认"
    REFUSED = "refused", "未通过"
    REMOVED = "removed", "已请退"
    CANCELLED = "cancelled", "已取消"
    EXPIRED = "expired", "已过期"


# Statuses that occupy a place (counted in places_taken of the activity and the ticket type).
HOLDING = (RegistrationStatus.AWAITING_PAYMENT, RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED)
# Statuses after which the registration is over (a person may register again).
FINISHED = (RegistrationStatus.REFUSED, RegistrationStatus.REMOVED, RegistrationStatus.CANCELLED, RegistrationStatus.EXPIRED)


class FieldType(models.TextChoices):
    TEXT = "text", "单行文本"
    TEXTAREA = "textarea", "多行文本"
    CHOICE = "choice", "单选"
    MULTI = "multi", "多选"
    NUMBER = "number", "数字"


class CommentStatus(models.TextChoices):
    VISIBLE = "visible", "显示"
    HIDDEN = "hidden", "已隐藏"


class PhotoStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "未通过"


class PhotoSource(models.TextChoices):
    ORGANISER = "organiser", "主办方"
    ATTENDEE = "attendee", "参加者"
