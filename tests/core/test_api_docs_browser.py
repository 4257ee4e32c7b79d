"""Swagger UI renders in a real browser under our CSP, with no request leaving the server."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from core.testing.browser import CHROMIUM_ARGS

pytestmark = pytest.mark.e2e


def test_swagger_ui_renders_offline(live_server_url):
    from playwright.sync_api import sync_playwright

    url = live_server_url.url("live", "/api/docs/")
    own_host = urlparse(url).netloc
    problems, foreign = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: problems.append(str(exc)))
        page.on("request", lambda req: foreign.append(req.url) if urlparse(req.url).netloc not in (own_host, "") and not req.url.startswith("data:") else None)
        page.goto(url)
        page.wait_for_selector(".swagger-ui .info .title", timeout=60000)  # the whole tenant API: a big schema
        page.wait_for_selector(".opblock", timeout=60000)
        title = page.inner_text(".swagger-ui .info .title")
        operations = page.locator(".opblock").count()
        page.screenshot(path="/tmp/swagger.png", full_page=False)
        browser.close()
    assert "Campus SaaS API" in title
    assert operations >= 1
    assert not [m for m in problems if "Content Security Policy" in m or "Refused" in m], problems
    assert not foreign, f"requests left the server: {foreign}"
