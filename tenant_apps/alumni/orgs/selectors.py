"""Reads for organisations. The chapter firewall lives here: `members_visible` is the only way
pages and the API list a chapter's members."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from core.errors import PermissionDenied
from tenant_apps.alumni.orgs.enums import AdminStatus, ExportStatus, MembershipStatus
from tenant_apps.alumni.orgs.errors import OrgErrorCode
from tenant_apps.alumni.orgs.models import ExportRequest, Membership, OrgAdmin, Organization

ALL_MEMBERS_PERM = "alumni_orgs.view_all_members"


def association() -> Organization | None:
    return Organization.objects.filter(parent__isnull=True).order_by("pk").first()


def org_subtree(org: Organization) -> QuerySet[Organization]:
    return Organization.objects.filter(path__startswith=org.path)


def admin_org_ids(user) -> set[int]:
    """Organisations the user runs as an active chapter admin, with their sub-chapters."""
    if not getattr(user, "is_authenticated", False):
        return set()
    paths = list(OrgAdmin.objects.filter(user=user, status=AdminStatus.ACTIVE, organization__is_active=True).values_list("organization__path", flat=True))
    if not paths:
        return set()
    query = Q()
    for path in paths:
        query |= Q(path__startswith=path)
    return set(Organization.objects.filter(query).values_list("pk", flat=True))


def may_manage(user, org: Organization) -> bool:
    return user.has_perm(ALL_MEMBERS_PERM) or org.pk in admin_org_ids(user)


def managed_orgs(user) -> QuerySet[Organization]:
    if user.has_perm(ALL_MEMBERS_PERM):
        return Organization.objects.all()
    return Organization.objects.filter(pk__in=admin_org_ids(user))


def members_visible(*, actor, org: Organization, status: str = MembershipStatus.APPROVED, search: str = "") -> QuerySet[Membership]:
    """Memberships of `org` (one chapter, not its siblings): the association's staff with
    view_all_members see any chapter, a chapter admin only the chapters they run."""
    if not may_manage(actor, org):
        raise PermissionDenied("只能查看本会成员。", code=OrgErrorCode.NOT_ORG_ADMIN)
    queryset = Membership.objects.filter(organization=org).select_related("member", "member__record", "member__user")
    if status:
        queryset = queryset.filter(status=status)
    if search:
        queryset = queryset.filter(Q(member__name__icontains=search) | Q(member__major__icontains=search) | Q(member__employer__icontains=search))
    return queryset.order_by("-created_at", "-pk")


def is_chapter_member(*, user, chapter_id: int | None, **_ignored) -> bool | None:
    """Answers the `alumni.chapter_member` hook (chapter-only votes): an approved member of the
    chapter or of one of its sub-chapters. None when the chapter does not exist."""
    org = Organization.objects.filter(pk=chapter_id).first() if chapter_id else None
    if org is None:
        return None
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(member__user=user, organization__path__startswith=org.path, status=MembershipStatus.APPROVED).exists()


def member_ids_of_org_tree(org_id: int) -> list[int]:
    org = Organization.objects.filter(pk=org_id).first()
    if org is None:
        return []
    return list(Membership.objects.filter(organization__path__startswith=org.path, status=MembershipStatus.APPROVED).values_list("member_id", flat=True).distinct())


def org_search(*, q: str = "", kind: str = "", include_inactive: bool = True) -> QuerySet[Organization]:
    queryset = Organization.objects.annotate(
        member_count=Count("memberships", filter=Q(memberships__status=MembershipStatus.APPROVED), distinct=True)
    ).select_related("parent")
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(region__icontains=q) | Q(industry__icontains=q))
    if kind:
        queryset = queryset.filter(kind=kind)
    if not include_inactive:
        queryset = queryset.filter(is_active=True)
    return queryset.order_by("path", "sort_order", "pk")


def org_tree() -> list[Organization]:
    """Depth-first list with `depth` for indentation (path order is depth-first)."""
    return list(org_search())


def recommended_orgs(member) -> list[Organization]:
    """Chapters a verified member fits and has not joined: the record's college (renamed
    colleges through the alias table), region and industry."""
    if not member.is_verified:
        return []
    record = member.record
    joined = set(Membership.objects.filter(member=member).values_list("organization_id", flat=True))
    query = Q()
    if record.college_id:
        query |= Q(colleges=record.college_id)
    region = member.region or record.region
    if region:
        query |= Q(kind="regional", region=region)
    industry = member.industry or record.industry
    if industry:
        query |= Q(kind="industry", industry=industry)
    if not query:
        return []
    return list(Organization.objects.filter(query, is_active=True).exclude(pk__in=joined).distinct().order_by("path")[:10])


def memberships_of(member) -> QuerySet[Membership]:
    return Membership.objects.filter(member=member).select_related("organization").order_by("organization__path")


def pending_exports() -> QuerySet[ExportRequest]:
    return ExportRequest.objects.filter(status=ExportStatus.PENDING).select_related("organization", "requested_by")


def exports_for(*, actor) -> QuerySet[ExportRequest]:
    queryset = ExportRequest.objects.select_related("organization", "requested_by", "decided_by")
    if actor.has_perm("alumni_orgs.approve_export"):
        return queryset
    return queryset.filter(requested_by=actor)


def admin_for_token(token: str) -> OrgAdmin | None:
    if not token:
        return None
    return OrgAdmin.objects.filter(token=token, status=AdminStatus.INVITED).select_related("organization").first()
