"""push_create / push_cancel and the gateway's set-based snapshot the push relies on."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from core.errors import ApplicationError
from tests.tenant_apps.employment_push.conftest import build_cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(in_tenant_a):
    return build_cohort()


def custom_push(actor, filters, **kwargs):
    from tenant_apps.employment.push.services import push_create

    return push_create(actor=actor, item_kind="custom", object_id=None, title="春季双选会", summary="3 月 20 日 体育馆", url="/portal/fairs/", filters=filters, **kwargs)


def test_push_creates_a_gateway_message_with_the_audience(cohort, admin_a, django_capture_on_commit_callbacks):
    from tenant_apps.employment.push.enums import AUDIENCE_RESOLVER
    from tenant_apps.messaging import dispatch

    with django_capture_on_commit_callbacks(execute=False):
        push = custom_push(admin_a, {"org_unit_ids": [cohort.units["se"].pk]})
    message = push.message
    assert message.audience == {"resolver": AUDIENCE_RESOLVER, "filters": {"org_unit_ids": [cohort.units["se"].pk], "scope_actor_id": admin_a.pk}}
    assert message.channels == ["wechat", "sms", "letter"] and message.link == "/portal/fairs/"
    assert push.audience_count == 3 and push.filter_summary.startswith("软件工程")
    dispatch.message_start(message.pk)
    rows = {d.user_id: (d.channel, d.status) for d in message.deliveries.all()}
    assert rows == {
        cohort.records["se1_zj_verified_employed"].user_id: ("wechat", "pending"),  # has an openid: WeChat first
        cohort.records["se1_js_pending"].user_id: ("sms", "pending"),
        cohort.records["se2_bj_master_draft"].user_id: ("sms", "pending"),
    }


def test_push_an_item_of_a_registered_kind(cohort, admin_a):
    from tenant_apps.employment.portal.enums import ArticleStatus
    from tenant_apps.employment.portal.models import Article, Column
    from tenant_apps.employment.push.services import push_create

    article = Article.objects.create(column=Column.objects.get(slug="news"), title="就业新闻", summary="摘要", body="<p>正文</p>",
                                     status=ArticleStatus.PUBLISHED, published_at=timezone.now())
    push = push_create(actor=admin_a, item_kind="news", object_id=article.pk, filters={"graduation_years": [2026]})
    assert push.title == "就业新闻" and push.url == f"/h5/employment/news/article/{article.pk}/"
    article.status = ArticleStatus.DRAFT
    article.save()
    with pytest.raises(ApplicationError) as error:
        push_create(actor=admin_a, item_kind="news", object_id=article.pk, filters={})
    assert error.value.code == "push_item_not_found"
    with pytest.raises(ApplicationError) as error:
        push_create(actor=admin_a, item_kind="nonsense", object_id=1, filters={})
    assert error.value.code == "push_unknown_item_type"


def test_empty_audience_and_past_schedule_are_refused(cohort, admin_a):
    with pytest.raises(ApplicationError) as error:
        custom_push(admin_a, {"org_unit_ids": [cohort.units["econ"].pk], "educations": ["01"]})
    assert error.value.code == "push_empty_audience"
    with pytest.raises(ApplicationError) as error:
        custom_push(admin_a, {}, send_at=timezone.now() - datetime.timedelta(minutes=1))
    assert error.value.code == "push_send_at_past"


def test_scheduled_push_waits_then_cancel(cohort, admin_a):
    from tenant_apps.employment.push.services import push_cancel
    from tenant_apps.messaging.enums import MessageStatus

    push = custom_push(admin_a, {"graduation_years": [2025]}, send_at=timezone.now() + datetime.timedelta(hours=2))
    assert push.message.status == MessageStatus.SCHEDULED and push.audience_count == 2
    push = push_cancel(actor=admin_a, push=push)
    assert push.message.status == MessageStatus.CANCELLED
    with pytest.raises(ApplicationError):
        push_cancel(actor=admin_a, push=push)


def test_set_based_snapshot_matches_the_streamed_one(in_tenant_a, admin_a):
    """The gateway's fast path (user_query) gives exactly the rows of the per-recipient path:
    channel order, opt-outs, missing contacts, deceased people (the alumni hook)."""
    from tenant_apps.accounts.models import User
    from tenant_apps.messaging import dispatch
    from tenant_apps.messaging.audiences import audience_resolver
    from tenant_apps.messaging.models import ChannelOptOut, Delivery, Message
    from tenant_apps.messaging.recipients import Recipient

    people = [
        User.objects.create_user(username="snap-a", password="x-Pass-2026", kind="student", display_name="甲", phone="13911110001", wechat_openid="oa"),
        User.objects.create_user(username="snap-b", password="x-Pass-2026", kind="student", display_name="", phone="13911110002"),
        User.objects.create_user(username="snap-c", password="x-Pass-2026", kind="student", display_name="丙", email="c@example.com"),
        User.objects.create_user(username="snap-d", password="x-Pass-2026", kind="student", display_name="丁", phone="13911110004", wechat_openid="od"),
        User.objects.create_user(username="snap-e", password="x-Pass-2026", kind="student", display_name="戊", phone="13911110005"),
    ]
    ChannelOptOut.objects.create(user=people[3], channel="wechat")
    for channel in ("wechat", "sms", "letter"):
        ChannelOptOut.objects.create(user=people[4], channel=channel)
    ids = [p.pk for p in people]
    spec = {"resolver": "accounts.users", "filters": {"user_ids": ids}}

    def snapshot(message):
        return sorted(Delivery.objects.filter(message=message).values_list("recipient_key", "user_id", "recipient_name", "address", "channel", "status", "reason"))

    for channels in (["wechat", "sms", "letter"], ["sms", "email"], ["wechat"]):
        fast = Message.objects.create(subject="s", body="b", channels=channels, audience=spec)
        dispatch.resolve_snapshot(fast)
        slow = Message.objects.create(subject="s", body="b", channels=channels,
                                      explicit_recipients=dispatch.recipients_to_json(list(audience_resolver("accounts.users").func({"user_ids": ids}))))
        dispatch.resolve_snapshot(slow)
        assert snapshot(fast) == snapshot(slow), channels
        assert len(snapshot(fast)) == 5
        # resolving again (a crashed start task) adds nobody
        dispatch.resolve_snapshot(fast)
        assert Delivery.objects.filter(message=fast).count() == 5
    by_user = {d.user_id: d for d in Delivery.objects.filter(message=fast)}
    assert by_user[people[0].pk].address == "oa" and by_user[people[3].pk].reason == "已退订该渠道"
    assert Recipient(user_id=people[0].pk).key == by_user[people[0].pk].recipient_key
