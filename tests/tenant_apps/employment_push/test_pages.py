"""Back-office pages and API of the targeted push: create with preview, the log, cancel;
isolation (beta's admin never reaches alpha's pushes) and the permission matrix."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tenants.utils import schema_context

from tests.tenant_apps.employment_employers.conftest import staff_with
from tests.tenant_apps.employment_push.conftest import build_cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(in_tenant_a):
    return build_cohort()


def make_push(actor, cohort, **filters):
    from tenant_apps.employment.push.services import push_create
    from tenant_apps.messaging import dispatch

    with schema_context("alpha"):  # a test client request leaves the connection on the public schema
        push = push_create(actor=actor, item_kind="custom", object_id=None, title="招聘会通知", summary="体育馆", url="/portal/fairs/",
                           filters=filters or {"org_unit_ids": [cohort.units["cs"].pk]})
        dispatch.message_start(push.message_id)
    return push


def test_teacher_creates_a_push_from_the_form(admin_client_a, cohort):
    from tenant_apps.employment.push.models import Push

    url = reverse("backoffice:employment_push:create")
    page = admin_client_a.get(url)
    assert page.status_code == 200 and "推送对象" in page.content.decode()
    preview = admin_client_a.get(reverse("backoffice:employment_push:preview"), {"org_unit_ids": [cohort.units["fin1"].pk]})
    assert 'data-reachable="2"' in preview.content.decode()
    items = admin_client_a.get(reverse("backoffice:employment_push:items"), {"item_kind": "custom"})
    assert 'name="title"' in items.content.decode()
    response = admin_client_a.post(url, {"item_kind": "custom", "title": "双选会", "summary": "周六", "url": "/portal/fairs/",
                                         "org_unit_ids": [cohort.units["fin1"].pk], "channels": ["wechat", "sms"]})
    assert response.status_code == 302
    with schema_context("alpha"):
        push = Push.objects.get(title="双选会")
    assert push.audience_count == 2 and push.channels == ["wechat", "sms"]
    bad = admin_client_a.post(url, {"item_kind": "custom", "title": "空", "educations": ["01"], "org_unit_ids": [cohort.units["fin1"].pk]})
    assert bad.status_code == 400 and "没有符合条件" in bad.content.decode()


def test_log_shows_every_students_result(admin_client_a, cohort, in_alpha):
    push = make_push(in_alpha, cohort)
    response = admin_client_a.get(reverse("backoffice:employment_push:detail", args=[push.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    for key in ("se1_zj_verified_employed", "se1_js_pending", "se2_bj_master_draft", "ai1_zj_returned_study", "ai1_2025_verified"):
        assert cohort.records[key].student_number in body
    assert body.count('data-status="pending"') == 5
    progress = admin_client_a.get(reverse("backoffice:employment_push:progress", args=[push.pk]))
    assert 'data-count="total">5<' in progress.content.decode()
    filtered = admin_client_a.get(reverse("backoffice:employment_push:detail", args=[push.pk]), {"status": "succeeded"})
    assert "暂无明细" in filtered.content.decode()


def test_list_and_log_query_counts_do_not_grow(admin_client_a, cohort, in_alpha):
    push = make_push(in_alpha, cohort)
    make_push(in_alpha, cohort, graduation_years=[2026])

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert admin_client_a.get(url).status_code == 200
        return len(queries)

    list_queries = count(reverse("backoffice:employment_push:list"))
    log_queries = count(reverse("backoffice:employment_push:detail", args=[push.pk]))
    for _ in range(3):
        make_push(in_alpha, cohort, graduation_years=[2026])
    assert count(reverse("backoffice:employment_push:list")) == list_queries
    bigger = make_push(in_alpha, cohort, graduation_years=[2025, 2026])
    assert count(reverse("backoffice:employment_push:detail", args=[bigger.pk])) == log_queries


def test_cancel_from_the_page(admin_client_a, cohort, in_alpha):
    from tenant_apps.messaging.enums import MessageStatus

    push = make_push(in_alpha, cohort)
    response = admin_client_a.post(reverse("backoffice:employment_push:cancel", args=[push.pk]))
    assert response.status_code == 302
    with schema_context("alpha"):
        push.message.refresh_from_db()
        assert push.message.status == MessageStatus.CANCELLED


def test_api_create_preview_detail_log_cancel(admin_client_a, cohort):
    base = "/api/v1/employment/push/"
    preview = admin_client_a.post(f"{base}preview/", {"org_unit_ids": [cohort.units["se"].pk]}, content_type="application/json")
    assert preview.status_code == 200 and preview.json()["reachable"] == 3
    kinds = admin_client_a.get(f"{base}item-types/").json()
    assert {"news", "job", "announcement", "session"} <= {k["kind"] for k in kinds}
    created = admin_client_a.post(base, {"item_kind": "custom", "title": "API 推送", "filters": {"org_unit_ids": [cohort.units["se"].pk]}, "channels": ["sms"]},
                                  content_type="application/json")
    assert created.status_code == 201, created.content
    push_id = created.json()["id"]
    assert created.json()["audience_count"] == 3
    assert admin_client_a.get(base).json()["results"][0]["id"] == push_id
    assert admin_client_a.get(f"{base}{push_id}/").json()["title"] == "API 推送"
    from tenant_apps.employment.push.models import Push
    from tenant_apps.messaging import dispatch

    with schema_context("alpha"):
        dispatch.message_start(Push.objects.get(pk=push_id).message_id)
    log = admin_client_a.get(f"{base}{push_id}/deliveries/").json()
    assert log["count"] == 3 and {row["channel"] for row in log["results"]} == {"sms"}
    assert admin_client_a.post(f"{base}{push_id}/cancel/").json()["status"] == "cancelled"
    bad = admin_client_a.post(base, {"item_kind": "job", "object_id": 999999, "filters": {}}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["code"] == "push_item_not_found"


def test_other_tenant_never_sees_the_push(admin_client_b, cohort, in_alpha):
    push = make_push(in_alpha, cohort)
    for url in (reverse("backoffice:employment_push:detail", args=[push.pk]), reverse("backoffice:employment_push:progress", args=[push.pk]),
                f"/api/v1/employment/push/{push.pk}/", f"/api/v1/employment/push/{push.pk}/deliveries/"):
        assert admin_client_b.get(url).status_code == 404, url
    assert admin_client_b.post(reverse("backoffice:employment_push:cancel", args=[push.pk])).status_code == 404
    assert admin_client_b.post(f"/api/v1/employment/push/{push.pk}/cancel/").status_code == 404
    assert "招聘会通知" not in admin_client_b.get(reverse("backoffice:employment_push:list")).content.decode()


def test_permission_matrix(client_a, cohort, in_alpha):
    push = make_push(in_alpha, cohort)
    viewer = staff_with("employment_push.view_push")
    nobody = staff_with()
    client_a.login_as(nobody)
    for url in (reverse("backoffice:employment_push:list"), reverse("backoffice:employment_push:detail", args=[push.pk]), "/api/v1/employment/push/"):
        assert client_a.get(url).status_code == 403, url
    client_a.login_as(viewer)
    assert client_a.get(reverse("backoffice:employment_push:list")).status_code == 200
    assert client_a.get(reverse("backoffice:employment_push:detail", args=[push.pk])).status_code == 200
    assert client_a.get(reverse("backoffice:employment_push:create")).status_code == 403
    assert client_a.get(reverse("backoffice:employment_push:preview")).status_code == 403
    assert client_a.post(reverse("backoffice:employment_push:cancel", args=[push.pk])).status_code == 403
    assert client_a.post("/api/v1/employment/push/", {"item_kind": "custom", "title": "x"}, content_type="application/json").status_code == 403
    assert client_a.post("/api/v1/employment/push/preview/", {}, content_type="application/json").status_code == 403
    assert client_a.post(f"/api/v1/employment/push/{push.pk}/cancel/").status_code == 403
    client_a.logout()
    assert client_a.get("/api/v1/employment/push/").status_code == 401
