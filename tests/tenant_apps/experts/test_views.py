"""Pages and API: render, permission matrix, cross-tenant isolation, module switch."""

import pytest
from django_tenants.utils import schema_context

from tests.tenant_apps.experts.conftest import make_domain_tree, make_expert, make_staff

pytestmark = pytest.mark.django_db

PAGES = [
    ("backoffice:experts:expert_list", "experts.view_expert"),
    ("backoffice:experts:expert_add", "experts.add_expert"),
    ("backoffice:experts:expert_import", "experts.import_expert"),
    ("backoffice:experts:review_queue", "experts.review_expert"),
    ("backoffice:experts:change_queue", "experts.review_expert"),
    ("backoffice:experts:domain_list", "experts.view_domain"),
    ("backoffice:experts:campaign_list", "experts.manage_campaign"),
    ("backoffice:experts:certificate_list", "experts.manage_settings"),
    ("backoffice:experts:statistics", "experts.view_statistics"),
    ("backoffice:experts:settings", "experts.manage_settings"),
]


def url(name, *args):
    from django.urls import reverse

    return reverse(name, urlconf="config.urls_tenants", args=args)


@pytest.mark.parametrize(("name", "perm"), PAGES)
def test_pages_render_for_admin_and_refuse_without_permission(admin_client_bureau, client_bureau, tenant_bureau, name, perm):
    with schema_context("bureau"):
        make_domain_tree()
        make_expert()
        nobody = make_staff(username=f"nobody-{name.split(':')[-1]}")
    response = admin_client_bureau.get(url(name))
    assert response.status_code == 200, response.content[:500]
    assert client_bureau.login_as(nobody).get(url(name)).status_code == 403


def test_panorama_tabs_reveal_and_inplace_edit(admin_client_bureau):
    from core.models import AuditEvent

    with schema_context("bureau"):
        _, _, leaf, _ = make_domain_tree()
        expert = make_expert(name="司马相如", phone="13822223333", domains=[leaf])
    for tab in ("info", "schedule", "avoidance", "changes", "draws", "evaluations", "fees", "points", "certificates"):
        response = admin_client_bureau.get(url("backoffice:experts:expert_detail", expert.pk) + f"?tab={tab}")
        assert response.status_code == 200
        assert "13822223333" not in response.content.decode()
    assert "来" in admin_client_bureau.get(url("backoffice:experts:expert_detail", expert.pk) + "?tab=draws").content.decode()
    revealed = admin_client_bureau.post(url("backoffice:experts:expert_reveal", expert.pk))
    assert "13822223333" in revealed.content.decode()
    with schema_context("bureau"):
        assert AuditEvent.objects.filter(action="experts.expert.reveal").exists()
    form = admin_client_bureau.get(url("backoffice:experts:expert_profile_edit", expert.pk))
    assert form.status_code == 200
    saved = admin_client_bureau.post(url("backoffice:experts:expert_profile_edit", expert.pk), {"title": "研究员", "domains": [leaf.pk]})
    assert saved.status_code == 200 and "研究员" in saved.content.decode()


def test_operator_without_reveal_right_sees_masked_data_only(client_bureau):
    with schema_context("bureau"):
        expert = make_expert(name="诸葛明亮", phone="13833334444", employer="北京交通大学")
        operator = make_staff(username="op-mask", perms=["experts.view_expert"])
    client = client_bureau.login_as(operator)
    page = client.get(url("backoffice:experts:expert_list") + "?q=诸葛").content.decode()
    assert "诸*明亮" not in page and "诸**亮" in page and "13833334444" not in page and "北京交通大学" not in page
    assert client.post(url("backoffice:experts:expert_reveal", expert.pk)).status_code == 403
    api = client.get(url("api:experts:expert_list") + "?q=诸葛").json()
    assert api["results"][0]["phone"] == "138****4444"


def test_add_expert_duplicate_phone_message(admin_client_bureau):
    with schema_context("bureau"):
        make_expert(name="原专家", phone="13844445555")
    response = admin_client_bureau.post(url("backoffice:experts:expert_add"), {"name": "新人", "phone": "13844445555", "employer": "x", "title": "y"})
    assert response.status_code == 400 and "已被专家库中的专家“原专家”" in response.content.decode()


def test_import_template_and_export_download(admin_client_bureau):
    with schema_context("bureau"):
        make_expert()
    template = admin_client_bureau.get(url("backoffice:experts:expert_import_template"))
    assert template.status_code == 200 and template.content[:2] == b"PK"
    form = admin_client_bureau.get(url("backoffice:experts:expert_export"))
    assert form.status_code == 200 and "导出事由" in form.content.decode() and 'name="unmasked"' in form.content.decode()
    refused = admin_client_bureau.post(url("backoffice:experts:expert_export"), {"reason": ""})
    assert refused.status_code == 400 and "请填写导出事由" in refused.content.decode()
    export = admin_client_bureau.post(url("backoffice:experts:expert_export"), {"reason": "年度统计上报"})
    assert export.status_code == 200 and export.content[:2] == b"PK"
    from urllib.parse import unquote

    assert "专家名单" in unquote(export["Content-Disposition"])
    stats = admin_client_bureau.get(url("backoffice:experts:statistics") + "?format=pdf")
    assert stats.content.startswith(b"%PDF")


def test_other_tenant_cannot_see_bureau_experts(admin_client_a, tenant_bureau):
    with schema_context("bureau"):
        expert = make_expert(name="独孤求败")
    assert admin_client_a.get(url("backoffice:experts:expert_detail", expert.pk)).status_code == 404
    assert "独孤" not in admin_client_a.get(url("backoffice:experts:expert_list") + "?pool=all").content.decode()
    assert admin_client_a.get(url("api:experts:expert_detail", expert.pk)).status_code == 404
    assert admin_client_a.post(url("backoffice:experts:expert_action", expert.pk), {"action": "delete"}).status_code == 404
    with schema_context("bureau"):
        from tenant_apps.experts.models import Expert

        assert Expert.objects.get(pk=expert.pk).deleted_at is None


def test_alpha_and_beta_are_isolated(admin_client_a, admin_client_b, in_tenant_a):
    expert = make_expert(name="东方不败")
    expert_pk = expert.pk
    response = admin_client_b.get(url("api:experts:expert_list") + "?q=东方")
    assert response.status_code == 200 and response.json()["count"] == 0
    assert admin_client_a.get(url("api:experts:expert_list") + "?q=东方").json()["count"] == 1
    assert admin_client_b.get(url("backoffice:experts:expert_detail", expert_pk)).status_code in (404,)


def test_module_off_means_404(admin_client_a, tenant_a):
    from django_tenants.utils import get_public_schema_name

    from core.tenancy import forget_cached_tenants

    with schema_context(get_public_schema_name()):
        tenant_a.modules = ["employment", "alumni"]
        tenant_a.save(update_fields=["modules"])
    forget_cached_tenants()
    try:
        assert admin_client_a.get(url("backoffice:experts:expert_list")).status_code == 404
        assert admin_client_a.get(url("api:experts:expert_list")).status_code == 404
    finally:
        forget_cached_tenants()


def test_api_permissions_create_and_eligible_count(client_bureau, admin_client_bureau):
    with schema_context("bureau"):
        viewer = make_staff(username="api-viewer", perms=["experts.view_expert"])
        make_expert()
    created = admin_client_bureau.post(url("api:experts:expert_list"), {"name": "API 专家", "phone": "13855556666", "employer": "中山大学", "title": "教授", "notify": False}, content_type="application/json")
    assert created.status_code == 201, created.content
    duplicate = admin_client_bureau.post(url("api:experts:expert_list"), {"name": "重复", "phone": "13855556666", "employer": "x", "title": "y"}, content_type="application/json")
    assert duplicate.status_code == 409 and duplicate.json()["code"] == "expert_phone_taken"
    client = client_bureau.login_as(viewer)
    assert client.post(url("api:experts:expert_list"), {"name": "x"}, content_type="application/json").status_code == 403
    counted = client.get(url("api:experts:eligible_count")).json()
    assert counted["eligible"] >= 2 and set(counted["excluded"]) == {"deleted", "blacklisted", "frozen", "on_leave"}
    assert client.post(url("api:experts:expert_review", 1), {"decision": "approve"}, content_type="application/json").status_code == 403


def test_public_verification_page_states(client_bureau, tenant_bureau):
    from django.utils import timezone

    with schema_context("bureau"):
        from tenant_apps.experts import services

        expert = make_expert(name="公孙胜")
        certificate = services.certificate_issue(actor=None, expert=expert)
    page = client_bureau.get(url("h5:experts:certificate_verify", certificate.token))
    assert page.status_code == 200 and "证书真实有效" in page.content.decode() and "公孙胜" not in page.content.decode()
    with schema_context("bureau"):
        type(certificate).objects.filter(pk=certificate.pk).update(valid_until=timezone.localdate() - timezone.timedelta(days=1))
    assert "已过有效期" in client_bureau.get(url("h5:experts:certificate_verify", certificate.token)).content.decode()
    with schema_context("bureau"):
        type(certificate).objects.filter(pk=certificate.pk).update(revoked_at=timezone.now())
    assert "已被撤销" in client_bureau.get(url("h5:experts:certificate_verify", certificate.token)).content.decode()
    assert client_bureau.get(url("h5:experts:certificate_verify", "nope")).status_code == 404


def test_stale_confirmation_link_answers_404_page_not_server_error(client_bureau, tenant_bureau):
    client_bureau.raise_request_exception = False
    for method in (client_bureau.get, client_bureau.post):
        response = method(url("h5:experts:confirm", "no-such-token"))
        assert response.status_code == 404
    page = client_bureau.post(url("h5:experts:confirm", "no-such-token")).content.decode()
    assert "链接无效" in page and 'data-error-code="expert_token_invalid"' in page


def test_confirmation_link_works_and_lifts_a_freeze(client_bureau, bureau_admin):
    import datetime

    from django.utils import timezone

    with schema_context("bureau"):
        from tenant_apps.experts import services
        from tenant_apps.experts.models import Expert

        expert = make_expert(name="确认人")
        campaign = services.campaign_start(actor=bureau_admin, title="年度确认", deadline=timezone.now() + datetime.timedelta(days=3), confirm_url="https://x/")
        Expert.objects.filter(pk=expert.pk).update(frozen_at=timezone.now(), frozen_reason="逾期")
        token = campaign.confirmations.get(expert=expert).token
    assert client_bureau.get(url("h5:experts:confirm", token)).status_code == 200
    done = client_bureau.post(url("h5:experts:confirm", token))
    assert done.status_code == 200 and "已确认" in done.content.decode()
    with schema_context("bureau"):
        expert.refresh_from_db()
        assert expert.frozen_at is None and expert.is_drawable


def test_error_page_mixin_turns_application_errors_into_pages(in_bureau, bureau_admin, rf):
    """Any ApplicationError escaping an experts page becomes a page with the error's status."""
    from django.views import View

    from core.errors import Conflict, NotFound
    from tenant_apps.experts.pages import ApplicationErrorPageMixin

    class Raising(ApplicationErrorPageMixin, View):
        error_area = "backoffice"
        error = NotFound("专家不存在。")

        def get(self, request):
            raise self.error

    request = rf.get("/admin-ui/experts/x/")
    request.user, request.tenant = bureau_admin, in_bureau
    response = Raising.as_view()(request)
    assert response.status_code == 404 and "专家不存在。" in response.content.decode()
    fragment_request = rf.get("/admin-ui/experts/x/", HTTP_HX_REQUEST="true")
    fragment_request.user, fragment_request.tenant = bureau_admin, in_bureau
    fragment = Raising.as_view(error=Conflict("已处理。"))(fragment_request)
    assert fragment.status_code == 409 and fragment.content.decode().strip().startswith("<div")


def test_statistics_are_cached_with_their_freshness(admin_client_bureau, django_assert_max_num_queries):
    from django.core.cache import cache

    cache.clear()
    url_stats = url("backoffice:experts:statistics")
    first = admin_client_bureau.get(url_stats)
    assert first.status_code == 200 and 'id="stats-freshness"' in first.content.decode() and "数据更新于" in first.content.decode()
    with django_assert_max_num_queries(25):  # session, user, menu: no statistics queries
        second = admin_client_bureau.get(url_stats)
    assert second.status_code == 200
    assert admin_client_bureau.get(url_stats + "?refresh=1").status_code == 200
    export = admin_client_bureau.get(url_stats + "?format=xlsx")
    from urllib.parse import unquote

    assert "专家统计分析" in unquote(export["Content-Disposition"])


def test_expert_account_carries_the_expert_name(in_bureau):
    """The H5 greets a self-registered expert by name and shows the e-mail they gave (item 3)."""
    from tenant_apps.experts import services
    from tenant_apps.experts.models import Expert
    from tests.tenant_apps.experts.test_api_expert import latest_code

    services.registration_code_send(target="13712340000")
    user = services.registration_login(target="13712340000", code=latest_code("13712340000"))
    assert user.display_name == ""
    expert = Expert.objects.get(user=user)
    services.expert_draft_save(actor=user, expert=expert, step=1, values={"name": "周立新", "email": "zlx@example.com"})
    user.refresh_from_db()
    assert user.display_name == "周立新" and user.email == "zlx@example.com"


def test_statistics_charts_come_from_the_shared_chart_component(admin_client_bureau):
    """The hand-drawn bars moved to core.charts: one ECharts option per breakdown, the same
    figures as a data table, the vendored ECharts script and no CDN."""
    import json
    import re

    from django.core.cache import cache

    with schema_context("bureau"):
        make_domain_tree()
        make_expert(name="统计专家")
    cache.clear()
    page = admin_client_bureau.get(url("backoffice:experts:statistics")).content.decode()
    options = [json.loads(raw) for raw in re.findall(r'<script id="chart-\d+-option" type="application/json">(.*?)</script>', page)]
    charts = {option["title"]["text"]: option for option in options}
    titles = ["按专业领域（一级）", "按职称级别", "按地区（前 15）", "近 12 个月参评活跃度"]
    for title in titles:  # drawn, or its empty state
        assert title in charts or f"{title}：暂无数据" in page
    by_title = charts["按职称级别"]
    assert sum(by_title["series"][0]["data"]) >= 1 and by_title["yAxis"]["type"] == "category"
    assert f"{by_title['title']['text']}（数据表）" in page
    assert "core/vendor/echarts/echarts-5.6.0.common.min.js" in page and "cdn" not in page.lower()
    assert "xp-bars" not in page
