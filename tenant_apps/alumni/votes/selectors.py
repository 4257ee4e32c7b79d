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


def chapter_choices() -> list:
    """Chapters a vote may be limited to (active organisations below the association)."""
    from tenant_apps.alumni.orgs.models import Organization

    return list(Organization.objects.filter(is_active=True, parent__isnull=False).order_by("path", "sort_order", "pk"))


def has_ended(vote: Vote) -> bool:
    from django.utils import timezone

    return vote.ends_at <= timezone.now()


def results_visible(vote: Vote, *, voted: bool) -> bool:
    """Everyone sees the results once the vote ended; before that, voters (or everyone when the
    vote shows results while running)."""
    return vote.show_results_before_end or voted or has_ended(vote)


def visible_comments(vote: Vote):
    return vote.comments.filter(is_visible=True).select_related("user")


def results_chart(title: str, rows: list[dict]):
    """The results as a bar chart of the shared chart component (core.charts), votes per option."""
    from core.charts import bar_chart

    chart = bar_chart(title, [r["label"] for r in rows], [("票数", [r["count"] for r in rows])], horizontal=True)
    chart.option["yAxis"]["inverse"] = True  # options top to bottom in their own order
    chart.option["xAxis"]["minInterval"] = 1  # whole votes on the axis
    return chart
