"""Back-office pages: official account settings (P8), menu editor, followers."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.wechat import selectors, services
from tenant_apps.wechat.backoffice.forms import AccountForm, menu_from_post, menu_rows

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
