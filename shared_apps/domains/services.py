"""Adding, proving and removing a tenant's own domains (P1)."""

from __future__ import annotations

import ipaddress
import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.audit import audit_record
from core.errors import ApplicationError
from core.tenancy import tenants_changed
from shared_apps.domains.dns import LookupFailed, txt_values
from shared_apps.domains.enums import MAX_DOMAINS_PER_TENANT, DomainStatus
from shared_apps.domains.models import CustomDomain
from shared_apps.provisioning.models import Domain, Tenant

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
# Names that never belong to one school: the platform's own hosts and special-use names.
_RESERVED_SUFFIXES = (".localhost", ".local", ".internal", ".test", ".example", ".invalid", ".arpa")


def domain_normalise(value: str) -> str:
    """`HTTPS://Jy.School.edu.cn/` -> `jy.school.edu.cn`; internationalised names in their
    ASCII (punycode) form. Raises ApplicationError with the reason."""
    text = (value or "").strip().lower()
    text = re.sub(r"^[a-z]+://", "", text).split("/", 1)[0].rstrip(".")
    if ":" in text:
        raise ApplicationError("域名不能带端口号。", code="domain_invalid", fields={"domain": ["域名不能带端口号。"]})
    try:
        text = text.encode("idna").decode("ascii") if text else ""
    except UnicodeError:
        raise ApplicationError("域名格式不正确。", code="domain_invalid", fields={"domain": ["域名格式不正确。"]}) from None
    try:
        ipaddress.ip_address(text)
    except ValueError:
        pass
    else:
        raise ApplicationError("请填写域名，不能是 IP 地址。", code="domain_invalid", fields={"domain": ["请填写域名，不能是 IP 地址。"]})
    labels = text.split(".")
    if len(text) > 253 or len(labels) < 2 or not all(_LABEL.match(label) for label in labels) or labels[-1].isdigit():
        raise ApplicationError("域名格式不正确，例如 jy.example.edu.cn。", code="domain_invalid", fields={"domain": ["域名格式不正确，例如 jy.example.edu.cn。"]})
    base = settings.BASE_DOMAIN.lower()
    if text == base or text.endswith(f".{base}") or text == "localhost" or text.endswith(_RESERVED_SUFFIXES):
        raise ApplicationError("该域名属于平台或保留域名，不能作为自定义域名。", code="domain_reserved", fields={"domain": ["该域名属于平台或保留域名，不能作为自定义域名。"]})
    return text


@transaction.atomic
def custom_domain_add(*, actor, tenant: Tenant, domain: str) -> CustomDomain:
    name = domain_normalise(domain)
    if CustomDomain.objects.filter(tenant=tenant).count() >= MAX_DOMAINS_PER_TENANT:
        raise ApplicationError(f"每个单位最多绑定 {MAX_DOMAINS_PER_TENANT} 个自定义域名。", code="domain_limit_reached")
    if CustomDomain.objects.filter(domain=name).exists() or Domain.objects.filter(domain=name).exists():
        raise ApplicationError("该域名已被添加。", code="domain_taken", fields={"domain": ["该域名已被添加。"]}, status=409)
    custom = CustomDomain(tenant=tenant, domain=name, created_by_label=str(getattr(actor, "display_name", "") or getattr(actor, "username", ""))[:150])
    custom.full_clean()
    try:
        with transaction.atomic():
            custom.save()
    except IntegrityError:
        raise ApplicationError("该域名已被添加。", code="domain_taken", fields={"domain": ["该域名已被添加。"]}, status=409) from None
    audit_record(actor=actor, action="domains.custom_domain.create", target=custom, after={"domain": name})
    return custom


def custom_domain_verify(*, actor, custom: CustomDomain) -> CustomDomain:
    """Look up the TXT record; when it holds the token, the domain is served from now on.
    The look-up happens outside any transaction (it may take seconds)."""
    if custom.status == DomainStatus.VERIFIED:
        return custom
    now = timezone.now()
    try:
        values = txt_values(custom.txt_name)
    except LookupFailed:
        custom.last_checked_at, custom.last_error = now, "DNS 查询超时或失败，请稍后重试。"
        custom.save(update_fields=["last_checked_at", "last_error"])
        raise ApplicationError(custom.last_error, code="domain_dns_unavailable", status=503) from None
    if custom.txt_value not in (value.strip() for value in values):
        custom.last_checked_at = now
        custom.last_error = (
            f"未在 {custom.txt_name} 找到 TXT 记录 {custom.txt_value}"
            + (f"（查到：{'；'.join(values)[:120]}）" if values else "（该名称下没有 TXT 记录）")
            + "。DNS 修改可能需要几分钟到几小时生效。"
        )[:300]
        custom.save(update_fields=["last_checked_at", "last_error"])
        audit_record(actor=actor, action="domains.custom_domain.verify_failed", target=custom)
        raise ApplicationError(custom.last_error, code="domain_txt_missing")
    with transaction.atomic():
        locked = CustomDomain.objects.select_for_update().get(pk=custom.pk)
        if locked.status != DomainStatus.VERIFIED:
            Domain.objects.get_or_create(domain=locked.domain, defaults={"tenant_id": locked.tenant_id, "is_primary": False})
            locked.status, locked.verified_at, locked.last_checked_at, locked.last_error = DomainStatus.VERIFIED, now, now, ""
            locked.save(update_fields=["status", "verified_at", "last_checked_at", "last_error"])
            audit_record(actor=actor, action="domains.custom_domain.verify", target=locked, after={"domain": locked.domain})
            tenants_changed()
    return locked


@transaction.atomic
def custom_domain_delete(*, actor, custom: CustomDomain) -> None:
    Domain.objects.filter(domain=custom.domain, tenant_id=custom.tenant_id, is_primary=False).delete()
    audit_record(actor=actor, action="domains.custom_domain.delete", target=custom, before={"domain": custom.domain, "status": custom.status})
    custom.delete()
    tenants_changed()
