"""Scoring experts after a review (专家评价, X26).

The bureau keeps indicator sets whose points add up to 100; one is in force. When staff score
the panel of a draw, an evaluation round fixes the indicator set and a deadline, after which its
scores are locked. Rules over an expert's scores flag them for promotion or removal; staff
accept or dismiss each flag."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from tenant_apps.experts.evaluation.enums import (
    FlagOutcome,
    FlagStatus,
    ParticipationGrade,
    RuleCondition,
)


class IndicatorSet(models.Model):
    """A scoring scheme (评价指标体系): indicators worth 100 points together, and how many days
    after a review staff have to score. Frozen once a round has used it (copy it to change)."""

    name = models.CharField("名称", max_length=100)
    scoring_days = models.PositiveSmallIntegerField("评分期限（天）", default=2, validators=[MinValueValidator(0), MaxValueValidator(60)],
                                                    help_text="评审结束后多少天内完成评分，逾期锁定")
    is_active = models.BooleanField("当前启用", default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "评价指标体系"
        verbose_name_plural = "评价指标体系"
        ordering = ["-is_active", "-id"]
        constraints = [models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True), name="evaluation_one_active_set")]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """One scoring indicator; `weight` is the most points it can give (分值)."""

    indicator_set = models.ForeignKey(IndicatorSet, on_delete=models.CASCADE, related_name="indicators", verbose_name="指标体系")
    name = models.CharField("指标名称", max_length=50)
    description = models.CharField("评分说明", max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField("分值", validators=[MinValueValidator(1), MaxValueValidator(100)])
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "评价指标"
        verbose_name_plural = "评价指标"
        ordering = ["indicator_set", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["indicator_set", "name"], name="evaluation_indicator_unique_name")]

    def __str__(self) -> str:
        return f"{self.name}（{self.weight}分）"


class EvaluationRound(models.Model):
    """The scoring of one drawn panel (项目评分): the indicator set in force when it opened and
    the deadline after which its scores can no longer change."""

    draw = models.OneToOneField("expert_panels.Draw", on_delete=models.PROTECT, related_name="evaluation_round", verbose_name="抽取记录")
    indicator_set = models.ForeignKey(IndicatorSet, on_delete=models.PROTECT, related_name="rounds", verbose_name="指标体系")
    deadline = models.DateTimeField("评分截止时间")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="开启人")
    opened_at = models.DateTimeField("开启时间", auto_now_add=True)

    class Meta:
        verbose_name = "项目评分"
        verbose_name_plural = "项目评分"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"评分 #{self.pk}"


class Evaluation(models.Model):
    """Staff's score of one panel member for one review: per-indicator points adding up to
    `total` (out of 100), an optional participation grade and a comment."""

    evaluation_round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="evaluations", verbose_name="项目评分")
    member = models.OneToOneField("expert_panels.PanelMember", on_delete=models.PROTECT, related_name="evaluation", verbose_name="评审专家")
    expert = models.ForeignKey("experts.Expert", on_delete=models.PROTECT, related_name="staff_evaluations", verbose_name="专家")
    total = models.DecimalField("总分", max_digits=5, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(100)])
    participation = models.CharField("参与度", max_length=12, choices=ParticipationGrade.choices, blank=True)
    comment = models.TextField("评语", blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="评分人")
    scored_at = models.DateTimeField("评分时间")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "专家评价"
        verbose_name_plural = "专家评价"
        ordering = ["-scored_at", "-id"]
        indexes = [models.Index(fields=["expert", "scored_at"], name="evaluation_expert_scored")]

    def __str__(self) -> str:
        return f"{self.expert_id}: {self.total}"


class IndicatorScore(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores", verbose_name="评价")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+", verbose_name="指标")
    score = models.DecimalField("得分", max_digits=4, decimal_places=1, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = "指标得分"
        verbose_name_plural = "指标得分"
        ordering = ["evaluation", "indicator__sort_order", "indicator_id"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "indicator"], name="evaluation_score_unique_indicator")]

    def __str__(self) -> str:
        return str(self.score)


class FlagRule(models.Model):
    """A rule over an expert's scores, e.g. "at least 10 reviews, every one ≥ 90 → promote" or
    "average < 60 over at least 3 reviews → remove". `recent_count` limits it to the latest N."""

    name = models.CharField("规则名称", max_length=100)
    outcome = models.CharField("处理建议", max_length=10, choices=FlagOutcome.choices)
    condition = models.CharField("条件", max_length=20, choices=RuleCondition.choices)
    threshold = models.DecimalField("分数线", max_digits=4, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(100)])
    min_reviews = models.PositiveSmallIntegerField("最少评价次数", default=1, validators=[MinValueValidator(1), MaxValueValidator(1000)])
    recent_count = models.PositiveSmallIntegerField("仅统计最近 N 次", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(1000)],
                                                    help_text="留空表示统计全部评价")
    is_active = models.BooleanField("启用", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "评价规则"
        verbose_name_plural = "评价规则"
        ordering = ["-is_active", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def description(self) -> str:
        scope = f"最近 {self.recent_count} 次评价" if self.recent_count else "全部评价"
        return f"至少 {self.min_reviews} 次评价，{scope}{self.get_condition_display()} {self.threshold} 分 → {self.get_outcome_display()}"


class ExpertFlag(models.Model):
    """An expert a rule has flagged, waiting for staff to accept (act on it) or dismiss it."""

    expert = models.ForeignKey("experts.Expert", on_delete=models.PROTECT, related_name="+", verbose_name="专家")
    rule = models.ForeignKey(FlagRule, on_delete=models.PROTECT, related_name="flags", verbose_name="规则")
    outcome = models.CharField("处理建议", max_length=10, choices=FlagOutcome.choices)
    status = models.CharField("状态", max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN, db_index=True)
    review_count = models.PositiveIntegerField("评价次数")
    average = models.DecimalField("平均分", max_digits=5, decimal_places=1)
    lowest = models.DecimalField("最低分", max_digits=5, decimal_places=1)
    reason = models.CharField("依据", max_length=300)
    created_at = models.DateTimeField("提示时间", auto_now_add=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="处理人")
    reviewed_at = models.DateTimeField("处理时间", null=True, blank=True)
    review_note = models.CharField("处理意见", max_length=300, blank=True)

    class Meta:
        verbose_name = "评价提示"
        verbose_name_plural = "评价提示"
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["expert", "rule"], condition=Q(status="open"), name="evaluation_one_open_flag")]

    def __str__(self) -> str:
        return f"{self.expert_id} · {self.get_outcome_display()}"
