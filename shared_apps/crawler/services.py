"""Writes of the crawler: sources, schedules, starting runs, and the run itself.

A run reads the tenant's brief (school names, exclusions, subjects for news) and hands what
it found to the tenant, both through core.hooks inside `schema_context(tenant)`: the tenant
app decides what to keep, and no code here writes a tenant table."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from urllib.parse import quote, urljoin

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from core.audit import audit_record, snapshot
from core.errors import ApplicationError, Conflict
from core.hooks import has_subscribers, publish
from shared_apps.crawler import extraction, selectors
from shared_apps.crawler.enums import (
    FINISHED,
    PERSON_KINDS,
    Frequency,
    PageOutcome,
    RunStatus,
    RunTrigger,
    SourceKind,
)
from shared_apps.crawler.errors import CrawlerErrorCode
from shared_apps.crawler.events import CRAWL_BRIEF, CRAWL_RESULTS
from shared_apps.crawler.fetcher import Fetcher, FetchResult
from shared_apps.crawler.models import CrawlPage, CrawlRun, CrawlSchedule, CrawlSource

logger = logging.getLogger(__name__)

SOURCE_FIELDS = ["name", "kind", "base_url", "search_path", "min_interval_seconds", "max_pages", "is_enabled", "notes"]
FREQUENCY_DAYS = {Frequency.DAILY: 1, Frequency.WEEKLY: 7, Frequency.MONTHLY: 30}
RUNNABLE_TENANT_STATUSES = {"active", "past_due"}


# --- sources and schedules ------------------------------------------------------------------


@transaction.atomic
def source_save(*, actor, data: dict, source: CrawlSource | None = None) -> CrawlSource:
    """Creates a source, or changes `source`; `data` holds SOURCE_FIELDS."""
    before = snapshot(source) if source is not None else None
    source = source or CrawlSource()
    for field in SOURCE_FIELDS:
        if field in data:
            setattr(source, field, data[field])
    if "{query}" not in source.search_path:
        raise ApplicationError("搜索路径中需要包含 {query}。", fields={"search_path": ["需要包含 {query}。"]})
    source.full_clean()
    source.save()
    audit_record(actor=actor, action="crawler.source_created" if before is None else "crawler.source_changed", target=source,
                 before=before, after=snapshot(source), only_changes=before is not None)
    return source


def _next_run(frequency: str, *, after: datetime.datetime) -> datetime.datetime:
    return after + datetime.timedelta(days=FREQUENCY_DAYS[Frequency(frequency)])


@transaction.atomic
def schedule_save(*, actor, source: CrawlSource, tenant, frequency: str, is_enabled: bool, schedule: CrawlSchedule | None = None,
                  first_run_at: datetime.datetime | None = None) -> CrawlSchedule:
    before = snapshot(schedule) if schedule is not None else None
    if CrawlSchedule.objects.filter(source=source, tenant=tenant).exclude(pk=getattr(schedule, "pk", None)).exists():
        raise Conflict("该租户已有这个来源的采集计划。", code=CrawlerErrorCode.SCHEDULE_EXISTS)
    schedule = schedule or CrawlSchedule()
    frequency_changed = schedule.pk is None or schedule.frequency != frequency
    schedule.source, schedule.tenant, schedule.frequency, schedule.is_enabled = source, tenant, frequency, is_enabled
    if first_run_at is not None:
        schedule.next_run_at = first_run_at
    elif frequency_changed or schedule.next_run_at is None:
        schedule.next_run_at = _next_run(frequency, after=timezone.now())
    schedule.full_clean()
    schedule.save()
    audit_record(actor=actor, action="crawler.schedule_created" if before is None else "crawler.schedule_changed", target=schedule,
                 before=before, after=snapshot(schedule), only_changes=before is not None)
    return schedule


@transaction.atomic
def schedule_delete(*, actor, schedule: CrawlSchedule) -> None:
    audit_record(actor=actor, action="crawler.schedule_deleted", target=schedule, before=snapshot(schedule), after=None, only_changes=False)
    schedule.delete()


# --- runs -----------------------------------------------------------------------------------


@transaction.atomic
def run_start(*, actor, source: CrawlSource, tenant, schedule: CrawlSchedule | None = None, trigger: str = RunTrigger.MANUAL) -> CrawlRun:
    """Queues a run of `source` for `tenant` (the crawler queue runs it)."""
    if not source.is_enabled:
        raise ApplicationError("该来源已停用。", code=CrawlerErrorCode.SOURCE_DISABLED)
    if tenant.status not in RUNNABLE_TENANT_STATUSES:
        raise ApplicationError("该租户当前不可用，不能采集。", code=CrawlerErrorCode.TENANT_INACTIVE)
    if selectors.run_active_exists(source_id=source.pk, tenant_id=tenant.pk):
        raise Conflict("这个来源正在为该租户采集，请等待完成。", code=CrawlerErrorCode.RUN_ACTIVE)
    label = "" if actor is None else (getattr(actor, "display_name", "") or actor.get_username())
    run = CrawlRun.objects.create(source=source, tenant=tenant, schedule=schedule, trigger=trigger, triggered_by=label[:150])
    audit_record(actor=actor, action="crawler.run_started", target=run, after={"source": source.name, "tenant": tenant.schema_name, "trigger": trigger},
                 only_changes=False)
    from shared_apps.crawler.tasks import run_execute_task

    transaction.on_commit(lambda: run_execute_task.delay(run.pk))
    return run


def schedules_dispatch_due(*, now: datetime.datetime | None = None) -> int:
    """Starts a run for every enabled schedule that is due and moves its next run on."""
    now = now or timezone.now()
    started = 0
    for schedule in selectors.schedules_due(now=now):
        with transaction.atomic():
            CrawlSchedule.objects.filter(pk=schedule.pk).update(next_run_at=_next_run(schedule.frequency, after=now))
            try:
                run_start(actor=None, source=schedule.source, tenant=schedule.tenant, schedule=schedule, trigger=RunTrigger.SCHEDULE)
            except ApplicationError as exc:
                logger.info("crawl schedule %s not started: %s", schedule.pk, exc.message)
                continue
            started += 1
    return started


@dataclass
class _Work:
    url: str
    query: str
    is_search: bool
    anchor: str = ""


class _Crawl:
    """The body of one run: search pages per query, then the pages they link to."""

    def __init__(self, run: CrawlRun, brief: dict, fetcher: Fetcher) -> None:
        self.run, self.source, self.fetcher = run, run.source, fetcher
        self.school_names = [n for n in brief.get("school_names", []) if n]
        self.excluded_names = [n for n in brief.get("excluded_names", []) if n]
        self.excluded_urls = set(brief.get("excluded_urls", []))
        self.subjects = [s for s in brief.get("subjects", []) if s.get("name") and s["name"] not in self.excluded_names]
        self.seen: set[str] = set()

    def queries(self) -> list[str]:
        if self.source.kind == SourceKind.NEWS:
            return [s["name"] for s in self.subjects]
        return self.school_names

    def search_url(self, query: str) -> str:
        return urljoin(self.source.base_url, self.source.search_path.replace("{query}", quote(query)))

    def record(self, work: _Work, outcome: str, result: FetchResult | None = None, items: list[dict] | None = None, error: str = "") -> None:
        page = CrawlPage(run=self.run, url=work.url[:2000], query=work.query[:200], outcome=outcome, items=[_summary(i) for i in items or []])
        if result is not None:
            page.status_code, page.attempts, page.fetched_at = result.status_code, result.attempts, result.fetched_at
            page.duration_ms, page.error = result.duration_ms, (error or result.error)[:2000]
        else:
            page.error = error
        page.save()
        if outcome in (PageOutcome.ROBOTS, PageOutcome.EXCLUDED):
            self.run.pages_skipped += 1
        elif outcome == PageOutcome.ERROR:
            self.run.pages_failed += 1
        else:
            self.run.pages_fetched += 1
        # Counters saved with every page so that the console's progress follows the run.
        self.run.save(update_fields=["pages_fetched", "pages_failed", "pages_skipped", "items_found", "items_delivered"])

    def is_excluded(self, work: _Work) -> bool:
        return work.url in self.excluded_urls or any(name in work.anchor for name in self.excluded_names)

    def extract(self, html: str, url: str) -> list[dict]:
        if self.source.kind in PERSON_KINDS:
            item = extraction.extract_person(html, url, self.school_names)
            items = [item] if item else []
            for item in items:
                item["category"] = self.source.kind
        elif self.source.kind == SourceKind.DISCLOSURE:
            item = extraction.extract_enterprise(html, url, self.school_names)
            items = [item] if item else []
        else:
            items = extraction.extract_news(html, url, [s for s in self.subjects])
        return [i for i in items if i.get("name", i.get("subject_name")) not in self.excluded_names]

    def deliver(self, items: list[dict], fetched_at) -> int:
        with schema_context(self.run.tenant.schema_name):
            results = publish(CRAWL_RESULTS, run_id=self.run.pk, source_name=self.source.name, source_kind=self.source.kind,
                              fetched_at=fetched_at, items=items)
        return sum(int(r or 0) for r in results)

    def budget_left(self) -> bool:
        return self.run.pages_fetched + self.run.pages_failed < self.source.max_pages

    def visit(self, work: _Work) -> list[_Work]:
        """Fetches one page; returns the pages a search page leads to."""
        self.seen.add(work.url)
        if self.is_excluded(work):
            self.record(work, PageOutcome.EXCLUDED, error="已被租户排除，不再抓取")
            return []
        result = self.fetcher.fetch(work.url)
        if not result.robots_allowed:
            self.record(work, PageOutcome.ROBOTS, error=result.error)
            return []
        if not result.ok:
            self.record(work, PageOutcome.ERROR, result)
            return []
        if work.is_search:
            found = [_Work(url=url, query=work.query, is_search=False, anchor=text) for url, text in extraction.links(result.text, result.final_url or work.url)]
            self.record(work, PageOutcome.LISTED, result, error="")
            return found
        items = self.extract(result.text, work.url)
        self.record(work, PageOutcome.MATCHED if items else PageOutcome.NO_MATCH, result, items)
        if items:
            self.run.items_found += len(items)
            self.run.items_delivered += self.deliver(items, result.fetched_at)
            self.run.save(update_fields=["items_found", "items_delivered"])
        return []

    def crawl(self) -> None:
        for query in self.queries():
            if not self.budget_left():
                break
            work = _Work(url=self.search_url(query), query=query, is_search=True)
            if work.url in self.seen:
                continue
            for follow in self.visit(work):
                if not self.budget_left():
                    break
                if follow.url not in self.seen:
                    self.visit(follow)


def _summary(item: dict) -> dict:
    keys = ("kind", "name", "position", "stock_code", "subject_name", "title", "matched_name")
    return {k: item[k] for k in keys if item.get(k)}


def _brief(run: CrawlRun) -> dict | None:
    if not has_subscribers(CRAWL_BRIEF):
        return None
    with schema_context(run.tenant.schema_name):
        answers = [a for a in publish(CRAWL_BRIEF, source_kind=run.source.kind, tenant_name=run.tenant.name,
                                                tenant_modules=list(run.tenant.modules or [])) if a]
    if not answers:
        return None
    brief: dict = {"school_names": [], "excluded_names": [], "excluded_urls": [], "subjects": []}
    for answer in answers:
        for key in brief:
            brief[key].extend(x for x in answer.get(key, []) if x not in brief[key])
    return brief


def run_execute(*, run_id: int, fetcher: Fetcher | None = None) -> CrawlRun | None:
    """Runs a queued run once (a second call for the same run does nothing). Not one
    transaction: each page is recorded and handed over as it is done, so a crash keeps what
    was found so far and the run shows where it stopped."""
    with transaction.atomic():
        run = CrawlRun.objects.select_for_update().select_related("source", "tenant").filter(pk=run_id).first()
        if run is None or run.status != RunStatus.QUEUED:
            return run
        run.status, run.started_at = RunStatus.RUNNING, timezone.now()
        run.save(update_fields=["status", "started_at"])
    brief = _brief(run)
    if brief is None:
        return _finish(run, RunStatus.SKIPPED, "租户未开通校友模块或不接收采集结果。")
    crawl = _Crawl(run, brief, fetcher or Fetcher(min_interval=run.source.min_interval_seconds))
    run.queries = crawl.queries()
    run.save(update_fields=["queries"])
    if not run.queries:
        return _finish(run, RunStatus.SKIPPED, "没有检索词（学校名称或已确认的校友/企业）。")
    try:
        crawl.crawl()
    except Exception as exc:  # the run records why it stopped; the worker log keeps the trace
        logger.exception("crawl run %s failed", run.pk)
        return _finish(run, RunStatus.FAILED, f"{type(exc).__name__}: {exc}"[:2000])
    if run.pages_failed and not run.pages_fetched:
        return _finish(run, RunStatus.FAILED, "所有页面都抓取失败。")
    return _finish(run, RunStatus.PARTIAL if run.pages_failed else RunStatus.SUCCEEDED, "")


def _finish(run: CrawlRun, status: str, error: str) -> CrawlRun:
    assert status in FINISHED
    with transaction.atomic():
        run.status, run.error, run.finished_at = status, error, timezone.now()
        run.save()
        audit_record(actor=None, action="crawler.run_finished", target=run, after={
            "status": status, "pages_fetched": run.pages_fetched, "pages_failed": run.pages_failed, "pages_skipped": run.pages_skipped,
            "items_found": run.items_found, "items_delivered": run.items_delivered,
        }, only_changes=False)
    return run
