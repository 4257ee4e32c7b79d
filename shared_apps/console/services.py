"""Console actions. Each one is written to two audit trails in the same transaction: the public
schema's (what vendor staff did) and the tenant's own (so the school sees who changed it)."""

from __future__ import annotations

import datetime
import hmac
from dataclasses import dataclass

import pyotp
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core import signing
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from core.audit import audit_record, snapshot
from core.context import current_request_info
from core.errors import ApplicationError
from shared_apps.billing import services as billing_services
from shared_apps.billing.services import PlanChange
from shared_apps.console import selectors
from shared_apps.console.errors import (
    ConsoleActionInvalid,
    ConsoleLoginRefused,
    ImpersonationRefused,
)
from shared_apps.console.models import ImpersonationGrant, StaffSecondFactor
from shared_apps.provisioning import onboarding
from shared_apps.provisioning.enums import Module, TenantStatus, TenantType
from shared_apps.provisioning.models import SignupRequest, Tenant
from shared_apps.provisioning.pool import pool_status
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
    return tenant


# --- two-factor sign-in (TOTP) ---------------------------------------------------------------------

TOTP_ISSUER = "平台控制台"
TOTP_VALID_WINDOW = 1  # the step before and after the current one are accepted (clock drift)


def _totp(factor: StaffSecondFactor) -> pyotp.TOTP:
    return pyotp.TOTP(factor.secret)


def second_factor_provisioning_uri(*, factor: StaffSecondFactor, user) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code."""
    return _totp(factor).provisioning_uri(name=user.get_username(), issuer_name=TOTP_ISSUER)


@transaction.atomic
def second_factor_enrolment_start(*, user) -> StaffSecondFactor:
    """The staff member's pending (unconfirmed) authenticator; the same secret until confirmed,
    so reloading the page does not invalidate what was already scanned. A confirmed factor
    cannot be replaced here: that would let a stolen password reset the second factor."""
    factor = StaffSecondFactor.objects.select_for_update().filter(user_id=user.pk).first()
    if factor is not None and factor.is_confirmed:
        raise ConsoleActionInvalid("两步验证已启用。", code="second_factor_already_enabled")
    if factor is None:
        factor = StaffSecondFactor(user_id=user.pk, secret=pyotp.random_base32())
        factor.full_clean()
        factor.save()
    return factor


def _code_accept(*, factor: StaffSecondFactor, code: str) -> bool:
    """Accept a code of the current step ±1, once: the step must be newer than the last one
    used. The caller holds the row lock (select_for_update)."""
    code = "".join((code or "").split())
    if not (code.isdigit() and len(code) == 6):
        return False
    totp = _totp(factor)
    now_step = totp.timecode(timezone.now())
    for step in range(now_step - TOTP_VALID_WINDOW, now_step + TOTP_VALID_WINDOW + 1):
        if step > factor.last_used_step and hmac.compare_digest(totp.generate_otp(step), code):
            factor.last_used_step = step
            factor.save(update_fields=["last_used_step"])
            return True
    return False


def _code_refused(user, message: str) -> ConsoleLoginRefused:
    _count_failure(user.get_username(), current_request_info().ip)
    audit_record(actor=user, action="console.second_factor_failed", target=user)
    return ConsoleLoginRefused(message, code="second_factor_invalid")


def second_factor_confirm(*, user, code: str) -> StaffSecondFactor:
    """Turn the pending authenticator on with a first valid code."""
    with transaction.atomic():
        factor = StaffSecondFactor.objects.select_for_update().filter(user_id=user.pk, confirmed_at__isnull=True).first()
        if factor is None:
            raise ConsoleActionInvalid("没有待启用的验证器，请刷新页面重试。", code="second_factor_not_pending")
        if _code_accept(factor=factor, code=code):
            factor.confirmed_at = timezone.now()
            factor.save(update_fields=["confirmed_at"])
            audit_record(actor=user, action="console.second_factor_enabled", target=user)
            return factor
    raise _code_refused(user, "验证码不正确，请确认手机时间准确后重试。")


def second_factor_verify(*, user, code: str) -> None:
    """The second step of sign-in. A code is good once; failures count towards the lockout."""
    if _locked(user.get_username()):
        raise ConsoleLoginRefused("登录失败次数过多，请稍后再试。", code="console_login_locked")
    with transaction.atomic():
        factor = StaffSecondFactor.objects.select_for_update().filter(user_id=user.pk, confirmed_at__isnull=False).first()
        if factor is None:
            raise ConsoleLoginRefused("请先启用两步验证。", code="second_factor_missing")
        if _code_accept(factor=factor, code=code):
            audit_record(actor=user, action="console.login_second_factor", target=user)
            cache.delete(_failure_key("user", user.get_username()))
            return
    raise _code_refused(user, "验证码不正确或已使用过，请等待新的验证码。")


@transaction.atomic
def second_factor_reset(*, actor, user_id: int, reason: str) -> None:
    """Another staff member removes a colleague's authenticator (lost phone); they enrol again
    at their next sign-in."""
    reason = _reason(reason)
    if user_id == actor.pk:
        raise ConsoleActionInvalid("不能重置自己的两步验证。")
    target = staff_users().filter(pk=user_id).first()
    if target is None:
        raise ConsoleActionInvalid("没有这个平台员工。")
    StaffSecondFactor.objects.filter(user_id=user_id).delete()
    audit_record(actor=actor, action="console.second_factor_reset", target=target, before=None, after={"reason": reason}, only_changes=False)


# --- billing actions -------------------------------------------------------------------------------


@transaction.atomic
def tenant_plan_change(*, actor, tenant: Tenant, plan_code: str, reason: str) -> PlanChange:
    """Put the tenant on another plan (its limits follow). For an online payer the Stripe
    subscription moves to the new plan's price (prorated) first; if Stripe refuses, nothing changes.
    Contract tenants and tenants without a subscription: only our records."""
    reason = _reason(reason)
    before = snapshot(tenant, AUDITED_FIELDS)
    change = billing_services.plan_change_apply(tenant=tenant, plan_code=plan_code)
    billing_before, billing_after = change.audit()
    _record_both(
        actor=actor, tenant=tenant, action="console.tenant_plan",
        before={**before, **billing_before}, after={**snapshot(tenant, AUDITED_FIELDS), **billing_after}, reason=reason,
    )
    return change


@transaction.atomic
def tenant_paid_offline_set(*, actor, tenant: Tenant, paid_until: datetime.date | None, reason: str) -> Tenant:
    """Contract billing: the tenant paid outside Stripe until `paid_until` and behaves as active
    until then (Tenant.effective_status). None clears it."""
    reason = _reason(reason)
    if paid_until is not None and paid_until < timezone.localdate():
        raise ConsoleActionInvalid("日期不能早于今天。", fields={"paid_until": ["日期不能早于今天。"]})
    if paid_until == tenant.paid_offline_until:
        raise ConsoleActionInvalid("日期没有变化。")
    fields = ["paid_offline_until", "status"]
    before = snapshot(tenant, fields)
    tenant.paid_offline_until = paid_until
    tenant.save(update_fields=["paid_offline_until"])
    _record_both(actor=actor, tenant=tenant, action="console.tenant_paid_offline", before=before, after=snapshot(tenant, fields), reason=reason)
    return tenant


# --- provisioning ----------------------------------------------------------------------------------


@transaction.atomic
def signup_retry(*, actor, signup: SignupRequest, new_slug: str, reason: str) -> SignupRequest:
    """Queue a failed sign-up's provisioning again (optionally under another sub-domain)."""
    reason = _reason(reason)
    before = {"status": signup.status, "slug": signup.slug, "error": signup.error}
    try:
        signup = onboarding.signup_retry(signup=signup, new_slug=new_slug)
    except ApplicationError as exc:
        raise ConsoleActionInvalid(exc.message, fields=exc.fields) from exc
    audit_record(
        actor=actor, action="console.signup_retry", target=signup,
        before=before, after={"status": signup.status, "slug": signup.slug, "error": signup.error, "reason": reason}, only_changes=False,
    )
    return signup


@transaction.atomic
def spare_pool_refill(*, actor) -> None:
    """Queue a refill of the spare schema pool (the task tops it up and migrates stale spares)."""
    from shared_apps.provisioning.tasks import refill_spare_pool

    audit_record(actor=actor, action="console.spare_pool_refill", object_type="provisioning.spareschema", object_label="备用模式池", after=pool_status(), only_changes=False)
    transaction.on_commit(refill_spare_pool.delay)


# --- impersonation ---------------------------------------------------------------------------------

IMPERSONATION_MAX_MINUTES = 30
IMPERSONATION_TOKEN_SALT = "console.impersonation"
IMPERSONATION_TOKEN_MAX_AGE = 60  # seconds between the console's redirect and the tenant host


def _staff_label(user) -> str:
    return (getattr(user, "display_name", "") or user.get_username())[:150]


def _target_check(*, tenant: Tenant, target_user_id: int):
    """The tenant user to enter as (read in the tenant's schema), or ImpersonationRefused."""
    with schema_context(tenant.schema_name):
        user = get_user_model().objects.filter(pk=target_user_id).first()
        if user is None:
            raise ImpersonationRefused("该单位没有这个用户。", fields={"target": ["请选择用户。"]})
        if user.kind == selectors.VENDOR_KIND:
            raise ImpersonationRefused("不能代为登录平台客服账号。", code="impersonation_target_vendor", fields={"target": ["不能选择平台客服账号。"]})
        if not get_user_model().objects.filter(selectors.impersonation_targets_q(), pk=user.pk).exists():
            raise ImpersonationRefused("只能代为登录已启用的管理后台用户。", fields={"target": ["只能选择已启用的管理后台用户。"]})
        return user


@transaction.atomic
def impersonation_start(*, actor, tenant: Tenant, target_user_id: int, reason: str, minutes: int = IMPERSONATION_MAX_MINUTES) -> tuple[ImpersonationGrant, str]:
    """Grant the staff member a session in the tenant's back office as `target_user_id`.
    Returns the grant and a signed one-time token for the tenant host (valid one minute)."""
    reason = _reason(reason)
    if not 1 <= int(minutes) <= IMPERSONATION_MAX_MINUTES:
        raise ConsoleActionInvalid(f"时长须在 1 到 {IMPERSONATION_MAX_MINUTES} 分钟之间。", fields={"minutes": ["时长不正确。"]})
    if tenant.status in (TenantStatus.SUSPENDED, TenantStatus.PROVISIONING):
        raise ImpersonationRefused("该单位当前无法进入管理后台（已暂停或开通中）。")
    target = _target_check(tenant=tenant, target_user_id=target_user_id)
    grant = ImpersonationGrant(
        tenant=tenant, staff_user_id=actor.pk, staff_label=_staff_label(actor), target_user_id=target.pk,
        target_label=f"{target.display_name or target.username}（{target.username}）"[:150], reason=reason, minutes=int(minutes),
    )
    grant.full_clean()
    grant.save()
    after = {"target": grant.target_label, "minutes": grant.minutes, "grant": grant.pk}
    _record_both(actor=actor, tenant=tenant, action="console.impersonation_start", before=dict.fromkeys(after), after=after, reason=reason)
    token = signing.dumps({"g": grant.pk, "t": tenant.schema_name, "n": grant.nonce}, salt=IMPERSONATION_TOKEN_SALT)
    return grant, token


def impersonation_redeem(*, token: str, tenant) -> tuple[ImpersonationGrant, object]:
    """On the tenant host: check the token (signature, age, tenant, not used yet), mark the grant
    used and return it with the tenant user to sign in as. Written to the tenant's audit log,
    with the impersonator, by the caller once the session exists."""
    try:
        data = signing.loads(token, salt=IMPERSONATION_TOKEN_SALT, max_age=IMPERSONATION_TOKEN_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ImpersonationRefused("代为登录链接已过期（一分钟内有效），请回到控制台重新发起。", code="impersonation_token_expired") from exc
    except signing.BadSignature as exc:
        raise ImpersonationRefused("代为登录链接无效。", code="impersonation_token_invalid") from exc
    if data.get("t") != tenant.schema_name:
        raise ImpersonationRefused("该链接不属于本单位。", code="impersonation_wrong_tenant")
    with schema_context(get_public_schema_name()), transaction.atomic():
        grant = (
            ImpersonationGrant.objects.select_for_update()
            .filter(pk=data.get("g"), nonce=data.get("n"), tenant_id=tenant.pk)
            .first()
        )
        if grant is None:
            raise ImpersonationRefused("代为登录链接无效。", code="impersonation_token_invalid")
        if grant.redeemed_at is not None:
            raise ImpersonationRefused("代为登录链接已使用过，请回到控制台重新发起。", code="impersonation_token_used")
        now = timezone.now()
        grant.redeemed_at = now
        grant.expires_at = now + datetime.timedelta(minutes=min(grant.minutes, IMPERSONATION_MAX_MINUTES))
        grant.save(update_fields=["redeemed_at", "expires_at"])
    target = _target_check(tenant=tenant, target_user_id=grant.target_user_id)
    return grant, target


def impersonation_entered(*, grant: ImpersonationGrant, user) -> None:
    """The tenant's audit row for the start of the session (its actor carries the impersonator)."""
    audit_record(
        actor=user, action="impersonation.start", target=user, before=None,
        after={"grant": grant.pk, "reason": grant.reason, "expires_at": grant.expires_at}, only_changes=False,
    )


def impersonation_end(*, grant_id: int) -> ImpersonationGrant | None:
    """The staff member pressed "end": close the grant and write it to the console's log (the
    tenant's row is written when the session is logged out, see core.impersonation)."""
    with schema_context(get_public_schema_name()), transaction.atomic():
        grant = ImpersonationGrant.objects.select_for_update().select_related("tenant").filter(pk=grant_id, ended_at__isnull=True).first()
        if grant is None:
            return None
        grant.ended_at = timezone.now()
        grant.save(update_fields=["ended_at"])
        staff = staff_users().filter(pk=grant.staff_user_id).first()
        audit_record(
            actor=staff, action="console.impersonation_end", target=grant.tenant, before=None,
            after={"grant": grant.pk, "target": grant.target_label}, only_changes=False,
        )
        return grant


@dataclass(frozen=True)
class AuditExport:
    file: object
    filename: str
    rows: int
    truncated: bool


def tenant_audit_export(*, actor, tenant: Tenant, reason: str, date_from: datetime.date | None = None, date_to: datetime.date | None = None) -> AuditExport:
    """The tenant's own audit trail as .xlsx, for vendor staff (P5, P10). It holds names and
    IP addresses, so it needs a reason, and it is recorded on both sides: in the console's trail
    and in the tenant's own, where the school sees that the vendor exported it."""
    from core.web.audit_views import audit_event_search, audit_workbook

    reason = _reason(reason)
    if date_from and date_to and date_from > date_to:
        raise ConsoleActionInvalid("开始日期不能晚于结束日期。", fields={"date_to": ["开始日期不能晚于结束日期。"]})
    filters = {"date_from": date_from.isoformat() if date_from else "", "date_to": date_to.isoformat() if date_to else ""}
    with schema_context(tenant.schema_name):
        handle, rows, truncated = audit_workbook(audit_event_search(filters))
    details = {"date_from": filters["date_from"] or None, "date_to": filters["date_to"] or None, "rows": rows, "truncated": truncated, "reason": reason}
    audit_record(actor=actor, action="console.tenant_audit_export", target=tenant, after=details, only_changes=False)
    with schema_context(tenant.schema_name):
        audit_record(
            actor=vendor_actor(actor), action="console.tenant_audit_export", object_type="provisioning.tenant",
            object_id=tenant.pk, object_label=tenant.name, after=details, only_changes=False,
        )
    return AuditExport(file=handle, filename=f"audit-{tenant.schema_name}-{timezone.localtime():%Y%m%d-%H%M%S}.xlsx", rows=rows, truncated=truncated)
