"""Back-office and H5 pages: the confirmation queue, lists, details, exclusions and settings;
what alumni see on the H5; permissions and cross-tenant isolation."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from tests.conftest import TenantClient
from tests.tenant_apps.alumni_famous.conftest import (
    deliver,
    enterprise_item,
    found,
    news_item,
    person_item,
)

pytestmark = pytest.mark.django_db

VIEW = "alumni_famous.view_famousalumnus"
CONFIRM = "alumni_famous.confirm_candidates"
SETTINGS = "alumni_famous.change_famoussettings"
BO = "/admin-ui/alumni/famous/"


def test_staff_confirm_from_the_queue_and_the_person_then_shows_on_the_h5(admin_client_a, client_a, famous_staff):
    deliver("alpha", person_item("钱学明", position="中国工程院院士"), person_item("孙不是"))
    html = admin_client_a.get(BO).content.decode()
    assert "钱学明" in html and "待确认" in html and "hx-confirm" in html and "抓取于" in html
    person = found("alpha", "FamousAlumnus", "钱学明")
    alumnus = famous_staff("alpha")  # any signed-in user of the tenant
    h5 = TenantClient(client_a.tenant).login_as(alumnus)
    assert "钱学明" not in h5.get("/h5/alumni/famous/").content.decode()
    assert h5.get(f"/h5/alumni/famous/people/{person.pk}/").status_code == 404

    response = admin_client_a.post(f"{BO}person/{person.pk}/confirm/", {"next": BO})
    assert response.status_code == 302
    assert found("alpha", "FamousAlumnus", "钱学明").status == "confirmed"
    html = h5.get("/h5/alumni/famous/").content.decode()
    assert "钱学明" in html and "中国工程院院士" in html and "孙不是" not in html
    detail = h5.get(f"/h5/alumni/famous/people/{person.pk}/").content.decode()
    assert person.source_url in detail and "抓取于" in detail and "1985年毕业于阿尔法大学" in detail


def test_lists_search_filter_and_empty_states(admin_client_a):
    for url in ["", "?kind=enterprise", "?kind=news", "people/", "enterprises/", "news/", "exclusions/", "settings/"]:
        response = admin_client_a.get(BO + url)
        assert response.status_code == 200, url
    assert "没有待确认的知名校友" in admin_client_a.get(BO).content.decode()
    assert "排除名单是空的" in admin_client_a.get(BO + "exclusions/").content.decode()
    deliver("alpha", person_item("钱学明"), person_item("李四", category="government"), enterprise_item("星海股份"))
    html = admin_client_a.get(BO + "people/?status=pending&category=government").content.decode()
    assert "李四" in html and "钱学明" not in html
    assert "钱学明" in admin_client_a.get(BO + "people/?status=&q=钱").content.decode()
    assert "星海股份" in admin_client_a.get(BO + "?kind=enterprise").content.decode()
    assert "没有符合条件" in admin_client_a.get(BO + "people/?q=不存在").content.decode()


def test_exclude_from_the_detail_page_and_lift_it(admin_client_a):
    deliver("alpha", enterprise_item("星海股份"))
    firm = found("alpha", "AlumniEnterprise", "星海股份")
    detail = admin_client_a.get(f"{BO}enterprises/{firm.pk}/").content.decode()
    assert "郑一" in detail and "排除" in detail
    assert admin_client_a.post(f"{BO}enterprise/{firm.pk}/exclude/", {"reason": "公司要求"}).status_code == 302
    assert found("alpha", "AlumniEnterprise", "星海股份").status == "excluded"
    html = admin_client_a.get(BO + "exclusions/").content.decode()
    assert "星海股份" in html and "公司要求" in html
    with schema_context("alpha"):
        from tenant_apps.alumni.famous.models import Exclusion

        exclusion = Exclusion.objects.get()
    assert admin_client_a.post(f"{BO}exclusions/{exclusion.pk}/lift/").status_code == 302
    assert found("alpha", "AlumniEnterprise", "星海股份").status == "pending"


def test_news_confirmation_and_the_h5_news_tab(admin_client_a, client_a, famous_staff):
    from tenant_apps.alumni.famous.services import candidate_confirm

    deliver("alpha", person_item("钱学明"))
    with schema_context("alpha"):
        candidate_confirm(actor=None, candidate=found("alpha", "FamousAlumnus", "钱学明"))
    deliver("alpha", news_item("钱学明", title="钱学明获奖"))
    with schema_context("alpha"):
        from tenant_apps.alumni.famous.models import NewsItem

        item = NewsItem.objects.get()
    assert "钱学明获奖" in admin_client_a.get(BO + "?kind=news").content.decode()
    h5 = TenantClient(client_a.tenant).login_as(famous_staff("alpha"))
    assert "钱学明获奖" not in h5.get("/h5/alumni/famous/?tab=news").content.decode()
    assert admin_client_a.post(f"{BO}news/{item.pk}/confirm/").status_code == 302
    assert "钱学明获奖" in h5.get("/h5/alumni/famous/?tab=news").content.decode()
    assert admin_client_a.post(f"{BO}news/{item.pk}/exclude/").status_code == 404  # news are confirmed or rejected, not excluded


def test_settings_page_validates_and_saves(admin_client_a):
    html = admin_client_a.get(BO + "settings/").content.decode()
    assert 'value="阿尔法大学"' in html  # the tenant's name until the school sets its own
    response = admin_client_a.post(BO + "settings/", {"school_name": " ", "former_names": ""})
    assert response.status_code == 400 and "请填写学校名称" in response.content.decode()
    assert admin_client_a.post(BO + "settings/", {"school_name": "阿尔法大学", "former_names": "阿尔法工学院\n阿尔法师专\n"}).status_code == 302
    with schema_context("alpha"):
        from tenant_apps.alumni.famous.selectors import settings_get

        assert settings_get().all_names == ["阿尔法大学", "阿尔法工学院", "阿尔法师专"]


def test_permission_matrix(client_a, famous_staff):
    deliver("alpha", person_item("钱学明"))
    person = found("alpha", "FamousAlumnus", "钱学明")
    nobody = TenantClient(client_a.tenant).login_as(famous_staff("alpha"))
    viewer = TenantClient(client_a.tenant).login_as(famous_staff("alpha", VIEW))
    confirmer = TenantClient(client_a.tenant).login_as(famous_staff("alpha", VIEW, CONFIRM))
    assert nobody.get(BO).status_code == 403
    assert viewer.get(BO).status_code == 200 and 'data-action="confirm"' not in viewer.get(BO).content.decode()
    assert viewer.post(f"{BO}person/{person.pk}/confirm/").status_code == 403
    assert viewer.post(BO + "settings/", {"school_name": "改名"}).status_code == 403
    assert found("alpha", "FamousAlumnus", "钱学明").status == "pending"
    assert 'data-action="confirm"' in confirmer.get(BO).content.decode()
    assert confirmer.post(f"{BO}person/{person.pk}/confirm/").status_code == 302
    assert found("alpha", "FamousAlumnus", "钱学明").status == "confirmed"
    assert confirmer.post(BO + "settings/", {"school_name": "改名"}).status_code == 403


def test_alpha_staff_cannot_see_or_decide_on_beta_candidates(admin_client_a):
    deliver("beta", person_item("贝塔校友"), enterprise_item("贝塔企业"))
    person = found("beta", "FamousAlumnus", "贝塔校友")
    firm = found("beta", "AlumniEnterprise", "贝塔企业")
    assert "贝塔校友" not in admin_client_a.get(BO).content.decode()
    assert "贝塔企业" not in admin_client_a.get(BO + "?kind=enterprise").content.decode()
    assert admin_client_a.get(f"{BO}people/{person.pk}/").status_code == 404
    assert admin_client_a.get(f"{BO}enterprises/{firm.pk}/").status_code == 404
    assert admin_client_a.post(f"{BO}person/{person.pk}/confirm/").status_code == 404
    assert admin_client_a.post(f"{BO}enterprise/{firm.pk}/exclude/").status_code == 404
    assert found("beta", "FamousAlumnus", "贝塔校友").status == "pending"


def test_module_off_hides_everything(admin_client_a, tenant_a):
    tenant_a.modules = ["employment", "experts"]
    tenant_a.save(update_fields=["modules"])
    assert admin_client_a.get(BO).status_code == 404
    assert admin_client_a.get("/h5/alumni/famous/").status_code == 404
    assert admin_client_a.get("/api/v1/alumni/famous/people/").status_code == 404
