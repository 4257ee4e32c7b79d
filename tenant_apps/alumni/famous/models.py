"""Famous alumni (A12) and alumni enterprises (A13) found by the platform's crawler, with
their news. Nothing appears to alumni before a member of staff confirms it; every row keeps
the page it came from and when that page was read."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower

from tenant_apps.alumni.famous.enums import CandidateStatus, PersonCategory, SubjectKind


class FamousSettings(models.Model):
    """The names the crawler searches for: the school's current name and its former names."""

    school_name = models.CharField("学校名称", max_length=100, blank=True)
    former_names = models.JSONField("曾用名", default=list, blank=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "知名校友采集设置"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.school_name or "采集设置"

    @property
    def all_names(self) -> list[str]:
        names = [self.school_name, *self.former_names]
        return [n for i, n in enumerate(names) if n and n not in names[:i]]


class Crawled(models.Model):
    status = models.CharField("状态", max_length=10, choices=CandidateStatus.choices, default=CandidateStatus.PENDING, db_index=True)
    source_url = models.URLField("来源页面", max_length=2000)
    source_name = models.CharField("来源", max_length=100)
    fetched_at = models.DateTimeField("抓取时间")
    crawl_run_id = models.BigIntegerField("采集运行编号", null=True, blank=True)  # public crawler run; no cross-schema FK
    summary = models.TextField("摘要", blank=True)
    reviewed_by_label = models.CharField("确认人", max_length=150, blank=True)
    reviewed_at = models.DateTimeField("确认时间", null=True, blank=True)
    created_at = models.DateTimeField("发现时间", auto_now_add=True)

    class Meta:
        abstract = True


class FamousAlumnus(Crawled):
    name = models.CharField("姓名", max_length=100)
    position = models.CharField("职务", max_length=200, blank=True)
    category = models.CharField("出处类型", max_length=20, choices=PersonCategory.choices)
    evidence = models.TextField("校友依据", blank=True, help_text="页面中提到学校的那句话")

    class Meta:
        verbose_name = "知名校友"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        permissions = [("confirm_candidates", "确认或排除采集到的知名校友、校友企业和动态")]
        constraints = [models.UniqueConstraint(fields=["name", "source_url"], name="alumni_famous_person_source_unique")]

    def __str__(self) -> str:
        return self.name


class AlumniEnterprise(Crawled):
    name = models.CharField("企业名称", max_length=200)
    stock_code = models.CharField("证券代码", max_length=20, blank=True)
    exchange = models.CharField("上市地点", max_length=50, blank=True)
    industry = models.CharField("行业", max_length=100, blank=True)
    alumni = models.JSONField("企业中的校友", default=list, blank=True, help_text="[{name, position, evidence}]")

    class Meta:
        verbose_name = "校友企业"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["name", "source_url"], name="alumni_famous_enterprise_source_unique")]

    def __str__(self) -> str:
        return self.name


class NewsItem(Crawled):
    person = models.ForeignKey(FamousAlumnus, on_delete=models.CASCADE, null=True, blank=True, related_name="news", verbose_name="知名校友")
    enterprise = models.ForeignKey(AlumniEnterprise, on_delete=models.CASCADE, null=True, blank=True, related_name="news", verbose_name="校友企业")
    title = models.CharField("标题", max_length=200)
    published_on = models.DateField("发布日期", null=True, blank=True)

    class Meta:
        verbose_name = "校友动态"
        verbose_name_plural = verbose_name
        ordering = ["-published_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source_url", "person"], name="alumni_famous_news_person_unique"),
            models.UniqueConstraint(fields=["source_url", "enterprise"], name="alumni_famous_news_enterprise_unique"),
            models.CheckConstraint(condition=models.Q(person__isnull=False) | models.Q(enterprise__isnull=False), name="alumni_famous_news_has_subject"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def subject(self):
        return self.person or self.enterprise


class Exclusion(models.Model):
    """A person or firm staff do not want: never fetched again, never shown."""

    kind = models.CharField("类型", max_length=10, choices=SubjectKind.choices)
    name = models.CharField("名称", max_length=200)
    source_urls = models.JSONField("来源页面", default=list, blank=True)
    reason = models.CharField("原因", max_length=200, blank=True)
    created_by_label = models.CharField("操作人", max_length=150, blank=True)
    created_at = models.DateTimeField("排除时间", auto_now_add=True)

    class Meta:
        verbose_name = "采集排除"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(Lower("name"), "kind", name="alumni_famous_exclusion_unique")]

    def __str__(self) -> str:
        return self.name
