"""verified_member: the one answer to "the verified alumnus behind this account" used by
giving, the cloud card and votes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenant_apps.alumni.records.models import Member
from tenant_apps.alumni.records.selectors import verified_member
from tests.tenant_apps.alumni_activities.conftest import make_user

from .conftest import make_record

pytestmark = pytest.mark.django_db


def test_only_an_approved_member_matched_to_a_record_is_verified(in_tenant_a):
    from tenant_apps.accounts.models import User

    assert verified_member(AnonymousUser()) is None
    assert verified_member(None) is None
    with CaptureQueriesContext(connection) as unsaved:
        assert verified_member(User(username="not-saved")) is None
    assert len(unsaved) == 0
    assert verified_member(make_user()) is None  # no member at all

    pending, unmatched, verified = make_user(), make_user(), make_user()
    Member.objects.create(user=pending, record=make_record(), name="待审核", status="pending")
    Member.objects.create(user=unmatched, record=None, name="未匹配", status="approved")
    member = Member.objects.create(user=verified, record=make_record(), name="已认证", status="approved")
    assert verified_member(pending) is None
    assert verified_member(unmatched) is None
    assert verified_member(verified) == member


def test_related_records_come_in_the_same_query(in_tenant_a):
    from tenant_apps.alumni.records.models import College

    College.objects.get_or_create(name="化学学院")
    user = make_user()
    Member.objects.create(user=user, record=make_record(college_name="化学学院"), name="同查询", status="approved")
    with CaptureQueriesContext(connection) as queries:
        member = verified_member(user, related=("record", "record__college"))
        assert member.record.college.name == "化学学院"
    assert len(queries) == 1
    with CaptureQueriesContext(connection) as plain:
        member = verified_member(user)
    assert len(plain) == 1 and "alumni_records_alumnirecord" not in plain[0]["sql"]  # no select_related() of every key
