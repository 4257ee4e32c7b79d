"""WeChat H5 login (P7): OAuth, identity binding, unbinding, password reset by code.

Outside WeChat the H5 keeps its phone / password login (tenant_apps.accounts.h5).
"""

from __future__ import annotations

import secrets

from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.views import H5Mixin
from tenant_apps.wechat import selectors, services
from tenant_apps.wechat.enums import StudentBindingMode

OAUTH_SESSION_KEY = "wechat_oauth"
PENDING_SESSION_KEY = "wechat_pending"
SCOPE_BASE, SCOPE_USERINFO = "snsapi_base", "snsapi_userinfo"


def _safe_next(value: str | None) -> str:
    return value if value and value.startswith("/h5/") and not value.startswith("//") else reverse("h5:home")


def _in_wechat(request) -> bool:
    return "MicroMessenger" in request.META.get("HTTP_USER_AGENT", "")


def _error(request, message: str, status: int = 400):
    return render(request, "wechat/h5/error.html", {"message": message, "page_title": "微信登录"}, status=status)


def _authorize(request, account, *, scope: str, next_url: str):
    state = secrets.token_urlsafe(16)
    request.session[OAUTH_SESSION_KEY] = {"state": state, "scope": scope, "next": next_url}
    redirect_uri = request.build_absolute_uri(reverse("h5:wechat_oauth_callback"))
    return redirect(services.oauth_authorize_url(account=account, redirect_uri=redirect_uri, scope=scope, state=state))


def _sign_in(request, user, openid: str, next_url: str):
    try:
        services.wechat_login_check(user=user, openid=openid)
    except ApplicationError as exc:
        return _error(request, exc.message, exc.status)
    request.session.pop(PENDING_SESSION_KEY, None)
    login(request, user)
    return redirect(next_url)


class WeChatLoginView(View):
    """Start of the login inside WeChat: silent snsapi_base authorisation."""

    def get(self, request):
        next_url = _safe_next(request.GET.get("next"))
        if request.user.is_authenticated:
            return redirect(next_url)
        account = selectors.account_get()
        if account is None or not account.is_configured or not _in_wechat(request):
            return redirect(f"{reverse('h5:login')}?{urlencode({'next': next_url})}")
        return _authorize(request, account, scope=SCOPE_BASE, next_url=next_url)


class OAuthCallbackView(View):
    """WeChat sends the user back here with `code`: known openid → signed in; else the identity step."""

    def get(self, request):
        pending = request.session.get(OAUTH_SESSION_KEY) or {}
        state = request.GET.get("state", "")
        if not pending or not state or not secrets.compare_digest(state, pending.get("state", "")):
            return _error(request, "登录请求已失效，请从公众号菜单重新进入。")
        del request.session[OAUTH_SESSION_KEY]
        code = request.GET.get("code", "")
        if not code:
            return _error(request, "您取消了微信授权，可使用账号密码登录。")
        account = selectors.account_get()
        if account is None or not account.is_configured:
            return _error(request, "本单位尚未配置微信公众号。", 404)
        try:
            identity = services.oauth_identify(account=account, code=code, with_userinfo=pending["scope"] == SCOPE_USERINFO)
        except ApplicationError as exc:
            return _error(request, exc.message, exc.status)
        next_url = _safe_next(pending.get("next"))
        user = selectors.user_by_openid(identity["openid"])
        if user is not None:
            return _sign_in(request, user, identity["openid"], next_url)
        if account.uses_userinfo_scope and pending["scope"] == SCOPE_BASE:
            return _authorize(request, account, scope=SCOPE_USERINFO, next_url=next_url)
        request.session[PENDING_SESSION_KEY] = {**identity, "next": next_url}
        return redirect("h5:wechat_bind")


class BindView(View):
    """The identity step: students by number + name (or password), alumni and experts by phone + code."""

    template_name = "wechat/h5/bind.html"

    def _context(self, request, **extra):
        account = selectors.account_get()
        pending = request.session.get(PENDING_SESSION_KEY) or {}
        mode = account.student_binding_mode if account else StudentBindingMode.NUMBER_AND_NAME
        return {
            "page_title": "身份绑定", "pending": pending, "uses_name": mode == StudentBindingMode.NUMBER_AND_NAME,
            "method": request.POST.get("method") or request.GET.get("method") or "student", **extra,
        }

    def get(self, request):
        if not request.session.get(PENDING_SESSION_KEY):
            return redirect("h5:wechat_login")
        return render(request, self.template_name, self._context(request))

    def post(self, request):
        pending = request.session.get(PENDING_SESSION_KEY)
        if not pending:
            return redirect("h5:wechat_login")
        data = request.POST
        try:
            if data.get("method") == "phone":
                user = services.wechat_bind_phone(openid=pending["openid"], phone=data.get("phone", ""), code=data.get("code", ""))
            else:
                user = services.wechat_bind_student(
                    openid=pending["openid"], student_number=data.get("student_number", ""), name=data.get("name", ""), password=data.get("password", ""),
                )
        except ApplicationError as exc:
            return render(request, self.template_name, self._context(request, error=exc.message, fields=exc.fields, values=data), status=exc.status)
        return _sign_in(request, user, pending["openid"], _safe_next(pending.get("next")))


class BindCodeView(View):
    """Send the binding SMS code (htmx: answers with a one-line notice)."""

    def post(self, request):
        if not request.session.get(PENDING_SESSION_KEY):
            return render(request, "wechat/h5/_notice.html", {"error": "登录请求已失效，请从公众号菜单重新进入。"}, status=400)
        try:
            services.wechat_bind_code_send(phone=request.POST.get("phone", ""))
        except ApplicationError as exc:
            return render(request, "wechat/h5/_notice.html", {"error": exc.message}, status=exc.status)
        return render(request, "wechat/h5/_notice.html", {"notice": "如该手机号已登记，验证码已发送，请注意查收。"})


class BindingView(H5Mixin, TemplateView):
    """"我的 → 微信绑定": whether this account is bound, and the way to unbind."""

    template_name = "wechat/h5/binding.html"
    page_title = "微信绑定"


class UnbindView(H5Mixin, TemplateView):
    """GET asks for confirmation; POST unbinds and signs out (the next visit from WeChat asks again)."""

    template_name = "wechat/h5/unbind_confirm.html"
    page_title = "解除微信绑定"

    def post(self, request):
        services.wechat_unbind(actor=request.user, user=request.user)
        logout(request)
        return render(request, "wechat/h5/error.html", {"message": "已解除微信绑定并退出登录。", "is_notice": True, "page_title": "解除微信绑定"})


class PasswordResetView(View):
    """Forgotten password: a code to the bound phone or e-mail, then a new password."""

    template_name = "wechat/h5/password_reset.html"

    def get(self, request):
        return render(request, self.template_name, {"page_title": "找回密码"})

    def post(self, request):
        target = request.POST.get("target", "").strip()
        context = {"page_title": "找回密码", "target": target}
        try:
            if request.POST.get("action") == "send":
                services.password_reset_code_send(target=target)
                context.update(notice="如该手机号或邮箱已绑定账号，验证码已发送。", code_sent=True)
                return render(request, self.template_name, context)
            services.password_reset_by_code(target=target, code=request.POST.get("code", ""), new_password=request.POST.get("new_password", ""))
        except ApplicationError as exc:
            context.update(error=exc.message, fields=exc.fields, code_sent=request.POST.get("action") != "send")
            return render(request, self.template_name, context, status=exc.status)
        return render(request, "wechat/h5/error.html", {"message": "密码已重置，请使用新密码登录。", "is_notice": True, "page_title": "找回密码", "show_login": True})
