"""The vendor console (console.<base>, public schema). Views parse input, call one selector or
service, and render."""

from __future__ import annotations

from urllib.parse import quote

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.mixins import AccessMixin
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import ListView, TemplateView
from django_tenants.utils import get_public_schema_name

from core.errors import ApplicationError
from core.tenancy import MODULE_LABELS
from core.web.menus import menu_for
from shared_apps.billing import services as billing_services
from shared_apps.billing.gateway import is_configured as billing_configured
from shared_apps.console import selectors, services
from shared_apps.console.forms import (
    AuditExportForm,
    CodeForm,
    ImpersonateForm,
    ModulesForm,
    OfflinePaymentForm,
    PlanForm,
    ReasonForm,
    SignupRetryForm,
    TenantFilterForm,
)
from shared_apps.console.hosts import sibling_host_url

# Session key: the id of the staff member who passed the second factor in this session.
SECOND_FACTOR_SESSION_KEY = "console_second_factor_user"


def _is_vendor_staff(request) -> bool:
    user = request.user
    return (
        user.is_authenticated and user.is_staff and user.is_active
        and getattr(request.tenant, "schema_name", None) == get_public_schema_name()
    )


def _second_factor_passed(request) -> bool:
    return request.session.get(SECOND_FACTOR_SESSION_KEY) == request.user.pk


def _safe_next(request, next_url: str) -> str:
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return next_url
    return ""


def _second_factor_redirect(request, next_url: str = ""):
    """Where a password-authenticated staff member goes before any console page: enrolment when
    they have no confirmed authenticator, else the code page."""
    factor = selectors.second_factor_get(user_id=request.user.pk)
    target = reverse("console:otp_verify" if factor is not None and factor.is_confirmed else "console:otp_setup")
    next_url = _safe_next(request, next_url)
    return redirect(f"{target}?next={quote(next_url, safe='/')}" if next_url else target)


class ConsoleMixin(AccessMixin):
    """Signed-in vendor staff of the public schema who passed the second factor (TOTP)."""

    login_url = "console:login"
    page_title = ""

    def dispatch(self, request, *args, **kwargs):
        if not _is_vendor_staff(request):
            return self.handle_no_permission()
        if not _second_factor_passed(request):
            return _second_factor_redirect(request, request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def get_login_url(self):
        return reverse(self.login_url)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["menu"] = menu_for(self.request, "console")
        context["page_title"] = self.page_title
        return context


class LoginView(View):
    template_name = "console/login.html"

    def get(self, request):
        if _is_vendor_staff(request) and _second_factor_passed(request):
            return redirect("console:dashboard")
        return render(request, self.template_name, {"next": request.GET.get("next", "")})

    def post(self, request):
        username = request.POST.get("username", "").strip()
        password = request.POST.get("password", "")
        next_url = request.POST.get("next", "")
        context = {"username": username, "next": next_url}
        if not username or not password:
            return render(request, self.template_name, {**context, "error": "请输入账号和密码。"}, status=400)
        try:
            user = services.console_login_check(username=username, password=password, request=request)
        except ApplicationError as exc:
            return render(request, self.template_name, {**context, "error": exc.message}, status=exc.status)
        # The password opens a session that can only reach the second-factor pages.
        login(request, user)
        return _second_factor_redirect(request, next_url)


class SecondFactorStepMixin:
    """The pages between the password and the console: signed-in staff, second factor pending."""

    template_name = ""

    def dispatch(self, request, *args, **kwargs):
        if not _is_vendor_staff(request):
            return redirect("console:login")
        if _second_factor_passed(request):
            return redirect("console:dashboard")
        return super().dispatch(request, *args, **kwargs)

    def _done(self, request):
        request.session.cycle_key()
        request.session[SECOND_FACTOR_SESSION_KEY] = request.user.pk
        return redirect(_safe_next(request, request.POST.get("next", "")) or "console:dashboard")

    def _render(self, request, context, status=200):
        return render(request, self.template_name, {"next": _safe_next(request, request.GET.get("next", request.POST.get("next", ""))), **context}, status=status)


class SecondFactorSetupView(SecondFactorStepMixin, View):
    """Enrolment: a QR code (inline SVG, no outside service) and the secret, then a first code."""

    template_name = "console/otp_setup.html"

    def _page(self, request, form, status=200):
        try:
            factor = services.second_factor_enrolment_start(user=request.user)
        except ApplicationError:
            return redirect("console:otp_verify")
        uri = services.second_factor_provisioning_uri(factor=factor, user=request.user)
        qr = segno.make(uri, error="m").svg_data_uri(scale=5, border=2)
        secret = " ".join(factor.secret[i:i + 4] for i in range(0, len(factor.secret), 4))
        return self._render(request, {"form": form, "qr_data_uri": qr, "secret": secret, "otpauth_uri": uri}, status=status)

    def get(self, request):
        return self._page(request, CodeForm())

    def post(self, request):
        form = CodeForm(request.POST)
        if form.is_valid():
            try:
                services.second_factor_confirm(user=request.user, code=form.cleaned_data["code"])
            except ApplicationError as exc:
                form.add_error("code", exc.message)
                return self._page(request, form, status=exc.status)
            messages.success(request, "两步验证已启用。")
            return self._done(request)
        return self._page(request, form, status=400)


class SecondFactorVerifyView(SecondFactorStepMixin, View):
    template_name = "console/otp_verify.html"

    def get(self, request):
        if selectors.second_factor_get(user_id=request.user.pk) is None:
            return redirect("console:otp_setup")
        return self._render(request, {"form": CodeForm()})

    def post(self, request):
        form = CodeForm(request.POST)
        if not form.is_valid():
            return self._render(request, {"form": form}, status=400)
        try:
            services.second_factor_verify(user=request.user, code=form.cleaned_data["code"])
        except ApplicationError as exc:
            if exc.code == "console_login_locked":
                logout(request)
                return render(request, LoginView.template_name, {"error": exc.message}, status=exc.status)
            form.add_error("code", exc.message)
            return self._render(request, {"form": form}, status=exc.status)
        return self._done(request)


@require_POST
def logout_view(request):
    logout(request)
    return redirect("console:login")


class DashboardView(ConsoleMixin, TemplateView):
    template_name = "console/dashboard.html"
    page_title = "概览"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "counts": selectors.tenant_counts()}


class TenantListView(ConsoleMixin, ListView):
    template_name = "console/tenant_list.html"
    page_title = "租户"
    paginate_by = 20
    context_object_name = "tenants"

    def get_queryset(self):
        self.form = TenantFilterForm(self.request.GET or None)
        data = self.form.cleaned_data if self.form.is_valid() else {}
        filters = selectors.TenantFilters(
            search=data.get("q", ""), status=data.get("status", ""), type=data.get("type", ""),
            plan=data.get("plan", ""), module=data.get("module", ""),
        )
        return selectors.tenant_search(filters=filters)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for tenant in context["tenants"]:
            tenant.module_names = [MODULE_LABELS.get(m, m) for m in tenant.modules or []]
        query = self.request.GET.copy()
        query.pop("page", None)
        return {
            **context,
            "form": self.form,
            "plans": selectors.plans_in_use(),
            "module_labels": MODULE_LABELS,
            "querystring_without_page": f"{query.urlencode()}&" if query else "",
        }


class TenantObjectMixin(ConsoleMixin):
    def get_tenant(self):
        tenant = selectors.tenant_get(slug=self.kwargs["slug"])
        if tenant is None:
            raise Http404("no such tenant")
        return tenant


# 人脸识别技术应用安全管理办法: storing the faces of 100,000 people needs filing (备案). The
# tenant's albums report the people enrolled as the usage counter "face_search_people".
FACE_FILING_THRESHOLD = 100_000


def face_filing_figure(usage: dict[str, int]) -> dict | None:
    people = usage.get("face_search_people")
    if people is None:
        return None
    return {"people": people, "threshold": FACE_FILING_THRESHOLD, "percent": round(people * 100 / FACE_FILING_THRESHOLD, 2),
            "is_near": people >= FACE_FILING_THRESHOLD * 0.8}


class TenantDetailView(TenantObjectMixin, TemplateView):
    template_name = "console/tenant_detail.html"

    def get_context_data(self, **kwargs):
        tenant = self.get_tenant()
        context = super().get_context_data(**kwargs)
        usage = selectors.tenant_usage(tenant=tenant)
        context.update(
            tenant_obj=tenant,
            page_title=tenant.name,
            domains=list(tenant.domains.all()),
            custom_domains=selectors.custom_domains_of(tenant=tenant),
            usage=sorted(usage.items()),
            face_filing=face_filing_figure(usage),
            module_names=[MODULE_LABELS.get(m, m) for m in tenant.modules or []],
            events=selectors.tenant_console_events(tenant=tenant),
            billing=selectors.tenant_billing(tenant=tenant),
            grants=selectors.impersonation_grants(tenant=tenant),
        )
        return context


class TenantActionView(TenantObjectMixin, TemplateView):
    """A confirmation page (GET) and the action itself (POST), with a mandatory reason."""

    template_name = "console/tenant_action.html"
    form_class = ReasonForm
    title = ""
    button = ""
    danger = False
    done_message = ""

    def form_initial(self, tenant) -> dict:
        return {}

    def form_kwargs(self, tenant) -> dict:
        return {}

    def note(self, tenant) -> str:
        """What the action will do beyond the obvious, shown above the form."""
        return ""

    def done(self, tenant, result):
        messages.success(self.request, self.done_message)
        return redirect("console:tenant_detail", slug=tenant.schema_name)

    def perform(self, tenant, data):  # pragma: no cover - subclasses
        raise NotImplementedError

    def _render(self, tenant, form, status=200):
        context = self.get_context_data(tenant_obj=tenant, form=form, title=self.title, button=self.button, danger=self.danger, note=self.note(tenant))
        context["page_title"] = f"{self.title}：{tenant.name}"
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        tenant = self.get_tenant()
        return self._render(tenant, self.form_class(initial=self.form_initial(tenant), **self.form_kwargs(tenant)))

    def post(self, request, *args, **kwargs):
        tenant = self.get_tenant()
        form = self.form_class(request.POST, **self.form_kwargs(tenant))
        if not form.is_valid():
            return self._render(tenant, form, status=400)
        try:
            result = self.perform(tenant, form.cleaned_data)
        except ApplicationError as exc:
            _form_errors(form, exc)
            return self._render(tenant, form, status=exc.status)
        return self.done(tenant, result)


def _form_errors(form, exc: ApplicationError) -> None:
    form.add_error(None, exc.message)
    for field, errors in exc.fields.items():
        for error in errors:
            if field in form.fields:
                form.add_error(field, error)


class TenantSuspendView(TenantActionView):
    title, button, danger, done_message = "暂停服务", "确认暂停", True, "已暂停该单位的服务。"

    def perform(self, tenant, data):
        services.tenant_suspend(actor=self.request.user, tenant=tenant, reason=data["reason"])


class TenantResumeView(TenantActionView):
    title, button, done_message = "恢复服务", "确认恢复", "已恢复该单位的服务。"

    def perform(self, tenant, data):
        services.tenant_resume(actor=self.request.user, tenant=tenant, reason=data["reason"])


class TenantModulesView(TenantActionView):
    form_class = ModulesForm
    title, button, done_message = "调整模块", "保存模块", "模块已更新。"

    def form_initial(self, tenant):
        return {"modules": list(tenant.modules or [])}

    def perform(self, tenant, data):
        services.tenant_modules_change(actor=self.request.user, tenant=tenant, modules=data["modules"], reason=data["reason"])


class TenantPlanView(TenantActionView):
    form_class = PlanForm
    title, button, done_message = "变更套餐", "确认变更", "套餐已变更。"

    def form_kwargs(self, tenant):
        return {"plans": selectors.plans_all()}

    def form_initial(self, tenant):
        return {"plan": tenant.plan}

    def note(self, tenant):
        return selectors.plan_change_billing(tenant=tenant).label

    def perform(self, tenant, data):
        return services.tenant_plan_change(actor=self.request.user, tenant=tenant, plan_code=data["plan"], reason=data["reason"])

    def done(self, tenant, change):
        messages.success(self.request, change.message)
        return redirect("console:tenant_detail", slug=tenant.schema_name)


class TenantOfflinePaymentView(TenantActionView):
    form_class = OfflinePaymentForm
    title, button, done_message = "线下付费", "确认保存", "线下付费信息已保存。"

    def form_initial(self, tenant):
        return {"paid_until": tenant.paid_offline_until}

    def perform(self, tenant, data):
        return services.tenant_paid_offline_set(actor=self.request.user, tenant=tenant, paid_until=data["paid_until"], reason=data["reason"])


class TenantImpersonateView(TenantActionView):
    """Pick a back-office user of the tenant, give a reason; the console then sends the browser
    to the tenant host with a one-time token."""

    form_class = ImpersonateForm
    title, button, danger = "代为登录", "进入该单位后台", True
    template_name = "console/tenant_impersonate.html"

    def form_kwargs(self, tenant):
        return {"users": selectors.tenant_backoffice_users(tenant=tenant)}

    def perform(self, tenant, data):
        _grant, token = services.impersonation_start(
            actor=self.request.user, tenant=tenant, target_user_id=data["target"], reason=data["reason"], minutes=data["minutes"],
        )
        return token

    def done(self, tenant, token):
        # Not a 302: the CSP's form-action 'self' forbids a form submission from being redirected
        # to another host. The page moves on at once (meta refresh) and keeps a link as fallback.
        path = reverse("backoffice:impersonation_enter", urlconf=settings.ROOT_URLCONF, kwargs={"token": token})
        url = f"{sibling_host_url(self.request, tenant.schema_name)}{path}"
        response = render(self.request, "console/impersonation_go.html", {"url": url, "tenant_obj": tenant})
        add_never_cache_headers(response)
        return response


class SignupFailedListView(ConsoleMixin, ListView):
    template_name = "console/signup_failed_list.html"
    page_title = "开通失败"
    paginate_by = 50
    context_object_name = "signups"

    def get_queryset(self):
        return selectors.signups_failed()


class SignupRetryView(ConsoleMixin, TemplateView):
    template_name = "console/confirm.html"
    page_title = "重试开通"

    def _signup(self):
        signup = selectors.signup_failed_get(pk=self.kwargs["pk"])
        if signup is None:
            raise Http404("no failed sign-up")
        return signup

    def _page(self, signup, form, status=200):
        context = self.get_context_data(form=form, signup=signup, title=f"重试开通：{signup.org_name}", button="确认重试", back_url=reverse("console:signup_failed_list"))
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        return self._page(self._signup(), SignupRetryForm())

    def post(self, request, *args, **kwargs):
        signup = self._signup()
        form = SignupRetryForm(request.POST)
        if not form.is_valid():
            return self._page(signup, form, status=400)
        try:
            services.signup_retry(actor=request.user, signup=signup, new_slug=form.cleaned_data["new_slug"], reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            _form_errors(form, exc)
            return self._page(signup, form, status=exc.status)
        messages.success(request, f"已重新排队开通 {signup.org_name}。")
        return redirect("console:signup_failed_list")


class PoolRefillView(ConsoleMixin, TemplateView):
    template_name = "console/confirm.html"
    page_title = "补充备用模式"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(
            title="补充备用模式池", button="确认补充", back_url=reverse("console:health"),
            note="将在后台任务中创建并迁移备用模式，直到数量达到目标值。",
        ))

    def post(self, request, *args, **kwargs):
        services.spare_pool_refill(actor=request.user)
        messages.success(request, "已排队补充备用模式池。")
        return redirect("console:health")


class HealthView(ConsoleMixin, TemplateView):
    template_name = "console/health.html"
    page_title = "运行状况"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "health": selectors.health_report()}


class StaffListView(ConsoleMixin, TemplateView):
    template_name = "console/staff_list.html"
    page_title = "平台员工"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "staff": selectors.staff_with_second_factor()}


class SecondFactorResetView(ConsoleMixin, TemplateView):
    template_name = "console/confirm.html"
    page_title = "重置两步验证"

    def _page(self, form, status=200):
        context = self.get_context_data(form=form, title="重置两步验证", button="确认重置", danger=True, back_url=reverse("console:staff_list"),
                                        note="重置后该员工下次登录时须重新绑定验证器。")
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        return self._page(ReasonForm())

    def post(self, request, *args, **kwargs):
        form = ReasonForm(request.POST)
        if not form.is_valid():
            return self._page(form, status=400)
        try:
            services.second_factor_reset(actor=request.user, user_id=kwargs["user_id"], reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            _form_errors(form, exc)
            return self._page(form, status=exc.status)
        messages.success(request, "已重置两步验证。")
        return redirect("console:staff_list")


class AuditListView(ConsoleMixin, ListView):
    template_name = "console/audit_list.html"
    page_title = "操作日志"
    paginate_by = 50
    context_object_name = "events"

    def get_queryset(self):
        return selectors.console_audit_events(search=self.request.GET.get("q", "").strip(), action=self.request.GET.get("action", "").strip())

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return {**super().get_context_data(**kwargs), "q": self.request.GET.get("q", ""), "querystring_without_page": f"{query.urlencode()}&" if query else ""}


class TenantAuditExportView(TenantActionView):
    """The tenant's audit log as .xlsx, with dates and a mandatory reason."""

    form_class = AuditExportForm
    title, button = "导出审计日志", "导出"

    def note(self, tenant):
        return "导出该单位自己的审计日志（含操作人姓名与 IP），最多 10 万条。导出会同时记入平台与该单位的审计日志，单位管理员可以看到。"

    def perform(self, tenant, data):
        return services.tenant_audit_export(actor=self.request.user, tenant=tenant, reason=data["reason"], date_from=data.get("date_from"), date_to=data.get("date_to"))

    def done(self, tenant, export):
        response = FileResponse(export.file, as_attachment=True, filename=export.filename, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Cache-Control"] = "no-store"
        return response


class PlanListView(ConsoleMixin, TemplateView):
    """Plans with their amounts and Stripe prices; vendor staff create or link the prices here."""

    template_name = "console/plan_list.html"
    page_title = "套餐与价格"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "plans": selectors.plans_all(), "stripe_configured": billing_configured()}


class PlanStripeView(ConsoleMixin, View):
    def _plan(self):
        plan = selectors.plan_get(code=self.kwargs["code"])
        if plan is None:
            raise Http404("no such plan")
        return plan

    def post(self, request, code: str):
        plan = self._plan()
        try:
            result = self.perform(plan)
        except ApplicationError as exc:
            messages.error(request, f"{plan.name}：{exc.message}")
        else:
            messages.success(request, f"{plan.name}：{result.message}")
        return redirect("console:plan_list")


class PlanStripeCreateView(PlanStripeView):
    def perform(self, plan):
        return billing_services.plan_stripe_prices_create(actor=self.request.user, plan=plan, intervals=self.request.POST.getlist("intervals"))


class PlanStripeLinkView(PlanStripeView):
    def perform(self, plan):
        return billing_services.plan_stripe_prices_link(
            actor=self.request.user, plan=plan, price_month=self.request.POST.get("price_month", ""), price_year=self.request.POST.get("price_year", ""),
        )
