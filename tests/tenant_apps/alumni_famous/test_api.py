"""The API of every page: lists, details, decisions, exclusions, settings and the H5's lists;
permission per method; another tenant's ids answer 404."""

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

API = "/api/v1/alumni/famous/"
VIEW = "alumni_famous.view_famousalumnus"
CONFIRM = "alumni_famous.confirm_candidates"


def test_back_office_api_flow(admin_client_a):
    deliver("alpha", person_item("钱学明"), enterprise_item("星海股份"))
    person = found("alpha", "FamousAlumnus", "钱学明")
    firm = found("alpha", "AlumniEnterprise", "星海股份")
    body = admin_client_a.get(API + "people/?status=pending").json()
    assert body["count"] == 1 and body["results"][0]["name"] == "钱学明" and body["results"][0]["source_url"].startswith("https://baike.example.cn/")
    assert admin_client_a.get(f"{API}people/{person.pk}/").json()["fetched_at"]
    assert admin_client_a.post(f"{API}people/{person.pk}/confirm/").json()["status"] == "confirmed"
    assert admin_client_a.get(f"{API}enterprises/{firm.pk}/").json()["alumni"][0]["name"] == "郑一"
    response = admin_client_a.post(f"{API}enterprises/{firm.pk}/exclude/", {"reason": "公司要求"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["name"] == "星海股份"
    exclusion_id = response.json()["id"]
    assert admin_client_a.post(f"{API}enterprises/{firm.pk}/confirm/").json()["code"] == "famous_already_excluded"
    assert admin_client_a.get(API + "exclusions/").json()["count"] == 1
    assert admin_client_a.delete(f"{API}exclusions/{exclusion_id}/").status_code == 204
    deliver("alpha", news_item("钱学明"))
    news = admin_client_a.get(API + "news/?status=pending").json()["results"]
    assert news[0]["subject_name"] == "钱学明" and news[0]["subject_kind"] == "person"
    assert admin_client_a.post(f"{API}news/{news[0]['id']}/reject/").json()["status"] == "rejected"


def test_settings_api(admin_client_a):
    assert admin_client_a.get(API + "settings/").json() == {"school_name": "阿尔法大学", "former_names": []}
    response = admin_client_a.put(API + "settings/", {"school_name": "阿尔法大学", "former_names": ["阿尔法工学院"]}, content_type="application/json")
    assert response.status_code == 200 and response.json()["former_names"] == ["阿尔法工学院"]
    response = admin_client_a.put(API + "settings/", {"school_name": ""}, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "validation_error"


def test_h5_api_shows_confirmed_only_to_any_signed_in_user(client_a, famous_staff):
    from tenant_apps.alumni.famous.services import candidate_confirm

    deliver("alpha", person_item("钱学明"), person_item("待定者"), enterprise_item("星海股份"))
    with schema_context("alpha"):
        candidate_confirm(actor=None, candidate=found("alpha", "FamousAlumnus", "钱学明"))
    deliver("alpha", news_item("钱学明"))
    pending = found("alpha", "FamousAlumnus", "待定者")
    alumnus = TenantClient(client_a.tenant).login_as(famous_staff("alpha"))
    assert [p["name"] for p in alumnus.get(API + "public/people/").json()["results"]] == ["钱学明"]
    assert alumnus.get(f"{API}public/people/{pending.pk}/").status_code == 404
    assert alumnus.get(API + "public/enterprises/").json()["count"] == 0
    assert alumnus.get(API + "public/news/").json()["count"] == 0  # the news item is still pending
    assert client_a.get(API + "public/people/").status_code in (401, 403)


def test_api_permission_matrix(client_a, famous_staff):
    deliver("alpha", person_item("钱学明"))
    person = found("alpha", "FamousAlumnus", "钱学明")
    nobody = TenantClient(client_a.tenant).login_as(famous_staff("alpha"))
    viewer = TenantClient(client_a.tenant).login_as(famous_staff("alpha", VIEW))
    for url in ["people/", f"people/{person.pk}/", "enterprises/", "news/", "exclusions/", "settings/"]:
        assert nobody.get(API + url).status_code == 403, url
        assert viewer.get(API + url).status_code == 200, url
    assert viewer.post(f"{API}people/{person.pk}/confirm/").status_code == 403
    assert viewer.post(f"{API}people/{person.pk}/exclude/").status_code == 403
    assert viewer.put(API + "settings/", {"school_name": "x"}, content_type="application/json").status_code == 403
    assert found("alpha", "FamousAlumnus", "钱学明").status == "pending"


def test_api_isolation(admin_client_a):
    deliver("beta", person_item("贝塔校友"), enterprise_item("贝塔企业"))
    person = found("beta", "FamousAlumnus", "贝塔校友")
    firm = found("beta", "AlumniEnterprise", "贝塔企业")
    assert admin_client_a.get(API + "people/").json()["count"] == 0
    for method, url in [("get", f"people/{person.pk}/"), ("post", f"people/{person.pk}/confirm/"), ("post", f"people/{person.pk}/exclude/"),
                        ("get", f"enterprises/{firm.pk}/"), ("post", f"enterprises/{firm.pk}/confirm/"), ("get", f"public/people/{person.pk}/")]:
        response = getattr(admin_client_a, method)(API + url)
        assert response.status_code == 404, url
    assert found("beta", "FamousAlumnus", "贝塔校友").status == "pending"
