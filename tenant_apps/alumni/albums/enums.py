from __future__ import annotations

from django.db import models


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "未通过"


class ViewScope(models.TextChoices):
    EVERYONE = "everyone", "所有登录用户"
    MEMBERS = "members", "认证校友"
    CHAPTER = "chapter", "指定分会成员"


class UploadScope(models.TextChoices):
    OWNER = "owner", "仅创建人"
    MEMBERS = "members", "认证校友"
    CHAPTER = "chapter", "指定分会成员"


class IndexStatus(models.TextChoices):
    NOT_INDEXED = "none", "未索引"
    QUEUED = "queued", "排队中"
    DONE = "done", "已索引"
    FAILED = "failed", "失败"


class ConsentEnd(models.TextChoices):
    WITHDRAWN = "withdrawn", "本人撤回"
    EXPIRED = "expired", "保存期满"
    RENEWED = "renewed", "重新授权"
