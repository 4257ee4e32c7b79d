"""Stripe webhook (public site) and the tenant's billing page (tenant back office)."""

from __future__ import annotations

import stripe
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.views import BackofficeMixin
from shared_apps.billing import services
from shared_apps.billing.gateway import is_configured
from shared_apps.billing.models import Invoice, Plan, Subscription


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
    """Plan, status, invoices and a link to Stripe's customer portal, for the tenant's admins."""

    template_name = "billing/backoffice/billing.html"
    permission_required = "accounts.view_user"
    page_title = "套餐与账单"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_superuser:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tenant = self.request.tenant
        context.update(
            plan=Plan.objects.filter(code=tenant.plan).first(),
            subscription=Subscription.objects.filter(tenant_id=tenant.pk).first(),
            invoices=Invoice.objects.filter(tenant_id=tenant.pk)[:50],
            billing_configured=is_configured(),
        )
        return context


@require_POST
def billing_portal(request):
    if not (request.user.is_authenticated and request.user.is_superuser):
        return HttpResponse(status=403)
    try:
        url = services.portal_url(tenant=request.tenant, return_url=request.build_absolute_uri("/admin-ui/billing/"))
    except ApplicationError as exc:
        from django.contrib import messages

        messages.error(request, exc.message)
        return redirect("backoffice:billing")
    return redirect(url)
