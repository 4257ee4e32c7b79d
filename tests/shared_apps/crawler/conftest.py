"""Crawler fixtures: the fixture site on 127.0.0.1 (shared_apps/crawler/fixture_server.py),
fast retries, and sources pointing at the site."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from shared_apps.crawler.fixture_server import FixtureSite


@pytest.fixture
def site():
    server = FixtureSite().start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _fast_retries(settings):
    settings.CRAWLER_BACKOFF_SECONDS = 0.01
    settings.CRAWLER_MAX_ATTEMPTS = 3
    settings.CRAWLER_READ_TIMEOUT = 5
    settings.CRAWLER_ALLOW_PRIVATE_ADDRESSES = True  # the fixture site is on 127.0.0.1


SEARCH = {"encyclopedia": "/baike/search?q={query}", "government": "/gov/search?q={query}",
          "disclosure": "/disclosure/search?q={query}", "news": "/news/search?q={query}"}


@pytest.fixture
def make_source(db, site):
    from shared_apps.crawler.services import source_save

    def make(kind: str = "encyclopedia", *, interval: float = 0.1, max_pages: int = 50, name: str = ""):
        return source_save(actor=None, data={
            "name": name or f"{kind}-{site.port}", "kind": kind, "base_url": site.base + "/", "search_path": SEARCH[kind],
            "min_interval_seconds": interval, "max_pages": max_pages, "is_enabled": True, "notes": "",
        })

    return make


@pytest.fixture
def school_names(db):
    """set(schema, name, *former): the names a tenant's crawls search for."""
    from tenant_apps.alumni.famous.services import settings_update

    def apply(schema: str, name: str, *former: str):
        with schema_context(schema):
            settings_update(actor=None, school_name=name, former_names=list(former))

    return apply


@pytest.fixture
def crawl():
    """crawl(source, tenant) -> the finished run (started as a console user would, then run
    here in the test's transaction instead of on a worker)."""
    from shared_apps.crawler.services import run_execute, run_start

    def run(source, tenant):
        started = run_start(actor=None, source=source, tenant=tenant)
        return run_execute(run_id=started.pk)

    return run


# The console's signed-in vendor staff (password + TOTP), reused for the crawler's pages.
from tests.shared_apps.console.conftest import console, staff, staff_console, staff_secret  # noqa: E402, F401
