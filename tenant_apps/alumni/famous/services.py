"""Writes of famous alumni and alumni enterprises: receiving what the crawler found, staff
confirming, rejecting or excluding it, and the school names the crawler searches for."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.audit import audit_record, snapshot
from core.errors import ApplicationError, Conflict
from tenant_apps.alumni.famous import selectors
from tenant_apps.alumni.famous.enums import CandidateStatus, PersonCategory, SubjectKind
from tenant_apps.alumni.famous.errors import FamousErrorCode
from tenant_apps.alumni.famous.models import (
    AlumniEnterprise,
    Exclusion,
    FamousAlumnus,
    FamousSettings,
    NewsItem,
)

Candidate = FamousAlumnus | AlumniEnterprise | NewsItem
MAX_FORMER_NAMES = 20


def _label(actor) -> str:
    if actor is None:
        return "系统"
    return (getattr(actor, "display_name", "") or actor.get_username())[:150]


# --- settings -------------------------------------------------------------------------------


@transaction.atomic
def settings_update(*, actor, school_name: str, former_names: list[str]) -> FamousSettings:
    school_name = (school_name or "").strip()
    if not school_name:
        raise ApplicationError("请填写学校名称。", code=FamousErrorCode.SCHOOL_NAME_REQUIRED, fields={"school_name": ["请填写学校名称。"]})
    names = []
    for name in former_names:
        name = name.strip()
        if name and name != school_name and name not in names:
            names.append(name[:100])
    if len(names) > MAX_FORMER_NAMES:
        raise ApplicationError(f"曾用名最多 {MAX_FORMER_NAMES} 个。", fields={"former_names": [f"最多 {MAX_FORMER_NAMES} 个。"]})
    current = selectors.settings_get()
    before = snapshot(current) if current.pk else None
    current.school_name, current.former_names = school_name[:100], names
    current.full_clean()
    current.save()
    audit_record(actor=actor, action="alumni_famous.settings_changed", target=current, before=before, after=snapshot(current), only_changes=before is not None)
    return current


# --- what the crawler hands over ------------------------------------------------------------


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _create(model, lookup: dict, values: dict) -> bool:
    """Stores a new pending candidate; an existing one only has its fetch time refreshed."""
    existing = model.objects.filter(**lookup).first()
    if existing is not None:
        model.objects.filter(pk=existing.pk).update(fetched_at=values["fetched_at"])
        return False
    candidate = model(**lookup, **values)
    candidate.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError:  # the same page delivered twice at once
        return False
    return True


@transaction.atomic
def crawl_results_receive(*, run_id: int | None, source_name: str, source_kind: str, fetched_at: datetime.datetime, items: list[dict], **_) -> int:
    """Handler of the crawler's CRAWL_RESULTS in this tenant's schema. Stores new candidates as
    pending (nothing shows before staff confirm), drops anything excluded, and attaches news only
    to confirmed people and enterprises. Returns how many new candidates were stored."""
    excluded = selectors.excluded_names()
    excluded_urls = selectors.excluded_urls()
    created = 0
    common = {"source_name": source_name[:100], "fetched_at": fetched_at, "crawl_run_id": run_id}
    for item in items:
        url = item.get("source_url", "")
        if not url or url in excluded_urls:
            continue
        kind = item.get("kind")
        if kind == "person" and (SubjectKind.PERSON, item["name"].lower()) not in excluded:
            category = item.get("category") if item.get("category") in PersonCategory.values else PersonCategory.ENCYCLOPEDIA
            created += _create(FamousAlumnus, {"name": item["name"], "source_url": url}, {
                **common, "position": item.get("position", ""), "category": category, "summary": item.get("summary", ""), "evidence": item.get("evidence", "")})
        elif kind == "enterprise" and (SubjectKind.ENTERPRISE, item["name"].lower()) not in excluded:
            created += _create(AlumniEnterprise, {"name": item["name"], "source_url": url}, {
                **common, "stock_code": item.get("stock_code", ""), "exchange": item.get("exchange", ""), "industry": item.get("industry", ""),
                "summary": item.get("summary", ""), "alumni": item.get("alumni", [])})
        elif kind == "news":
            model = FamousAlumnus if item.get("subject_kind") == SubjectKind.PERSON else AlumniEnterprise
            field = "person" if model is FamousAlumnus else "enterprise"
            for subject in model.objects.filter(name=item.get("subject_name", ""), status=CandidateStatus.CONFIRMED):
                created += _create(NewsItem, {"source_url": url, field: subject}, {
                    **common, "title": item.get("title", "")[:200], "published_on": _date(item.get("published_on", "")), "summary": item.get("summary", "")})
    if created:
        audit_record(actor=None, action="alumni_famous.crawl_received", object_type="alumni_famous.delivery", object_id=run_id or "",
                     object_label=f"{source_name} 采集结果", after={"run_id": run_id, "source": source_name, "kind": source_kind, "created": created},
                     only_changes=False)
    return created


# --- staff decisions ------------------------------------------------------------------------


def _decide(*, actor, candidate: Candidate, status: str, action: str) -> Candidate:
    if candidate.status == CandidateStatus.EXCLUDED:
        raise Conflict("已排除的条目不能再处理，请先在排除名单中撤销。", code=FamousErrorCode.ALREADY_EXCLUDED)
    before = snapshot(candidate, ["status", "reviewed_by_label", "reviewed_at"])
    candidate.status, candidate.reviewed_by_label, candidate.reviewed_at = status, _label(actor), timezone.now()
    candidate.save(update_fields=["status", "reviewed_by_label", "reviewed_at"])
    audit_record(actor=actor, action=action, target=candidate, before=before, after=snapshot(candidate, ["status", "reviewed_by_label", "reviewed_at"]))
    return candidate


@transaction.atomic
def candidate_confirm(*, actor, candidate: Candidate) -> Candidate:
    """Confirms a person, an enterprise or a news item: from now on alumni see it."""
    return _decide(actor=actor, candidate=candidate, status=CandidateStatus.CONFIRMED, action=f"alumni_famous.{candidate._meta.model_name}_confirmed")


@transaction.atomic
def candidate_reject(*, actor, candidate: Candidate) -> Candidate:
    """Not an alumnus (or not about one): hidden, but the crawler may meet the name again."""
    return _decide(actor=actor, candidate=candidate, status=CandidateStatus.REJECTED, action=f"alumni_famous.{candidate._meta.model_name}_rejected")


@transaction.atomic
def candidate_exclude(*, actor, candidate: FamousAlumnus | AlumniEnterprise, reason: str = "") -> Exclusion:
    """Excludes a person or firm for good: every candidate of that name is marked excluded and
    hidden with its news, and the crawler never fetches its pages or searches its name again."""
    kind = SubjectKind.PERSON if isinstance(candidate, FamousAlumnus) else SubjectKind.ENTERPRISE
    model = type(candidate)
    same = model.objects.filter(name__iexact=candidate.name)
    urls = sorted(set(same.values_list("source_url", flat=True)))
    exclusion = Exclusion.objects.filter(kind=kind, name__iexact=candidate.name).first()
    if exclusion is None:
        exclusion = Exclusion(kind=kind, name=candidate.name, source_urls=urls, reason=(reason or "").strip()[:200], created_by_label=_label(actor))
    else:
        exclusion.source_urls = sorted(set(exclusion.source_urls) | set(urls))
    exclusion.full_clean(validate_constraints=False)
    exclusion.save()
    same.update(status=CandidateStatus.EXCLUDED, reviewed_by_label=_label(actor), reviewed_at=timezone.now())
    NewsItem.objects.filter(**{f"{kind.value}__in": same}).update(status=CandidateStatus.EXCLUDED)
    audit_record(actor=actor, action="alumni_famous.excluded", target=exclusion, after={"kind": kind, "name": candidate.name, "reason": exclusion.reason,
                 "source_urls": urls}, only_changes=False)
    return exclusion


@transaction.atomic
def exclusion_lift(*, actor, exclusion: Exclusion) -> None:
    """Takes a name off the exclusion list: the crawler may find it again; what was excluded
    comes back as pending for staff to decide anew."""
    model = FamousAlumnus if exclusion.kind == SubjectKind.PERSON else AlumniEnterprise
    same = model.objects.filter(name__iexact=exclusion.name, status=CandidateStatus.EXCLUDED)
    NewsItem.objects.filter(**{f"{exclusion.kind}__in": same}, status=CandidateStatus.EXCLUDED).update(status=CandidateStatus.PENDING)
    same.update(status=CandidateStatus.PENDING, reviewed_at=None, reviewed_by_label="")
    audit_record(actor=actor, action="alumni_famous.exclusion_lifted", target=exclusion, before=snapshot(exclusion), after=None, only_changes=False)
    exclusion.delete()
