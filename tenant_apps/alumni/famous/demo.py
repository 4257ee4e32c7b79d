"""Demo data: the crawler's own fixture site (shared_apps/crawler/demo_site), read through the
same extraction code a crawl uses and handed over through the same service, without a network.
Some results are confirmed (the H5 shows them), some stay pending (the queue), one is excluded."""

from __future__ import annotations

import datetime

from django.utils import timezone

DEMO_SITE = "http://127.0.0.1:8765"  # where `FixtureSite` serves these pages when started on that port
SOURCES = [("baike", "encyclopedia", "演示百科（本地样例站）"), ("gov", "government", "演示政府网（本地样例站）"),
           ("disclosure", "disclosure", "演示披露站（本地样例站）")]
CONFIRM_PEOPLE = {"李明远", "王思齐", "刘建国"}
CONFIRM_ENTERPRISES = {"星河科技股份有限公司"}
EXCLUDE_PEOPLE = {"李华清"}


def seed_demo_famous(schema_name: str, tenant_type: str) -> None:
    if tenant_type != "university":
        return
    from shared_apps.crawler import extraction
    from shared_apps.crawler.fixture_server import SITE
    from tenant_apps.alumni.famous import selectors, services
    from tenant_apps.alumni.famous.enums import CandidateStatus
    from tenant_apps.alumni.famous.models import AlumniEnterprise, FamousAlumnus, NewsItem

    if FamousAlumnus.objects.exists():
        return
    settings = services.settings_update(actor=None, school_name="演示大学", former_names=["演示工学院"])
    names = settings.all_names
    fetched_at = timezone.now() - datetime.timedelta(days=2)
    for folder, kind, label in SOURCES:
        items = []
        for file in sorted((SITE / folder).glob("*.html")):  # not private/: robots.txt keeps the crawler out of it
            url = f"{DEMO_SITE}/{folder}/{file.name}"
            html = file.read_text(encoding="utf-8")
            item = extraction.extract_enterprise(html, url, names) if kind == "disclosure" else extraction.extract_person(html, url, names)
            if item:
                item.setdefault("category", kind)
                items.append(item)
        services.crawl_results_receive(run_id=None, source_name=label, source_kind=kind, fetched_at=fetched_at, items=items)
    for person in FamousAlumnus.objects.filter(status=CandidateStatus.PENDING):
        if person.name in CONFIRM_PEOPLE:
            services.candidate_confirm(actor=None, candidate=person)
        elif person.name in EXCLUDE_PEOPLE:
            services.candidate_exclude(actor=None, candidate=person, reason="本人要求不予展示（演示）")
    for enterprise in AlumniEnterprise.objects.filter(status=CandidateStatus.PENDING, name__in=CONFIRM_ENTERPRISES):
        services.candidate_confirm(actor=None, candidate=enterprise)
    subjects = selectors.crawl_brief(source_kind="news", tenant_modules=["alumni"])["subjects"]
    news = []
    for file in sorted((SITE / "news").glob("*.html")):
        news += extraction.extract_news(file.read_text(encoding="utf-8"), f"{DEMO_SITE}/news/{file.name}", subjects)
    services.crawl_results_receive(run_id=None, source_name="演示新闻（本地样例站）", source_kind="news", fetched_at=fetched_at, items=news)
    for item in NewsItem.objects.filter(status=CandidateStatus.PENDING).order_by("id")[:2]:
        services.candidate_confirm(actor=None, candidate=item)
