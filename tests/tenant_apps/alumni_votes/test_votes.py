"""Votes: one ballot per person, choice limits, audience and period, pause/hide/delete, results,
comments with moderation, canvassing page, API, isolation and permissions."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from core.errors import ApplicationError
from tenant_apps.alumni.votes import services
from tests.conftest import TenantClient
from tests.tenant_apps.alumni_activities.conftest import make_user

pytestmark = pytest.mark.django_db
VOTE_PERMS = ("alumni_votes.view_vote", "alumni_votes.add_vote", "alumni_votes.change_vote", "alumni_votes.delete_vote", "alumni_votes.moderate_vote_comment")


def make_vote(actor=None, *, multiple=False, **extra):
    now = timezone.now()
    data = services.VoteInput(title="返校日主题", starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(days=3),
                              options=["甲方案", "乙方案", "丙方案"], is_multiple=multiple, max_choices=2 if multiple else 1, **extra)
    return services.vote_create(actor=actor or make_user(kind="staff", perms=VOTE_PERMS), data=data)


def test_one_ballot_per_person(in_tenant_a):
    vote = make_vote()
    voter = make_user()
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
        services.ballot_cast(actor=make_user(), vote=vote, option_ids=ids)  # three of max two
    with pytest.raises(ApplicationError) as exc:
        services.ballot_cast(actor=make_user(kind="staff"), vote=vote, option_ids=ids[:1])
    assert "认证校友" in exc.value.message
    services.vote_set_state(actor=None, vote=vote, paused=True)
    with pytest.raises(ApplicationError):
        services.ballot_cast(actor=make_user(), vote=vote, option_ids=ids[:1])


def test_options_frozen_once_someone_voted(in_tenant_a):
    vote = make_vote()
    services.ballot_cast(actor=make_user(), vote=vote, option_ids=[vote.options.first().pk])
    data = services.VoteInput(title="新标题", starts_at=vote.starts_at, ends_at=vote.ends_at, options=["只有一个", "另一个"])
    with pytest.raises(ApplicationError):
        services.vote_update(actor=None, vote=vote, data=data)


def test_h5_vote_canvass_and_comment(tenant_a):
    with schema_context("alpha"):
        vote = make_vote()
        option = vote.options.last()
        voter = make_user()
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
        voter = make_user()
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
