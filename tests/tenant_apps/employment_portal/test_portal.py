"""The public employment portal (E1): the sub-domain root, columns, articles (sanitised on
save, pinned first), covers and attachments through core.files, caching, the H5 content
pages, the back office and the API, isolation and permissions."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.tenant_apps.employment_employers.conftest import staff_with

pytestmark = pytest.mark.django_db


def png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (11, 61, 145)).save(buffer, format="PNG")
    return buffer.getvalue()


def article(column_slug="news", *, title="就业新闻", published=True, **fields):
    from tenant_apps.employment.portal.enums import ArticleStatus
    from tenant_apps.employment.portal.models import Article, Column

    with schema_context("alpha"):  # a test client request leaves the connection on the public schema
        return Article.objects.create(column=Column.objects.get(slug=column_slug), title=title, body=fields.pop("body", "<p>正文</p>"),
                                      status=ArticleStatus.PUBLISHED if published else ArticleStatus.DRAFT,
                                      published_at=timezone.now() if published else None, **fields)


@pytest.fixture(autouse=True)
def _fresh_home_cache():
    from django.core.cache import cache

    cache.clear()


def test_root_is_the_portal_for_a_university_and_the_back_office_otherwise(client_a, in_tenant_a, tenant_bureau):
    from tests.conftest import TenantClient

    article(title="双选会圆满举行")
    response = client_a.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>阿尔法大学就业信息网</title>" in body and "双选会圆满举行" in body
    assert "public" in response["Cache-Control"] and 'name="description"' in body
    bureau = TenantClient(tenant_bureau).get("/")
    assert bureau.status_code == 302 and bureau["Location"] == "/admin-ui/"
    assert TenantClient(tenant_bureau).get("/portal/jobs/").status_code == 404  # module off: the portal does not exist


def test_columns_articles_pinning_and_drafts(client_a, in_tenant_a):
    old = article(title="旧闻")
    pinned = article(title="置顶通知", is_pinned=True)
    draft = article(title="草稿稿件", published=False)
    column = client_a.get(reverse("employment_site:column", args=["news"])).content.decode()
    assert column.index("置顶通知") < column.index("旧闻") and "草稿稿件" not in column
    detail = client_a.get(reverse("employment_site:article", args=[pinned.pk]))
    assert detail.status_code == 200 and "<title>置顶通知 - 阿尔法大学就业信息网</title>" in detail.content.decode()
    assert client_a.get(reverse("employment_site:article", args=[draft.pk])).status_code == 404
    assert client_a.get(reverse("employment_site:column", args=["nope"])).status_code == 404
    found = client_a.get(reverse("employment_site:search"), {"q": "旧闻"}).content.decode()
    assert reverse("employment_site:article", args=[old.pk]) in found
    with schema_context("alpha"):
        old.refresh_from_db()
    assert old.views == 0


def test_home_is_cached_and_cleared_on_change(client_a, admin_a, in_tenant_a):
    from tenant_apps.employment.portal.services import article_save

    article(title="第一条")
    client_a.get("/")
    with CaptureQueriesContext(connection) as cached:
        assert "第一条" in client_a.get("/").content.decode()
    news_id = article("news").column_id
    with schema_context("alpha"):
        article_save(actor=admin_a, data={"column_id": news_id, "title": "第二条", "body": "<p>x</p>", "publish": True})
        from django.core.cache import cache

        assert "第二条" not in str(cache.get("portal:home"))  # still the cached blocks until the commit clears them
        # on_commit never runs inside the test transaction: clear by hand what the commit clears
        from tenant_apps.employment.portal.selectors import portal_cache_clear

        portal_cache_clear()
    assert "第二条" in client_a.get("/").content.decode()
    assert len(cached) <= 12, [q["sql"] for q in cached.captured_queries]


def test_home_queries_do_not_grow_with_content(client_a, in_tenant_a):
    from django.core.cache import cache

    for i in range(3):
        article(title=f"新闻{i}")
    with CaptureQueriesContext(connection) as few:
        client_a.get("/")
    for i in range(20):
        article("notices", title=f"通知{i}")
        article("policies", title=f"政策{i}")
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        client_a.get("/")
    assert len(many) == len(few)


def test_body_is_sanitised_on_save_and_files_go_through_the_kernel(admin_client_a, admin_a, in_tenant_a):
    from tenant_apps.employment.portal.models import Column

    news = Column.objects.get(slug="news")
    response = admin_client_a.post(reverse("backoffice:employment_site:article_create"), {
        "column_id": news.pk, "title": "安全测试", "body": '<p onclick="x()">正文<script>alert(1)</script><a href="javascript:alert(2)">链接</a><img src="https://a.cn/x.png"></p>',
        "show_on_portal": "on", "show_on_h5": "on", "publish": "on",
        "cover": SimpleUploadedFile("cover.png", png(), content_type="image/png"),
        "attachment": SimpleUploadedFile("表格.pdf", b"%PDF-1.4 demo", content_type="application/pdf")})
    assert response.status_code == 302, re.findall(r'(?:article-error|errorlist)">([^<]*)', response.content.decode())
    from tenant_apps.employment.portal.models import Article

    with schema_context("alpha"):
        saved = Article.objects.get(title="安全测试")
    assert "script" not in saved.body and "onclick" not in saved.body and "javascript:" not in saved.body and "<img" in saved.body
    cover = admin_client_a.get(reverse("employment_site:article_file", args=[saved.pk, "cover"]))
    assert cover.status_code == 200 and cover["Content-Type"] == "image/png"
    attachment = admin_client_a.get(reverse("employment_site:article_file", args=[saved.pk, "attachment"]))
    assert attachment.status_code == 200 and "attachment" in attachment["Content-Disposition"]
    bad = admin_client_a.post(reverse("backoffice:employment_site:article_create"), {
        "column_id": news.pk, "title": "坏图", "body": "<p>x</p>", "cover": SimpleUploadedFile("cover.exe", b"MZ", content_type="application/octet-stream")})
    assert bad.status_code == 400


def test_jobs_sessions_fairs_and_school_pages(client_a, in_tenant_a):
    for name in ("jobs", "sessions", "fairs", "school"):
        response = client_a.get(reverse(f"employment_site:{name}"))
        assert response.status_code == 200, name
    assert client_a.get(reverse("employment_site:job", args=[999999])).status_code == 404
    assert client_a.get(reverse("employment_site:session", args=[999999])).status_code == 404
    assert client_a.get(reverse("employment_site:fair", args=[999999])).status_code == 404


def test_h5_content_pages(client_a, in_tenant_a):
    from tests.tenant_apps.employment_sessions.conftest import student

    portal_only = article(title="仅门户", show_on_h5=False)
    both = article("guidance", title="简历指导")
    client_a.login_as(student())
    page = client_a.get(reverse("h5:employment_site:index")).content.decode()
    assert "简历指导" in page and "仅门户" not in page
    assert client_a.get(reverse("h5:employment_site:article", args=[both.pk])).status_code == 200
    assert client_a.get(reverse("h5:employment_site:article", args=[portal_only.pk])).status_code == 404
    client_a.logout()
    assert client_a.get(reverse("h5:employment_site:index")).status_code == 302


def test_back_office_pages_and_pin(admin_client_a, in_tenant_a):
    item = article(title="待置顶")
    assert admin_client_a.get(reverse("backoffice:employment_site:articles")).status_code == 200
    assert admin_client_a.get(reverse("backoffice:employment_site:article_edit", args=[item.pk])).status_code == 200
    assert admin_client_a.get(reverse("backoffice:employment_site:columns")).status_code == 200
    admin_client_a.post(reverse("backoffice:employment_site:article_pin", args=[item.pk]))
    with schema_context("alpha"):
        item.refresh_from_db()
    assert item.is_pinned
    created = admin_client_a.post(reverse("backoffice:employment_site:column_create"), {"name": "创新创业", "slug": "startup", "kind": "custom", "sort_order": "70",
                                                                                         "is_active": "on", "show_on_home": "on"})
    assert created.status_code == 302
    assert admin_client_a.get(reverse("employment_site:column", args=["startup"])).status_code == 200
    news = item.column_id
    refused = admin_client_a.post(reverse("backoffice:employment_site:column_delete", args=[news]))
    assert refused.status_code == 302
    with schema_context("alpha"):
        from tenant_apps.employment.portal.models import Column

        assert Column.objects.filter(pk=news).exists()
    admin_client_a.post(reverse("backoffice:employment_site:article_delete", args=[item.pk]))


def test_api(admin_client_a, client_a, in_tenant_a):
    from tenant_apps.employment.portal.models import Column

    news = Column.objects.get(slug="news")
    created = admin_client_a.post("/api/v1/employment/portal/articles/", {"column_id": news.pk, "title": "API 文章", "body": "<p>好<script>x</script></p>", "publish": True},
                                  content_type="application/json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["status"] == "published" and "script" not in data["body"]
    patched = admin_client_a.patch(f"/api/v1/employment/portal/articles/{data['id']}/", {"is_pinned": True}, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["is_pinned"] and patched.json()["title"] == "API 文章"
    assert admin_client_a.get("/api/v1/employment/portal/columns/").status_code == 200
    public = client_a.get("/api/v1/employment/portal/public/articles/", {"column": "news"})
    assert public.status_code == 200 and public.json()["results"][0]["title"] == "API 文章"
    assert client_a.get(f"/api/v1/employment/portal/public/articles/{data['id']}/").status_code == 200
    assert client_a.get("/api/v1/employment/portal/public/home/").json()["columns"][0]["slug"] == "news"
    assert admin_client_a.delete(f"/api/v1/employment/portal/columns/{news.pk}/").status_code == 400  # not empty
    assert admin_client_a.delete(f"/api/v1/employment/portal/articles/{data['id']}/").status_code == 204


def test_other_tenant_sees_nothing(client_b, admin_client_b, in_tenant_a):
    secret = article(title="阿尔法内部新闻")
    assert "阿尔法内部新闻" not in client_b.get("/").content.decode()
    assert client_b.get(reverse("employment_site:article", args=[secret.pk])).status_code == 404
    assert client_b.get(reverse("employment_site:article_file", args=[secret.pk, "cover"])).status_code == 404
    assert admin_client_b.get(reverse("backoffice:employment_site:article_edit", args=[secret.pk])).status_code == 404
    assert admin_client_b.get(f"/api/v1/employment/portal/articles/{secret.pk}/").status_code == 404
    assert admin_client_b.patch(f"/api/v1/employment/portal/articles/{secret.pk}/", {"title": "x"}, content_type="application/json").status_code == 404
    assert client_b.get(f"/api/v1/employment/portal/public/articles/{secret.pk}/").status_code == 404


def test_permission_matrix(client_a, in_tenant_a):
    item = article()
    viewer = staff_with("employment_site.view_article", "employment_site.view_column")
    editor = staff_with("employment_site.add_article", "employment_site.view_article")
    client_a.login_as(staff_with())
    assert client_a.get(reverse("backoffice:employment_site:articles")).status_code == 403
    assert client_a.get("/api/v1/employment/portal/articles/").status_code == 403
    client_a.login_as(viewer)
    assert client_a.get(reverse("backoffice:employment_site:articles")).status_code == 200
    assert client_a.get(reverse("backoffice:employment_site:article_edit", args=[item.pk])).status_code == 403
    assert client_a.post(reverse("backoffice:employment_site:article_pin", args=[item.pk])).status_code == 403
    assert client_a.post(reverse("backoffice:employment_site:article_delete", args=[item.pk])).status_code == 403
    assert client_a.post(reverse("backoffice:employment_site:column_create"), {"name": "x"}).status_code == 403
    assert client_a.patch(f"/api/v1/employment/portal/articles/{item.pk}/", {"title": "x"}, content_type="application/json").status_code == 403
    # an editor without the publish right saves, but cannot publish
    client_a.login_as(editor)
    response = client_a.post("/api/v1/employment/portal/articles/", {"column_id": item.column_id, "title": "编辑稿", "body": "<p>x</p>", "publish": True},
                             content_type="application/json")
    assert response.status_code == 201 and response.json()["status"] == "draft"
