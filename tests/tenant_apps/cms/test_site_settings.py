"""Site settings (P15): upload limits, settings page, carousel/links/floating CRUD, API,
context processor, permissions and isolation."""

import io
import os
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import schema_context
from PIL import Image

from core.models import AuditEvent
from tenant_apps.accounts.models import User
from tenant_apps.cms import selectors, services
from tenant_apps.cms.models import CarouselItem, FloatingWindow, FriendlyLink, SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    for schema in ("alpha", "beta"):
        with schema_context(schema):
            cache.delete(selectors.SHELL_CACHE_KEY)
    yield


def png(name="pic.png", size=(8, 8), pad=0):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 16, 46)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue() + b"\0" * pad, content_type="image/png")


def carousel(title="迎新", **kwargs):
    return services.carousel_item_save(actor=None, data={"title": title, **kwargs}, image=png())


# --- upload limits ----------------------------------------------------------------------------


def test_default_upload_limits(in_tenant_a):
    limits = selectors.upload_limits()
    assert limits.image_max_bytes == 5 * 1024 * 1024 and "png" in limits.image_extensions
    assert "pdf" in limits.file_extensions and "exe" not in limits.file_extensions


def test_validate_upload_uses_the_tenants_limits(in_tenant_a, admin_a):
    services.site_settings_update(actor=admin_a, data={"file_max_mb": 1, "file_extensions": "PDF, .docx，txt"})
    services.validate_upload(SimpleUploadedFile("a.pdf", b"x" * 1000))
    services.validate_upload(SimpleUploadedFile("b.TXT", b"x"))
    with pytest.raises(services.UploadRejected) as too_big:
        services.validate_upload(SimpleUploadedFile("big.pdf", b"x" * (1024 * 1024 + 1)))
    assert too_big.value.code == "upload_too_large" and "不能超过 1 MB" in too_big.value.message
    with pytest.raises(services.UploadRejected) as wrong_type:
        services.validate_upload(SimpleUploadedFile("run.exe", b"MZ"))
    assert wrong_type.value.code == "upload_type" and "pdf、docx、txt" in wrong_type.value.message
    with schema_context("beta"):  # beta keeps its defaults
        services.validate_upload(SimpleUploadedFile("big.pdf", b"x" * (1024 * 1024 + 1)))


def test_image_uploads_must_be_real_images(in_tenant_a, admin_a):
    with pytest.raises(services.UploadRejected) as fake:
        services.validate_upload(SimpleUploadedFile("fake.png", b"<script>alert(1)</script>"), kind="image")
    assert fake.value.code == "upload_type"
    services.site_settings_update(actor=admin_a, data={"image_max_mb": 1})
    with pytest.raises(services.UploadRejected):
        services.carousel_item_save(actor=admin_a, data={"title": "大图"}, image=png(pad=1024 * 1024))
    assert not CarouselItem.objects.exists()


# --- settings and logo ---------------------------------------------------------------------------


def test_settings_page_saves_and_logo_appears_in_the_layout(admin_client_a):
    page = admin_client_a.get("/admin-ui/site/")
    assert page.status_code == 200 and "基本信息与上传" in page.content.decode()
    response = admin_client_a.post("/admin-ui/site/", {
        "site_name": "阿尔法就业网", "email": "job@alpha.edu.cn", "icp_number": "京ICP备00000000号", "phone": "010-1234",
        "image_max_mb": 5, "image_extensions": "png,jpg", "file_max_mb": 20, "file_extensions": "pdf", "job_file_retention_days": 30,
        "logo_upload": png("logo.png"),
    })
    assert response.status_code == 302
    with schema_context("alpha"):
        settings = SiteSettings.objects.get()
        # Names are stored relative to the tenant; the storage keeps the file under alpha's prefix.
        assert settings.site_name == "阿尔法就业网" and settings.logo.name.startswith("cms/logo/")
        assert settings.logo.path.split(os.sep)[-4:-2] == ["alpha", "cms"]
        event = AuditEvent.objects.filter(action="site_settings.update").latest("id")
        assert event.after["site_name"] == "阿尔法就业网"
    dashboard = admin_client_a.get("/admin-ui/").content.decode()
    logo_url = f"/h5/site/image/logo/{settings.pk}/"
    assert logo_url in dashboard
    image = admin_client_a.get(logo_url)
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


def test_settings_page_rejects_bad_logo(admin_client_a):
    response = admin_client_a.post("/admin-ui/site/", {
        "image_max_mb": 5, "image_extensions": "png", "file_max_mb": 20, "file_extensions": "pdf", "job_file_retention_days": 30,
        "logo_upload": SimpleUploadedFile("logo.bmp", b"BM"),
    })
    assert response.status_code == 400
    assert "不支持的文件类型“.bmp”" in response.content.decode()


def test_logo_of_one_tenant_not_served_by_another(admin_client_b, in_tenant_a, admin_a):
    settings = services.site_settings_update(actor=admin_a, data={}, logo=png())
    assert admin_client_b.get(f"/h5/site/image/logo/{settings.pk}/").status_code == 404
    assert "site/image/logo" not in admin_client_b.get("/admin-ui/").content.decode()


# --- carousel, links, floating --------------------------------------------------------------------


def test_carousel_crud_ordering_and_delete_confirmation(admin_client_a):
    response = admin_client_a.post("/admin-ui/site/carousel/new/", {"title": "迎新", "link_url": "/h5/", "sort_order": 0, "is_active": "on", "show_on_h5": "on", "image_upload": png()})
    assert response.status_code == 302
    admin_client_a.post("/admin-ui/site/carousel/new/", {"title": "招聘会", "sort_order": 0, "is_active": "on", "show_on_h5": "on", "image_upload": png()})
    missing_image = admin_client_a.post("/admin-ui/site/carousel/new/", {"title": "无图", "sort_order": 0})
    assert missing_image.status_code == 400 and "请上传图片" in missing_image.content.decode()
    bad_link = admin_client_a.post("/admin-ui/site/carousel/new/", {"title": "坏链接", "link_url": "javascript:alert(1)", "sort_order": 0, "image_upload": png()})
    assert bad_link.status_code == 400
    with schema_context("alpha"):
        first, second = CarouselItem.objects.order_by("sort_order", "id")
    listing = admin_client_a.get("/admin-ui/site/carousel/").content.decode()
    assert listing.index("迎新") < listing.index("招聘会")
    admin_client_a.post(f"/admin-ui/site/carousel/{second.pk}/move/", {"direction": "up"})
    with schema_context("alpha"):
        assert list(CarouselItem.objects.order_by("sort_order", "id").values_list("title", flat=True)) == ["招聘会", "迎新"]
    confirm = admin_client_a.get(f"/admin-ui/site/carousel/{first.pk}/delete/")
    assert confirm.status_code == 200 and "确认删除" in confirm.content.decode()
    with schema_context("alpha"):
        assert CarouselItem.objects.filter(pk=first.pk).exists()
    assert admin_client_a.post(f"/admin-ui/site/carousel/{first.pk}/delete/").status_code == 302
    with schema_context("alpha"):
        assert not CarouselItem.objects.filter(pk=first.pk).exists()
        assert AuditEvent.objects.filter(action="carousel_item.delete", object_id=str(first.pk)).exists()


def test_edit_is_audited_with_before_and_after(admin_client_a, in_tenant_a):
    link = services.friendly_link_save(actor=None, data={"name": "教育部", "url": "https://www.moe.gov.cn/"})
    response = admin_client_a.post(f"/admin-ui/site/link/{link.pk}/", {"name": "中华人民共和国教育部", "url": "https://www.moe.gov.cn/", "sort_order": 3, "is_active": "on"})
    assert response.status_code == 302
    with schema_context("alpha"):
        event = AuditEvent.objects.filter(action="friendly_link.update").latest("id")
    assert event.before == {"name": "教育部", "sort_order": 0} and event.after["name"] == "中华人民共和国教育部"


def test_floating_window_dates(in_tenant_a):
    now = timezone.now()
    with pytest.raises(Exception) as info:
        services.floating_window_save(actor=None, data={"title": "x", "text": "y", "starts_at": now, "ends_at": now - timedelta(days=1)})
    assert "结束时间" in str(info.value)
    services.floating_window_save(actor=None, data={"title": "过期", "text": "旧", "ends_at": now - timedelta(days=1)})
    services.floating_window_save(actor=None, data={"title": "未来", "text": "新", "starts_at": now + timedelta(days=1)})
    assert selectors.floating_window_current() is None
    current = services.floating_window_save(actor=None, data={"title": "报名", "text": "双选会报名中", "starts_at": now - timedelta(hours=1)})
    assert selectors.floating_window_current() == current


def test_h5_includes_render_active_items(in_tenant_a, admin_a, rf):
    from django.template.loader import render_to_string

    from tenant_apps.cms.context import site

    carousel("迎新", link_url="/h5/")
    carousel("已停用", is_active=False)
    carousel("仅后台", show_on_h5=False, show_on_backoffice=True)
    services.friendly_link_save(actor=None, data={"name": "教育部", "url": "https://www.moe.gov.cn/"})
    services.floating_window_save(actor=None, data={"title": "报名", "text": "双选会报名中"})
    request = rf.get("/h5/", HTTP_HOST="alpha.localhost")
    request.tenant = in_tenant_a
    context = site(request)
    html = render_to_string("cms/h5/_carousel.html", context) + render_to_string("cms/h5/_links.html", context) + render_to_string("cms/h5/_floating.html", context)
    assert "迎新" in html and "已停用" not in html and "仅后台" not in html
    assert "教育部" in html and "双选会报名中" in html


# --- permissions and isolation --------------------------------------------------------------------


def staff(username, *codenames):
    user = User.objects.create_user(username=username, password="x-pass-123456")
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="cms", codename__in=codenames))
    return user


@pytest.mark.parametrize("path", ["/admin-ui/site/", "/admin-ui/site/carousel/", "/admin-ui/site/carousel/new/", "/admin-ui/site/link/", "/admin-ui/site/floating/"])
def test_pages_need_permissions(client_a, in_tenant_a, path):
    client_a.login_as(staff("no-perms"))
    assert client_a.get(path).status_code == 403


def test_viewer_cannot_change(client_a, in_tenant_a):
    item = carousel()
    client_a.login_as(staff("viewer", "view_carouselitem"))
    listing = client_a.get("/admin-ui/site/carousel/")
    assert listing.status_code == 200 and "编辑" not in listing.content.decode()
    assert client_a.post(f"/admin-ui/site/carousel/{item.pk}/delete/").status_code == 403
    assert client_a.post(f"/admin-ui/site/carousel/{item.pk}/move/", {"direction": "up"}).status_code == 403
    assert client_a.post(f"/admin-ui/site/carousel/{item.pk}/", {"title": "改"}).status_code == 403
    with schema_context("alpha"):
        assert CarouselItem.objects.filter(pk=item.pk, title="迎新").exists()


def test_other_tenant_cannot_see_or_change(admin_client_b, in_tenant_a):
    item = carousel("阿尔法专属")
    link = services.friendly_link_save(actor=None, data={"name": "阿尔法链接", "url": "https://alpha.example.cn/"})
    assert "阿尔法专属" not in admin_client_b.get("/admin-ui/site/carousel/").content.decode()
    assert admin_client_b.get(f"/admin-ui/site/carousel/{item.pk}/").status_code == 404
    assert admin_client_b.post(f"/admin-ui/site/carousel/{item.pk}/delete/").status_code == 404
    assert admin_client_b.post(f"/admin-ui/site/link/{link.pk}/move/", {"direction": "down"}).status_code == 404
    assert admin_client_b.get(f"/h5/site/image/carousel/{item.pk}/").status_code == 404
    assert admin_client_b.get(f"/api/v1/site/carousel/{item.pk}/").status_code == 404
    assert admin_client_b.delete(f"/api/v1/site/links/{link.pk}/").status_code == 404
    assert admin_client_b.get("/api/v1/site/carousel/").json() == []
    with schema_context("alpha"):
        assert CarouselItem.objects.filter(pk=item.pk).exists() and FriendlyLink.objects.filter(pk=link.pk).exists()


# --- API ------------------------------------------------------------------------------------------


def test_api_settings_and_lists(admin_client_a):
    response = admin_client_a.patch("/api/v1/site/settings/", {"site_name": "阿尔法", "file_max_mb": 2}, content_type="application/json")
    assert response.status_code == 200 and response.json()["site_name"] == "阿尔法"
    assert admin_client_a.get("/api/v1/site/upload-limits/").json()["file_max_bytes"] == 2 * 1024 * 1024
    created = admin_client_a.post("/api/v1/site/carousel/", {"title": "API 轮播", "image": png(), "show_on_h5": "true", "is_active": "true"})
    assert created.status_code == 201, created.content
    assert "/h5/site/image/carousel/" in created.json()["image_url"]
    bad = admin_client_a.post("/api/v1/site/carousel/", {"title": "坏图", "image": SimpleUploadedFile("x.png", b"nope")})
    assert bad.status_code == 400 and bad.json()["code"] == "upload_type"
    link = admin_client_a.post("/api/v1/site/links/", {"name": "学信网", "url": "https://www.chsi.com.cn/"}, content_type="application/json")
    assert link.status_code == 201
    public = admin_client_a.get("/api/v1/site/public/").json()
    assert public["site_name"] == "阿尔法" and [c["title"] for c in public["carousel"]] == ["API 轮播"]
    assert [item["name"] for item in public["friendly_links"]] == ["学信网"]
    item_id = created.json()["id"]
    assert admin_client_a.patch(f"/api/v1/site/carousel/{item_id}/", {"title": "改名"}, content_type="application/json").json()["title"] == "改名"
    assert admin_client_a.delete(f"/api/v1/site/carousel/{item_id}/").status_code == 204


def test_api_permissions(client_a, in_tenant_a):
    client_a.login_as(staff("api-user"))
    assert client_a.get("/api/v1/site/public/").status_code == 200
    assert client_a.get("/api/v1/site/upload-limits/").status_code == 200
    assert client_a.get("/api/v1/site/settings/").status_code == 403
    assert client_a.patch("/api/v1/site/settings/", {"site_name": "x"}, content_type="application/json").status_code == 403
    assert client_a.get("/api/v1/site/carousel/").status_code == 403
    assert client_a.post("/api/v1/site/links/", {"name": "x", "url": "https://x.cn/"}, content_type="application/json").status_code == 403


def test_public_schema_pages_do_not_touch_cms_tables(client):
    response = client.get("/", HTTP_HOST="www.localhost")
    assert response.status_code in (200, 301, 302, 404)


def test_floating_window_model_needs_image_or_text(in_tenant_a):
    with pytest.raises(Exception, match="图片或填写文字"):
        services.floating_window_save(actor=None, data={"title": "空"})
    assert not FloatingWindow.objects.exists()
