"""Advising appointments: staff publish slots by type (never overlapping per advisor), students
book and cancel within capacity, reminders go through the gateway once, attendance and private
notes are recorded after the meeting, no-shows are counted."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from core.errors import Conflict
from tests.tenant_apps.employment_qa.conftest import (  # noqa: F401
    at,
    past_slot,
    publish,
    staff_with,
    student,
)

pytestmark = pytest.mark.django_db
MANAGE = ("employment_qa.view_advisingslot", "employment_qa.manage_advising")


def test_publishing_consecutive_slots_and_refusing_overlap(in_alpha):
    slots = publish(in_alpha, count=3)
    assert [s.starts_at for s in slots] == [slots[0].starts_at + datetime.timedelta(minutes=30 * i) for i in range(3)]
    with pytest.raises(Conflict) as overlap:
        publish(in_alpha, hours=48.5)
    assert overlap.value.code == "advising_slot_overlap"
    other = staff_with()  # another advisor may use the same time
    from tenant_apps.employment.qa.services import slots_publish

    assert slots_publish(actor=in_alpha, advisor=other, kind="policy", start=at(48.5), minutes=30, online_link="https://meeting.example.cn/1")


def test_capacity_is_held_by_the_database(in_alpha):
    from tenant_apps.employment.qa.models import AdvisingSlot
    from tenant_apps.employment.qa.services import booking_cancel, booking_create

    (slot,) = publish(in_alpha, capacity=1)
    first = booking_create(student=student(), slot=slot, topic="简历第一版")
    with pytest.raises(Conflict) as full:
        booking_create(student=student(), slot=slot)
    assert full.value.code == "advising_slot_full"
    with pytest.raises(IntegrityError), transaction.atomic():
        AdvisingSlot.objects.filter(pk=slot.pk).update(booked_count=2)  # the check constraint stops any path past capacity
    booking_cancel(student=first.student, booking=first)
    slot.refresh_from_db()
    assert slot.booked_count == 0
    again = booking_create(student=first.student, slot=slot)  # a cancelled booking does not block booking again
    assert again.status == "booked"


def test_student_books_and_cancels_on_the_h5(client_a, in_alpha):
    (slot,) = publish(in_alpha, capacity=2, kind="career_planning")
    pupil, stranger = student(), student()
    client_a.login_as(pupil)
    page = client_a.get(reverse("h5:employment_qa:advising"), {"kind": "career_planning"}).content.decode()
    assert "职业规划" in page and "余 2" in page
    client_a.post(reverse("h5:employment_qa:book", args=[slot.pk]), {"topic": "考研还是工作"})
    client_a.post(reverse("h5:employment_qa:book", args=[slot.pk]), {"topic": "重复点击"})
    from tenant_apps.employment.qa.models import AdvisingBooking

    with schema_context("alpha"):
        booking = AdvisingBooking.objects.get(student=pupil)
        slot.refresh_from_db()
        assert slot.booked_count == 1 and booking.topic == "考研还是工作"
    assert "已预约" in client_a.get(reverse("h5:employment_qa:advising")).content.decode()
    client_a.post(reverse("h5:employment_qa:cancel_booking", args=[booking.pk]))
    with schema_context("alpha"):
        booking.refresh_from_db()
        slot.refresh_from_db()
        assert booking.status == "cancelled" and slot.booked_count == 0
    client_a.login_as(stranger)
    assert client_a.post(reverse("h5:employment_qa:cancel_booking", args=[booking.pk])).status_code == 404  # not yours


def test_reminders_go_once_through_the_gateway(in_alpha):
    from tenant_apps.employment.qa.services import booking_create, reminders_send_due
    from tenant_apps.messaging.models import Message

    (soon,) = publish(in_alpha, hours=5)
    (later,) = publish(in_alpha, hours=60)
    booking_create(student=student(), slot=soon)
    booking_create(student=student(), slot=later)
    assert reminders_send_due() == 1
    assert reminders_send_due() == 0
    message = Message.objects.filter(source="employment_qa.advising_reminder").latest("id")
    assert "简历修改" in message.body and "就业指导中心 201" in message.body
    assert reminders_send_due(now=timezone.now() + datetime.timedelta(hours=40)) == 1


def test_attendance_and_private_notes_after_the_meeting(client_a, in_alpha):
    from tenant_apps.employment.qa.models import AdvisingBooking
    from tenant_apps.employment.qa.services import booking_record

    (future,) = publish(in_alpha)
    from tenant_apps.employment.qa.services import booking_create

    early = booking_create(student=student(), slot=future)
    with pytest.raises(Conflict):
        booking_record(actor=in_alpha, booking=early, attended=True)
    slot = past_slot(in_alpha)
    came, missed = student("来了的同学"), student("没来的同学")
    bookings = [AdvisingBooking.objects.create(slot=slot, student=pupil) for pupil in (came, missed)]
    client_a.login_as(staff_with(*MANAGE))
    url = reverse("backoffice:employment_qa:slot", args=[slot.pk])
    client_a.post(url, {"booking": bookings[0].pk, "attended": "yes", "note": "建议补充项目经历，下周复查"})
    client_a.post(url, {"booking": bookings[1].pk, "attended": "no", "note": ""})
    with schema_context("alpha"):
        stored = AdvisingBooking.objects.get(pk=bookings[0].pk)
        assert stored.status == "attended" and stored.private_note == "建议补充项目经历，下周复查"
        from django.db import connection

        with connection.cursor() as cursor:  # encrypted at rest
            cursor.execute("SELECT private_note FROM employment_qa_advisingbooking WHERE id = %s", [stored.pk])
            assert "项目经历" not in cursor.fetchone()[0]
    page = client_a.get(url).content.decode()
    assert "未到场" in page and "1 次" in page
    client_a.login_as(came)
    assert "下周复查" not in client_a.get(reverse("h5:employment_qa:advising")).content.decode()
    mine = client_a.get(reverse("api:employment_qa:booking-mine")).json()
    assert "private_note" not in str(mine)


def test_slot_cancel_frees_everybody_and_tells_them(in_alpha, django_capture_on_commit_callbacks):
    from tenant_apps.employment.qa.services import booking_create, slot_cancel
    from tenant_apps.messaging.models import Letter

    (slot,) = publish(in_alpha, capacity=3)
    pupils = [student() for _ in range(2)]
    for pupil in pupils:
        booking_create(student=pupil, slot=slot)
    with django_capture_on_commit_callbacks(execute=True):
        slot_cancel(actor=in_alpha, slot=slot, reason="老师出差")
    slot.refresh_from_db()
    assert slot.is_cancelled and slot.booked_count == 0 and set(slot.bookings.values_list("status", flat=True)) == {"cancelled"}
    assert Letter.objects.filter(user__in=pupils, title="咨询预约取消").count() == 2


def test_back_office_publishes_slots(client_a, in_alpha):
    manager, viewer = staff_with(*MANAGE), staff_with("employment_qa.view_advisingslot")
    client_a.login_as(manager)
    start = timezone.localtime(at(72)).strftime("%Y-%m-%dT%H:%M")
    response = client_a.post(reverse("backoffice:employment_qa:advising"), {"kind": "policy", "start": start, "minutes": "20", "count": "4", "capacity": "1",
                                                                           "location": "行政楼 305"})
    assert response.status_code == 302
    page = client_a.get(reverse("backoffice:employment_qa:advising"), {"kind": "policy"}).content.decode()
    assert page.count("行政楼 305") == 4
    overlap = client_a.post(reverse("backoffice:employment_qa:advising"), {"kind": "policy", "start": start, "minutes": "20", "count": "1", "location": "x"})
    assert overlap.status_code == 409 and "重叠" in overlap.content.decode()
    client_a.login_as(viewer)
    assert client_a.post(reverse("backoffice:employment_qa:advising"), {"kind": "policy", "start": start}).status_code == 403


def test_api_publish_book_cancel_record(staff_client, client_a, in_alpha):
    from tenant_apps.employment.qa.models import AdvisingBooking

    pupil, slot = student(), past_slot(in_alpha)
    start = at(30).isoformat()
    published = staff_client.post(reverse("api:employment_qa:slot-list"), {"kind": "resume_review", "start": start, "count": 2, "location": "201"},
                                    content_type="application/json")
    assert published.status_code == 201 and len(published.json()) == 2
    slot_id = published.json()[0]["id"]
    client_a.login_as(pupil)
    assert any(s["id"] == slot_id for s in client_a.get(reverse("api:employment_qa:slot-open")).json()["results"])
    booked = client_a.post(reverse("api:employment_qa:slot-book", args=[slot_id]), {"topic": "改简历"}, content_type="application/json")
    assert booked.status_code == 201 and booked.json()["slot"]["booked_count"] == 1
    full = client_a.post(reverse("api:employment_qa:slot-book", args=[slot_id]), {}, content_type="application/json")
    assert full.status_code == 409
    assert client_a.get(reverse("api:employment_qa:slot-list")).status_code == 403
    assert client_a.post(reverse("api:employment_qa:booking-cancel", args=[booked.json()["id"]])).json()["status"] == "cancelled"
    detail = staff_client.get(reverse("api:employment_qa:slot-detail", args=[slot_id])).json()
    assert detail["booked_count"] == 0 and detail["bookings"][0]["status"] == "cancelled"
    with schema_context("alpha"):
        booking = AdvisingBooking.objects.create(slot=slot, student=pupil)
    recorded = staff_client.post(reverse("api:employment_qa:booking-record", args=[booking.pk]), {"attended": False}, content_type="application/json")
    assert recorded.status_code == 200 and recorded.json()["status"] == "no_show" and recorded.json()["no_show_total"] == 0
    assert client_a.post(reverse("api:employment_qa:booking-record", args=[booking.pk]), {"attended": True}, content_type="application/json").status_code == 403


def test_isolation(admin_client_b, in_alpha):
    (slot,) = publish(in_alpha)
    assert admin_client_b.get(reverse("backoffice:employment_qa:slot", args=[slot.pk])).status_code == 404
    assert admin_client_b.get(reverse("api:employment_qa:slot-detail", args=[slot.pk])).status_code == 404
    assert admin_client_b.post(reverse("api:employment_qa:slot-book", args=[slot.pk]), {}, content_type="application/json").status_code == 404
    assert admin_client_b.post(reverse("h5:employment_qa:book", args=[slot.pk])).status_code == 404
