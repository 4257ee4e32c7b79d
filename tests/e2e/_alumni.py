"""Steps the alumni browser tests share (tests/e2e/test_alumni_*.py), all in the committed `live`
tenant: watching a page for script errors, signing in on the H5 and in the back office, and
paying through a local WeChat Pay v3 server whose notification reaches the live server over HTTP."""

from __future__ import annotations

import re
from contextlib import contextmanager

import requests
from django.conf import settings

from tests.e2e._story import SCHEMA, http


def watch(page, errors: list[str]) -> None:
    """Collect the page's script errors and console errors (not failed resource loads)."""
    page.on("pageerror", lambda exc: errors.append(f"script error: {exc}"))
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" and "Failed to load resource" not in m.text else None)


def h5_login(page, server, username: str, password: str, next_path: str) -> None:
    """Sign in on the H5 login page and wait to land on `next_path`."""
    page.goto(server.url(SCHEMA, f"/h5/login/?next={next_path}"))
    page.fill("#u", username)
    page.fill("#p", password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def backoffice_login(page, server, username: str, password: str) -> None:
    page.goto(server.url(SCHEMA, "/admin-ui/login/"))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin-ui/"))


@contextmanager
def wechat_pay_server():
    """A local WeChat Pay v3 server, with the live server's WeChat Pay client pointed at it
    while the test runs. The tenant's merchant settings are the test's to save
    (`fake.merchant_settings()`)."""
    from tests.tenant_apps.payments.conftest import merchant_keys
    from tests.tenant_apps.payments.fakepay import FakeWeChatPay

    with FakeWeChatPay(merchant_keys()) as fake:
        previous = getattr(settings, "WECHAT_PAY_BASE_URL", None)
        settings.WECHAT_PAY_BASE_URL = fake.url
        try:
            yield fake
        finally:
            settings.WECHAT_PAY_BASE_URL = previous or "https://api.mch.weixin.qq.com"


def pay(server, fake, order_no: str) -> requests.Response:
    """The payer confirms order `order_no` in WeChat; WeChat Pay's signed notification is posted
    to the live server. Returns the live server's answer."""
    from tests.tenant_apps.payments.fakepay import FakeWeChatPay

    body, headers = fake.pay(order_no)
    return http(server, "POST", server.url(SCHEMA, "/api/v1/payments/notify/"), data=body,
                headers={"Content-Type": "application/json", **FakeWeChatPay.as_http_headers(headers)})
