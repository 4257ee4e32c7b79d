"""Creating tenants. Issue 3 adds the spare-schema pool; this is the direct path."""

from __future__ import annotations

import logging

from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name, schema_context

from core.hooks import TenantSeed, run_tenant_initializers
from core.tenancy import tenants_changed
from shared_apps.provisioning.enums import Module, TenantStatus, TenantType
from shared_apps.provisioning.errors import SlugUnavailable
from shared_apps.provisioning.models import Domain, Tenant
from shared_apps.provisioning.pool import spare_claim_as
from shared_apps.provisioning.selectors import slug_problem, tenant_domain_for

logger = logging.getLogger(__name__)


def public_tenant_ensure(*, base_domain: str) -> Tenant:
    """The public tenant and its hosts (bare domain, www., console.)."""
    tenant, _ = Tenant.objects.get_or_create(
        schema_name=get_public_schema_name(),
        defaults={"name": "平台", "status": TenantStatus.ACTIVE, "modules": []},
    )
    for index, host in enumerate([base_domain, f"www.{base_domain}", f"console.{base_domain}"]):
        Domain.objects.get_or_create(domain=host, defaults={"tenant": tenant, "is_primary": index == 0})
    return tenant


def tenant_provision(
    *,
    slug: str,
    name: str,
    type: str = TenantType.UNIVERSITY,
    modules: list[str] | None = None,
    plan: str = "standard",
    admin_username: str,
    admin_password: str | None = None,
    admin_password_hash: str | None = None,
    admin_email: str = "",
    admin_phone: str = "",
    admin_display_name: str = "",
    signup_id: int | None = None,
) -> Tenant:
    """Create a ready tenant: schema, domain, default groups and the first admin."""
    problem = slug_problem(slug, signup_id=signup_id)
    if problem:
        raise SlugUnavailable(problem, fields={"slug": [problem]})
    modules = [m for m in (modules or []) if m in Module.values]
    if type == TenantType.BUREAU:
        modules = [m for m in modules if m == Module.EXPERTS] or [Module.EXPERTS]
    seed = TenantSeed(
        schema_name=slug, name=name, type=type, modules=tuple(modules),
        admin_username=admin_username, admin_password=admin_password, admin_password_hash=admin_password_hash,
        admin_email=admin_email, admin_phone=admin_phone, admin_display_name=admin_display_name,
    )
    try:
        with transaction.atomic():
            tenant = Tenant(schema_name=slug, name=name, type=type, modules=modules, plan=plan, status=TenantStatus.PROVISIONING, contact_email=admin_email)
            # A spare schema from the pool is renamed in this transaction: if anything below fails,
            # the rename rolls back and the spare goes back to the pool.
            from_pool = spare_claim_as(slug)
            tenant.auto_create_schema = not from_pool
            tenant.save(verbosity=0)  # without a spare this creates and migrates the schema (seconds)
            Domain.objects.create(domain=tenant_domain_for(slug), tenant=tenant, is_primary=True)
            tenant_seed(tenant=tenant, seed=seed)
    except Exception:
        # Never leave a half-made schema that blocks the name.
        with connection.cursor() as cursor:
            if not Tenant.objects.filter(schema_name=slug).exists():
                cursor.execute(f'DROP SCHEMA IF EXISTS "{slug}" CASCADE')
        raise
    transaction.on_commit(_queue_pool_refill)
    Tenant.objects.filter(pk=tenant.pk).update(status=TenantStatus.ACTIVE)
    tenants_changed()
    tenant.status = TenantStatus.ACTIVE
    logger.info("tenant provisioned", extra={"slug": slug})
    return tenant


def tenant_seed(*, tenant: Tenant, seed: TenantSeed) -> None:
    with schema_context(tenant.schema_name), transaction.atomic():
        run_tenant_initializers(seed)


def tenant_reseed(*, tenant: Tenant) -> None:
    """Run the initializers again for a tenant that exists: what a module or a release adds
    (default groups, reference data) reaches it. Initializers only add what is missing and
    leave what the tenant changed; no admin account is created."""
    seed = TenantSeed(schema_name=tenant.schema_name, name=tenant.name, type=tenant.type,
                      modules=tuple(tenant.modules or ()), admin_username="")
    tenant_seed(tenant=tenant, seed=seed)


def tenant_modules_set(*, tenant: Tenant, modules: list[str]) -> Tenant:
    before = set(tenant.modules or [])
    tenant.modules = [m for m in modules if m in Module.values]
    tenant.save(update_fields=["modules"])
    if set(tenant.modules) - before:
        # A module switched on later starts as it would have in a new tenant.
        tenant_reseed(tenant=tenant)
    return tenant


def tenant_status_set(*, tenant: Tenant, status: str) -> Tenant:
    tenant.status = status
    tenant.save(update_fields=["status"])
    return tenant


def _queue_pool_refill() -> None:
    from django.conf import settings

    from shared_apps.provisioning.tasks import refill_spare_pool

    if settings.SPARE_SCHEMA_POOL_SIZE <= 0:
        return

    try:
        refill_spare_pool.delay()
    except Exception:  # broker down: the periodic refill catches up
        logger.warning("could not queue the spare pool refill")
