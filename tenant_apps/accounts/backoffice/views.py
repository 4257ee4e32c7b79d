"""Back-office entry: login, logout, heartbeat and the dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.tenancy import MODULE_LABELS
from core.web.views import BackofficeMixin
from tenant_apps.accounts.enums import WeChatScanLoginMode
from tenant_apps.accounts.security import heartbeat_record, login_attempt
from tenant_apps.accounts.selectors import security_settings


def _scan_login_mode() -> str:
    return security_settings().wechat_scan_login


class LoginView(View):
    """Password login; with WeChat scan login on (登录安全设置), the page also shows the
    official account's QR (instead of the password) or asks for a scan after it (second factor)."""

    template_name = "accounts/backoffice/login.html"

    def _render(self, request, context: dict, status: int = 200):
        if _scan_login_mode() == WeChatScanLoginMode.INSTEAD_OF_PASSWORD:
            from tenant_apps.wechat.backoffice.views import scan_qr_context
            from tenant_apps.wechat.enums import ScanPurpose

            context.update(scan_qr_context(request, purpose=ScanPurpose.LOGIN))
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        if request.user.is_authenticated and request.user.is_backoffice_user:
            return redirect("backoffice:dashboard")
        return self._render(request, {"next": request.GET.get("next", "")})

    def post(self, request):
        identifier = request.POST.get("username", "").strip()
        password = request.POST.get("password", "")
        next_url = request.POST.get("next", "")
        if not identifier or not password:
            return self._render(request, {"error": "请输入账号和密码。", "username": identifier, "next": next_url}, status=400)
        try:
            user = login_attempt(identifier=identifier, password=password, channel="backoffice", request=request)
        except ApplicationError as exc:
            return self._render(request, {"error": exc.message, "username": identifier, "next": next_url}, status=exc.status)
        if not user.is_backoffice_user:
            return self._render(request, {"error": "该账号不能登录管理后台，请使用移动端。", "username": identifier, "next": next_url}, status=403)
        if _scan_login_mode() == WeChatScanLoginMode.SECOND_FACTOR and user.wechat_openid:
            # Password right: the login finishes when the bound WeChat scans (wechat ScanStatusView).
            from tenant_apps.wechat.backoffice.views import SECOND_FACTOR_KEY, scan_qr_context
            from tenant_apps.wechat.enums import ScanPurpose

            context = scan_qr_context(request, purpose=ScanPurpose.SECOND_FACTOR, user=user)
            if "scan_error" in context:
                return self._render(request, {"error": context["scan_error"], "username": identifier, "next": next_url}, status=503)
            request.session[SECOND_FACTOR_KEY] = {"user_id": user.pk, "next": next_url}
            return render(request, "accounts/backoffice/login_scan.html", {**context, "username": user.username})
        login(request, user)
        if _scan_login_mode() == WeChatScanLoginMode.SECOND_FACTOR:
            messages.warning(request, "本单位已开启微信扫码确认登录，请在“微信绑定”中绑定您的微信，否则将来可能无法登录。")
        if user.must_change_password:
            messages.warning(request, "请先修改初始密码。")
            return redirect("backoffice:password_change")
        if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            return redirect(next_url)
        return redirect("backoffice:dashboard")


@require_POST
def logout_view(request):
    logout(request)
    return redirect("backoffice:login")


@require_POST
def heartbeat_view(request):
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    activity = heartbeat_record(user=request.user)
    return JsonResponse({"active_seconds": activity.active_seconds})


class DashboardView(BackofficeMixin, TemplateView):
    template_name = "accounts/backoffice/dashboard.html"
    page_title = "工作台"

    def get_context_data(self, **kwargs):
        from core.hooks import collect_usage

        context = super().get_context_data(**kwargs)
        tenant = self.request.tenant
        context["module_cards"] = [
            {"key": m, "label": MODULE_LABELS[m], "url": _module_home(m)} for m in tenant.modules or []
        ]
        context["usage"] = [
            {"key": key, "label": USAGE_LABELS.get(key, key), "value": value} for key, value in collect_usage().items()
        ]
        return context


USAGE_LABELS = {"users": "用户数", "students": "学生数", "alumni": "校友数", "experts": "专家数", "storage_mb": "存储（MB）"}
# Where each module's card leads; modules without back-office pages yet show "即将上线".
MODULE_HOMES = {"employment": ("home",), "alumni": ("home",), "experts": ("home", "expert_list")}


def _module_home(module: str) -> str:
    from django.urls import NoReverseMatch

    for name in MODULE_HOMES.get(module, ("home",)):
        try:
            return reverse(f"backoffice:{module}:{name}")
        except NoReverseMatch:
            continue
    return ""


class PasswordChangeView(BackofficeMixin, TemplateView):
    template_name = "accounts/backoffice/password_change.html"
    page_title = "修改密码"

    def post(self, request):
        from django.contrib.auth import update_session_auth_hash

        from tenant_apps.accounts.services import user_change_own_password

        try:
            user_change_own_password(user=request.user, old_password=request.POST.get("old_password", ""), new_password=request.POST.get("new_password", ""))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message, fields=exc.fields), status=400)
        update_session_auth_hash(request, request.user)
        messages.success(request, "密码已修改。")
        return redirect("backoffice:dashboard")
