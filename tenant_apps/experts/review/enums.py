from django.db import models


class TotalMethod(models.TextChoices):
    """How one expert's indicator scores become the expert's total for a submission."""

    SUM = "sum", "各指标得分直接相加"
    WEIGHTED = "weighted", "按权重折算（得分÷满分×权重，合计 100 分）"


class Aggregation(models.TextChoices):
    """How the experts' totals become the submission's final score."""

    MEAN = "mean", "全部有效评分的算术平均"
    TRIMMED_MEAN = "trimmed_mean", "去掉一个最高分和一个最低分后平均"


class SheetStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    RECUSED = "recused", "已回避"


class SetupState(models.TextChoices):
    """Derived from the publication and the window (never stored)."""

    PREPARING = "preparing", "准备中"
    SCHEDULED = "scheduled", "待开始"
    OPEN = "open", "评审中"
    CLOSED = "closed", "已结束"
