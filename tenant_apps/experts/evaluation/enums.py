from django.db import models


class FlagOutcome(models.TextChoices):
    """What a rule suggests doing with an expert."""

    PROMOTE = "promote", "建议评为优秀"
    REMOVE = "remove", "建议清退出库"


class RuleCondition(models.TextChoices):
    ALL_AT_LEAST = "all_at_least", "每次评分均不低于"
    AVERAGE_AT_LEAST = "average_at_least", "平均分不低于"
    AVERAGE_BELOW = "average_below", "平均分低于"
    ANY_BELOW = "any_below", "任一次评分低于"


class FlagStatus(models.TextChoices):
    OPEN = "open", "待处理"
    ACCEPTED = "accepted", "已采纳"
    DISMISSED = "dismissed", "已驳回"
    WITHDRAWN = "withdrawn", "已失效（条件不再满足）"


class ParticipationGrade(models.TextChoices):
    """The seed's qualitative grade of how much an expert took part (参评评价)."""

    VERY_HIGH = "very_high", "参与度很高"
    HIGH = "high", "参与度高"
    AVERAGE = "average", "参与度一般"
    LOW = "low", "基本不参与"
    NONE = "none", "完全没参与"
