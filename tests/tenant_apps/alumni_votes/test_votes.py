"""Votes: one ballot per person (per account and per verified alumni record), choice limits,
audience and period, pause/hide/delete, results (core.charts) hidden until voted or ended,
comments with moderation, the canvassing share card, the API of every page, isolation and
permissions."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from core.errors import ApplicationError
from tenant_apps.alumni.votes import services
from tests.conftest import TenantClient
from tests.tenant_apps.alumni_activities.conftest import make_user
from tests.tenant_apps.alumni_activities.test_chapters_photos_jssdk import (  # noqa: F401 - fixture
    WECHAT_UA,
    _wx_attrs,
    fake_wechat,
)

pytestmark = pytest.mark.django_db
VOTE_PERMS = ("alumni_votes.view_vote", "alumni_votes.add_vote", "alumni_votes.change_vote", "alumni_votes.delete_vote", "alumni_votes.moderate_vote_comment")


def verified_alumnus(record=None):
    """An alumnus whose membership was approved and matched to an alumni record (认证校友)."""
    from tenant_apps.alumni.records.models import Member
    from tests.tenant_apps.alumni_records.conftest import make_record

    user = make_user()
    Member.objects.create(user=user, record=record or make_record(), name=user.display_name, status="approved")
    return user


def make_vote(actor=None, *, multiple=False, **extra):
    now = timezone.now()
    extra.setdefault("title", "返校日主题")
    data = services.VoteInput(starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(days=3),
                              options=["甲方案", "乙方案", "丙方案"], is_multiple=multiple, max_choices=2 if multiple else 1, **extra)
    return services.vote_create(actor=actor or make_user(kind="staff", perms=VOTE_PERMS), data=data)


def test_one_ballot_per_person(in_tenant_a):
    vote = make_vote()
    voter = verified_alumnus()
    first = vote.options.first()
    services.ballot_cast(actor=voter, vote=vote, option_ids=[first.pk])
    with pytest.raises(ApplicationError) as exc:
        services.ballot_cast(actor=voter, vote=vote, option_ids=[first.pk])
    assert exc.value.code == "already_voted"
    assert [r["count"] for r in services.results(vote)] == [1, 0, 0]


def test_choice_limits_audience_and_state(in_tenant_a):
    vote = make_vote(multiple=True)
    ids = list(vote.options.values_list("pk", flat=True))
    with pytest.raises(ApplicationError):
        services.ballot_cast(actor=verified_alumnus(), vote=vote, option_ids=ids)  # three of max two
    for outsider in (make_user(kind="staff"), make_user()):  # staff, and an alumnus account nobody verified
        with pytest.raises(ApplicationError) as exc:
            services.ballot_cast(actor=outsider, vote=vote, option_ids=ids[:1])
        assert "认证校友" in exc.value.message
    services.vote_set_state(actor=None, vote=vote, paused=True)
    with pytest.raises(ApplicationError):
        services.ballot_cast(actor=verified_alumnus(), vote=vote, option_ids=ids[:1])
    services.vote_set_state(actor=None, vote=vote, paused=False)
    vote.ends_at = timezone.now() - datetime.timedelta(minutes=1)
    vote.save()
    with pytest.raises(ApplicationError) as exc:
        services.ballot_cast(actor=verified_alumnus(), vote=vote, option_ids=ids[:1])
    assert "已结束" in exc.value.message


def test_options_frozen_once_someone_voted(in_tenant_a):
    vote = make_vote()
    services.ballot_cast(actor=verified_alumnus(), vote=vote, option_ids=[vote.options.first().pk])
    data = services.VoteInput(title="新标题", starts_at=vote.starts_at, ends_at=vote.ends_at, options=["只有一个", "另一个"])
    with pytest.raises(ApplicationError):
        services.vote_update(actor=None, vote=vote, data=data)


def test_h5_vote_canvass_and_comment(tenant_a):
    with schema_context("alpha"):
        vote = make_vote()
        option = vote.options.last()
        voter = verified_alumnus()
    client = TenantClient(tenant_a).login_as(voter)
    page = client.get(f"/h5/alumni/votes/{vote.pk}/options/{option.pk}/").content.decode()
    assert "请为「丙方案」投上一票" in page and "<svg" in page
    assert client.post(f"/h5/alumni/votes/{vote.pk}/options/{option.pk}/", {"option": option.pk}).status_code == 302
    client.post(f"/h5/alumni/votes/{vote.pk}/", {"action": "comment", "body": "支持丙！"})
    page = client.get(f"/h5/alumni/votes/{vote.pk}/").content.decode()
    assert "我的选择" in page and "支持丙！" in page
    with schema_context("alpha"):
        assert vote.ballots.get().canvassed_option_id == option.pk


def test_backoffice_pages_and_moderation(tenant_a, admin_client_a):
    with schema_context("alpha"):
        vote = make_vote()
        comment = services.comment_add(actor=make_user(), vote=vote, body="广告")
    for url in ["/admin-ui/alumni/votes/", "/admin-ui/alumni/votes/new/", f"/admin-ui/alumni/votes/{vote.pk}/", f"/admin-ui/alumni/votes/{vote.pk}/edit/"]:
        assert admin_client_a.get(url).status_code == 200, url
    admin_client_a.post(f"/admin-ui/alumni/votes/{vote.pk}/", {"action": "comment_hide", "comment": comment.pk})
    admin_client_a.post(f"/admin-ui/alumni/votes/{vote.pk}/", {"action": "hide"})
    with schema_context("alpha"):
        comment.refresh_from_db()
        vote.refresh_from_db()
        assert not comment.is_visible and not vote.is_public
    bad = admin_client_a.post("/admin-ui/alumni/votes/new/", {"title": "x", "options": "只有一个", "starts_at": "2026-01-01T10:00", "ends_at": "2026-01-02T10:00"})
    assert bad.status_code == 400 and "至少需要两个选项" in bad.content.decode()


def test_api_and_isolation(tenant_a, admin_client_b):
    with schema_context("alpha"):
        vote = make_vote()
        voter = verified_alumnus()
        option = vote.options.first().pk
    client = TenantClient(tenant_a).login_as(voter)
    cast = client.post(f"/api/v1/alumni/votes/{vote.pk}/ballot/", {"options": [option]}, content_type="application/json")
    assert cast.status_code == 201 and cast.json()["options"][0]["count"] == 1
    assert client.post(f"/api/v1/alumni/votes/{vote.pk}/ballot/", {"options": [option]}, content_type="application/json").status_code == 409
    assert client.post("/api/v1/alumni/votes/", {}, content_type="application/json").status_code == 403
    assert admin_client_b.get(f"/api/v1/alumni/votes/{vote.pk}/").status_code == 404
    assert admin_client_b.get(f"/admin-ui/alumni/votes/{vote.pk}/").status_code == 404


def test_chapter_vote_admits_members_of_the_chapter_and_its_sub_chapters_only(in_tenant_a):
    """The organisations app answers the `alumni.chapter_member` hook the votes ask."""
    from tenant_apps.alumni.orgs.models import Membership
    from tests.tenant_apps.alumni_records.conftest import join_verified, make_chapter

    chapter = make_chapter(name="上海校友会", review_mode="auto")
    sub_chapter = make_chapter(name="上海校友会金融分会", parent_id=chapter.pk, review_mode="auto")
    member, _, _ = join_verified(name="李娜", org=sub_chapter)
    assert Membership.objects.filter(member__user=member, organization=sub_chapter, status="approved").exists()
    outsider, _, _ = join_verified(name="王芳", class_year=2010, birth=datetime.date(1992, 5, 6))
    vote = make_vote(audience="chapter", chapter_id=chapter.pk)
    first = vote.options.first()
    services.ballot_cast(actor=member, vote=vote, option_ids=[first.pk])
    with pytest.raises(ApplicationError) as exc:
        services.ballot_cast(actor=outsider, vote=vote, option_ids=[first.pk])
    assert "分会成员" in exc.value.message


def test_one_vote_per_verified_person_even_with_two_accounts(in_tenant_a):
    """Two accounts matched to the same alumni record are one person: the database refuses the
    second ballot, in a verified-alumni vote and in an open-link vote alike."""
    from django.db import IntegrityError, transaction

    from tenant_apps.alumni.votes.models import Ballot
    from tests.tenant_apps.alumni_records.conftest import make_record

    record = make_record()
    phone_account, wechat_account = verified_alumnus(record), verified_alumnus(record)
    for vote in (make_vote(), make_vote(audience="link")):
        option = vote.options.first().pk
        services.ballot_cast(actor=phone_account, vote=vote, option_ids=[option])
        with pytest.raises(ApplicationError) as exc:
            services.ballot_cast(actor=wechat_account, vote=vote, option_ids=[option])
        assert exc.value.code == "already_voted"
        assert vote.ballots.get().person_key == f"record:{record.pk}"
    with pytest.raises(IntegrityError), transaction.atomic():  # the rule lives in the database, not only in the service
        Ballot.objects.create(vote=vote, voter=make_user(), person_key=f"record:{record.pk}")
    # anyone with the link who is not a verified alumnus votes once per account
    guest = make_user(kind="staff")
    services.ballot_cast(actor=guest, vote=vote, option_ids=[option])
    assert vote.ballots.get(voter=guest).person_key == f"user:{guest.pk}"


def test_members_not_verified_are_refused_and_vote_by_account(in_tenant_a):
    """Pending with a record, or approved without one: not a verified alumnus (records.verified_member)."""
    from tenant_apps.alumni.records.models import Member
    from tests.tenant_apps.alumni_records.conftest import make_record

    pending, unmatched = make_user(), make_user()
    Member.objects.create(user=pending, record=make_record(), name="待审核", status="pending")
    Member.objects.create(user=unmatched, record=None, name="未匹配", status="approved")
    verified_only, by_link = make_vote(), make_vote(audience="link")
    option = verified_only.options.first().pk
    for user in (pending, unmatched):
        with pytest.raises(ApplicationError) as exc:
            services.ballot_cast(actor=user, vote=verified_only, option_ids=[option])
        assert exc.value.message == "仅认证校友可以投票（请先在“校友认证”中完成认证）。"
        services.ballot_cast(actor=user, vote=by_link, option_ids=[by_link.options.first().pk])
        assert by_link.ballots.get(voter=user).person_key == f"user:{user.pk}"


def test_results_hidden_until_voted_or_ended(tenant_a):
    with schema_context("alpha"):
        vote = make_vote(show_results_before_end=False)
        option = vote.options.first().pk
        services.ballot_cast(actor=verified_alumnus(), vote=vote, option_ids=[option])
        voter, onlooker = verified_alumnus(), verified_alumnus()
    looking = TenantClient(tenant_a).login_as(onlooker)
    assert looking.get(f"/api/v1/alumni/votes/{vote.pk}/").json()["options"][0]["count"] is None
    page = looking.get(f"/h5/alumni/votes/{vote.pk}/").content.decode()
    assert "data-vote-results" not in page and "投票结束后公布结果" in page and "拉票" in page
    voting = TenantClient(tenant_a).login_as(voter)
    assert voting.post(f"/api/v1/alumni/votes/{vote.pk}/ballot/", {"options": [option]}, content_type="application/json").json()["options"][0]["count"] == 2
    with schema_context("alpha"):
        vote.ends_at = timezone.now() - datetime.timedelta(minutes=1)
        vote.save()
    assert looking.get(f"/api/v1/alumni/votes/{vote.pk}/").json()["options"][0]["count"] == 2
    page = looking.get(f"/h5/alumni/votes/{vote.pk}/").content.decode()
    assert "data-vote-results" in page and "data-chart=" in page and "已结束" in page and "echarts" in page


def test_results_are_drawn_with_the_shared_chart_component(tenant_a, admin_client_a):
    with schema_context("alpha"):
        vote = make_vote()
        services.ballot_cast(actor=verified_alumnus(), vote=vote, option_ids=[vote.options.last().pk])
    page = admin_client_a.get(f"/admin-ui/alumni/votes/{vote.pk}/").content.decode()
    assert 'class="chart"' in page and "core/vendor/echarts" in page and "core/charts/charts.js" in page and "丙方案" in page
    with schema_context("alpha"):
        from tenant_apps.alumni.votes.selectors import results_chart

        chart = results_chart("票数", services.results(vote))
    assert chart.table_rows == [["甲方案", 0], ["乙方案", 0], ["丙方案", 1]]


def test_canvass_share_card_inside_wechat(tenant_a, fake_wechat):  # noqa: F811
    with schema_context("alpha"):
        vote = make_vote()
        option = vote.options.last()
        voter = verified_alumnus()
    client = TenantClient(tenant_a, HTTP_USER_AGENT=WECHAT_UA).login_as(voter)
    html = client.get(f"/h5/alumni/votes/{vote.pk}/options/{option.pk}/").content.decode()
    wx = _wx_attrs(html)
    assert wx["share-title"].startswith("请为「丙方案」投上一票") and wx["share-link"].endswith(f"/h5/alumni/votes/{vote.pk}/options/{option.pk}/")
    assert "updateTimelineShareData" in wx["apis"] and "updateAppMessageShareData" in wx["apis"]  # Moments and groups
    plain = _wx_attrs(client.get(f"/h5/alumni/votes/{vote.pk}/").content.decode())
    assert plain["share-title"] == "返校日主题" and plain["share-link"].endswith(f"/h5/alumni/votes/{vote.pk}/")


def test_api_pause_hide_delete_and_comments(tenant_a, admin_client_a, admin_client_b):
    with schema_context("alpha"):
        vote = make_vote()
        voter = verified_alumnus()
        option = vote.options.first().pk
    client = TenantClient(tenant_a).login_as(voter)
    base = f"/api/v1/alumni/votes/{vote.pk}"
    assert client.post(f"{base}/state/", {"action": "pause"}, content_type="application/json").status_code == 403
    assert admin_client_a.post(f"{base}/state/", {"action": "pause"}, content_type="application/json").json()["status"] == "paused"
    assert client.post(f"{base}/ballot/", {"options": [option]}, content_type="application/json").status_code == 403
    assert admin_client_a.post(f"{base}/state/", {"action": "resume"}, content_type="application/json").json()["status"] == "open"
    assert admin_client_a.post(f"{base}/state/", {"action": "hide"}, content_type="application/json").json()["is_public"] is False
    assert all(v["id"] != vote.pk for v in client.get("/api/v1/alumni/votes/").json()["results"])
    assert client.get(f"/h5/alumni/votes/{vote.pk}/").status_code == 200  # hidden from the list, still open to the link
    assert admin_client_a.post(f"{base}/state/", {"action": "explode"}, content_type="application/json").status_code == 400
    comment = client.post(f"{base}/comments/", {"body": "支持甲"}, content_type="application/json")
    assert comment.status_code == 201 and comment.json()["is_visible"]
    moderate = f"/api/v1/alumni/votes/comments/{comment.json()['id']}/moderate/"
    assert client.post(moderate, {"is_visible": False}, content_type="application/json").status_code == 403
    assert admin_client_a.post(moderate, {"is_visible": False}, content_type="application/json").json()["is_visible"] is False
    assert client.get(f"{base}/comments/").json()["results"] == []
    assert len(admin_client_a.get(f"{base}/comments/").json()["results"]) == 1
    for url in (f"{base}/comments/", moderate, f"{base}/state/"):
        assert admin_client_b.post(url, {"body": "x", "is_visible": True, "action": "show"}, content_type="application/json").status_code == 404, url
    assert admin_client_b.delete(f"{base}/").status_code == 404
    assert client.delete(f"{base}/").status_code == 403
    assert admin_client_a.delete(f"{base}/").status_code == 204
    assert client.get(f"{base}/").status_code == 404 and client.get(f"/h5/alumni/votes/{vote.pk}/").status_code == 404
    detail = admin_client_a.get("/api/v1/alumni/votes/").json()["results"]
    assert all(v["id"] != vote.pk for v in detail)


def test_backoffice_form_offers_a_chapter_picker(tenant_a, admin_client_a):
    with schema_context("alpha"):
        from tests.tenant_apps.alumni_records.conftest import make_chapter

        chapter = make_chapter(name="广州校友会")
    page = admin_client_a.get("/admin-ui/alumni/votes/new/").content.decode()
    assert f'<option value="{chapter.pk}"' in page and "广州校友会" in page
