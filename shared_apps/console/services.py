"""Console actions. Each one is written to two audit trails in the same transaction: the public
schema's (what vendor staff did) and the tenant's own (so the school sees who changed it)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.cache import cache
from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name, schema_context

from core.audit import audit_record, snapshot
from core.context import current_request_info
from core.tenancy import forget_cached_tenants
from shared_apps.console.errors import ConsoleActionInvalid, ConsoleLoginRefused
from shared_apps.provisioning.enums import Module, TenantStatus, TenantType
from shared_apps.provisioning.models import Tenant
from shared_apps.provisioning.services import tenant_modules_set, tenant_status_set

AUDITED_FIELDS = ["status", "modules", "plan"]


@dataclass(frozen=True)
class VendorActor:
    """How a vendor staff member appears in a tenant's audit trail. The public user's id means
    nothing inside a tenant schema, so it is not stored there (actor_id stays empty)."""

    label: str
    pk: None = None
    is_anonymous: bool = False
    impersonator_label: str = ""

    @property
    def display_name(self) -> str:
        return self.label


def vendor_actor(user) -> VendorActor:
    name = getattr(user, "display_name", "") or user.get_username()
    return VendorActor(label=f"平台客服 {name}"[:150])


# --- sign-in -----------------------------------------------------------------------------------


def _failure_key(kind: str, value: str) -> str:
    return f"console-login-fail:{kind}:{value}"


def _locked(identifier: str) -> bool:
    return (cache.get(_failure_key("user", identifier)) or 0) >= settings.LOGIN_MAX_FAILURES_PER_ACCOUNT


def _count_failure(identifier: str, ip: str | None) -> None:
    for kind, value in (("user", identifier), ("ip", ip)):
        if not value:
            continue
        key = _failure_key(kind, value)
        if cache.add(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS) is False:
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS)


def console_login_check(*, username: str, password: str, request=None):
    """Vendor staff only: an active `is_staff` user of the public schema. Locks the account
    name for LOGIN_LOCKOUT_SECONDS after LOGIN_MAX_FAILURES_PER_ACCOUNT failures."""
    if connection.schema_name != get_public_schema_name():
        raise ConsoleLoginRefused("平台控制台只能在平台域名登录。")
    ip = current_request_info().ip
    if _locked(username) or (ip and (cache.get(_failure_key("ip", ip)) or 0) >= settings.LOGIN_MAX_FAILURES_PER_IP):
        raise ConsoleLoginRefused("登录失败次数过多，请稍后再试。", code="console_login_locked")
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_staff or not user.is_active:
        _count_failure(username, ip)
        audit_record(actor=None, action="console.login_failed", object_type="console.login", object_label=username[:200])
        raise ConsoleLoginRefused("账号或密码错误，或该账号不是平台员工。")
    cache.delete(_failure_key("user", username))
    audit_record(actor=user, action="console.login", target=user)
    return user


def second_factor_required(user) -> bool:
    """Hook for TOTP: when it returns True the login view must ask for a code before
    `login()`. Always False until two-factor sign-in ships."""
    return False


def staff_users():
    return get_user_model().objects.filter(is_staff=True, is_active=True)


# --- tenant actions --------------------------------------------------------------------------------


def _record_both(*, actor, tenant: Tenant, action: str, before: dict, after: dict, reason: str) -> None:
    before = {**before, "reason": None}
    after = {**after, "reason": reason}
    audit_record(actor=actor, action=action, target=tenant, before=before, after=after)
    with schema_context(tenant.schema_name):
        audit_record(
            actor=vendor_actor(actor), action=action, object_type="provisioning.tenant",
            object_id=tenant.pk, object_label=tenant.name, before=before, after=after,
        )


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ConsoleActionInvalid("请填写原因。", fields={"reason": ["请填写原因。"]})
    return reason[:500]


@transaction.atomic
def tenant_suspend(*, actor, tenant: Tenant, reason: str) -> Tenant:
    """Stop the tenant's service (sites show a notice; data is kept)."""
    reason = _reason(reason)
    if tenant.status == TenantStatus.SUSPENDED:
        raise ConsoleActionInvalid("该单位已处于暂停状态。")
    before = snapshot(tenant, AUDITED_FIELDS)
    tenant_status_set(tenant=tenant, status=TenantStatus.SUSPENDED)
    _record_both(actor=actor, tenant=tenant, action="console.tenant_suspend", before=before, after=snapshot(tenant, AUDITED_FIELDS), reason=reason)
    transaction.on_commit(forget_cached_tenants)
    return tenant


@transaction.atomic
def tenant_resume(*, actor, tenant: Tenant, reason: str) -> Tenant:
    """Put a suspended / read-only tenant back into normal service."""
    reason = _reason(reason)
    if tenant.status == TenantStatus.ACTIVE:
        raise ConsoleActionInvalid("该单位已是正常状态。")
    before = snapshot(tenant, AUDITED_FIELDS)
    tenant_status_set(tenant=tenant, status=TenantStatus.ACTIVE)
    _record_both(actor=actor, tenant=tenant, action="console.tenant_resume", before=before, after=snapshot(tenant, AUDITED_FIELDS), reason=reason)
    transaction.on_commit(forget_cached_tenants)
    return tenant


def allowed_modules(tenant: Tenant) -> list[str]:
    return [Module.EXPERTS] if tenant.type == TenantType.BUREAU else list(Module.values)


@transaction.atomic
def tenant_modules_change(*, actor, tenant: Tenant, modules: list[str], reason: str) -> Tenant:
    """Switch modules on or off. A module switched off disappears for the tenant at once
    (URLs, menus, API); its data stays."""
    reason = _reason(reason)
    allowed = allowed_modules(tenant)
    unknown = [m for m in modules if m not in allowed]
    if unknown:
        raise ConsoleActionInvalid("该单位类型不能开通所选模块。", fields={"modules": [f"不可开通：{', '.join(unknown)}"]})
    wanted = [m for m in Module.values if m in modules]
    if wanted == list(tenant.modules or []):
        raise ConsoleActionInvalid("模块没有变化。")
    before = snapshot(tenant, AUDITED_FIELDS)
    tenant_modules_set(tenant=tenant, modules=wanted)
    _record_both(actor=actor, tenant=tenant, action="console.tenant_modules", before=before, after=snapshot(tenant, AUDITED_FIELDS), reason=reason)
    transaction.on_commit(forget_cached_tenants)
    return tenant
