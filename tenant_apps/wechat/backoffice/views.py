"""Back-office pages: official account settings (P8), menu editor, followers."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth import login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.wechat import selectors, services
from tenant_apps.wechat.backoffice.forms import AccountForm, menu_from_post, menu_rows
from tenant_apps.wechat.enums import ScanPurpose, ScanStatus

MANAGE = "wechat.change_wechataccount"


def _add_service_errors(form, exc: ApplicationError) -> None:
    for field, errors in (exc.fields or {}).items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)
    if not exc.fields:
        form.add_error(None, exc.message)


class AccountSettingsView(BackofficeMixin, TemplateView):
    template_name = "wechat/backoffice/settings.html"
    permission_required = MANAGE
    page_title = "公众号设置"

    def _form(self, data=None) -> AccountForm:
        account = selectors.account_get()
        initial = {}
        if account is not None:
            initial = {
                "name": account.name, "app_id": account.app_id, "token": account.token, "is_encrypted_mode": account.is_encrypted_mode,
                "uses_userinfo_scope": account.uses_userinfo_scope, "student_binding_mode": account.student_binding_mode,
                "student_h5_entries": account.student_h5_entries, "subscribe_reply": account.subscribe_reply,
            }
        return AccountForm(data, initial=initial, entry_choices=selectors.h5_entry_choices())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        account = selectors.account_get()
        context.setdefault("form", self._form())
        context["account"] = account
        context["callback_url"] = self.request.build_absolute_uri(reverse("api:wechat_callback"))
        context["oauth_domain"] = self.request.get_host()
        context["secret_hint"] = selectors.secret_hint(account.app_secret) if account else ""
        context["aes_key_hint"] = selectors.secret_hint(account.aes_key) if account else ""
        context["counts"] = selectors.follower_counts()
        return context

    def post(self, request):
        form = self._form(request.POST)
        if form.is_valid():
            try:
                services.account_save(actor=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(request, "公众号设置已保存。")
                return redirect("backoffice:wechat_settings")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class MenuEditorView(BackofficeMixin, TemplateView):
    template_name = "wechat/backoffice/menu.html"
    permission_required = MANAGE
    page_title = "自定义菜单"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        account = selectors.account_get()
        context["account"] = account
        context.setdefault("rows", menu_rows(account.menu if account else []))
        return context

    def post(self, request):
        account = selectors.account_get()
        if account is None:
            messages.error(request, "请先完成公众号设置。")
            return redirect("backoffice:wechat_settings")
        buttons = menu_from_post(request.POST)
        try:
            services.menu_save(actor=request.user, account=account, buttons=buttons)
            if request.POST.get("action") == "publish":
                services.menu_publish(actor=request.user, account=account)
                messages.success(request, "菜单已保存并发布到微信，用户重新进入公众号后可见。")
            else:
                messages.success(request, "菜单已保存（尚未发布）。")
        except ApplicationError as exc:
            rows = menu_rows(_submitted_menu(buttons))
            return self.render_to_response(self.get_context_data(error=exc.message, fields=exc.fields, rows=rows), status=exc.status)
        return redirect("backoffice:wechat_menu")


def _submitted_menu(buttons: list[dict]) -> list[dict]:
    """The submitted grid, unvalidated, so the form shows what the user typed next to the errors."""
    return [{**b, "sub_button": [s for s in b["sub_button"] if s.get("name")]} for b in buttons]


class FollowerListView(BackofficeMixin, TemplateView):
    template_name = "wechat/backoffice/followers.html"
    permission_required = "wechat.view_follower"
    page_title = "关注者"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "")
        subscribed = {"subscribed": True, "unsubscribed": False}.get(status)
        context.update(paginate(self.request, selectors.follower_list(is_subscribed=subscribed)))
        context["status"] = status
        context["counts"] = selectors.follower_counts()
        return context


# --- scan login and binding (issue 12 item 10) ---------------------------------------------

SESSION_KEY = "wechat_scan"  # {session id: the browser's secret} in the Django session
SECOND_FACTOR_KEY = "wechat_scan_second_factor"  # {"user_id", "next"} after a correct password
LOGIN_BACKEND = "tenant_apps.accounts.backends.MultiIdentifierBackend"


def scan_qr_start(request, *, purpose: str, user=None) -> dict:
    """Start a scan session for this browser; the context the QR template (_scan_qr.html) needs.
    Only the last few sessions of a browser are kept in its session."""
    from core.context import current_request_info

    if not services.scan_qr_allowed(ip=current_request_info().ip):
        raise ApplicationError("二维码请求过于频繁，请稍后刷新页面。", code="rate_limited", status=429)
    session, secret = services.scan_session_start(purpose=purpose, user=user)
    kept = dict(list(request.session.get(SESSION_KEY, {}).items())[-4:])
    kept[str(session.pk)] = secret
    request.session[SESSION_KEY] = kept
    return {
        "scan_session": session,
        "scan_qr_svg": segno.make(session.qr_content, error="m").svg_inline(scale=5, border=2),
        "scan_status_url": reverse("backoffice:wechat_scan_status", kwargs={"pk": session.pk}),
    }


def scan_qr_context(request, *, purpose: str, user=None) -> dict:
    """scan_qr_start, or a notice when WeChat cannot give a QR now (the page still works)."""
    try:
        return scan_qr_start(request, purpose=purpose, user=user)
    except ApplicationError as exc:
        return {"scan_error": exc.message}


class ScanStatusView(View):
    """Polled by scanlogin.js (POST, CSRF token) from the page that shows the QR. Only the
    browser that asked for the session knows its secret; a confirmed login session is used here
    once and the browser is logged in."""

    def post(self, request, pk: int):
        secret = request.session.get(SESSION_KEY, {}).get(str(pk), "")
        session = services.scan_session_for_browser(session_id=pk, secret=secret)
        if session is None:
            return JsonResponse({"state": "invalid", "message": "二维码无效，请刷新页面。"}, status=404)
        if session.status == ScanStatus.PENDING:
            expired = session.expires_at <= timezone.now()
            return JsonResponse({"state": "expired" if expired else "pending", "message": "二维码已过期，请刷新。" if expired else "请用微信扫码"})
        if session.status != ScanStatus.CONFIRMED:
            return JsonResponse({"state": "refused", "message": session.refusal or "二维码已使用，请刷新。"}, status=403)
        if session.purpose == ScanPurpose.BIND:
            if not request.user.is_authenticated or request.user.pk != session.user_id:
                return JsonResponse({"state": "invalid", "message": "请先登录。"}, status=403)
            try:
                services.scan_session_use(session_id=pk, secret=secret, purpose=ScanPurpose.BIND, user=request.user)
            except ApplicationError as exc:
                return JsonResponse({"state": "refused", "message": exc.message}, status=exc.status)
            messages.success(request, "微信已绑定，之后可在登录页扫码登录。")
            return JsonResponse({"state": "done", "redirect": reverse("backoffice:wechat_binding")})
        pending = request.session.get(SECOND_FACTOR_KEY) or {}
        expected = None
        if session.purpose == ScanPurpose.SECOND_FACTOR:
            expected = session.user if pending.get("user_id") == session.user_id else False
            if expected is False:
                return JsonResponse({"state": "invalid", "message": "请重新输入账号和密码。"}, status=403)
        try:
            user = services.scan_session_use(session_id=pk, secret=secret, purpose=session.purpose, user=expected)
        except ApplicationError as exc:
            return JsonResponse({"state": "refused", "message": exc.message}, status=exc.status)
        next_url = pending.get("next", "") if session.purpose == ScanPurpose.SECOND_FACTOR else request.POST.get("next", "")
        request.session.pop(SECOND_FACTOR_KEY, None)
        request.session.pop(SESSION_KEY, None)
        login(request, user, backend=LOGIN_BACKEND)
        target = reverse("backoffice:dashboard")
        if user.must_change_password:
            target = reverse("backoffice:password_change")
        elif next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            target = next_url
        return JsonResponse({"state": "done", "redirect": target})


class BindingView(BackofficeMixin, TemplateView):
    """个人设置 → 微信绑定: a member of staff binds their WeChat by scanning once (or unbinds)."""

    template_name = "wechat/backoffice/binding.html"
    page_title = "微信绑定"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["account"] = selectors.account_get()
        context["is_bound"] = bool(self.request.user.wechat_openid)
        return context

    def post(self, request):
        if request.POST.get("action") == "unbind":
            services.wechat_unbind(actor=request.user, user=request.user)
            messages.success(request, "已解除微信绑定。")
            return redirect("backoffice:wechat_binding")
        if request.user.wechat_openid:
            messages.info(request, "您已绑定微信；如需更换，请先解除绑定。")
            return redirect("backoffice:wechat_binding")
        return self.render_to_response(self.get_context_data(**scan_qr_context(request, purpose=ScanPurpose.BIND, user=request.user)))
