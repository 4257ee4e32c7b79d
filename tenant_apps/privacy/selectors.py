"""Reads of personal-data requests: the officer's queue, a person's own requests."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from core.models import AuditEvent
from shared_apps.workdays.selectors import covered_years
from tenant_apps.privacy.deadlines import legal_due_date
from tenant_apps.privacy.enums import OPEN_STATUSES
from tenant_apps.privacy.models import PersonalDataRequest

HANDLE_PERMISSION = "privacy.handle_request"


def request_queue(*, keyword: str = "", status: str = "", kind: str = "", overdue: bool = False) -> QuerySet[PersonalDataRequest]:
    """The data officer's queue: open requests first, the nearest deadline first."""
    qs = PersonalDataRequest.objects.select_related("subject", "handled_by", "filed_by")
    keyword = keyword.strip()
    if keyword:
        condition = Q(subject__display_name__icontains=keyword) | Q(subject__username__icontains=keyword)
        if keyword.lstrip("#").isdigit() and len(keyword) < 12:
            condition |= Q(pk=int(keyword.lstrip("#")))
        qs = qs.filter(condition)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if overdue:
        qs = qs.filter(status__in=OPEN_STATUSES, due_on__lt=timezone.localdate())
    return qs.order_by("completed_at", "due_on", "-id")  # NULLs last in PostgreSQL: open ones first


def requests_of(user) -> QuerySet[PersonalDataRequest]:
    return PersonalDataRequest.objects.filter(subject=user).order_by("-created_at", "-id")


def request_for(user, pk) -> PersonalDataRequest | None:
    """The request `pk` if `user` may see it: the officer sees all, a person their own."""
    qs = PersonalDataRequest.objects.select_related("subject", "handled_by", "filed_by")
    if not user.has_perm(HANDLE_PERMISSION):
        qs = qs.filter(subject=user)
    return qs.filter(pk=pk).first()


def open_counts() -> dict[str, int]:
    today = timezone.localdate()
    open_qs = PersonalDataRequest.objects.filter(status__in=OPEN_STATUSES)
    return {"open": open_qs.count(), "overdue": open_qs.filter(due_on__lt=today).count()}


def request_trail(request: PersonalDataRequest) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type="privacy.personaldatarequest", object_id=str(request.pk)).order_by("created_at", "id")


def may_download_export(user, request: PersonalDataRequest) -> bool:
    """The officer always; the person their own copy once the request is answered."""
    if user.has_perm(HANDLE_PERMISSION):
        return True
    return request.subject_id == user.pk and request.kind in ("access", "copy") and request.status == "completed"


def uncovered_deadline_years() -> list[int]:
    """Years that open requests' deadlines (or one filed today) run through and whose holiday
    arrangement has not been entered yet: their deadlines count weekends only."""
    today = timezone.localdate()
    years = {today.year, legal_due_date(today).year}
    spans = PersonalDataRequest.objects.filter(status__in=OPEN_STATUSES).values_list("received_on__year", "due_on__year").distinct()
    for first, last in spans:
        years.update(range(first, last + 1))
    return sorted(years - covered_years(years))
