from __future__ import annotations

from django.db.models import Q, QuerySet

from tenant_apps.alumni.votes.models import Vote


def votes(*, keyword: str = "", public_only: bool = False) -> QuerySet[Vote]:
    qs = Vote.objects.filter(deleted_at__isnull=True)
    if public_only:
        qs = qs.filter(is_public=True)
    if keyword:
        qs = qs.filter(Q(title__icontains=keyword) | Q(description__icontains=keyword))
    return qs.prefetch_related("options")


def my_ballot(vote: Vote, user):
    return vote.ballots.filter(voter=user).prefetch_related("options").first() if user.is_authenticated else None
