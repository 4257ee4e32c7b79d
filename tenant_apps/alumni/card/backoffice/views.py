"""Back office of the cloud card: settings and claim QR, partners (with printable QR and staff
link), scan and check logs, coupon batches (issue, redemption log), key alumni, card holders."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.files import download_url
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.alumni.card import selectors, services
from tenant_apps.alumni.card.enums import (
    CardStatus,
    CheckResult,
    CouponKind,
    CouponStatus,
    PartnerCategory,
)
from tenant_apps.alumni.card.models import Card, Coupon, CouponBatch, KeyAlumnus, Partner


def _qr(url: str, scale: int = 5) -> str:
    return segno.make(url, error="m").svg_inline(scale=scale, border=2)


def _need(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


def _when(value: str):
    parsed = parse_datetime(value or "")
    if parsed is None:
        return None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M") if value else ""


class CardHomeView(BackofficeMixin, TemplateView):
    """云卡设置: name, logo, claim rules, the claim link and its QR, figures."""

    template_name = "alumni_card/backoffice/home.html"
    permission_required = "alumni_card.change_cardsettings"
    page_title = "云卡设置"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        row = selectors.card_settings()
        claim_url = self.request.build_absolute_uri(reverse("h5:alumni_card:claim") + "?via=qr")
        context.update(row=row, logo_url=download_url(row.logo, user=self.request.user), claim_url=claim_url, claim_qr=_qr(claim_url),
                       stats=selectors.overview())
        return context

    def post(self, request):
        post = request.POST
        try:
            services.settings_save(actor=request.user, name=post.get("name", ""), tagline=post.get("tagline", ""), claim_intro=post.get("claim_intro", ""),
                                   is_claim_open=post.get("is_claim_open") == "on", logo=request.FILES.get("logo"), remove_logo=post.get("remove_logo") == "on")
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message, field_errors=exc.fields), status=400)
        messages.success(request, "云卡设置已保存。")
        return redirect("backoffice:alumni_card:home")


class CardListView(BackofficeMixin, TemplateView):
    template_name = "alumni_card/backoffice/cards.html"
    permission_required = "alumni_card.view_card"
    page_title = "持卡校友"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q, status = self.request.GET.get("q", "").strip(), self.request.GET.get("status", "")
        context.update(paginate(self.request, selectors.cards(q=q, status=status)), q=q, status=status, statuses=CardStatus.choices)
        return context

    def post(self, request):
        _need(request, "alumni_card.revoke_card")
        card = get_object_or_404(Card, pk=request.POST.get("card"))
        services.card_set_status(actor=request.user, card=card, active=request.POST.get("action") == "restore", reason=request.POST.get("reason", ""))
        messages.success(request, "已更新。")
        return redirect(request.get_full_path())


# --- partners -------------------------------------------------------------------------------


class PartnerListView(BackofficeMixin, TemplateView):
    template_name = "alumni_card/backoffice/partners.html"
    permission_required = "alumni_card.view_partner"
    page_title = "合作机构"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "").strip()
        context.update(paginate(self.request, selectors.partners(q=q)), q=q)
        return context


class PartnerFormView(BackofficeMixin, TemplateView):
    template_name = "alumni_card/backoffice/partner_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.permission_required = "alumni_card.change_partner" if kwargs.get("pk") else "alumni_card.add_partner"
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partner = get_object_or_404(Partner, pk=self.kwargs["pk"]) if self.kwargs.get("pk") else None
        form = kwargs.get("form")
        initial = {"name": "", "category": PartnerCategory.RESTAURANT, "offer": "", "address": "", "contact": "", "is_active": True, "sort_order": 0}
        if partner:
            initial.update({k: getattr(partner, k) for k in initial})
        if form is not None:
            initial.update({k: form.get(k, "") for k in ("name", "category", "offer", "address", "contact", "sort_order")}, is_active=form.get("is_active") == "on")
        context.update(partner=partner, initial=initial, categories=PartnerCategory.choices, page_title=f"编辑 · {partner.name}" if partner else "添加合作机构")
        return context

    def post(self, request, pk=None):
        partner = get_object_or_404(Partner, pk=pk) if pk else None
        post = request.POST
        data = services.PartnerInput(name=post.get("name", ""), category=post.get("category", ""), offer=post.get("offer", ""), address=post.get("address", ""),
                                     contact=post.get("contact", ""), is_active=post.get("is_active") == "on", sort_order=_int(post.get("sort_order")) or 0)
        try:
            partner = services.partner_save(actor=request.user, data=data, partner=partner, logo=request.FILES.get("logo"))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message, field_errors=exc.fields, form=post), status=400)
        messages.success(request, "合作机构已保存。")
        return redirect("backoffice:alumni_card:partner_detail", pk=partner.pk)


class PartnerDetailView(BackofficeMixin, TemplateView):
    """A partner: its QR (printable), the staff link, its scans and checks."""

    template_name = "alumni_card/backoffice/partner_detail.html"
    permission_required = "alumni_card.view_partner"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partner = get_object_or_404(Partner, pk=self.kwargs["pk"])
        qr_url = self.request.build_absolute_uri(reverse("h5:alumni_card:partner_scan", args=[partner.qr_key]))
        staff_url = self.request.build_absolute_uri(reverse("h5:alumni_card:staff", args=[partner.staff_key]))
        context.update(partner=partner, page_title=partner.name, qr_url=qr_url, qr=_qr(qr_url), staff_url=staff_url, staff_qr=_qr(staff_url, scale=3),
                       logo_url=download_url(partner.logo, user=self.request.user),
                       scans=selectors.scans(partner_id=partner.pk)[:20], checks=selectors.checks(partner_id=partner.pk)[:20])
        return context

    def post(self, request, pk):
        partner = get_object_or_404(Partner, pk=pk)
        action = request.POST.get("action", "")
        try:
            if action == "delete":
                _need(request, "alumni_card.delete_partner")
                services.partner_delete(actor=request.user, partner=partner)
                messages.success(request, "合作机构已删除。")
                return redirect("backoffice:alumni_card:partner_list")
            _need(request, "alumni_card.change_partner")
            if action in ("rotate_qr", "rotate_staff"):
                services.partner_rotate_key(actor=request.user, partner=partner, which=action.removeprefix("rotate_"))
                messages.success(request, "已重新生成，请重新打印二维码或把新链接发给机构。" if action == "rotate_qr" else "已重新生成核验链接，旧设备需用新链接重新登记。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("backoffice:alumni_card:partner_detail", pk=pk)


class PartnerPrintView(PartnerDetailView):
    """The partner's QR on a sheet of its own, for printing."""

    template_name = "alumni_card/backoffice/partner_print.html"
    http_method_names = ["get"]


# --- scans and checks -----------------------------------------------------------------------


class ScanListView(BackofficeMixin, TemplateView):
    template_name = "alumni_card/backoffice/scans.html"
    permission_required = "alumni_card.view_scan"
    page_title = "扫码记录"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        get = self.request.GET
        q, partner_id, key_only = get.get("q", "").strip(), _int(get.get("partner")), get.get("key") == "1"
        day_from, day_to = parse_date(get.get("from", "") or ""), parse_date(get.get("to", "") or "")
        if get.get("tab") == "checks":
            result = get.get("result", "")
            context.update(paginate(self.request, selectors.checks(partner_id=partner_id, result=result if result in CheckResult.values else "")),
                           tab="checks", result=result, results=CheckResult.choices)
        else:
            context.update(paginate(self.request, selectors.scans(q=q, partner_id=partner_id, key_only=key_only, day_from=day_from, day_to=day_to)), tab="scans")
        context.update(q=q, partner_id=partner_id, key_only=key_only, day_from=get.get("from", ""), day_to=get.get("to", ""), partners=Partner.objects.order_by("sort_order", "pk"))
        return context


# --- coupons --------------------------------------------------------------------------------


class BatchListView(BackofficeMixin, TemplateView):
    template_name = "alumni_card/backoffice/batches.html"
    permission_required = "alumni_card.view_couponbatch"
    page_title = "电子券"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "").strip()
        context.update(paginate(self.request, selectors.batches(q=q)), q=q)
        return context


class BatchFormView(BackofficeMixin, TemplateView):
    template_name = "alumni_card/backoffice/batch_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.permission_required = "alumni_card.change_couponbatch" if kwargs.get("pk") else "alumni_card.add_couponbatch"
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from tenant_apps.alumni.activities.models import Activity

        context = super().get_context_data(**kwargs)
        batch = get_object_or_404(CouponBatch, pk=self.kwargs["pk"]) if self.kwargs.get("pk") else None
        now = timezone.now()
        initial = {"name": "", "kind": CouponKind.MEAL, "value_text": "", "description": "", "partner_id": "", "valid_from": _local(now),
                   "valid_until": _local(now + timezone.timedelta(days=30)), "total_limit": "", "activity_id": "", "is_active": True}
        if batch:
            initial.update(name=batch.name, kind=batch.kind, value_text=batch.value_text, description=batch.description, partner_id=batch.partner_id or "",
                           valid_from=_local(batch.valid_from), valid_until=_local(batch.valid_until), total_limit=batch.total_limit or "",
                           activity_id=batch.activity_id or "", is_active=batch.is_active)
        form = kwargs.get("form")
        if form is not None:
            initial.update({k: form.get(k, "") for k in ("name", "kind", "value_text", "description", "valid_from", "valid_until", "total_limit")},
                           partner_id=_int(form.get("partner_id")) or "", activity_id=_int(form.get("activity_id")) or "", is_active=form.get("is_active") == "on")
        context.update(batch=batch, initial=initial, kinds=CouponKind.choices, partners=Partner.objects.filter(is_active=True).order_by("sort_order", "pk"),
                       activities=Activity.objects.order_by("-starts_at")[:50], page_title=f"编辑 · {batch.name}" if batch else "新建电子券")
        return context

    def post(self, request, pk=None):
        batch = get_object_or_404(CouponBatch, pk=pk) if pk else None
        post = request.POST
        try:
            starts, ends = _when(post.get("valid_from", "")), _when(post.get("valid_until", ""))
            if starts is None or ends is None:
                raise ApplicationError("请填写有效期。", fields={"valid_until": ["请填写时间。"]})
            data = services.BatchInput(name=post.get("name", ""), kind=post.get("kind", ""), valid_from=starts, valid_until=ends, value_text=post.get("value_text", ""),
                                       description=post.get("description", ""), partner_id=_int(post.get("partner_id")), total_limit=_int(post.get("total_limit")),
                                       activity_id=_int(post.get("activity_id")), is_active=post.get("is_active") == "on")
            batch = services.batch_save(actor=request.user, data=data, batch=batch)
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message, field_errors=exc.fields, form=post), status=400)
        messages.success(request, "电子券已保存。")
        return redirect("backoffice:alumni_card:batch_detail", pk=batch.pk)


class BatchDetailView(BackofficeMixin, TemplateView):
    """A batch: issue (card numbers, key alumni, the activity's checked-in), its coupons."""

    template_name = "alumni_card/backoffice/batch_detail.html"
    permission_required = "alumni_card.view_couponbatch"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batch = get_object_or_404(selectors.batches(), pk=self.kwargs["pk"])
        q, status = self.request.GET.get("q", "").strip(), self.request.GET.get("status", "")
        context.update(batch=batch, page_title=batch.name, q=q, status=status, statuses=CouponStatus.choices,
                       **paginate(self.request, selectors.coupons(batch_id=batch.pk, status=status, q=q), per_page=30))
        return context

    def post(self, request, pk):
        batch = get_object_or_404(CouponBatch, pk=pk)
        action = request.POST.get("action", "")
        try:
            if action == "void":
                _need(request, "alumni_card.change_coupon")
                services.coupon_void(actor=request.user, coupon=get_object_or_404(Coupon, pk=request.POST.get("coupon"), batch=batch))
                messages.success(request, "已作废。")
            else:
                _need(request, "alumni_card.issue_coupon")
                if action == "issue_key":
                    count = services.coupons_issue_to_key_alumni(actor=request.user, batch=batch)
                elif action == "issue_activity":
                    count = services.coupons_issue_for_activity(actor=request.user, batch=batch)
                else:
                    count, unknown = services.coupons_issue_by_numbers(actor=request.user, batch=batch, numbers=request.POST.get("numbers", "").split())
                    if unknown:
                        messages.warning(request, f"以下卡号未找到或已停用：{'、'.join(unknown[:20])}")
                messages.success(request, f"已发放 {count} 张（已持有者不重复发放）。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("backoffice:alumni_card:batch_detail", pk=pk)


class RedemptionListView(BackofficeMixin, TemplateView):
    template_name = "alumni_card/backoffice/redemptions.html"
    permission_required = "alumni_card.view_coupon"
    page_title = "核销记录"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "").strip()
        context.update(paginate(self.request, selectors.coupons(status=CouponStatus.REDEEMED, q=q)), q=q)
        return context


# --- key alumni -----------------------------------------------------------------------------


class KeyAlumniView(BackofficeMixin, TemplateView):
    template_name = "alumni_card/backoffice/key_alumni.html"
    permission_required = "alumni_card.manage_key_alumni"
    page_title = "重点校友"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q, find = self.request.GET.get("q", "").strip(), self.request.GET.get("find", "").strip()
        flagged = set(KeyAlumnus.objects.values_list("record_id", flat=True))
        context.update(paginate(self.request, selectors.key_alumni(q=q)), q=q, find=find, found=selectors.records_search(find) if find else [], flagged=flagged)
        return context

    def post(self, request):
        try:
            if request.POST.get("action") == "remove":
                services.key_alumnus_remove(actor=request.user, row=get_object_or_404(KeyAlumnus, pk=request.POST.get("row")))
                messages.success(request, "已取消重点校友。")
            else:
                services.key_alumnus_set(actor=request.user, record_id=_int(request.POST.get("record")) or 0, note=request.POST.get("note", ""))
                messages.success(request, "已设为重点校友：其扫码使用云卡时将提醒校友会负责人。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("backoffice:alumni_card:key_list")
