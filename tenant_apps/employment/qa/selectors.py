"""Reads of Q&A and advising: question queues per role, one conversation for a participant,
the public FAQ, open slots, bookings with each student's no-show count."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tenant_apps.employment.qa.enums import BookingStatus, QuestionStatus
from tenant_apps.employment.qa.models import (
    AdvisingBooking,
    AdvisingSlot,
    FaqEntry,
    Question,
    QuestionMessage,
)

MESSAGES_SHOWN = 200


def _with_counts(queryset: QuerySet[Question]) -> QuerySet[Question]:
    return queryset.select_related("student", "employer").annotate(message_count=Count("messages"))


def student_questions(*, student) -> QuerySet[Question]:
    return _with_counts(Question.objects.filter(student=student)).order_by("-last_message_at", "-id")


def staff_questions(*, status: str = "", category: str = "", q: str = "", employer_questions: str = "") -> QuerySet[Question]:
    queryset = _with_counts(Question.objects.all())
    if status in QuestionStatus.values:
        queryset = queryset.filter(status=status)
    if category:
        queryset = queryset.filter(category=category)
    if employer_questions == "yes":
        queryset = queryset.filter(employer__isnull=False)
    elif employer_questions == "no":
        queryset = queryset.filter(employer__isnull=True)
    if q:
        queryset = queryset.filter(Q(title__icontains=q) | Q(student__display_name__icontains=q) | Q(messages__body__icontains=q)).distinct()
    return queryset.order_by("-last_message_at", "-id")


def employer_questions(*, employer, status: str = "") -> QuerySet[Question]:
    queryset = _with_counts(Question.objects.filter(employer=employer))
    if status in QuestionStatus.values:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-last_message_at", "-id")


def question_counts() -> dict[str, int]:
    return Question.objects.aggregate(open=Count("id", filter=Q(status=QuestionStatus.OPEN)), answered=Count("id", filter=Q(status=QuestionStatus.ANSWERED)),
                                      total=Count("id"))


def question_get(*, pk: int) -> Question | None:
    return Question.objects.select_related("student", "employer").filter(pk=pk).first()


def question_messages(*, question: Question) -> list[QuestionMessage]:
    rows = list(question.messages.select_related("author").order_by("-created_at", "-id")[:MESSAGES_SHOWN])
    rows.reverse()
    return rows


def faq_entries(*, q: str = "", category: str = "", published_only: bool = True) -> QuerySet[FaqEntry]:
    queryset = FaqEntry.objects.all()
    if published_only:
        queryset = queryset.filter(is_published=True)
    if category:
        queryset = queryset.filter(category=category)
    if q:
        queryset = queryset.filter(Q(question__icontains=q) | Q(answer__icontains=q))
    return queryset.order_by("sort_order", "-id")


def public_faq(*, limit: int | None = None) -> QuerySet[FaqEntry]:
    """For the public portal: published FAQ entries in their order."""
    queryset = faq_entries()
    return queryset[:limit] if limit else queryset


# --- advising -------------------------------------------------------------------------------


def open_slots(*, kind: str = "", days: int = 30) -> QuerySet[AdvisingSlot]:
    now = timezone.now()
    queryset = AdvisingSlot.objects.filter(is_cancelled=False, starts_at__gt=now, starts_at__lte=now + datetime.timedelta(days=days)).select_related("advisor")
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("starts_at", "id")


def staff_slots(*, kind: str = "", when: str = "upcoming", advisor=None) -> QuerySet[AdvisingSlot]:
    queryset = AdvisingSlot.objects.select_related("advisor").annotate(
        no_show_count=Count("bookings", filter=Q(bookings__status=BookingStatus.NO_SHOW)))
    now = timezone.now()
    if when == "past":
        queryset = queryset.filter(starts_at__lte=now).order_by("-starts_at", "-id")
    else:
        queryset = queryset.filter(ends_at__gt=now).order_by("starts_at", "id")
    if kind:
        queryset = queryset.filter(kind=kind)
    if advisor is not None:
        queryset = queryset.filter(advisor=advisor)
    return queryset


def slot_get(*, pk: int) -> AdvisingSlot | None:
    return AdvisingSlot.objects.select_related("advisor").filter(pk=pk).first()


def slot_bookings(*, slot: AdvisingSlot) -> list[AdvisingBooking]:
    """The slot's bookings, each with the student's no-show count over all appointments."""
    bookings = list(slot.bookings.select_related("student", "recorded_by").order_by("created_at", "id"))
    student_ids = [b.student_id for b in bookings]
    no_shows = dict(AdvisingBooking.objects.filter(student_id__in=student_ids, status=BookingStatus.NO_SHOW).values("student_id")
                    .annotate(n=Count("id")).values_list("student_id", "n"))
    for booking in bookings:
        booking.no_show_total = no_shows.get(booking.student_id, 0)
    return bookings


def student_bookings(*, student) -> QuerySet[AdvisingBooking]:
    return AdvisingBooking.objects.filter(student=student).select_related("slot", "slot__advisor").order_by("-slot__starts_at", "-id")


def student_booking_get(*, student, pk: int) -> AdvisingBooking | None:
    return student_bookings(student=student).filter(pk=pk).first()


def booking_get(*, pk: int) -> AdvisingBooking | None:
    return AdvisingBooking.objects.select_related("slot", "student").filter(pk=pk).first()
