from django.db import models


class RequestKind(models.TextChoices):
    ACCESS = "access", "查阅"
    COPY = "copy", "复制（获取副本）"
    CORRECTION = "correction", "更正、补充"
    ERASURE = "erasure", "删除"


class RequestStatus(models.TextChoices):
    PENDING = "pending", "待处理"
    IN_PROGRESS = "in_progress", "处理中"
    COMPLETED = "completed", "已办结"
    REJECTED = "rejected", "已拒绝"
    WITHDRAWN = "withdrawn", "已撤回"


class RequestChannel(models.TextChoices):
    H5 = "h5", "本人（移动端）"
    BACKOFFICE = "backoffice", "工作人员代为登记"
    API = "api", "接口"


OPEN_STATUSES = (RequestStatus.PENDING, RequestStatus.IN_PROGRESS)


class RequestDecision(models.TextChoices):
    COMPLETE = "complete", "办结"
    REJECT = "reject", "拒绝"
