"""The crawler in the vendor console: sources, schedules, run now and run history, for signed-in
vendor staff only; every change audited."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from core.models import AuditEvent
from shared_apps.crawler.models import CrawlRun, CrawlSchedule, CrawlSource

pytestmark = pytest.mark.django_db

URLS = ["/crawler/sources/", "/crawler/sources/new/", "/crawler/schedules/", "/crawler/schedules/new/", "/crawler/runs/"]


def source_post(**overrides):
    data = {"name": "本地百科", "kind": "encyclopedia", "base_url": "http://127.0.0.1:9/", "search_path": "/baike/search?q={query}",
            "min_interval_seconds": "2", "max_pages": "30", "is_enabled": "on", "notes": ""}
    return {**data, **overrides}


def test_pages_need_signed_in_vendor_staff(console, admin_client_a, make_source, tenant_a):
    source = make_source()
    run = CrawlRun.objects.create(source=source, tenant=tenant_a, trigger="manual")
    for url in [*URLS, f"/crawler/sources/{source.pk}/", f"/crawler/sources/{source.pk}/edit/", f"/crawler/runs/{run.pk}/"]:
        response = console.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url
    assert console.post(f"/crawler/sources/{source.pk}/run/", {"tenant": tenant_a.pk}).status_code == 302
    assert CrawlRun.objects.count() == 1
    # a tenant's back office has no crawler pages at all
    assert admin_client_a.get("/crawler/sources/").status_code == 404


def test_staff_create_and_edit_a_source_with_validation(staff_console):
    for url in URLS:
        assert staff_console.get(url).status_code == 200, url
    html = staff_console.get("/crawler/sources/").content.decode()
    assert "还没有采集来源" in html and 'data-menu="crawler_sources"' in html

    response = staff_console.post("/crawler/sources/new/", source_post(search_path="/search", base_url="not a url"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "搜索路径中需要包含 {query}" in html and "请输入合法的URL" in html

    response = staff_console.post("/crawler/sources/new/", source_post())
    source = CrawlSource.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/crawler/sources/{source.pk}/"
    assert AuditEvent.objects.filter(action="crawler.source_created", object_id=str(source.pk), actor_label="客服小王").exists()
    assert staff_console.post("/crawler/sources/new/", source_post()).status_code == 400  # same name

    response = staff_console.post(f"/crawler/sources/{source.pk}/edit/", source_post(min_interval_seconds="5", is_enabled=""))
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.min_interval_seconds == 5 and not source.is_enabled
    event = AuditEvent.objects.get(action="crawler.source_changed")
    assert (event.before["min_interval_seconds"], event.before["is_enabled"]) == (2.0, True)
    assert (event.after["min_interval_seconds"], event.after["is_enabled"]) == (5.0, False)
    assert "name" not in event.after  # only what changed
    assert "来源已停用" in staff_console.get(f"/crawler/sources/{source.pk}/").content.decode()


def test_staff_schedule_a_source_for_a_tenant(staff_console, make_source, tenant_a, tenant_bureau):
    source = make_source()
    html = staff_console.get("/crawler/schedules/new/").content.decode()
    assert tenant_a.name in html and tenant_bureau.name not in html  # only tenants with the alumni module
    data = {"source": source.pk, "tenant": tenant_a.pk, "frequency": "weekly", "is_enabled": "on", "first_run_at": "2030-01-02T03:04"}
    assert staff_console.post("/crawler/schedules/new/", data).status_code == 302
    schedule = CrawlSchedule.objects.get()
    assert (schedule.tenant_id, schedule.frequency, schedule.next_run_at.year) == (tenant_a.pk, "weekly", 2030)
    response = staff_console.post("/crawler/schedules/new/", data)
    assert response.status_code == 409 and "已有这个来源的采集计划" in response.content.decode()
    assert staff_console.post("/crawler/schedules/new/", {**data, "tenant": tenant_bureau.pk}).status_code == 400

    assert staff_console.post(f"/crawler/schedules/{schedule.pk}/edit/", {**data, "frequency": "daily"}).status_code == 302
    schedule.refresh_from_db()
    assert schedule.frequency == "daily"
    html = staff_console.get("/crawler/schedules/").content.decode()
    assert "每天" in html and "hx-confirm" in html
    assert staff_console.post(f"/crawler/schedules/{schedule.pk}/delete/").status_code == 302
    assert not CrawlSchedule.objects.exists()
    assert AuditEvent.objects.filter(action__in=["crawler.schedule_created", "crawler.schedule_changed", "crawler.schedule_deleted"]).count() == 3


def test_run_now_and_the_run_history_with_pages(staff_console, site, make_source, school_names, tenant_a):
    from shared_apps.crawler.services import run_execute

    school_names("alpha", "阿尔法大学")
    source = make_source()
    response = staff_console.post(f"/crawler/sources/{source.pk}/run/", {"tenant": tenant_a.pk})
    run = CrawlRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/crawler/runs/{run.pk}/"
    assert (run.status, run.triggered_by, run.trigger) == ("queued", "客服小王", "manual")
    html = staff_console.get(f"/crawler/runs/{run.pk}/").content.decode()
    assert "排队中" in html and 'hx-trigger="every 2s"' in html
    response = staff_console.post(f"/crawler/sources/{source.pk}/run/", {"tenant": tenant_a.pk}, follow=True)
    assert "正在为该租户采集" in response.content.decode()

    run_execute(run_id=run.pk)  # what the worker does
    html = staff_console.get(f"/crawler/runs/{run.pk}/").content.decode()
    assert "成功" in html and "hx-trigger" not in html
    assert "人物：陈晓兰" in html and "robots.txt 禁止" in html and "/baike/private/zhou-mi.html" in html and "/baike/search?q=阿尔法大学" in html
    robots_only = staff_console.get(f"/crawler/runs/{run.pk}/?outcome=robots").content.decode()
    assert "zhou-mi.html" in robots_only and "chen-xiaolan.html" not in robots_only
    partial = staff_console.get(f"/crawler/runs/{run.pk}/?part=summary", HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith('<div id="run-summary"')
    listing = staff_console.get("/crawler/runs/?tenant=alpha&status=succeeded").content.decode()
    assert f'data-run="{run.pk}"' in listing
    assert f'data-run="{run.pk}"' not in staff_console.get("/crawler/runs/?tenant=beta").content.decode()
    # the console shows the run; the results themselves are in the tenant, pending
    with schema_context("alpha"):
        from tenant_apps.alumni.famous.models import FamousAlumnus

        assert FamousAlumnus.objects.filter(status="pending").count() == 2


def test_unknown_ids_are_404(staff_console):
    for url in ["/crawler/sources/999999/", "/crawler/sources/999999/edit/", "/crawler/runs/999999/", "/crawler/schedules/999999/edit/"]:
        assert staff_console.get(url).status_code == 404, url
