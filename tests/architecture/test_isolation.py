"""Isolation harness: every route of the tenant URLconf, requested across tenants.

Routes are discovered from config.urls_tenants, so routes added later are covered without
touching this file. Tenant beta is filled with one object per table, all with the same high
id (FOREIGN_ID) and MARKER in every text field; then
1. alpha's admin, on alpha's host, GETs and POSTs (empty body) every route with ids pointing at
   beta's objects: no response may contain MARKER, and routes that take an object id must
   answer 404/403/405/400 or a redirect to login, never 200;
2. alpha's session cookie on beta's host is anonymous there: login redirect / 401 / 403 / 404;
3. alpha's API token on beta's host is unknown there: 401 on every /api/v1/ route.
"""

from __future__ import annotations

import functools

import pytest
from django.conf import settings
from django.test import Client
from django_tenants.utils import schema_context

from tests.architecture.foreign_data import MARKER, fill_foreign_tenant
from tests.architecture.urlwalk import walk

pytestmark = pytest.mark.django_db


@functools.cache
def routes():
    return tuple(walk("config.urls_tenants"))


# Routes that take a parameter but legitimately answer 200 to alpha's admin: they do not load a
# stored object by the parameter (they must still never show MARKER).
OBJECT_ROUTES_ALLOWED_200 = {
    "backoffice:jobs:export_start",  # <spec> names an export type; the page is a form
    "h5:alumni_outreach:open",  # the mail-open pixel: the same blank image for any token (it counts signed ones only)
}

# Routes that take an object id and, when it is not the caller's, redirect to a page of the
# caller's own tenant instead of answering 404 (they must still never show MARKER).
OBJECT_ROUTES_ALLOWED_REDIRECT = {
    "h5:experts:apply",  # an application that is not yours -> back to the public join page
}

# Routes anyone may open without signing in (so 200 on beta's host with alpha's cookie is fine:
# beta shows its own public page, never alpha's data).
PUBLIC_ROUTES = {
    "healthz", "api-schema", "api-docs",
    "backoffice:login", "h5:login",
    "h5:wechat_login", "h5:wechat_oauth_callback", "h5:wechat_password_reset",
    "h5:experts:join",  # the public expert self-registration page
    "h5:alumni:join",  # the public alumni sign-up (SMS code)
    "favicon",  # a redirect to the static icon
    "h5:alumni_outreach:open",  # the mail-open pixel: the same blank image for any token, signed or not
    "employment_portal:login", "employment_portal:register", "employment_portal:send_code", "employment_portal:school",  # employer portal entry
    "employment_agreements_public:verify",  # the public check of a printed agreement (number + hash)
    "employment_videos_public:list", "employment_videos_public:detail", "employment_videos_public:stream", "employment_videos_public:poster",
    "employment_videos_public:play", "h5:employment_qa:faq",  # the portal's public videos and the public FAQ (E13, E16)
    "portal_root", "employment_site:home", "employment_site:search", "employment_site:column", "employment_site:article", "employment_site:article_file", "employment_site:jobs", "employment_site:job", "employment_site:sessions", "employment_site:session", "employment_site:fairs", "employment_site:fair", "employment_site:school", "api:employment_site:portal-public-home", "api:employment_site:portal-public-articles", "api:employment_site:portal-public-article",  # the public employment portal (h4)
}

# Anonymous entry points under /api/v1/ that do not use token authentication at all
# (signature-checked callbacks): a foreign token is ignored, not refused.
API_WITHOUT_TOKEN_AUTH = {
    "api:wechat_callback",
    "api:messaging-voice-callback",  # the voice provider's status callback, signed by the provider
    "api:payments:notify",  # the WeChat Pay v3 notification, signed by WeChat Pay (tenant_apps/payments)
}

# Statuses that show nothing of an object: not found / refused / wrong method / rejected input.
REFUSED = {400, 403, 404, 405, 409}
LOGIN_REDIRECT_TARGETS = ("/login", "/wechat/login")


def _is_login_redirect(response) -> bool:
    return response.status_code in (301, 302) and any(t in response.get("Location", "") for t in LOGIN_REDIRECT_TARGETS)


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


@pytest.fixture
def foreign_data(tenant_b):
    with schema_context("beta"):
        made, skipped = fill_foreign_tenant()
    assert len(made) >= 5, f"too few beta objects could be made; skipped: {skipped}"
    return made


def _host(slug: str) -> str:
    return f"{slug}.{settings.BASE_DOMAIN}"


def _request(client, method: str, url: str, **extra):
    if method == "get":
        return client.get(url, **extra)
    return client.post(url, data={}, **extra)


def test_routes_were_discovered():
    names = {route.name for route in routes()}
    assert "api:tenant" in names
    assert any(route.has_object for route in routes())


def test_alpha_admin_never_sees_beta_objects(foreign_data, client_a, admin_a):
    client_a.raise_request_exception = False
    problems = []
    for route in routes():
        for method in ("get", "post"):
            client_a.login_as(admin_a)  # logout routes end the session; sign in again each time
            response = _request(client_a, method, route.url)
            body = _body(response)
            where = f"{method.upper()} {route.url} ({route.name}) -> {response.status_code}"
            if response.status_code == 500:
                problems.append(f"{where}: server error")
            if MARKER in body:
                problems.append(f"{where}: shows beta's data")
            if route.has_object and response.status_code == 200 and route.name not in OBJECT_ROUTES_ALLOWED_200:
                problems.append(f"{where}: answers 200 for an object that only exists in beta")
            if route.has_object and 300 <= response.status_code < 400 and method == "get" and not _is_login_redirect(response) and route.name not in OBJECT_ROUTES_ALLOWED_REDIRECT:
                problems.append(f"{where}: redirects to {response.get('Location')} for an object only in beta")
    assert not problems, "Cross-tenant problems:\n" + "\n".join(problems)


def test_alpha_session_is_anonymous_on_beta_host(foreign_data, admin_client_a, tenant_b):
    foreign = Client(HTTP_HOST=_host("beta"), raise_request_exception=False)
    foreign.cookies = admin_client_a.cookies
    problems = []
    for route in routes():
        if route.name in PUBLIC_ROUTES or route.pattern == "":
            continue
        for method in ("get", "post"):
            response = _request(foreign, method, route.url)
            where = f"{method.upper()} {route.url} ({route.name}) -> {response.status_code}"
            if response.status_code == 500:
                problems.append(f"{where}: server error")
            elif response.status_code == 503 and route.name == "healthz":
                pass
            elif response.status_code == 200:
                problems.append(f"{where}: answers 200 to a session of another tenant")
            elif 300 <= response.status_code < 400 and not _is_login_redirect(response):
                problems.append(f"{where}: redirects to {response.get('Location')} instead of the login page")
            elif 300 <= response.status_code < 400 or response.status_code in (401, 403, 404, 405):
                pass
            elif response.status_code == 400 and method == "post":
                pass  # rejected as input before authentication (e.g. CSRF-exempt endpoints)
            else:
                problems.append(f"{where}: unexpected status")
    assert not problems, "alpha's session works on beta's host:\n" + "\n".join(problems)


def test_alpha_token_is_refused_on_beta_host(foreign_data, admin_a, tenant_b):
    from rest_framework.authtoken.models import Token

    with schema_context("alpha"):
        token = Token.objects.create(user=admin_a)
    foreign = Client(HTTP_HOST=_host("beta"), HTTP_AUTHORIZATION=f"Token {token.key}", raise_request_exception=False)
    problems = []
    for route in routes():
        if not route.url.startswith("/api/v1/") or route.name in API_WITHOUT_TOKEN_AUTH:
            continue
        for method in ("get", "post"):
            response = _request(foreign, method, route.url)
            if response.status_code != 401:
                problems.append(f"{method.upper()} {route.url} ({route.name}) -> {response.status_code}")
    assert not problems, "alpha's API token is not refused with 401 on beta's host:\n" + "\n".join(problems)


def test_every_tenant_model_is_in_the_sweep_or_listed_with_a_reason(tenant_b):
    """A tenant model the generic builder cannot fill would be silently left out of the sweep:
    it must be listed in foreign_data.NOT_BUILT with the reason, and the list holds nothing
    the builder manages by now."""
    from tests.architecture import foreign_data

    with schema_context("beta"):
        made, skipped = fill_foreign_tenant()
    unexplained = {label: foreign_data.last_errors.get(label, "") for label in skipped if label not in foreign_data.NOT_BUILT}
    stale = sorted(label for label in foreign_data.NOT_BUILT if label not in skipped)
    assert not unexplained, (
        "tenant models left out of the isolation sweep without a reason (teach foreign_data._value to build them, "
        "or list them in foreign_data.NOT_BUILT with why):\n" + "\n".join(f"{k}: {v}" for k, v in sorted(unexplained.items()))
    )
    assert not stale, f"listed in foreign_data.NOT_BUILT but built fine now, remove them: {stale}"
    assert all(reason.strip() for reason in foreign_data.NOT_BUILT.values())


def test_marker_is_really_in_beta(foreign_data, admin_client_b):
    """The harness proves something only if beta's own admin does see the marked objects."""
    response = admin_client_b.get("/api/v1/audit-events/?page_size=200")
    assert response.status_code == 200
    assert MARKER in response.content.decode()
