"""Giving on the phone: projects the donor may see, a project's story, progress and timeline,
the donate flow (pledge → WeChat Pay JSAPI through tenant_apps.payments), my donations with
certificates and the "where did my gift go" timeline, and the public certificate check."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.masking import mask_name
from core.web.views import H5Mixin
from tenant_apps.alumni.giving import documents, selectors, services
from tenant_apps.alumni.giving.enums import DonationStatus
from tenant_apps.alumni.giving.models import Donation


def _notify_url(request) -> str:
    return request.build_absolute_uri(reverse("api:payments:notify"))


class ProjectListView(H5Mixin, TemplateView):
    template_name = "alumni_giving/h5/list.html"
    page_title = "捐赠项目"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "").strip()
        qs = selectors.visible_projects(self.request.user)
        if q:
            qs = qs.filter(title__icontains=q)
        context.update(projects=qs[:50], q=q, is_member=selectors.is_verified_member(self.request.user))
        return context


class ProjectDetailView(H5Mixin, TemplateView):
    template_name = "alumni_giving/h5/detail.html"

    def project(self):
        project = selectors.visible_projects(self.request.user).filter(pk=self.kwargs["pk"]).first()
        if project is None:
            raise Http404
        return project

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.project()
        context.update(project=project, page_title=project.title, settings=selectors.giving_settings(), updates=selectors.project_updates(project)[:30],
                       donors=selectors.recent_donors(project), options=[(a, f"{a / 100:g}") for a in project.amount_options],
                       default_name=getattr(self.request.user, "display_name", "") or self.request.user.username)
        return context

    def post(self, request, pk):
        project = self.project()
        post = request.POST
        try:
            try:
                amount = services.yuan_to_fen(post.get("amount_other") or post.get("amount"))
            except ValueError as exc:
                raise ApplicationError(str(exc), fields={"amount": [str(exc)]}) from None
            donation = services.donation_create(actor=request.user, project=project, amount_fen=amount, donor_name=post.get("donor_name", ""),
                                                is_anonymous=post.get("is_anonymous") == "on", message=post.get("message", ""),
                                                answers={f["key"]: post.get(f["key"], "") for f in project.form_fields})
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message, field_errors=exc.fields, form=post), status=400)
        return redirect("h5:alumni_giving:donation", pk=donation.pk)


def _own(request, pk) -> Donation:
    donation = get_object_or_404(Donation.objects.select_related("project"), pk=pk)
    if donation.donor_id != request.user.pk:
        raise Http404
    return donation


class DonationView(H5Mixin, TemplateView):
    template_name = "alumni_giving/h5/donation.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        donation = _own(self.request, self.kwargs["pk"])
        qr = ""
        if donation.certificate_code and donation.status == DonationStatus.PAID:
            qr = segno.make(documents.verify_url(self.request, donation), error="m").svg_inline(scale=3, border=2)
        context.update(donation=donation, project=donation.project, page_title="我的捐赠", qr=qr,
                       updates=selectors.project_updates(donation.project)[:20], in_wechat="MicroMessenger" in self.request.headers.get("User-Agent", ""))
        return context

    def post(self, request, pk):
        donation = _own(request, pk)
        if request.POST.get("action") == "paid":
            try:
                services.donation_payment_sync(donation=donation)
            except ApplicationError as exc:
                messages.error(request, exc.message)
        return redirect("h5:alumni_giving:donation", pk=pk)


class PayView(H5Mixin, View):
    """JSON for WeixinJSBridge getBrandWCPayRequest (the pay.js of alumni activities drives it)."""

    def post(self, request, pk):
        donation = _own(request, pk)
        try:
            checkout = services.donation_pay(actor=request.user, donation=donation, openid=request.user.wechat_openid, notify_url=_notify_url(request))
        except ApplicationError as exc:
            return JsonResponse({"code": exc.code, "message": exc.message}, status=exc.status)
        return JsonResponse({"out_trade_no": checkout.order.out_trade_no, "jsapi": checkout.jsapi})


class CertificateView(H5Mixin, View):
    def get(self, request, pk):
        return documents.certificate_response(request, _own(request, pk))


class MyDonationsView(H5Mixin, TemplateView):
    template_name = "alumni_giving/h5/mine.html"
    page_title = "我的捐赠"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(donations=selectors.my_donations(self.request.user)[:100], timeline=selectors.my_timeline(self.request.user))
        return context


def certificate_verify(request, code: str):
    """Public (no login): is this certificate genuine? The QR's signed code is checked with the
    tenant's key (core.tickets); the page shows the masked name, the project and the amount."""
    status, donation = selectors.donation_by_certificate(code)
    context = {"status": status, "donation": donation, "page_title": "捐赠证书验证"}
    if donation is not None:
        context["name"] = "爱心校友" if donation.is_anonymous else mask_name(donation.donor_name)
    return render(request, "alumni_giving/h5/verify.html", context, status=404 if donation is None else 200)


