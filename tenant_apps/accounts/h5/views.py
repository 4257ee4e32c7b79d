"""H5 shell: login outside WeChat (phone / username + password), home, profile, messages."""

from __future__ import annotations

from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.views import H5Mixin
from tenant_apps.accounts.security import login_attempt


class H5LoginView(View):
    template_name = "accounts/h5/login.html"

    def get(self, request):
        if request.user.is_authenticated:
            return redirect("h5:home")
        return render(request, self.template_name, {"next": request.GET.get("next", "")})

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


class H5MessagesView(H5Mixin, TemplateView):
    template_name = "accounts/h5/messages.html"
    page_title = "消息"
