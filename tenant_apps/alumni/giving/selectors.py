"""Reads of giving: who may see which project, lists for the pages, the donor's timeline,
statistics and the public check of a certificate."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from tenant_apps.alumni.giving.enums import Audience, DonationStatus, ProjectStatus
from tenant_apps.alumni.giving.models import Donation, GivingSettings, Project, ProjectUpdate
from tenant_apps.alumni.records.selectors import verified_member

logger = logging.getLogger(__name__)
CERTIFICATE_SCOPE = "alumni_giving:certificate"


def giving_settings() -> GivingSettings:
    found = GivingSettings.objects.first()
    return found if found is not None else GivingSettings.objects.create()


def is_verified_member(user) -> bool:
    return verified_member(user) is not None


def donor_snapshot(user) -> dict:
    """Chapter and class year of the donor today (copied onto the donation when paid)."""
    member = verified_member(user)
    if member is None:
        return {"chapter_id": None, "chapter_name": "", "class_year": None}
    from tenant_apps.alumni.orgs.enums import MembershipStatus
    from tenant_apps.alumni.orgs.models import Membership

    membership = (Membership.objects.filter(member=member, status=MembershipStatus.APPROVED, organization__parent__isnull=False)
                  .select_related("organization").order_by("-organization__depth", "pk").first())
    class_year = member.class_year or (member.record.class_year if member.record_id else None)
    return {"chapter_id": membership.organization_id if membership else None, "chapter_name": membership.organization.name if membership else "",
            "class_year": class_year}


def visible_projects(user) -> QuerySet[Project]:
    """Projects the H5 shows `user`: public ones only while the foundation's qualification is
    recorded; members-only ones only to verified members (everyone else never learns of them)."""
    qs = Project.objects.filter(deleted_at__isnull=True, status__in=[ProjectStatus.ACTIVE, ProjectStatus.FINISHED])
    audiences = []
    if giving_settings().may_fundraise_publicly:
        audiences.append(Audience.PUBLIC)
    if is_verified_member(user):
        audiences.append(Audience.MEMBERS)
    return qs.filter(audience__in=audiences).order_by("status", "-created_at", "-pk")


def projects(*, keyword: str = "", status: str = "", audience: str = "") -> QuerySet[Project]:
    qs = Project.objects.filter(deleted_at__isnull=True)
    if keyword:
        qs = qs.filter(Q(title__icontains=keyword) | Q(summary__icontains=keyword))
    if status:
        qs = qs.filter(status=status)
    if audience:
        qs = qs.filter(audience=audience)
    return qs


@dataclass
class DonationSearch:
    q: str = ""
    project_id: int | None = None
    status: str = ""
    year: int | None = None
    receipt: str = ""  # "yes" / "no"
    channel: str = ""


def donations(search: DonationSearch | None = None) -> QuerySet[Donation]:
    search = search or DonationSearch()
    qs = Donation.objects.select_related("project")
    if search.q:
        qs = qs.filter(Q(donor_name__icontains=search.q) | Q(number__iexact=search.q) | Q(receipt_number__iexact=search.q) | Q(certificate_number__iexact=search.q))
    if search.project_id:
        qs = qs.filter(project_id=search.project_id)
    if search.status:
        qs = qs.filter(status=search.status)
    if search.year:
        qs = qs.filter(paid_at__year=search.year)
    if search.receipt == "yes":
        qs = qs.exclude(receipt_number="")
    elif search.receipt == "no":
        qs = qs.filter(receipt_number="", status=DonationStatus.PAID)
    if search.channel:
        qs = qs.filter(channel=search.channel)
    return qs


def my_donations(user) -> QuerySet[Donation]:
    return Donation.objects.filter(donor=user).exclude(status=DonationStatus.CANCELLED).select_related("project")


def my_timeline(user, *, limit: int = 50) -> list[dict]:
    """"Where did my gift go": my gifts and, after each, the updates of the projects I gave to."""
    mine = list(my_donations(user).filter(status__in=[DonationStatus.PAID, DonationStatus.REFUNDED]))
    project_ids = {d.project_id for d in mine}
    entries = [{"kind": "donation", "date": timezone.localtime(d.paid_at or d.created_at).date(), "project": d.project, "donation": d,
                "title": f"我向“{d.project.title}”捐赠 {d.amount_yuan} 元"} for d in mine]
    for update in ProjectUpdate.objects.filter(project_id__in=project_ids).select_related("project"):
        entries.append({"kind": update.kind, "date": update.happened_on, "project": update.project, "update": update, "title": update.title})
    entries.sort(key=lambda e: (e["date"], 0 if e["kind"] == "donation" else 1), reverse=True)
    return entries[:limit]


def project_updates(project: Project) -> QuerySet[ProjectUpdate]:
    return project.updates.all()


def recent_donors(project: Project, limit: int = 10) -> QuerySet[Donation]:
    return project.donations.filter(status=DonationStatus.PAID).order_by("-paid_at")[:limit]


def may_see_update_file(user, update: ProjectUpdate) -> bool:
    """Download rule of usage-report files: staff of giving, and whoever may see the project."""
    if user is not None and user.has_perm("alumni_giving.view_project"):
        return True
    return visible_projects(user).filter(pk=update.project_id).exists()


def _paid(year: int | None) -> QuerySet[Donation]:
    qs = Donation.objects.filter(status=DonationStatus.PAID)
    return qs.filter(paid_at__year=year) if year else qs


def statistics(*, year: int | None = None) -> dict:
    """Totals and the breakdowns by project, chapter, class year and month (paid gifts)."""
    paid = _paid(year)
    totals = paid.aggregate(amount=Sum("amount_fen"), count=Count("id"), donors=Count("donor", distinct=True))
    by_project = list(paid.values("project_id", "project__title").annotate(amount=Sum("amount_fen"), count=Count("id")).order_by("-amount"))
    by_chapter = list(paid.values("chapter_name").annotate(amount=Sum("amount_fen"), count=Count("id")).order_by("-amount"))
    by_class_year = list(paid.exclude(class_year__isnull=True).values("class_year").annotate(amount=Sum("amount_fen"), count=Count("id")).order_by("class_year"))
    by_month = list(paid.annotate(y=ExtractYear("paid_at"), m=ExtractMonth("paid_at")).values("y", "m").annotate(amount=Sum("amount_fen"), count=Count("id")).order_by("y", "m"))
    years = sorted({d.year for d in Donation.objects.filter(status=DonationStatus.PAID).dates("paid_at", "year")}, reverse=True)
    return {
        "year": year, "years": years,
        "amount_fen": totals["amount"] or 0, "count": totals["count"] or 0, "donors": totals["donors"] or 0,
        "receipted": paid.exclude(receipt_number="").count(),
        "by_project": [{"project_id": r["project_id"], "label": r["project__title"], "amount_fen": r["amount"], "count": r["count"]} for r in by_project],
        "by_chapter": [{"label": r["chapter_name"] or "未加入分会", "amount_fen": r["amount"], "count": r["count"]} for r in by_chapter],
        "by_class_year": [{"label": f"{r['class_year']}级", "amount_fen": r["amount"], "count": r["count"]} for r in by_class_year],
        "by_month": [{"label": f"{r['y']}-{r['m']:02d}", "amount_fen": r["amount"], "count": r["count"]} for r in by_month],
    }


def yearly_report_rows(*, year: int) -> list[dict]:
    """One row per project for the yearly report (年度报告): raised, gifts, spent, receipted."""
    paid = _paid(year)
    rows = []
    for project in Project.objects.filter(deleted_at__isnull=True).order_by("pk"):
        gifts = paid.filter(project=project).aggregate(amount=Sum("amount_fen"), count=Count("id"), receipted=Count("id", filter=~Q(receipt_number="")))
        spent = project.updates.filter(happened_on__year=year).aggregate(s=Sum("spent_fen"))["s"] or 0
        if not gifts["count"] and not spent:
            continue
        rows.append({"project": project.title, "audience": project.get_audience_display(), "status": project.get_status_display(),
                     "amount_fen": gifts["amount"] or 0, "count": gifts["count"], "receipted": gifts["receipted"], "spent_fen": spent,
                     "target_fen": project.target_fen})
    return rows


def donation_by_certificate(code: str) -> tuple[str, Donation | None]:
    """The public check behind a certificate's QR: the signed code (core.tickets) must verify
    with the tenant's key and name a donation whose certificate it is."""
    from core.tickets import services as tickets

    try:
        verdict = tickets.ticket_verify(code, scope=CERTIFICATE_SCOPE)
    except (ValueError, TypeError):  # an unreadable stored key: the public page says "not found", never 500
        logger.warning("certificate check: the tenant's ticket keys could not be loaded", exc_info=True)
        return "invalid", None
    if verdict.status not in ("admitted", "revoked") or not verdict.subject.isdigit():
        return "invalid", None
    donation = Donation.objects.select_related("project").filter(pk=int(verdict.subject), certificate_number=verdict.serial.upper()).first()
    if donation is None:
        return "invalid", None
    return ("revoked" if verdict.status == "revoked" else "valid"), donation


# --- service hall (tenant_apps.alumni.hall) -------------------------------------------------


def hall_donations(request, limit: int) -> list:
    from django.urls import reverse

    from tenant_apps.alumni.hall import HallItem

    return [HallItem(title=p.title, url=reverse("h5:alumni_giving:detail", args=[p.pk]), meta=f"已筹 ¥{p.raised_yuan} · {p.percent}%")
            for p in visible_projects(request.user).filter(status=ProjectStatus.ACTIVE)[:limit]]


def hall_my_donations(request, limit: int) -> list:
    from django.urls import reverse

    from tenant_apps.alumni.hall import HallItem

    if not request.user.is_authenticated:
        return []
    return [HallItem(title=d.project.title, url=reverse("h5:alumni_giving:donation", args=[d.pk]),
                     meta=f"¥{d.amount_yuan} · {d.get_status_display()}{' · 有证书' if d.certificate_number else ''}")
            for d in my_donations(request.user).filter(status__in=[DonationStatus.PAID, DonationStatus.REFUNDED])[:limit]]


def this_year() -> int:
    return timezone.localdate().year
