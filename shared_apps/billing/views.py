"""Stripe webhook (public site) and the tenant's billing page (tenant back office)."""

from __future__ import annotations

import stripe
from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from shared_apps.billing import selectors, services
from shared_apps.billing.enums import MANAGE_BILLING, VIEW_BILLING, PlanBilling
from shared_apps.billing.gateway import is_configured


@csrf_exempt
@require_POST
def stripe_webhook(request):
    signature = request.META.get("HTTP_STRIPE_SIGNATURE", "")
    try:
        _, outcome = services.webhook_event_process(payload=request.body, signature=signature)
    except (ValueError, stripe.SignatureVerificationError):
        return HttpResponseBadRequest("invalid signature")
    return HttpResponse(outcome)


class BillingPageView(BackofficeMixin, TemplateView):
    """Plan, status, quota, invoices, a link to Stripe's customer portal and (for online payers)
    a plan change, for the tenant's administrators."""

    template_name = "billing/backoffice/billing.html"
    permission_required = VIEW_BILLING
    page_title = "套餐与账单"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tenant = self.request.tenant
        overview = selectors.billing_overview(tenant=tenant)
        subscription = overview["subscription"]
        can_change = overview["billing"] == PlanBilling.STRIPE and self.request.user.has_perm(MANAGE_BILLING)
        pages = paginate(self.request, selectors.invoices_of(tenant=tenant), per_page=20)
        context.update(
            plan=overview["plan"],
            subscription=subscription,
            quota=overview["quota"],
            invoices=pages["object_list"],
            **pages,
            billing_configured=is_configured(),
            can_manage=self.request.user.has_perm(MANAGE_BILLING),
            can_change_plan=can_change,
            plans=selectors.plans_offered(interval=subscription.interval) if can_change else [],
        )
        return context


class BillingPortalView(BackofficeMixin, View):
    permission_required = MANAGE_BILLING

    def post(self, request):
        try:
            url = services.portal_url(tenant=request.tenant, return_url=request.build_absolute_uri("/admin-ui/billing/"))
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("backoffice:billing")
        return redirect(url)


class BillingPlanChangeView(BackofficeMixin, View):
    """The tenant's administrator moves to another plan (confirmed in the page with hx-confirm)."""

    permission_required = MANAGE_BILLING

    def post(self, request):
        try:
            change = services.subscription_plan_change(actor=request.user, tenant=request.tenant, plan_code=request.POST.get("plan", ""))
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("backoffice:billing")
        messages.success(request, change.message)
        return redirect("backoffice:billing")
