"""Crawl sources, their schedules per tenant, runs and the pages each run touched. Public
schema only: the results themselves live in the tenant (handed over through core.hooks)."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from shared_apps.crawler.enums import Frequency, PageOutcome, RunStatus, RunTrigger, SourceKind


class CrawlSource(models.Model):
    """A public site the platform reads (an encyclopedia, a government site, a disclosure
    site, a news site): where its search is and how gently to read it."""

    name = models.CharField("名称", max_length=100, unique=True)
    kind = models.CharField("类型", max_length=20, choices=SourceKind.choices)
    base_url = models.URLField("网站地址", max_length=300, help_text="如 https://baike.example.cn/")
    search_path = models.CharField("搜索路径", max_length=300, default="/search?q={query}", help_text="{query} 处填入检索词（学校名称或校友姓名）")
    min_interval_seconds = models.FloatField("同一站点最短请求间隔（秒）", default=2.0, validators=[MinValueValidator(0.1), MaxValueValidator(600)])
    max_pages = models.PositiveIntegerField("每次最多抓取页数", default=50, validators=[MinValueValidator(1), MaxValueValidator(2000)])
    is_enabled = models.BooleanField("启用", default=True)
    notes = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "采集来源"
        verbose_name_plural = verbose_name
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CrawlSchedule(models.Model):
    """A source read for one tenant at a frequency; the run uses that tenant's school names."""

    source = models.ForeignKey(CrawlSource, on_delete=models.CASCADE, related_name="schedules", verbose_name="来源")
    tenant = models.ForeignKey("provisioning.Tenant", on_delete=models.CASCADE, related_name="crawl_schedules", verbose_name="租户")
    frequency = models.CharField("频率", max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    is_enabled = models.BooleanField("启用", default=True)
    next_run_at = models.DateTimeField("下次运行", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "采集计划"
        verbose_name_plural = verbose_name
        ordering = ["next_run_at", "id"]
        constraints = [models.UniqueConstraint(fields=["source", "tenant"], name="crawler_schedule_source_tenant_unique")]
        indexes = [models.Index(fields=["is_enabled", "next_run_at"], name="crawler_schedule_due_idx")]

    def __str__(self) -> str:
        return f"{self.source} → {self.tenant_id}"


class CrawlRun(models.Model):
    source = models.ForeignKey(CrawlSource, on_delete=models.CASCADE, related_name="runs", verbose_name="来源")
    tenant = models.ForeignKey("provisioning.Tenant", on_delete=models.CASCADE, related_name="crawl_runs", verbose_name="租户")
    schedule = models.ForeignKey(CrawlSchedule, on_delete=models.SET_NULL, null=True, blank=True, related_name="runs", verbose_name="计划")
    trigger = models.CharField("触发方式", max_length=10, choices=RunTrigger.choices)
    triggered_by = models.CharField("触发人", max_length=150, blank=True)
    status = models.CharField("状态", max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    queries = models.JSONField("检索词", default=list, blank=True)
    pages_fetched = models.PositiveIntegerField("已抓取页数", default=0)
    pages_failed = models.PositiveIntegerField("失败页数", default=0)
    pages_skipped = models.PositiveIntegerField("跳过页数", default=0)
    items_found = models.PositiveIntegerField("发现条目", default=0)
    items_delivered = models.PositiveIntegerField("新增待确认", default=0)
    error = models.TextField("错误", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "采集运行"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["source", "-created_at"], name="crawler_run_source_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.source}"


class CrawlPage(models.Model):
    """One URL a run met: fetched or not (robots.txt, exclusion), with what it gave."""

    run = models.ForeignKey(CrawlRun, on_delete=models.CASCADE, related_name="pages", verbose_name="运行")
    url = models.URLField("地址", max_length=2000)
    query = models.CharField("检索词", max_length=200, blank=True)
    outcome = models.CharField("结果", max_length=10, choices=PageOutcome.choices)
    status_code = models.PositiveSmallIntegerField("HTTP 状态", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    fetched_at = models.DateTimeField("抓取时间", null=True, blank=True)
    duration_ms = models.PositiveIntegerField("耗时（毫秒）", default=0)
    error = models.TextField("错误", blank=True)
    items = models.JSONField("提取结果摘要", default=list, blank=True)

    class Meta:
        verbose_name = "采集页面"
        verbose_name_plural = verbose_name
        ordering = ["id"]

    def __str__(self) -> str:
        return self.url

    @property
    def display_path(self) -> str:
        """Path and query, percent-decoded, for people to read (the host is the source's)."""
        parts = urlsplit(self.url)
        return unquote(parts.path + (f"?{parts.query}" if parts.query else ""))
