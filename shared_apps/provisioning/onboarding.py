"""Self-service sign-up (P3): form → e-mail verification → Stripe Checkout or trial →
provisioning in a task with progress → welcome e-mail and first login.

Every step is idempotent and every failure leaves a state the user can retry from.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import re
import secrets

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import ApplicationError
from shared_apps.provisioning.enums import Module, TenantType
from shared_apps.provisioning.models import SignupRequest, Tenant
from shared_apps.provisioning.selectors import slug_problem, tenant_domain_for

logger = logging.getLogger(__name__)
PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
Status = SignupRequest.Status


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _plan(code: str):
    from django.apps import apps

    Plan = apps.get_model("billing", "Plan")  # billing is a sibling shared app
    return Plan.objects.filter(code=code, is_public=True).first()


def signup_start(
    *, submit_token: str, org_name: str, type: str, slug: str, admin_name: str, admin_email: str, admin_phone: str,
    password: str, modules: list[str], plan_code: str, interval: str = "month", verify_url_for,
) -> SignupRequest:
    """Validate the form and send the verification e-mail. A double submit returns the first request."""
    existing = SignupRequest.objects.filter(submit_token=submit_token).first()
    if existing:
        return existing
    slug = (slug or "").strip().lower()
    errors: dict[str, list[str]] = {}
    if not org_name.strip():
        errors["org_name"] = ["请填写单位名称。"]
    if type not in TenantType.values:
        errors["type"] = ["请选择单位类型。"]
    problem = slug_problem(slug)
    if problem:
        errors["slug"] = [problem]
    if not admin_name.strip():
        errors["admin_name"] = ["请填写管理员姓名。"]
    try:
        validate_email(admin_email)
    except ValidationError:
        errors["admin_email"] = ["邮箱格式不正确。"]
    if not PHONE_RE.match(admin_phone or ""):
        errors["admin_phone"] = ["请填写 11 位手机号。"]
    try:
        validate_password(password)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    plan = _plan(plan_code)
    if plan is None:
        errors["plan"] = ["请选择套餐。"]
    modules = [m for m in modules if m in Module.values]
    if type == TenantType.BUREAU:
        modules = [Module.EXPERTS]
    if plan is not None:
        outside = [m for m in modules if m not in plan.modules]
        if outside:
            errors["modules"] = ["所选套餐不包含：" + "、".join(Module(m).label for m in outside)]
    if not modules:
        errors["modules"] = ["请至少选择一个模块。"]
    if interval not in ("month", "year"):
        errors["interval"] = ["请选择计费周期。"]
    if errors:
        raise ApplicationError("请检查填写的信息。", fields=errors)
    token = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            signup = SignupRequest.objects.create(
                submit_token=submit_token, org_name=org_name.strip(), type=type, slug=slug, admin_name=admin_name.strip(),
                admin_email=admin_email.strip(), admin_phone=admin_phone, password_hash=make_password(password), modules=modules,
                plan=plan.code, interval=interval, verify_token_hash=_hash(token),
                expires_at=timezone.now() + datetime.timedelta(hours=settings.SIGNUP_RESERVATION_HOURS),
            )
    except IntegrityError:
        return SignupRequest.objects.get(submit_token=submit_token)
    link = verify_url_for(token)
    transaction.on_commit(lambda: send_mail(
        "请验证您的邮箱以完成注册",
        f"{signup.admin_name}，您好：\n\n您正在为「{signup.org_name}」开通服务（{tenant_domain_for(slug)}）。"
        f"请在 {settings.SIGNUP_RESERVATION_HOURS} 小时内点击以下链接验证邮箱：\n{link}\n\n如非本人操作，请忽略本邮件。",
        settings.DEFAULT_FROM_EMAIL, [signup.admin_email],
    ))
    return signup


RESEND_INTERVAL = datetime.timedelta(seconds=60)


def signup_resend_verification(*, signup: SignupRequest, verify_url_for) -> SignupRequest:
    """Send the verification e-mail again with a new link (the old one stops working); at most
    once a minute, only while the request waits for verification and its reservation holds."""
    from django.core.cache import cache

    if signup.verified_at or signup.status != Status.PENDING_VERIFICATION:
        raise ApplicationError("该注册已验证，无需重新发送。", code="already_verified", status=409)
    if signup.expires_at <= timezone.now():
        raise ApplicationError("注册已过期，子域名已释放，请重新注册。", code="link_expired", status=410)
    if not cache.add(f"signup:resend:{signup.pk}", 1, int(RESEND_INTERVAL.total_seconds())):
        raise ApplicationError("邮件刚刚发送过，请 1 分钟后再试。", code="resend_too_soon", status=429)
    token = secrets.token_urlsafe(32)
    SignupRequest.objects.filter(pk=signup.pk).update(verify_token_hash=_hash(token))
    link = verify_url_for(token)
    send_mail(
        "请验证您的邮箱以完成注册（重新发送）",
        f"{signup.admin_name}，您好：\n\n请点击以下链接验证邮箱，完成「{signup.org_name}」的注册（{tenant_domain_for(signup.slug)}）：\n{link}\n\n"
        f"之前发送的链接已失效。如非本人操作，请忽略本邮件。",
        settings.DEFAULT_FROM_EMAIL, [signup.admin_email],
    )
    signup.refresh_from_db()
    return signup


def signup_verify(*, token: str) -> SignupRequest:
    signup = SignupRequest.objects.filter(verify_token_hash=_hash(token)).first()
    if signup is None:
        raise ApplicationError("验证链接无效。", code="invalid_link", status=404)
    if signup.verified_at:
        return signup
    if signup.expires_at <= timezone.now() or signup.status == Status.EXPIRED:
        SignupRequest.objects.filter(pk=signup.pk).update(status=Status.EXPIRED)
        raise ApplicationError("验证链接已过期，子域名已释放，请重新注册。", code="link_expired", status=410)
    problem = slug_problem(signup.slug, signup_id=signup.pk)
    signup.verified_at = timezone.now()
    plan = _plan(signup.plan)
    free = plan is not None and (plan.trial_without_card or (plan.price_month == 0 and plan.price_year == 0))
    if problem:
        signup.status = Status.FAILED
        signup.error = problem + "请换一个子域名后重试。"
    elif free:
        signup.status = Status.QUEUED
    else:
        signup.status = Status.AWAITING_PAYMENT
    signup.save()
    if signup.status == Status.QUEUED:
        _queue(signup)
    return signup


def signup_checkout_start(*, signup: SignupRequest, success_url: str, cancel_url: str) -> str:
    from shared_apps.billing import gateway

    if signup.status != Status.AWAITING_PAYMENT:
        raise ApplicationError("该注册当前不需要支付。", code="not_awaiting_payment")
    plan = _plan(signup.plan)
    price = plan.stripe_price(signup.interval) if plan else ""
    if not price:
        raise ApplicationError("该套餐暂不支持在线支付，请联系我们。", code="plan_not_purchasable")
    session_id, url = gateway.checkout_session_create(
        price_id=price, customer_email=signup.admin_email, reference=str(signup.public_id),
        success_url=success_url, cancel_url=cancel_url, trial_days=plan.trial_days,
        idempotency_key=f"checkout-{signup.public_id}-{signup.interval}",
    )
    SignupRequest.objects.filter(pk=signup.pk).update(checkout_session_id=session_id)
    return url


def signup_checkout_return(*, signup: SignupRequest, session_id: str) -> SignupRequest:
    """The browser came back from Checkout: ask Stripe whether the session is paid (the webhook
    may arrive later or earlier; both paths meet in signup_checkout_completed)."""
    from shared_apps.billing import gateway

    if signup.status != Status.AWAITING_PAYMENT or not session_id:
        return signup
    session = gateway.checkout_session_get(session_id)
    if session.get("client_reference_id") != str(signup.public_id):
        raise ApplicationError("支付会话与注册不匹配。", code="session_mismatch")
    if session.get("status") == "complete":
        signup_checkout_completed(session=session)
    elif session.get("status") == "expired":
        raise ApplicationError("支付未完成，会话已过期。您可以重新发起支付。", code="checkout_expired")
    signup.refresh_from_db()
    return signup


def signup_checkout_completed(*, session) -> SignupRequest | None:
    reference = session.get("client_reference_id") or (session.get("metadata") or {}).get("signup")
    if not reference:
        return None
    with transaction.atomic():
        signup = SignupRequest.objects.select_for_update().filter(public_id=reference).first()
        if signup is None or signup.status != Status.AWAITING_PAYMENT:
            return signup  # already handled (duplicate event or browser return first)
        signup.stripe_customer_id = session.get("customer") or ""
        signup.stripe_subscription_id = session.get("subscription") or ""
        signup.status = Status.QUEUED
        signup.save()
    _queue(signup)
    return signup


def _queue(signup: SignupRequest) -> None:
    from shared_apps.provisioning.tasks import provision_signup

    transaction.on_commit(lambda: provision_signup.delay(signup.pk))


def _progress(signup_id: int, percent: int, note: str) -> None:
    SignupRequest.objects.filter(pk=signup_id).update(progress=percent, progress_note=note)


def signup_provision(*, signup_id: int) -> SignupRequest:
    """The task body. Safe to run twice: a ready sign-up is left alone."""
    from shared_apps.provisioning.services import tenant_provision

    with transaction.atomic():
        signup = SignupRequest.objects.select_for_update().get(pk=signup_id)
        if signup.status not in (Status.QUEUED, Status.PROVISIONING):
            return signup
        existing = Tenant.objects.filter(schema_name=signup.slug).first()
        if existing and signup.tenant_id_created == existing.pk:
            signup.status = Status.READY
            signup.save()
            return signup
        signup.status = Status.PROVISIONING
        signup.save(update_fields=["status"])
    _progress(signup.pk, 20, "正在检查子域名")
    problem = slug_problem(signup.slug, signup_id=signup.pk)
    if problem:
        return _fail(signup, problem + "请换一个子域名后重试。")
    _progress(signup.pk, 40, "正在创建数据空间")
    try:
        tenant = tenant_provision(
            slug=signup.slug, name=signup.org_name, type=signup.type, modules=list(signup.modules), plan=signup.plan,
            admin_username=signup.admin_username, admin_password_hash=signup.password_hash, admin_email=signup.admin_email,
            admin_phone=signup.admin_phone, admin_display_name=signup.admin_name, signup_id=signup.pk,
        )
    except ApplicationError as exc:
        return _fail(signup, exc.message)
    except Exception:
        logger.exception("provisioning failed", extra={"signup": signup.pk})
        return _fail(signup, "开通过程中出现系统错误，我们已收到通知。请稍后点击重试。")
    _progress(signup.pk, 80, "正在配置账户与计费")
    _subscription_attach(signup=signup, tenant=tenant)
    SignupRequest.objects.filter(pk=signup.pk).update(status=Status.READY, progress=100, progress_note="开通完成", tenant_id_created=tenant.pk, error="")
    login_url = f"http://{tenant_domain_for(tenant.schema_name)}/admin-ui/login/"
    send_mail(
        f"欢迎使用 —— {signup.org_name} 已开通",
        f"{signup.admin_name}，您好：\n\n您的站点已开通：{login_url}\n管理员账号：{signup.admin_username}（密码为注册时设置的密码）。\n\n祝使用愉快！",
        settings.DEFAULT_FROM_EMAIL, [signup.admin_email],
    )
    signup.refresh_from_db()
    return signup


def _subscription_attach(*, signup: SignupRequest, tenant: Tenant) -> None:
    from django.apps import apps

    Subscription = apps.get_model("billing", "Subscription")
    sub, _ = Subscription.objects.update_or_create(
        tenant=tenant,
        defaults={
            "stripe_customer_id": signup.stripe_customer_id, "stripe_subscription_id": signup.stripe_subscription_id,
            "plan_code": signup.plan, "interval": signup.interval, "status": "trialing" if not signup.stripe_subscription_id else "",
        },
    )
    if signup.stripe_subscription_id:
        from shared_apps.billing.services import subscription_sync

        try:
            subscription_sync(subscription_id=signup.stripe_subscription_id, customer_id=signup.stripe_customer_id)
        except Exception:  # the webhook will bring it in sync
            logger.warning("subscription sync after provisioning failed", exc_info=True)


def _fail(signup: SignupRequest, message: str) -> SignupRequest:
    SignupRequest.objects.filter(pk=signup.pk).update(status=Status.FAILED, error=message[:500], progress=0, progress_note="")
    signup.refresh_from_db()
    return signup


def signup_retry(*, signup: SignupRequest, new_slug: str = "") -> SignupRequest:
    if signup.status != Status.FAILED:
        raise ApplicationError("只有开通失败的注册可以重试。", code="not_failed")
    slug = (new_slug or signup.slug).strip().lower()
    problem = slug_problem(slug, signup_id=signup.pk)
    if problem:
        raise ApplicationError(problem, fields={"slug": [problem]})
    signup.slug = slug
    signup.error = ""
    signup.status = Status.QUEUED
    signup.expires_at = max(signup.expires_at, timezone.now() + datetime.timedelta(hours=1))
    signup.save()
    _queue(signup)
    return signup


def signups_expire() -> int:
    return SignupRequest.objects.filter(
        status__in=[Status.PENDING_VERIFICATION, Status.AWAITING_PAYMENT], expires_at__lte=timezone.now()
    ).update(status=Status.EXPIRED)
