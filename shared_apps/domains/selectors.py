from __future__ import annotations

from django.db.models import QuerySet

from shared_apps.domains.enums import DomainStatus
from shared_apps.domains.models import CustomDomain


def custom_domains_of(*, tenant) -> QuerySet[CustomDomain]:
    return CustomDomain.objects.filter(tenant=tenant).order_by("domain")


def custom_domain_get(*, tenant, pk: int) -> CustomDomain | None:
    return custom_domains_of(tenant=tenant).filter(pk=pk).first()


def verified_domains() -> list[str]:
    """Every proven custom domain (the hosts the proxy needs certificates for)."""
    return list(CustomDomain.objects.filter(status=DomainStatus.VERIFIED).order_by("domain").values_list("domain", flat=True))
