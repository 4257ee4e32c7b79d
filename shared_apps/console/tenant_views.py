"""Tenant-host side of impersonation (the back office, inside the tenant's schema)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core.errors import ApplicationError
from core.impersonation import impersonation_info, impersonation_start
from core.tenancy import is_public
from shared_apps.console import services
from shared_apps.console.hosts import sibling_host_url


@never_cache
@require_GET
def impersonation_enter_view(request, token: str):
    if is_public(request):
        return render(request, "console/impersonation_refused.html", {"message": "请在单位的域名下使用该链接。"}, status=404)
    try:
        grant, user = services.impersonation_redeem(token=token, tenant=request.tenant)
    except ApplicationError as exc:
        return render(request, "console/impersonation_refused.html", {"message": exc.message, "code": exc.code}, status=exc.status)
    last_login = user.last_login
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    # Entering as the user is not the user's own login: keep their "last login" truthful.
    get_user_model().objects.filter(pk=user.pk).update(last_login=last_login)
    impersonation_start(
        request, label=grant.staff_label, expires_at=grant.expires_at.timestamp(), grant_id=grant.pk,
        end_url=reverse("backoffice:impersonation_end"), expired_url=reverse("backoffice:impersonation_ended"),
    )
    services.impersonation_entered(grant=grant, user=request.user)
    messages.warning(request, f"您正以 {grant.target_label} 的身份操作，{grant.minutes} 分钟后自动退出。")
    return redirect("backoffice:dashboard")


@require_POST
def impersonation_end_view(request):
    data = impersonation_info(request)
    if not data or not request.user.is_authenticated:
        return redirect("backoffice:login")
    request.impersonation_end_cause = "ended"
    logout(request)  # writes the tenant's audit row (core.impersonation)
    services.impersonation_end(grant_id=data.get("grant_id"))
    # A same-host page with the way back: CSP form-action forbids redirecting this form's
    # submission to the console's host.
    messages.success(request, "已结束代为登录。")
    return redirect("backoffice:impersonation_ended")


@never_cache
@require_GET
def impersonation_ended_view(request):
    """Where an impersonated session lands when it ends (button or time up; the message says
    which), with the way back to the console. Without that message: the login page."""
    if not list(messages.get_messages(request)):
        return redirect("backoffice:login")
    console_url = ""
    if not is_public(request):
        path = reverse("console:tenant_detail", urlconf=settings.CONSOLE_URLCONF, kwargs={"slug": request.tenant.schema_name})
        console_url = f"{sibling_host_url(request, 'console')}{path}"
    return render(request, "console/impersonation_ended.html", {"console_url": console_url})
