from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from shared_apps.provisioning.enums import RESERVED_SLUGS
from shared_apps.provisioning.models import Domain, Tenant, slug_validator


def tenant_domain_for(slug: str) -> str:
    return f"{slug}.{settings.BASE_DOMAIN}"


def slug_problem(slug: str, *, signup_id: int | None = None) -> str | None:
    """Why `slug` cannot be used as a sub-domain, or None when it can. A pending sign-up holds
    its slug until it expires (`signup_id` is the sign-up asking, which does not block itself)."""
    from django.core.exceptions import ValidationError

    try:
        slug_validator(slug)
    except ValidationError as exc:
        return exc.messages[0]
    if slug in RESERVED_SLUGS or slug.startswith("pg_") or slug.startswith("spare"):
        return "该子域名为系统保留，请换一个。"
    if Tenant.objects.filter(schema_name=slug).exists() or Domain.objects.filter(domain=tenant_domain_for(slug)).exists():
        return "该子域名已被占用。"
    from django.utils import timezone

    from shared_apps.provisioning.models import SignupRequest

    holders = SignupRequest.objects.filter(
        slug=slug, expires_at__gt=timezone.now(),
        status__in=[SignupRequest.Status.PENDING_VERIFICATION, SignupRequest.Status.AWAITING_PAYMENT, SignupRequest.Status.QUEUED, SignupRequest.Status.PROVISIONING],
    )
    if signup_id:
        holders = holders.exclude(pk=signup_id)
    if holders.exists():
        return "该子域名正在被其他单位注册，请换一个。"
    return None


def tenant_list() -> QuerySet[Tenant]:
    return Tenant.objects.exclude(schema_name="public").order_by("name")
