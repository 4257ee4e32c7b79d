"""The API kernel: one error body, pagination envelope, allow-list filters, offline docs."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django_tenants.utils import schema_context
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from core.api.base import TenantAPIMixin, TenantUserThrottle
from core.audit import audit_record
from core.errors import Conflict
from shared_apps.provisioning.models import Tenant

pytestmark = pytest.mark.django_db


def _is_error_body(response, code: str) -> None:
    body = response.json()
    assert set(body) == {"code", "message", "fields"}, body
    assert body["code"] == code, body
    assert re.search(r"[\u4e00-\u9fff]", body["message"]), "message must be Chinese"


# --- errors through real URLs ---------------------------------------------------------------


def test_unauthenticated_is_401_with_error_body(client_a):
    response = client_a.get("/api/v1/tenant/")
    assert response.status_code == 401
    _is_error_body(response, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Token")


def test_bad_token_is_401(client_a):
    response = client_a.get("/api/v1/tenant/", HTTP_AUTHORIZATION="Token nosuchtoken")
    assert response.status_code == 401
    _is_error_body(response, "authentication_failed")


def test_token_works_and_tenant_endpoint_answers(client_a, admin_a):
    from rest_framework.authtoken.models import Token

    with schema_context("alpha"):
        token = Token.objects.create(user=admin_a)
    response = client_a.get("/api/v1/tenant/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert response.json()["slug"] == "alpha"
    assert response.json()["name"] == "阿尔法大学"


def test_permission_denied_is_403(client_a, in_tenant_a):
    from tenant_apps.accounts.models import User

    user = User.objects.create_user(username="plain-api", password="x-pass-12345")
    client_a.login_as(user)
    response = client_a.get("/api/v1/audit-events/")
    assert response.status_code == 403
    _is_error_body(response, "permission_denied")


def test_unknown_api_url_is_json_404(admin_client_a):
    response = admin_client_a.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    _is_error_body(response, "not_found")


def test_method_not_allowed_is_405(admin_client_a):
    response = admin_client_a.delete("/api/v1/tenant/")
    assert response.status_code == 405
    _is_error_body(response, "method_not_allowed")
    response = admin_client_a.put("/api/v1/audit-events/", data={}, content_type="application/json")
    assert response.status_code == 405


def test_module_off_is_json_404_on_api(admin_client_a, tenant_a):
    Tenant.objects.filter(pk=tenant_a.pk).update(modules=["alumni"])
    from django.urls import reverse

    from config import urls_tenants

    for pattern in urls_tenants.api_patterns:
        if getattr(pattern, "namespace", None) == "employment":
            break
    else:  # pragma: no cover
        pytest.fail("employment API not included")
    # Any URL under the employment API prefix, existing or not, answers JSON 404.
    response = admin_client_a.get("/api/v1/employment/")
    assert response.status_code == 404
    _is_error_body(response, "not_found")
    assert reverse  # imported for readers: module URLs are namespaced api:employment:...


# --- pagination and filters --------------------------------------------------------------------


@pytest.fixture
def events_in_alpha(in_tenant_a):
    for index in range(25):
        audit_record(actor=None, action="kernel.test" if index % 2 else "kernel.other", object_label=f"对象{index:02d}", object_type="t", object_id=index)
    connection.set_schema_to_public()


def test_pagination_envelope(admin_client_a, events_in_alpha):
    response = admin_client_a.get("/api/v1/audit-events/?page_size=10&page=2&object_type=t")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 25
    assert body["page"] == 2
    assert body["page_size"] == 10
    assert "page=3" in body["next"]
    assert body["previous"] is not None
    assert len(body["results"]) == 10


def test_invalid_page_is_404_error_body(admin_client_a, events_in_alpha):
    response = admin_client_a.get("/api/v1/audit-events/?page=99")
    assert response.status_code == 404
    _is_error_body(response, "not_found")


def test_filter_search_and_ordering(admin_client_a, events_in_alpha):
    body = admin_client_a.get("/api/v1/audit-events/?action=kernel.test&page_size=100").json()
    assert body["count"] == 12
    body = admin_client_a.get("/api/v1/audit-events/?search=对象07").json()
    assert [row["object_label"] for row in body["results"]] == ["对象07"]
    body = admin_client_a.get("/api/v1/audit-events/?object_type=t&ordering=action&page_size=100").json()
    actions = [row["action"] for row in body["results"]]
    assert actions == sorted(actions)


def test_ordering_outside_allow_list_is_400(admin_client_a):
    response = admin_client_a.get("/api/v1/audit-events/?ordering=ip")
    assert response.status_code == 400
    _is_error_body(response, "validation_error")
    assert "ordering" in response.json()["fields"]


# --- errors raised inside views (factory) ----------------------------------------------------------


class _Input(serializers.Serializer):
    title = serializers.CharField(max_length=5)


class _ProbeView(TenantAPIMixin, APIView):
    permission_map = {"GET": "", "POST": ""}

    def get(self, request):
        raise Conflict("状态已变化，请刷新后重试。")

    def post(self, request):
        _Input(data=request.data).is_valid(raise_exception=True)
        return Response({})


class _TinyThrottle(TenantUserThrottle):
    def get_rate(self):
        return "1/min"


class _ThrottledView(_ProbeView):
    throttle_classes = [_TinyThrottle]

    def get(self, request):
        return Response({})


def _call(view, method, user, data=None):
    factory = APIRequestFactory()
    request = getattr(factory, method)("/api/v1/probe/", data or {}, format="json")
    force_authenticate(request, user=user)
    response = view.as_view()(request)
    response.render()
    return response


def _json(response):
    import json

    return json.loads(response.content)


def test_validation_error_body(admin_a):
    response = _call(_ProbeView, "post", admin_a, {"title": "太长的标题文字"})
    assert response.status_code == 400
    body = _json(response)
    assert body["code"] == "validation_error"
    assert list(body["fields"]) == ["title"]
    assert isinstance(body["fields"]["title"], list)


def test_conflict_body(admin_a):
    response = _call(_ProbeView, "get", admin_a)
    assert response.status_code == 409
    assert _json(response) == {"code": "conflict", "message": "状态已变化，请刷新后重试。", "fields": {}}


def test_throttled_is_429(admin_a):
    from django.core.cache import cache

    cache.clear()
    assert _call(_ThrottledView, "get", admin_a).status_code == 200
    response = _call(_ThrottledView, "get", admin_a)
    assert response.status_code == 429
    assert _json(response)["code"] == "rate_limited"


class _PutView(_ProbeView):
    def put(self, request):  # implemented but not in the permission map
        return Response({})


def test_method_missing_from_map_is_refused(admin_a):
    response = _call(_PutView, "put", admin_a)
    assert response.status_code == 403
    assert _json(response)["code"] == "permission_denied"


# --- docs -------------------------------------------------------------------------------------


def test_schema_served(client_a):
    response = client_a.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/tenant/" in response.content


def test_swagger_ui_is_offline_and_csp_safe(client_a):
    response = client_a.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, html
    for url in urls:
        assert url.startswith("/static/") or url.startswith("/api/docs/"), f"{url} is not served by us"
    assert "<script>" not in html, "inline scripts are blocked by our CSP"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    script = client_a.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()
