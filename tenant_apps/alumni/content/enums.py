from django.db import models


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PENDING = "pending", "待审核"
    PUBLISHED = "published", "已发布"
    REJECTED = "rejected", "已驳回"


class PostKind(models.TextChoices):
    MESSAGE = "message", "留言/咨询"
    MUTUAL_AID = "mutual_aid", "互助"
