"""The vendor console (console.<base>, public schema). Views parse input, call one selector or
service, and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.mixins import AccessMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import ListView, TemplateView
from django_tenants.utils import get_public_schema_name

from core.errors import ApplicationError
from core.tenancy import MODULE_LABELS
from core.web.menus import menu_for
from shared_apps.console import selectors, services
from shared_apps.console.forms import ModulesForm, ReasonForm, TenantFilterForm


def _is_vendor_staff(request) -> bool:
    user = request.user
    return (
        user.is_authenticated and user.is_staff and user.is_active
        and getattr(request.tenant, "schema_name", None) == get_public_schema_name()
    )


class ConsoleMixin(AccessMixin):
    """Signed-in vendor staff of the public schema only. Impersonation and a second factor
    will hook in here (dispatch) without touching the views."""

    login_url = "console:login"
    page_title = ""

    def dispatch(self, request, *args, **kwargs):
        if not _is_vendor_staff(request):
            return self.handle_no_permission()
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
        if _is_vendor_staff(request):
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
        if services.second_factor_required(user):  # pragma: no cover - TOTP comes later
            raise NotImplementedError
        login(request, user)
        if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            return redirect(next_url)
        return redirect("console:dashboard")


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
        query = self.request.GET.copy()
        query.pop("page", None)
        return {
            **super().get_context_data(**kwargs),
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


class TenantDetailView(TenantObjectMixin, TemplateView):
    template_name = "console/tenant_detail.html"

    def get_context_data(self, **kwargs):
        tenant = self.get_tenant()
        context = super().get_context_data(**kwargs)
        context.update(
            tenant_obj=tenant,
            page_title=tenant.name,
            domains=list(tenant.domains.all()),
            usage=sorted(selectors.tenant_usage(tenant=tenant).items()),
            module_names=[MODULE_LABELS.get(m, m) for m in tenant.modules or []],
            events=selectors.tenant_console_events(tenant=tenant),
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

    def perform(self, tenant, data):  # pragma: no cover - subclasses
        raise NotImplementedError

    def _render(self, tenant, form, status=200):
        context = self.get_context_data(tenant_obj=tenant, form=form, title=self.title, button=self.button, danger=self.danger)
        context["page_title"] = f"{self.title}：{tenant.name}"
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        tenant = self.get_tenant()
        return self._render(tenant, self.form_class(initial=self.form_initial(tenant)))

    def post(self, request, *args, **kwargs):
        tenant = self.get_tenant()
        form = self.form_class(request.POST)
        if not form.is_valid():
            return self._render(tenant, form, status=400)
        try:
            self.perform(tenant, form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            for field, errors in exc.fields.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
            return self._render(tenant, form, status=exc.status)
        messages.success(request, self.done_message)
        return redirect("console:tenant_detail", slug=tenant.schema_name)


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
