"""Crawls against the fixture site on 127.0.0.1: what is found and handed to the tenant, what
robots.txt and exclusions keep us from fetching, retries, and tenant isolation."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.crawler.enums import PageOutcome, RunStatus
from shared_apps.crawler.fetcher import user_agent
from shared_apps.crawler.models import CrawlRun

pytestmark = pytest.mark.django_db


def people(schema: str, **filters) -> dict[str, object]:
    from tenant_apps.alumni.famous.models import FamousAlumnus

    with schema_context(schema):
        return {p.name: p for p in FamousAlumnus.objects.filter(**filters)}


def outcomes(run) -> dict[str, str]:
    return {page.url.rsplit("/", 1)[-1]: page.outcome for page in run.pages.all()}


def test_encyclopedia_crawl_finds_alumni_by_the_school_name_and_hands_them_to_the_tenant(site, make_source, school_names, crawl, tenant_a):
    school_names("alpha", "阿尔法大学")
    started = timezone.now()
    run = crawl(make_source("encyclopedia"), tenant_a)

    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.queries == ["阿尔法大学"]
    found = people("alpha")
    assert set(found) == {"陈晓兰", "赵一鸣"}  # 周密 is behind robots.txt, 孙立 is another school's
    chen = found["陈晓兰"]
    assert chen.status == "pending" and chen.category == "encyclopedia"
    assert chen.source_url == f"{site.base}/baike/chen-xiaolan.html" and chen.fetched_at >= started
    assert chen.evidence == "毕业院校：阿尔法大学" and chen.position.startswith("作家")
    assert "1995年毕业于阿尔法大学经济系" in found["赵一鸣"].evidence
    assert run.items_delivered == 2 and run.items_found == 2
    pages = outcomes(run)
    assert pages["zhou-mi.html"] == PageOutcome.ROBOTS
    assert pages["chen-xiaolan.html"] == PageOutcome.MATCHED
    assert pages["search?q=%E9%98%BF%E5%B0%94%E6%B3%95%E5%A4%A7%E5%AD%A6"] == PageOutcome.LISTED
    # robots.txt was read once, the forbidden page never requested, and every request was ours
    assert site.paths().count("/robots.txt") == 1
    assert not any("zhou-mi" in path for path in site.paths())
    assert {hit.user_agent for hit in site.hits} == {user_agent()}
    assert run.pages.get(url__endswith="chen-xiaolan.html").items == [
        {"kind": "person", "name": "陈晓兰", "position": "作家、茅盾文学奖得主", "matched_name": "阿尔法大学"}]


def test_former_names_find_older_alumni_and_a_second_run_adds_nothing_new(site, make_source, school_names, crawl, tenant_a):
    school_names("alpha", "演示大学", "演示工学院")
    source = make_source("encyclopedia")
    first = crawl(source, tenant_a)
    assert set(first.queries) == {"演示大学", "演示工学院"}
    assert set(people("alpha")) == {"李明远", "王思齐", "李华清", "周文博"}
    assert people("alpha")["李明远"].evidence == "毕业院校：演示工学院"
    second = crawl(source, tenant_a)
    assert second.items_found == 4 and second.items_delivered == 0
    assert len(people("alpha")) == 4


def test_a_crawl_for_alpha_never_lands_in_beta(site, make_source, school_names, crawl, tenant_a, tenant_b):
    school_names("alpha", "阿尔法大学")
    school_names("beta", "演示大学")
    source = make_source("encyclopedia")
    crawl(source, tenant_a)
    assert people("beta") == {}
    crawl(source, tenant_b)
    assert set(people("beta")) == {"王思齐", "李明远", "周文博"} and set(people("alpha")) == {"陈晓兰", "赵一鸣"}


def test_an_excluded_person_is_never_fetched_again(site, make_source, school_names, crawl, tenant_a):
    from tenant_apps.alumni.famous.services import candidate_exclude

    school_names("alpha", "阿尔法大学")
    source = make_source("encyclopedia")
    crawl(source, tenant_a)
    with schema_context("alpha"):
        candidate_exclude(actor=None, candidate=people("alpha")["赵一鸣"], reason="本人要求")
    requests_before = site.paths().count("/baike/zhao-yiming.html")
    run = crawl(source, tenant_a)

    assert site.paths().count("/baike/zhao-yiming.html") == requests_before == 1
    page = run.pages.get(url__endswith="zhao-yiming.html")
    assert page.outcome == PageOutcome.EXCLUDED and page.fetched_at is None and page.attempts == 0
    assert people("alpha")["赵一鸣"].status == "excluded"
    assert run.pages_skipped == 2  # the excluded page and the one robots.txt forbids


def test_disclosures_give_alumni_enterprises_with_the_executives_who_studied_there(site, make_source, school_names, crawl, tenant_a):
    from tenant_apps.alumni.famous.models import AlumniEnterprise

    school_names("alpha", "演示大学", "演示工学院")
    run = crawl(make_source("disclosure"), tenant_a)
    assert run.status == RunStatus.SUCCEEDED
    with schema_context("alpha"):
        firms = {f.name: f for f in AlumniEnterprise.objects.all()}
    assert set(firms) == {"星河科技股份有限公司", "蓝山医药股份有限公司"}
    xinghe = firms["星河科技股份有限公司"]
    assert (xinghe.stock_code, xinghe.exchange, xinghe.status) == ("688001", "上海证券交易所科创板", "pending")
    assert [a["name"] for a in xinghe.alumni] == ["王思齐"] and "演示大学" in xinghe.alumni[0]["evidence"]
    assert [a["name"] for a in firms["蓝山医药股份有限公司"].alumni] == ["高原"]


def test_news_are_searched_only_for_confirmed_people_and_firms(site, make_source, school_names, crawl, tenant_a):
    from tenant_apps.alumni.famous.models import NewsItem
    from tenant_apps.alumni.famous.services import candidate_confirm

    school_names("alpha", "阿尔法大学")
    crawl(make_source("encyclopedia"), tenant_a)
    news = make_source("news")
    nothing = crawl(news, tenant_a)
    assert nothing.status == RunStatus.SKIPPED and "没有检索词" in nothing.error
    with schema_context("alpha"):
        candidate_confirm(actor=None, candidate=people("alpha")["陈晓兰"])
    run = crawl(news, tenant_a)
    assert run.queries == ["陈晓兰"]
    with schema_context("alpha"):
        item = NewsItem.objects.get()
        assert (item.title, item.person.name, item.status, item.published_on) == ("陈晓兰新作《南渡》出版", "陈晓兰", "pending", datetime.date(2026, 8, 3))
        assert item.source_url.endswith("/news/2026-08-chen.html") and item.fetched_at is not None


def test_transient_errors_are_retried_with_backoff_and_hard_errors_are_not(site, make_source, school_names, crawl, tenant_a):
    school_names("alpha", "阿尔法大学")
    site.fail_first["/baike/chen-xiaolan.html"] = 2  # 503 twice, then fine
    site.fail_first["/baike/zhao-yiming.html"] = 10  # never recovers within 3 attempts
    site.status_for["/baike/sun-li.html"] = 404
    run = crawl(make_source("encyclopedia"), tenant_a)

    chen = run.pages.get(url__endswith="chen-xiaolan.html")
    assert (chen.outcome, chen.attempts, chen.status_code) == (PageOutcome.MATCHED, 3, 200)
    zhao = run.pages.get(url__endswith="zhao-yiming.html")
    assert (zhao.outcome, zhao.attempts, zhao.status_code, zhao.error) == (PageOutcome.ERROR, 3, 503, "HTTP 503")
    assert run.status == RunStatus.PARTIAL and run.pages_failed == 1
    assert set(people("alpha")) == {"陈晓兰"}
    assert site.paths().count("/baike/zhao-yiming.html") == 3


def test_a_not_found_page_is_not_retried(site, make_source, school_names, crawl, tenant_a):
    school_names("alpha", "某戏剧学院")
    site.status_for["/baike/sun-li.html"] = 404
    run = crawl(make_source("encyclopedia"), tenant_a)
    page = run.pages.get(url__endswith="sun-li.html")
    assert (page.outcome, page.attempts, page.status_code) == (PageOutcome.ERROR, 1, 404)
    assert run.status == RunStatus.PARTIAL


def test_an_unreachable_robots_txt_means_nothing_is_fetched(site, make_source, school_names, crawl, tenant_a):
    school_names("alpha", "阿尔法大学")
    site.status_for["/robots.txt"] = 500
    run = crawl(make_source("encyclopedia"), tenant_a)
    assert [p.outcome for p in run.pages.all()] == [PageOutcome.ROBOTS]
    assert set(site.paths()) == {"/robots.txt"}
    assert people("alpha") == {}


def test_a_missing_robots_txt_allows_everything(site, make_source, school_names, crawl, tenant_a):
    school_names("alpha", "阿尔法大学")
    site.status_for["/robots.txt"] = 404
    crawl(make_source("encyclopedia"), tenant_a)
    assert set(people("alpha")) == {"陈晓兰", "赵一鸣", "周密"}


def test_the_page_budget_stops_a_run(site, make_source, school_names, crawl, tenant_a):
    school_names("alpha", "阿尔法大学")
    run = crawl(make_source("encyclopedia", max_pages=2), tenant_a)
    assert run.pages_fetched + run.pages_failed == 2


def test_a_tenant_without_the_alumni_module_gets_no_crawl(site, make_source, crawl, tenant_bureau):
    tenant_bureau.modules = ["experts", "alumni"]  # the console lets it be chosen...
    tenant_bureau.save(update_fields=["modules"])
    tenant_bureau.modules = ["experts"]  # ...then the module is switched off before the run
    tenant_bureau.save(update_fields=["modules"])
    run = crawl(make_source("encyclopedia"), tenant_bureau)
    assert run.status == RunStatus.SKIPPED and run.pages.count() == 0 and site.paths() == []


def test_run_execute_twice_runs_once(site, make_source, school_names, tenant_a):
    from shared_apps.crawler.services import run_execute, run_start

    school_names("alpha", "阿尔法大学")
    run = run_start(actor=None, source=make_source("encyclopedia"), tenant=tenant_a)
    run_execute(run_id=run.pk)
    hits = len(site.hits)
    assert run_execute(run_id=run.pk).status == RunStatus.SUCCEEDED
    assert len(site.hits) == hits


def test_only_one_active_run_per_source_and_tenant(make_source, tenant_a):
    from core.errors import Conflict
    from shared_apps.crawler.services import run_start

    source = make_source("encyclopedia")
    run_start(actor=None, source=source, tenant=tenant_a)
    with pytest.raises(Conflict):
        run_start(actor=None, source=source, tenant=tenant_a)


def test_due_schedules_start_runs_and_move_on(make_source, tenant_a, tenant_b):
    from shared_apps.crawler.services import schedule_save, schedules_dispatch_due

    source = make_source("encyclopedia")
    now = timezone.now()
    due = schedule_save(actor=None, source=source, tenant=tenant_a, frequency="weekly", is_enabled=True, first_run_at=now - datetime.timedelta(minutes=1))
    later = schedule_save(actor=None, source=source, tenant=tenant_b, frequency="daily", is_enabled=True, first_run_at=now + datetime.timedelta(hours=1))
    assert schedules_dispatch_due(now=now) == 1
    run = CrawlRun.objects.get()
    assert (run.tenant_id, run.schedule_id, run.trigger, run.status) == (tenant_a.pk, due.pk, "schedule", "queued")
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.next_run_at == now + datetime.timedelta(days=7)
    assert later.next_run_at == now + datetime.timedelta(hours=1)
    assert schedules_dispatch_due(now=now) == 0


def test_private_addresses_are_refused_outside_development(settings, site, make_source, school_names, crawl, tenant_a):
    settings.CRAWLER_ALLOW_PRIVATE_ADDRESSES = False
    school_names("alpha", "阿尔法大学")
    run = crawl(make_source("encyclopedia"), tenant_a)
    assert site.paths() == []  # not even robots.txt
    assert [p.outcome for p in run.pages.all()] == [PageOutcome.ROBOTS]  # an unreachable robots.txt disallows all


def test_the_address_check_refuses_loopback_private_and_metadata_addresses(settings):
    from shared_apps.crawler import fetcher

    settings.CRAWLER_ALLOW_PRIVATE_ADDRESSES = False
    for url in ["http://localhost:6379/", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.5/", "http://[::ffff:127.0.0.1]/"]:
        with pytest.raises(fetcher.AddressRefused):
            fetcher._check_address(url)
    assert fetcher._check_address("http://8.8.8.8/") is None
