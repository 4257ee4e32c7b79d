"""Registration, capacity per activity and ticket type, review, the waiting list with expiring
offers, removal, invitations, the black list, comments and check-in."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from core.errors import ApplicationError
from core.tickets import services as tickets
from tenant_apps.alumni.activities import selectors, services
from tenant_apps.alumni.activities.models import Activity, Registration

from .conftest import make_activity, make_user, register

pytestmark = pytest.mark.django_db


def _reload(obj):
    obj.refresh_from_db()
    return obj


def test_free_registration_confirms_and_issues_a_ticket(in_tenant_a):
    activity = make_activity(capacity=2)
    reg = register(activity)
    assert reg.status == "confirmed" and reg.ticket_code
    assert tickets.ticket_verify(reg.ticket_code, scope=activity.ticket_scope).subject == str(reg.pk)
    assert _reload(activity).places_taken == 1


def test_full_activity_waitlists_in_order_and_offers_expire_to_the_next(in_tenant_a):
    activity = make_activity(capacity=1, offer_hours=2)
    first = register(activity)
    second, third = register(activity), register(activity)
    assert [second.status, third.status] == ["waitlisted", "waitlisted"]
    assert list(selectors.waitlist(activity)) == [second, third]
    services.registration_cancel(actor=first.user, registration=first)
    second, third = _reload(second), _reload(third)
    assert second.status == "offered" and third.status == "waitlisted"
    assert services.expire_due(now=timezone.now() + datetime.timedelta(hours=3)) == 1
    assert _reload(second).status == "expired"
    third = _reload(third)
    assert third.status == "offered"
    third = services.offer_accept(actor=third.user, registration=third)
    assert third.status == "confirmed" and third.ticket_code
    assert _reload(activity).places_taken == 1


def test_ticket_type_capacity_inside_activity_capacity(in_tenant_a):
    activity = make_activity(capacity=3, types=[{"name": "嘉宾票", "price_fen": 0, "capacity": 1}, {"name": "校友票", "price_fen": 0, "capacity": 3}],
                             waitlist_enabled=False)
    guest, alumni = activity.ticket_types.all()
    register(activity, ticket_type=guest)
    with pytest.raises(ApplicationError) as exc:
        register(activity, ticket_type=guest)
    assert exc.value.code == "activity_full"
    register(activity, ticket_type=alumni)
    register(activity, ticket_type=alumni)
    with pytest.raises(ApplicationError):
        register(activity, ticket_type=alumni)
    assert _reload(activity).places_taken == 3


def test_database_refuses_oversold_counts(in_tenant_a):
    from django.db import IntegrityError, transaction

    activity = make_activity(capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=activity.pk).update(places_taken=2)


def test_same_attendee_phone_cannot_register_twice(in_tenant_a):
    activity = make_activity()
    register(activity, n=5)
    with pytest.raises(ApplicationError) as exc:
        register(activity, n=5)
    assert exc.value.code == "already_registered"


def test_review_refusal_needs_a_reason_and_approval_takes_the_place(in_tenant_a, activity_admin):
    activity = make_activity(activity_admin, capacity=1, requires_review=True)
    reg = register(activity)
    assert reg.status == "pending_review" and _reload(activity).places_taken == 0
    with pytest.raises(ApplicationError):
        services.registration_review(actor=activity_admin, registration=reg, approve=False)
    refused = services.registration_review(actor=activity_admin, registration=register(activity), approve=False, reason="非本届校友")
    assert refused.reason == "非本届校友"
    reg = services.registration_review(actor=activity_admin, registration=reg, approve=True)
    assert reg.status == "confirmed" and _reload(activity).places_taken == 1


def test_removal_revokes_the_ticket_and_frees_the_place(in_tenant_a, activity_admin):
    activity = make_activity(activity_admin, capacity=1)
    reg = register(activity)
    waiting = register(activity)
    services.registration_remove(actor=activity_admin, registration=reg, reason="重复报名")
    assert tickets.ticket_verify(reg.ticket_code, scope=activity.ticket_scope).status == "revoked"
    assert _reload(waiting).status == "offered"


def test_registration_form_is_validated(in_tenant_a):
    activity = make_activity(form_fields=[{"label": "届别", "type": "choice", "options": ["2010", "2011"], "required": True},
                                          {"label": "人数", "type": "number"}])
    with pytest.raises(ApplicationError) as exc:
        register(activity, answers={"f1": "1999", "f2": "两个"})
    assert set(exc.value.fields) == {"f1", "f2"}
    reg = register(activity, answers={"f1": "2010", "f2": "2"})
    assert reg.answers == {"f1": "2010", "f2": "2"}


def test_alumnus_activity_waits_for_review(in_tenant_a, activity_admin):
    alumnus = make_user()
    activity = make_activity(alumnus)
    assert activity.status == "pending" and activity.organiser_kind == "alumnus"
    with pytest.raises(ApplicationError):
        register(activity)
    services.activity_review(actor=activity_admin, activity=activity, approve=True)
    assert register(activity).status == "confirmed"


def test_blacklisted_person_is_told_why(in_tenant_a, activity_admin):
    activity = make_activity(activity_admin)
    user = make_user()
    services.blacklist_add(actor=activity_admin, user=user, reason="多次报名未到场")
    with pytest.raises(ApplicationError) as exc:
        register(activity, user)
    assert "多次报名未到场" in exc.value.message


def test_invitation_code_is_limited_and_skips_review(in_tenant_a, activity_admin):
    activity = make_activity(activity_admin, requires_review=True)
    invitation = services.invitation_create(actor=activity_admin, activity=activity, guest_name="王校长", max_uses=1)
    assert register(activity, invitation_code=invitation.code.lower()).status == "confirmed"
    with pytest.raises(ApplicationError) as exc:
        register(activity, invitation_code=invitation.code)
    assert exc.value.code == "invalid_invitation"


def test_checkin_sets_time_and_seat_once(in_tenant_a, activity_admin):
    activity = make_activity(activity_admin, assign_seats=True)
    a, b = register(activity), register(activity)
    now = timezone.now().isoformat()
    outcomes = services.checkin_upload(actor=activity_admin, activity=activity, scans=[
        {"code": a.ticket_code, "nonce": "1", "scanned_at": now}, {"code": a.ticket_code, "nonce": "2", "scanned_at": now},
        {"code": b.ticket_code, "nonce": "3", "scanned_at": now}])
    assert [o.status for o in outcomes] == ["admitted", "duplicate", "admitted"]
    a, b = _reload(a), _reload(b)
    assert a.checked_in_at and b.checked_in_at and {a.seat_label, b.seat_label} == {"1号", "2号"}


def test_comments_are_moderated(in_tenant_a, activity_admin):
    activity = make_activity(activity_admin)
    comment = services.comment_add(actor=make_user(), activity=activity, body="期待！")
    services.comment_moderate(actor=activity_admin, comment=comment, visible=False)
    assert _reload(comment).status == "hidden"


def test_latest_published_for_the_service_hall(in_tenant_a, activity_admin):
    made = [make_activity(activity_admin) for _ in range(6)]
    latest = selectors.latest_published(5)
    assert len(latest) == 5 and latest[0] == made[-1] and latest[0].is_registration_open
    assert Registration.objects.count() == 0
