"""Votes (A7): single or multiple choice within a period, for verified alumni, one chapter or
anyone with the link; one ballot per person (unique constraints on the account and on the
verified alumni record behind it), comments with moderation."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Vote(models.Model):
    class Audience(models.TextChoices):
        VERIFIED = "verified", "认证校友"
        CHAPTER = "chapter", "指定分会成员"
        LINK = "link", "任何持链接的人（须登录）"

    class Status(models.TextChoices):
        OPEN = "open", "进行中"
        PAUSED = "paused", "已暂停"

    title = models.CharField("投票标题", max_length=100)
    description = models.TextField("说明", blank=True)
    is_multiple = models.BooleanField("多选", default=False)
    max_choices = models.PositiveIntegerField("最多可选", default=1)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    audience = models.CharField("谁可以投票", max_length=20, choices=Audience.choices, default=Audience.VERIFIED)
    chapter_id = models.BigIntegerField("分会ID", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    is_public = models.BooleanField("公开显示", default=True)
    show_results_before_end = models.BooleanField("投票中显示结果", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="发起人")
    deleted_at = models.DateTimeField("删除时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "投票"
        verbose_name_plural = "投票"
        ordering = ["-id"]
        permissions = [("moderate_vote_comment", "管理投票评论")]

    def __str__(self) -> str:
        return self.title


class Option(models.Model):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="options", verbose_name="投票")
    label = models.CharField("选项", max_length=100)
    sort_order = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "选项"
        verbose_name_plural = "选项"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.label


class Ballot(models.Model):
    """One person's ballot in one vote. The unique constraints are the one-vote rule: one per
    account, and one per person (`person_key` = "record:<alumni record id>" for a verified
    alumnus, so two accounts matched to the same record cannot both vote; "user:<id>" otherwise)."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots", verbose_name="投票")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="投票人")
    person_key = models.CharField("投票人身份", max_length=40, null=True, blank=True)
    options = models.ManyToManyField(Option, related_name="ballots", verbose_name="所选")
    canvassed_option = models.ForeignKey(Option, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="经由拉票页")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "选票"
        verbose_name_plural = "选票"
        constraints = [
            models.UniqueConstraint(fields=["vote", "voter"], name="one_ballot_per_person"),
            models.UniqueConstraint(fields=["vote", "person_key"], name="one_ballot_per_verified_person"),
        ]

    def __str__(self) -> str:
        return f"{self.vote_id}:{self.voter_id}"


class VoteComment(models.Model):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="comments", verbose_name="投票")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="评论人")
    body = models.CharField("内容", max_length=500)
    is_visible = models.BooleanField("显示", default=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "投票评论"
        verbose_name_plural = "投票评论"
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.body[:30]
