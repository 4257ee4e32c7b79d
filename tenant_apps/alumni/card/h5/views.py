"""The card on the phone: my card, claiming, my coupons, a partner's page, the live verification
a partner's QR opens, and the partner staff's check page (no account: a device registered by
the partner's secret staff link)."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.core import signing
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.files import blob_url
from core.web.views import H5Mixin
from tenant_apps.alumni.card import selectors, services, tokens
from tenant_apps.alumni.card.enums import CheckVia
from tenant_apps.alumni.card.models import Partner
from tenant_apps.wechat import jssdk

STAFF_COOKIE = "alumni_card_staff"
STAFF_COOKIE_DAYS = 365


def _logo(fieldfile) -> str:
    return blob_url(fieldfile.name) if fieldfile and fieldfile.name else ""


def _card_context(request) -> dict:
    settings_row = selectors.card_settings()
    return {"card_settings": settings_row, "card_logo": _logo(settings_row.logo)}


class MyCardView(H5Mixin, TemplateView):
    """校友云卡: the card with a live clock, the partners, my coupons; no card yet → claim."""

    template_name = "alumni_card/h5/mine.html"

    def get(self, request, *args, **kwargs):
        card = selectors.card_for(request.user)
        if card is None:
            return redirect("h5:alumni_card:claim")
        services.coupons_sync_for_holder(user=request.user)
        context = self.get_context_data(card=card, partners=selectors.partners(active_only=True),
                                        coupon_count=selectors.my_coupons(request.user).filter(status="issued").count(),
                                        wx=jssdk.page_config(request, apis=jssdk.SCAN_APIS), **_card_context(request))
        context["page_title"] = context["card_settings"].name
        return self.render_to_response(context)


class ClaimView(H5Mixin, TemplateView):
    template_name = "alumni_card/h5/claim.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs, **_card_context(self.request))
        context.update(page_title=f"领取{context['card_settings'].name}", card=selectors.card_for(self.request.user),
                       reason=selectors.claim_refusal(self.request.user), via=self.request.GET.get("via", "link")[:10],
                       next=self.request.GET.get("next", ""))
        return context

    def post(self, request):
        try:
            services.card_claim(actor=request.user, via=request.POST.get("via", "link"))
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(request.get_full_path())
        messages.success(request, "领取成功！")
        target = request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) and target.startswith("/h5/"):
            return redirect(target)
        return redirect("h5:alumni_card:mine")


class MyCouponsView(H5Mixin, TemplateView):
    template_name = "alumni_card/h5/coupons.html"
    page_title = "我的电子券"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        services.coupons_sync_for_holder(user=self.request.user)
        context.update(coupons=selectors.my_coupons(self.request.user)[:100], now=timezone.now())
        return context


class PartnerPageView(H5Mixin, TemplateView):
    """A partner's own page: who they are and what alumni get there."""

    template_name = "alumni_card/h5/partner.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partner = get_object_or_404(Partner, pk=self.kwargs["pk"], is_active=True)
        context.update(partner=partner, page_title=partner.name, logo=_logo(partner.logo), card=selectors.card_for(self.request.user),
                       coupons=selectors.usable_coupons(self.request.user, partner))
        return context


class PartnerScanView(H5Mixin, View):
    """Where a partner's printed QR points: start a scan and show the live verification."""

    def get(self, request, qr_key: str):
        partner = selectors.partner_by_qr(qr_key)
        if partner is None:
            raise Http404
        if selectors.card_for(request.user) is None:
            messages.info(request, f"请先领取云卡，再使用「{partner.name}」的校友服务。")
            return redirect(f"{reverse('h5:alumni_card:claim')}?via=partner&next={request.path}")
        try:
            scan = services.scan_start(actor=request.user, partner=partner, in_wechat=jssdk.in_wechat(request))
        except ApplicationError as exc:
            return render(request, "alumni_card/h5/refused.html", {"message": exc.message, "page_title": "无法使用云卡"}, status=exc.status)
        return redirect("h5:alumni_card:live", scan_id=scan.pk)


def _check_url(request, token: str) -> str:
    from urllib.parse import urlencode

    return request.build_absolute_uri(f"{reverse('h5:alumni_card:check')}?{urlencode({'t': token})}")


def _token_payload(request, scan, token: str) -> dict:
    return {"token": token, "check_url": _check_url(request, token), "qr_svg": segno.make(_check_url(request, token), error="m").svg_inline(scale=4, border=2),
            "issued_at": timezone.now().isoformat(), "valid_seconds": tokens.LIVE_TOKEN_SECONDS, "refresh_seconds": tokens.REFRESH_SECONDS}


class LiveView(H5Mixin, TemplateView):
    """The live verification: a moving card, a clock with seconds and a QR of a token the
    server signed seconds ago (refreshed by live.js); coupons this partner takes."""

    template_name = "alumni_card/h5/live.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs, **_card_context(self.request))
        try:
            scan = services.scan_for_holder(actor=self.request.user, scan_id=self.kwargs["scan_id"])
            token = services.live_token_issue(actor=self.request.user, scan=scan)
        except ApplicationError as exc:
            raise Http404(exc.message) from exc
        context.update(scan=scan, card=scan.card, partner=scan.partner, page_title=f"云卡核验 · {scan.partner.name}", live=_token_payload(self.request, scan, token),
                       coupons=selectors.usable_coupons(self.request.user, scan.partner), redeemed=scan.redemptions.select_related("batch"),
                       token_url=reverse("h5:alumni_card:live_token", args=[scan.pk]))
        return context


class LiveTokenView(H5Mixin, View):
    def get(self, request, scan_id: int):
        try:
            scan = services.scan_for_holder(actor=request.user, scan_id=scan_id)
            token = services.live_token_issue(actor=request.user, scan=scan)
        except ApplicationError as exc:
            return JsonResponse({"code": exc.code, "message": exc.message}, status=exc.status)
        response = JsonResponse(_token_payload(request, scan, token))
        response["Cache-Control"] = "no-store"
        return response


class RedeemView(H5Mixin, View):
    def post(self, request, scan_id: int, coupon_id: int):
        try:
            scan = services.scan_for_holder(actor=request.user, scan_id=scan_id)
            coupon = services.coupon_redeem(actor=request.user, coupon_id=coupon_id, scan=scan)
            messages.success(request, f"已使用：{coupon.batch.name}（券号 {coupon.code}），请向工作人员出示本页。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("h5:alumni_card:live", scan_id=scan_id)


# --- the partner's staff ----------------------------------------------------------------------


def _staff_salt() -> str:
    return f"alumni_card.staff:{connection.schema_name}"


def staff_partner(request) -> Partner | None:
    """The partner this device was registered for by its staff link (None if never, or the link
    was renewed since)."""
    try:
        data = signing.loads(request.COOKIES.get(STAFF_COOKIE, ""), salt=_staff_salt(), max_age=STAFF_COOKIE_DAYS * 86400)
    except signing.BadSignature:
        return None
    partner = selectors.partner_by_staff_key(str(data.get("k", "")))
    return partner if partner is not None and partner.pk == data.get("p") else None


class StaffView(View):
    """The partner's staff link: registers this device for the partner, then checks a scanned or
    pasted verification link; lists the partner's latest checks."""

    def get(self, request, staff_key: str):
        partner = selectors.partner_by_staff_key(staff_key)
        if partner is None:
            raise Http404
        context = {"partner": partner, "page_title": f"{partner.name} · 校友云卡核验", "checks": selectors.checks(partner_id=partner.pk)[:20],
                   "wx": jssdk.page_config(request, apis=jssdk.SCAN_APIS), "check_path": reverse("h5:alumni_card:check")}
        response = render(request, "alumni_card/h5/staff.html", context)
        response.set_cookie(STAFF_COOKIE, signing.dumps({"p": partner.pk, "k": partner.staff_key}, salt=_staff_salt()), max_age=STAFF_COOKIE_DAYS * 86400,
                            path="/h5/alumni/card/", httponly=True, samesite="Lax", secure=request.is_secure())
        return response


class CheckView(View):
    """Where the QR on an alumnus's live page points: the registered staff device checks it."""

    def get(self, request):
        partner = staff_partner(request)
        if partner is None:
            return render(request, "alumni_card/h5/check.html", {"page_title": "云卡核验", "unregistered": True}, status=403)
        raw = request.GET.get("t", "").strip()
        if "t=" in raw:  # a whole pasted link
            from urllib.parse import parse_qs, urlsplit

            raw = (parse_qs(urlsplit(raw).query).get("t") or [""])[0]
        outcome = services.token_check(partner=partner, token=raw, via=CheckVia.STAFF_PAGE)
        return render(request, "alumni_card/h5/check.html", {"page_title": "云卡核验", "partner": partner, "outcome": outcome,
                                                               "staff_url": reverse("h5:alumni_card:staff", args=[partner.staff_key])},
                      status=200 if outcome.accepted else 409)
