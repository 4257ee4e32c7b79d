"""The tenant's own domains, in its back office (/admin-ui/domains/)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.views import BackofficeMixin
from shared_apps.domains import selectors, services
from shared_apps.domains.enums import MANAGE_DOMAINS, MAX_DOMAINS_PER_TENANT, VIEW_DOMAINS


class DomainListView(BackofficeMixin, TemplateView):
    template_name = "domains/backoffice/domains.html"
    permission_required = VIEW_DOMAINS
    page_title = "自定义域名"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            custom_domains=list(selectors.custom_domains_of(tenant=self.request.tenant)),
            platform_host=f"{self.request.tenant.schema_name}.{settings.BASE_DOMAIN}",
            can_manage=self.request.user.has_perm(MANAGE_DOMAINS),
            max_domains=MAX_DOMAINS_PER_TENANT,
            value=kwargs.get("value", ""),
            error=kwargs.get("error", ""),
        )
        return context

    def post(self, request):
        if not request.user.has_perm(MANAGE_DOMAINS):
            raise PermissionDenied
        value = request.POST.get("domain", "")
        try:
            custom = services.custom_domain_add(actor=request.user, tenant=request.tenant, domain=value)
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(value=value, error=exc.message), status=exc.status)
        messages.success(request, f"已添加 {custom.domain}，请按下方说明添加 TXT 记录后点击“验证”。")
        return redirect("backoffice:domains")


class DomainActionView(BackofficeMixin, View):
    permission_required = MANAGE_DOMAINS

    def _custom(self, pk: int):
        custom = selectors.custom_domain_get(tenant=self.request.tenant, pk=pk)
        if custom is None:
            raise Http404("no such domain")
        return custom


class DomainVerifyView(DomainActionView):
    def post(self, request, pk: int):
        custom = self._custom(pk)
        try:
            custom = services.custom_domain_verify(actor=request.user, custom=custom)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"{custom.domain} 已验证通过并生效。")
        return redirect("backoffice:domains")


class DomainDeleteView(DomainActionView):
    def post(self, request, pk: int):
        custom = self._custom(pk)
        services.custom_domain_delete(actor=request.user, custom=custom)
        messages.success(request, f"已删除 {custom.domain}，该域名不再访问本站。")
        return redirect("backoffice:domains")
