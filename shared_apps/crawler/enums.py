from django.db import models


class SourceKind(models.TextChoices):
    ENCYCLOPEDIA = "encyclopedia", "百科"
    GOVERNMENT = "government", "政府网站"
    DISCLOSURE = "disclosure", "上市公司披露"
    NEWS = "news", "新闻"


# What each kind of source yields.
PERSON_KINDS = {SourceKind.ENCYCLOPEDIA, SourceKind.GOVERNMENT}


class Frequency(models.TextChoices):
    DAILY = "daily", "每天"
    WEEKLY = "weekly", "每周"
    MONTHLY = "monthly", "每月"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "运行中"
    SUCCEEDED = "succeeded", "成功"
    PARTIAL = "partial", "部分失败"
    FAILED = "failed", "失败"
    SKIPPED = "skipped", "未运行"


FINISHED = {RunStatus.SUCCEEDED, RunStatus.PARTIAL, RunStatus.FAILED, RunStatus.SKIPPED}


class RunTrigger(models.TextChoices):
    MANUAL = "manual", "手动"
    SCHEDULE = "schedule", "定时"


class PageOutcome(models.TextChoices):
    LISTED = "listed", "搜索页"
    MATCHED = "matched", "有结果"
    NO_MATCH = "no_match", "无结果"
    ROBOTS = "robots", "robots.txt 禁止"
    EXCLUDED = "excluded", "已排除，未抓取"
    ERROR = "error", "出错"
