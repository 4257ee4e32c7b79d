"""Receiving crawled results, staff decisions, exclusions and settings (tenant alpha)."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from core.models import AuditEvent
from tests.tenant_apps.alumni_famous.conftest import (
    deliver,
    enterprise_item,
    found,
    news_item,
    person_item,
)

pytestmark = pytest.mark.django_db


def test_results_arrive_pending_with_their_source_and_duplicates_only_refresh_the_fetch_time():
    item = person_item("钱学明")
    assert deliver("alpha", item, enterprise_item("星海股份")) == 2
    person = found("alpha", "FamousAlumnus", "钱学明")
    assert (person.status, person.source_url, person.source_name, person.crawl_run_id) == ("pending", item["source_url"], "测试百科", 7)
    first_fetch = person.fetched_at
    assert deliver("alpha", item) == 0
    assert found("alpha", "FamousAlumnus", "钱学明").fetched_at > first_fetch
    with schema_context("alpha"):
        assert AuditEvent.objects.filter(action="alumni_famous.crawl_received").count() == 1


def test_news_attach_only_to_confirmed_subjects():
    from tenant_apps.alumni.famous.models import NewsItem
    from tenant_apps.alumni.famous.services import candidate_confirm

    deliver("alpha", person_item("钱学明"), enterprise_item("星海股份"))
    assert deliver("alpha", news_item("钱学明"), news_item("星海股份", "enterprise")) == 0
    with schema_context("alpha"):
        candidate_confirm(actor=None, candidate=found("alpha", "FamousAlumnus", "钱学明"))
        candidate_confirm(actor=None, candidate=found("alpha", "AlumniEnterprise", "星海股份"))
    assert deliver("alpha", news_item("钱学明"), news_item("星海股份", "enterprise"), news_item("无关的人")) == 2
    with schema_context("alpha"):
        assert sorted(NewsItem.objects.values_list("status", flat=True)) == ["pending", "pending"]


def test_confirm_and_reject_are_audited(admin_a):
    from tenant_apps.alumni.famous.services import candidate_confirm, candidate_reject

    deliver("alpha", person_item("钱学明"), person_item("孙不是"))
    with schema_context("alpha"):
        person = candidate_confirm(actor=admin_a, candidate=found("alpha", "FamousAlumnus", "钱学明"))
        assert (person.status, person.reviewed_by_label) == ("confirmed", admin_a.display_name or admin_a.username)
        candidate_reject(actor=admin_a, candidate=found("alpha", "FamousAlumnus", "孙不是"))
        event = AuditEvent.objects.get(action="alumni_famous.famousalumnus_confirmed")
        assert event.before["status"] == "pending" and event.after["status"] == "confirmed"
        assert AuditEvent.objects.filter(action="alumni_famous.famousalumnus_rejected").exists()


def test_exclusion_hides_every_record_of_the_name_with_its_news_and_refuses_new_deliveries(admin_a):
    from core.errors import Conflict
    from tenant_apps.alumni.famous.models import Exclusion, FamousAlumnus, NewsItem
    from tenant_apps.alumni.famous.services import (
        candidate_confirm,
        candidate_exclude,
        exclusion_lift,
    )

    first, second = person_item("钱学明"), person_item("钱学明")  # the same person on two pages
    deliver("alpha", first, second)
    with schema_context("alpha"):
        candidate_confirm(actor=admin_a, candidate=FamousAlumnus.objects.filter(name="钱学明").first())
    deliver("alpha", news_item("钱学明"))
    with schema_context("alpha"):
        exclusion = candidate_exclude(actor=admin_a, candidate=FamousAlumnus.objects.filter(name="钱学明").first(), reason="本人要求")
        assert set(FamousAlumnus.objects.values_list("status", flat=True)) == {"excluded"}
        assert set(NewsItem.objects.values_list("status", flat=True)) == {"excluded"}
        assert sorted(exclusion.source_urls) == sorted([first["source_url"], second["source_url"]])
        with pytest.raises(Conflict):
            candidate_confirm(actor=admin_a, candidate=FamousAlumnus.objects.first())
    # the same name from a new page, or any item from an excluded page, is dropped
    assert deliver("alpha", person_item("钱学明"), person_item("别人", source_url=first["source_url"])) == 0
    with schema_context("alpha"):
        exclusion_lift(actor=admin_a, exclusion=Exclusion.objects.get())
        assert set(FamousAlumnus.objects.values_list("status", flat=True)) == {"pending"}
        assert AuditEvent.objects.filter(action__in=["alumni_famous.excluded", "alumni_famous.exclusion_lifted"]).count() == 2


def test_the_brief_the_crawler_asks_for():
    from tenant_apps.alumni.famous.selectors import crawl_brief
    from tenant_apps.alumni.famous.services import (
        candidate_confirm,
        candidate_exclude,
        settings_update,
    )

    deliver("alpha", person_item("钱学明"), person_item("赵排除"), enterprise_item("星海股份"))
    with schema_context("alpha"):
        assert crawl_brief(source_kind="encyclopedia", tenant_name="阿尔法大学", tenant_modules=["experts"]) is None
        assert crawl_brief(source_kind="encyclopedia", tenant_name="阿尔法大学", tenant_modules=["alumni"])["school_names"] == ["阿尔法大学"]
        settings_update(actor=None, school_name="阿尔法大学", former_names=["阿尔法工学院", " ", "阿尔法大学", "阿尔法工学院"])
        candidate_confirm(actor=None, candidate=found("alpha", "FamousAlumnus", "钱学明"))
        candidate_exclude(actor=None, candidate=found("alpha", "FamousAlumnus", "赵排除"))
        brief = crawl_brief(source_kind="news", tenant_name="ignored", tenant_modules=["alumni"])
    assert brief["school_names"] == ["阿尔法大学", "阿尔法工学院"]
    assert brief["subjects"] == [{"kind": "person", "name": "钱学明"}]
    assert brief["excluded_names"] == ["赵排除"] and len(brief["excluded_urls"]) == 1


def test_settings_need_a_school_name():
    from core.errors import ApplicationError
    from tenant_apps.alumni.famous.services import settings_update

    with schema_context("alpha"), pytest.raises(ApplicationError) as refused:
        settings_update(actor=None, school_name="  ", former_names=[])
    assert refused.value.fields == {"school_name": ["请填写学校名称。"]}
