"""Employer portal: registration with the SMS check, login, the review status and its thread,
the profile and the HR accounts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from core.errors import ApplicationError
from tenant_apps.accounts.security import login_attempt
from tenant_apps.employment.employers import selectors, services
from tenant_apps.employment.employers.enums import (
    EmployerNature,
    EmployerSize,
    Industry,
    ReviewStatus,
)
from tenant_apps.employment.employers.portal.base import EmployerPortalMixin


def _choices() -> dict:
    return {"natures": EmployerNature.choices, "industries": Industry.choices, "sizes": EmployerSize.choices}


def profile_from_post(post) -> services.EmployerProfile:
    return services.profile_from_mapping(post)


class LoginView(View):
    template_name = "employers/portal/login.html"

    def get(self, request):
        if selectors.employer_for_user(request.user) is not None:
            return redirect("employment_portal:home")
        return render(request, self.template_name, {"next": request.GET.get("next", "")})

    def post(self, request):
        identifier, password = request.POST.get("username", "").strip(), request.POST.get("password", "")
        next_url = request.POST.get("next", "")
        context = {"username": identifier, "next": next_url}
        if not identifier or not password:
            return render(request, self.template_name, context | {"error": "请输入账号和密码。"}, status=400)
        try:
            user = login_attempt(identifier=identifier, password=password, channel="employer", request=request)
        except ApplicationError as exc:
            return render(request, self.template_name, context | {"error": exc.message}, status=exc.status)
        if selectors.employer_for_user(user) is None:
            return render(request, self.template_name, context | {"error": "该账号不是用人单位账号。学校老师请从管理后台登录。"}, status=403)
        login(request, user, backend="tenant_apps.accounts.backends.MultiIdentifierBackend")
        if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            return redirect(next_url)
        return redirect("employment_portal:home")


@require_POST
def logout_view(request):
    logout(request)
    return redirect("employment_portal:login")


class RegisterView(View):
    template_name = "employers/portal/register.html"

    def get(self, request):
        return render(request, self.template_name, _choices() | {"form": {}})

    def post(self, request):
        profile = profile_from_post(request.POST)
        try:
            if request.POST.get("password", "") != request.POST.get("password2", ""):
                raise ApplicationError("两次输入的密码不一致。", fields={"password2": ["两次输入的密码不一致。"]})
            employer = services.employer_register(
                profile=profile, licence=request.FILES.get("licence"), sms_code=request.POST.get("sms_code", "").strip(),
                username=request.POST.get("username", "").strip(), password=request.POST.get("password", ""),
            )
        except ApplicationError as exc:
            return render(request, self.template_name, _choices() | {"form": request.POST, "error": exc.message, "errors": exc.fields},
                          status=exc.status)
        user = employer.accounts.get(is_primary=True).user
        login(request, user, backend="tenant_apps.accounts.backends.MultiIdentifierBackend")
        messages.success(request, "注册成功。" + ("单位已按学校规则自动通过审核。" if employer.is_approved else "学校审核通过后即可发布职位。"))
        return redirect("employment_portal:home")


@require_POST
def send_code_view(request):
    """htmx: send the SMS code to the contact phone of the registration form."""
    phone = request.POST.get("contact_phone", "").strip()
    try:
        phone = services._clean_phone(phone)
        from tenant_apps.messaging.services import verification_code_send

        verification_code_send(target=phone, channel="sms", purpose=services.SMS_PURPOSE)
    except ApplicationError as exc:
        return HttpResponse(f'<span class="portal-error" role="alert">{exc.message}</span>')
    return HttpResponse('<span class="portal-ok" role="status">验证码已发送，5 分钟内有效。</span>')


class HomeView(EmployerPortalMixin, TemplateView):
    template_name = "employers/portal/home.html"
    page_title = "单位首页"
    portal_section = "home"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["comments"] = self.employer.comments.select_related("author")
        context["statuses"] = ReviewStatus
        context["home_cards"] = []
        from core.hooks import publish

        for cards in publish("employment.portal_home_cards", employer=self.employer):
            context["home_cards"].extend(cards or [])
        return context

    def post(self, request):
        action = request.POST.get("action", "")
        try:
            if action == "comment":
                services.employer_comment_add(actor=request.user, employer=self.employer, body=request.POST.get("body", ""), from_school=False)
                messages.success(request, "已发送给学校审核老师。")
            elif action == "request_again":
                services.employer_request_again(actor=request.user, employer=self.employer, note=request.POST.get("note", ""))
                messages.success(request, "已再次提交审核。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("employment_portal:home")


class ProfileView(EmployerPortalMixin, TemplateView):
    template_name = "employers/portal/profile.html"
    page_title = "单位信息"
    portal_section = "profile"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | _choices() | {"form": kwargs.get("form") or services.profile_from(self.employer).__dict__}

    def post(self, request):
        try:
            services.employer_profile_update(actor=request.user, employer=self.employer, profile=profile_from_post(request.POST),
                                             licence=request.FILES.get("licence"))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(form=request.POST, error=exc.message, errors=exc.fields), status=exc.status)
        messages.success(request, "单位信息已保存。")
        return redirect("employment_portal:profile")


class LicenceView(EmployerPortalMixin, View):
    def get(self, request):
        if not self.employer.licence:
            raise Http404
        return FileResponse(self.employer.licence.open("rb"), filename=self.employer.licence.name.rsplit("/", 1)[-1])


class AccountsView(EmployerPortalMixin, TemplateView):
    template_name = "employers/portal/accounts.html"
    page_title = "HR 账号"
    portal_section = "accounts"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["accounts"] = self.employer.accounts.select_related("user")
        context["is_primary"] = self.employer.accounts.filter(user=self.request.user, is_primary=True).exists()
        return context

    def post(self, request):
        try:
            services.hr_account_add(actor=request.user, employer=self.employer, username=request.POST.get("username", "").strip(),
                                    password=request.POST.get("password", ""), display_name=request.POST.get("display_name", "").strip())
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message, form=request.POST), status=exc.status)
        messages.success(request, "HR 账号已添加。")
        return redirect(reverse("employment_portal:accounts"))


class SchoolView(TemplateView):
    """E22 on the portal: open to anyone (employers read it before registering)."""

    template_name = "employers/portal/school.html"

    def get_context_data(self, **kwargs):
        from tenant_apps.employment.employers.models import SchoolProfile

        context = super().get_context_data(**kwargs)
        context.update(profile=SchoolProfile.current(), employer=selectors.employer_for_user(self.request.user), portal_section="school",
                       page_title="学校概况")
        return context


class GraduatesView(EmployerPortalMixin, TemplateView):
    """E11: graduate numbers of the current cohort for approved employers."""

    template_name = "employers/portal/graduates.html"
    page_title = "生源信息"
    portal_section = "graduates"

    def get_context_data(self, **kwargs):
        from tenant_apps.employment.employers.graduates import graduate_numbers

        context = super().get_context_data(**kwargs)
        context["permission_refused"] = not self.employer.is_approved
        if self.employer.is_approved:
            year, cells, totals = graduate_numbers()
            context.update(year=year, cells=cells, totals=totals)
        return context
