"""Services of job fairs: the booth map, applications and review, tickets, offline check-in
with duplicates, a revoked ticket and reconciliation of late uploads, the wall counter,
reminders through the gateway, follows and no-shows."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from core.errors import ApplicationError
from tests.tenant_apps.employment.fairs.conftest import (
    approved_job,
    exhibitor,
    hr_user,
    make_approved,
    make_fair,
    student,
)

pytestmark = pytest.mark.django_db


def _scan(code: str, nonce: str, minutes: float = 0, status: str = "") -> dict:
    return {"code": code, "nonce": nonce, "scanned_at": (timezone.now() + datetime.timedelta(minutes=minutes)).isoformat(), "device_status": status}


def test_layout_numbers_booths_and_refuses_removing_an_occupied_one(in_alpha):
    from tenant_apps.employment.fairs.services import booth_assign, hall_layout_save

    fair = make_fair(in_alpha, layout=[(1, 1, "standard"), (1, 3, "premium"), (2, 2, "accessible")])
    hall = fair.halls.get()
    assert list(fair.booths.order_by("code").values_list("code", "row", "column", "kind")) == [
        ("A01", 1, 1, "standard"), ("A02", 1, 3, "premium"), ("A03", 2, 2, "accessible")]
    application = exhibitor(in_alpha, fair)
    booth_assign(actor=in_alpha, application=application, booth=fair.booths.get(code="A01"))
    # a new cell before it renumbers; the occupied booth keeps its employer
    hall_layout_save(actor=in_alpha, hall=hall, cells=[{"row": 1, "column": 1, "kind": "standard"}, {"row": 1, "column": 2, "kind": "standard"},
                                                       {"row": 2, "column": 2, "kind": "accessible"}])
    application.refresh_from_db()
    assert application.booth.row == 1 and application.booth.column == 1 and fair.booths.count() == 3
    with pytest.raises(ApplicationError) as removing:
        hall_layout_save(actor=in_alpha, hall=hall, cells=[{"row": 2, "column": 2, "kind": "accessible"}])
    assert removing.value.code == "booth_in_use"
    with pytest.raises(ApplicationError) as retyping:
        hall_layout_save(actor=in_alpha, hall=hall, cells=[{"row": 1, "column": 1, "kind": "premium"}])
    assert retyping.value.code == "booth_unsuitable"
    with pytest.raises(ApplicationError):
        hall_layout_save(actor=in_alpha, hall=hall, cells=[{"row": 9, "column": 1, "kind": "standard"}])


def test_apply_review_and_staff_tickets(in_alpha):
    from core.tickets.models import RevokedTicket
    from tenant_apps.employment.fairs.models import FairApplication
    from tenant_apps.employment.fairs.services import (
        application_apply,
        application_approve,
        application_decline,
        application_withdraw,
    )

    fair = make_fair(in_alpha)
    employer = make_approved(in_alpha)
    job = approved_job(in_alpha, employer)
    hr = hr_user(employer)
    with pytest.raises(ApplicationError):  # no job
        application_apply(actor=hr, fair=fair, employer=employer, job_ids=[])
    application = application_apply(actor=hr, fair=fair, employer=employer, job_ids=[job.pk], staff_count=3, wants_premium=True)
    with pytest.raises(ApplicationError) as twice:
        application_apply(actor=hr, fair=fair, employer=employer, job_ids=[job.pk])
    assert twice.value.code == "already_applied"
    with pytest.raises(ApplicationError) as no_reason:
        application_decline(actor=in_alpha, application=application, reason=" ")
    assert no_reason.value.code == "decline_reason_required"
    application = application_approve(actor=in_alpha, application=application)
    assert application.tickets.filter(is_revoked=False, holder_kind="employer_staff").count() == 3
    application = application_decline(actor=in_alpha, application=application, reason="行业不符")
    assert application.decline_reason == "行业不符" and application.tickets.filter(is_revoked=False).count() == 0
    assert RevokedTicket.objects.filter(scope=fair.ticket_scope).count() == 3
    # a declined application may be sent again, then withdrawn
    application = application_apply(actor=hr, fair=fair, employer=employer, job_ids=[job.pk])
    assert FairApplication.objects.filter(fair=fair, employer=employer).count() == 1 and application.status == "pending"
    assert application_withdraw(actor=hr, application=application).status == "withdrawn"


def test_employer_without_the_fair_permission_or_closed_fair_is_refused(in_alpha):
    from tenant_apps.employment.fairs.services import application_apply

    employer = make_approved(in_alpha)
    job = approved_job(in_alpha, employer)
    employer.can_join_fairs = False
    employer.save()
    with pytest.raises(ApplicationError) as refused:
        application_apply(actor=hr_user(employer), fair=make_fair(in_alpha), employer=employer, job_ids=[job.pk])
    assert refused.value.code == "employer_not_permitted"
    employer.can_join_fairs = True
    employer.save()
    closed = make_fair(in_alpha, applications_close_at=timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(ApplicationError) as late:
        application_apply(actor=hr_user(employer), fair=closed, employer=employer, job_ids=[job.pk])
    assert late.value.code == "fair_applications_closed"
    draft = make_fair(in_alpha, publish=False)
    with pytest.raises(ApplicationError):
        application_apply(actor=hr_user(employer), fair=draft, employer=employer, job_ids=[job.pk])


def test_ticket_claim_is_one_per_student_within_capacity(in_alpha):
    from tenant_apps.employment.fairs.services import ticket_cancel, ticket_claim

    fair = make_fair(in_alpha, student_capacity=1)
    first, second = student(), student()
    ticket = ticket_claim(student=first, fair=fair)
    assert ticket_claim(student=first, fair=fair).pk == ticket.pk and ticket.code.startswith("TK1.")
    with pytest.raises(ApplicationError) as full:
        ticket_claim(student=second, fair=fair)
    assert full.value.code == "fair_full"
    ticket_cancel(student=first, ticket=ticket)
    assert ticket_claim(student=second, fair=fair).student == second


def test_offline_checkin_duplicates_revoked_and_late_uploads_reconciled(in_alpha, django_capture_on_commit_callbacks):
    from tenant_apps.employment.fairs.selectors import live_figures, wall_version
    from tenant_apps.employment.fairs.services import checkin_upload, ticket_cancel, ticket_claim

    fair = make_fair(in_alpha, days=0.01)
    staff_app = exhibitor(in_alpha, fair)
    staff_ticket = staff_app.tickets.first()
    alice, bob, carol = student(), student(), student()
    t_alice, t_bob, t_carol = (ticket_claim(student=s, fair=fair) for s in (alice, bob, carol))
    ticket_cancel(student=carol, ticket=t_carol)  # revoked before the doors open
    other_fair = make_fair(in_alpha)
    foreign = ticket_claim(student=alice, fair=other_fair)
    version = wall_version(fair_id=fair.pk)

    # door 1 was offline: it admitted Alice at +2 min (its own verdict) and uploads late
    # door 2 uploads first: Alice at +5 (it thought "admitted" too), Bob, Carol's revoked ticket,
    # a forged code, another fair's ticket, and the employer's staff
    with django_capture_on_commit_callbacks(execute=True):
        door2 = checkin_upload(actor=in_alpha, fair=fair, device="door-2", scans=[
            _scan(t_alice.code, "n-a5", 5, "admitted"), _scan(t_bob.code, "n-b", 6), _scan(t_carol.code, "n-c", 7),
            _scan("TK1.forged.sig", "n-x", 7), _scan(foreign.code, "n-f", 7), _scan(staff_ticket.code, "n-s", 1)])
    assert [o.status for o in door2] == ["admitted", "admitted", "revoked", "invalid", "wrong_scope", "admitted"]
    door1 = checkin_upload(actor=in_alpha, fair=fair, device="door-1", scans=[_scan(t_alice.code, "n-a2", 2, "admitted"),
                                                                              _scan(t_alice.code, "n-a3", 3, "duplicate")])
    # reconciled by scan time: the +2 scan admits, +3 and +5 are duplicates
    assert [o.status for o in door1] == ["admitted", "duplicate"]
    from core.tickets.models import TicketScan

    assert TicketScan.objects.get(nonce="n-a5").status == "duplicate"
    # the same upload again is a no-op
    again = checkin_upload(actor=in_alpha, fair=fair, device="door-1", scans=[_scan(t_alice.code, "n-a2", 2)])
    assert again[0].status == "admitted" and TicketScan.objects.filter(scope=fair.ticket_scope).count() == 8
    t_alice.refresh_from_db()
    assert abs((t_alice.checked_in_at - (timezone.now() + datetime.timedelta(minutes=2))).total_seconds()) < 60
    staff_app.refresh_from_db()
    assert staff_app.checked_in_at is not None
    figures = live_figures(fair=fair)
    assert figures["students_checked_in"] == 2 and figures["employers_checked_in"] == 1
    assert wall_version(fair_id=fair.pk) > version  # the wall heard of it


def test_reminders_go_through_the_gateway_once(in_alpha):
    from tenant_apps.employment.fairs.services import reminders_send_due, ticket_claim
    from tenant_apps.messaging.models import Message

    soon = make_fair(in_alpha, days=0.5)
    later = make_fair(in_alpha, days=5)
    pupil = student()
    ticket_claim(student=pupil, fair=soon)
    ticket_claim(student=pupil, fair=later)
    before = Message.objects.count()
    assert reminders_send_due() == 1
    assert reminders_send_due() == 0
    message = Message.objects.order_by("-id").first()
    assert Message.objects.count() == before + 1 and soon.title in message.body


def test_follow_and_search_exhibitors(in_alpha):
    from tenant_apps.employment.fairs.selectors import exhibitors, followed_employer_ids
    from tenant_apps.employment.fairs.services import follow_set

    fair = make_fair(in_alpha)
    first = exhibitor(in_alpha, fair)
    second = exhibitor(in_alpha, fair, approve=False)
    pupil = student()
    follow_set(student=pupil, fair=fair, employer_id=first.employer_id, following=True)
    with pytest.raises(ApplicationError):  # not approved: not at the fair
        follow_set(student=pupil, fair=fair, employer_id=second.employer_id, following=True)
    assert followed_employer_ids(student=pupil, fair=fair) == {first.employer_id}
    found = list(exhibitors(fair=fair, q="软件", student=pupil))
    assert [a.pk for a in found] == [first.pk] and found[0].is_followed
    assert list(exhibitors(fair=fair, q=first.employer.name[:6], student=pupil))
    follow_set(student=pupil, fair=fair, employer_id=first.employer_id, following=False)
    assert followed_employer_ids(student=pupil, fair=fair) == set()


def test_no_shows_after_the_fair_and_statistics(in_alpha):
    from tenant_apps.employment.fairs.models import Fair
    from tenant_apps.employment.fairs.selectors import fair_figures, statistics
    from tenant_apps.employment.fairs.services import (
        checkin_upload,
        fairs_close_due,
        no_shows_record,
    )

    fair = make_fair(in_alpha, days=1)
    came, absent = exhibitor(in_alpha, fair), exhibitor(in_alpha, fair, industry="C")
    with pytest.raises(ApplicationError):
        no_shows_record(actor=in_alpha, fair=fair)
    checkin_upload(actor=in_alpha, fair=fair, scans=[_scan(came.tickets.first().code, "ns-1")])
    Fair.objects.filter(pk=fair.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=8), ends_at=timezone.now() - datetime.timedelta(hours=1))
    assert fairs_close_due() >= 1
    absent.refresh_from_db()
    came.refresh_from_db()
    assert absent.is_no_show and not came.is_no_show
    figures = fair_figures(fair=fair)
    assert figures["applied"] == 2 and figures["approved"] == 2 and figures["jobs"] == 2 and figures["no_shows"] == 1
    stats = statistics()
    row = next(f for f in stats["fairs"] if f.pk == fair.pk)
    assert row.employers_checked_in == 1 and row.no_shows == 1 and stats["totals"]["fairs"] >= 1


def test_cancelling_revokes_every_ticket(in_alpha):
    from core.tickets.services import ticket_verify
    from tenant_apps.employment.fairs.services import fair_cancel, ticket_claim

    fair = make_fair(in_alpha)
    staff = exhibitor(in_alpha, fair).tickets.first()
    ticket = ticket_claim(student=student(), fair=fair)
    with pytest.raises(ApplicationError):
        fair_cancel(actor=in_alpha, fair=fair, reason="")
    fair_cancel(actor=in_alpha, fair=fair, reason="天气原因")
    assert ticket_verify(ticket.code, scope=fair.ticket_scope).status == "revoked"
    assert ticket_verify(staff.code, scope=fair.ticket_scope).status == "revoked"


def test_a_fair_is_a_pushable_item(in_alpha):
    from django.apps import apps

    if not apps.is_installed("tenant_apps.employment.push"):
        pytest.skip("the targeted-push app is not installed")
    from tenant_apps.employment.push.registry import push_item_type

    fair = make_fair(in_alpha)
    item_type = push_item_type("fair")
    item = item_type.resolve(fair.pk)
    assert item.title == fair.title and item.url == f"/h5/employment/fairs/{fair.pk}/" and "体育馆" in item.summary
    assert (fair.pk, fair.title) in item_type.choices("")
    assert item_type.resolve(make_fair(in_alpha, publish=False).pk) is None  # a draft is not pushed
