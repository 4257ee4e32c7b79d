"""H5 shell: login outside WeChat (phone / username + password; inside WeChat the official
account's OAuth login of tenant_apps.wechat), home, profile."""

from __future__ import annotations

from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import RedirectView, TemplateView

from core.errors import ApplicationError
from core.web.views import H5Mixin
from tenant_apps.accounts.security import login_attempt
from tenant_apps.wechat.selectors import wechat_login_available


def _in_wechat(request) -> bool:
    return "MicroMessenger" in request.META.get("HTTP_USER_AGENT", "")


class H5LoginView(View):
    template_name = "accounts/h5/login.html"

    def get(self, request):
        if request.user.is_authenticated:
            return redirect("h5:home")
        next_url = request.GET.get("next", "")
        # Inside WeChat the official account's OAuth signs people in; "?via=password" (the WeChat
        # error page's way out) keeps this form, so a refused authorisation cannot loop.
        if _in_wechat(request) and request.GET.get("via") != "password" and wechat_login_available():
            query = urlencode({"next": next_url}) if next_url else ""
            return redirect(f"{reverse('h5:wechat_login')}{'?' + query if query else ''}")
        return render(request, self.template_name, {"next": next_url})

    def post(self, request):
        identifier = request.POST.get("username", "").strip()
        password = request.POST.get("password", "")
        if not identifier or not password:
            return render(request, self.template_name, {"error": "请输入手机号/账号和密码。", "username": identifier}, status=400)
        try:
            user = login_attempt(identifier=identifier, password=password, channel="h5", request=request)
        except ApplicationError as exc:
            return render(request, self.template_name, {"error": exc.message, "username": identifier}, status=exc.status)
        login(request, user)
        next_url = request.POST.get("next", "")
        return redirect(next_url if next_url.startswith("/h5/") else "h5:home")


@require_POST
def h5_logout(request):
    logout(request)
    return redirect("h5:login")


class H5HomeView(H5Mixin, TemplateView):
    template_name = "accounts/h5/home.html"
    page_title = "首页"


class H5ProfileView(H5Mixin, TemplateView):
    template_name = "accounts/h5/profile.html"
    page_title = "我的"


class H5MessagesRedirectView(H5Mixin, RedirectView):
    """The message centre lives in messaging (h5:letter_list); the old name still leads there."""

    pattern_name = "h5:letter_list"
    permanent = False
