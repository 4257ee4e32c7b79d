"""Directory: privacy applied in the search query, card exchange through the relay, deceased
people disappearing, mentoring."""

from __future__ import annotations

import datetime

import pytest

from core.errors import Conflict, PermissionDenied
from tests.tenant_apps.alumni_records.conftest import join_verified, make_alumnus_user, make_chapter

pytestmark = pytest.mark.django_db


def _profile(user):
    from tenant_apps.alumni.directory.selectors import profile_of

    return profile_of(user)


def test_verified_member_gets_a_profile_with_safe_defaults(in_tenant_a):
    user, member, record = join_verified(name="林峰", class_year=2008)
    profile = _profile(user)
    assert profile.name == "林峰" and profile.class_year == 2008 and profile.major == "软件工程"
    assert (profile.vis_class_year, profile.vis_major, profile.vis_phone, profile.vis_email) == ("all", "all", "none", "none")


def test_unverified_member_has_no_directory(in_tenant_a, admin_a):
    from tenant_apps.alumni.orgs.services import join_apply
    from tests.tenant_apps.alumni_records.conftest import make_association

    make_association(admin_a)
    user = make_alumnus_user("陌生人")
    join_apply(user=user, data={"name": "陌生人", "class_year": 1999})
    assert _profile(user) is None


def test_privacy_is_applied_in_the_search_query(in_tenant_a, admin_a):
    from tenant_apps.alumni.directory.selectors import DirectorySearch, directory_search
    from tenant_apps.alumni.directory.services import profile_update
    from tenant_apps.alumni.orgs.services import join_apply

    chapter = make_chapter(admin_a, name="苏州校友会", review_mode="auto")
    owner, _, _ = join_verified(name="许晴", class_year=2002)
    colleague, _, _ = join_verified(name="韩磊", class_year=2003)
    stranger, _, _ = join_verified(name="冯军", class_year=2004)
    join_apply(user=owner, org=chapter, data={})
    join_apply(user=colleague, org=chapter, data={})
    profile_update(user=owner, data={"employer": "苏州银行"}, visibility={"employer": "chapters", "class_year": "none"})
    search = DirectorySearch(employer="苏州银行")
    assert [p.name for p in directory_search(viewer=_profile(colleague), search=search)] == ["许晴"]
    assert list(directory_search(viewer=_profile(stranger), search=search)) == []  # cannot probe a hidden field
    row = next(p for p in directory_search(viewer=_profile(stranger), search=DirectorySearch(q="许晴")))
    assert row.shown_employer is None and row.shown_class_year is None and row.shown_major == "软件工程"
    assert list(directory_search(viewer=_profile(stranger), search=DirectorySearch(class_year=2002))) == []
    assert [p.name for p in directory_search(viewer=_profile(stranger), search=DirectorySearch(q="xuqing"))] == ["许晴"]
    profile_update(user=owner, data={"listed": False})
    assert list(directory_search(viewer=_profile(colleague), search=DirectorySearch(q="许晴"))) == []


def test_card_exchange_reveals_contacts_only_after_acceptance(in_tenant_a):
    from tenant_apps.alumni.directory.selectors import profile_card, relay_messages
    from tenant_apps.alumni.directory.services import (
        card_request,
        card_respond,
        profile_update,
        relay_send,
    )
    from tenant_apps.messaging.models import Letter

    a, _, _ = join_verified(name="蒋欣", class_year=2011)
    b, _, _ = join_verified(name="蔡明", class_year=2011)
    profile_update(user=b, data={"phone": "13800001111", "wechat": "caiming"})
    pa, pb = _profile(a), _profile(b)
    assert profile_card(viewer=pa, profile=pb)["phone"] is None
    card = card_request(user=a, receiver=pb, message="同班同学")
    with pytest.raises(Conflict):
        card_request(user=a, receiver=pb)
    relay_send(user=b, card=card, body="请问是哪个班的？")
    assert profile_card(viewer=pa, profile=pb)["phone"] is None
    with pytest.raises(PermissionDenied):
        card_respond(user=a, card=card, accept=True)  # only the receiver answers
    card_respond(user=b, card=card, accept=True)
    assert profile_card(viewer=pa, profile=pb)["phone"] == "13800001111"
    assert profile_card(viewer=pa, profile=pb)["wechat"] == "caiming"
    assert [m.body for m in relay_messages(card=card)] == ["请问是哪个班的？"]
    assert Letter.objects.filter(user=a, title="名片交换回复").exists()


def test_deceased_disappears_from_directory_and_exchanges(in_tenant_a, admin_a):
    from tenant_apps.alumni.directory.selectors import DirectorySearch, directory_search
    from tenant_apps.alumni.directory.services import card_request
    from tenant_apps.alumni.records.services import record_mark_deceased

    a, _, _ = join_verified(name="曾丽", class_year=1965, birth=datetime.date(1947, 1, 1))
    b, _, record = join_verified(name="仇刚", class_year=1965, birth=datetime.date(1947, 2, 2))
    card = card_request(user=a, receiver=_profile(b))
    record_mark_deceased(actor=admin_a, record=record, deceased_on=None, source="讣告")
    assert [p.name for p in directory_search(viewer=_profile(a), search=DirectorySearch(class_year=1965))] == ["曾丽"]
    card.refresh_from_db()
    assert card.status == "closed"


def test_mentoring_pairs_talk_through_the_relay(in_tenant_a):
    from tenant_apps.accounts.services import user_create
    from tenant_apps.alumni.directory.selectors import mentors
    from tenant_apps.alumni.directory.services import (
        mentor_offer_save,
        mentorship_request,
        mentorship_respond,
        relay_send,
    )

    mentor_user, _, _ = join_verified(name="曹操", class_year=1990)
    offer = mentor_offer_save(user=mentor_user, topics=["求职", "创业"], introduction="互联网行业 20 年")
    student = user_create(actor=None, username="stu_mentee", kind="student", display_name="学生甲")
    assert list(mentors(topic="求职")) == [offer]
    request = mentorship_request(user=student, mentor=offer, topic="求职", message="想了解产品经理")
    with pytest.raises(Conflict):
        relay_send(user=student, mentorship=request, body="在吗")  # not accepted yet
    mentorship_respond(user=mentor_user, request=request, accept=True)
    relay_send(user=student, mentorship=request, body="在吗")
    assert request.relay.count() == 1
