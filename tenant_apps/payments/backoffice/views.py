"""Back office: orders with refunds, merchant settings, reconciliation."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.payments import services
from tenant_apps.payments.enums import KeyMode, OrderStatus, PayMode
from tenant_apps.payments.models import MerchantSettings, Order, Reconciliation


class OrderListView(BackofficeMixin, TemplateView):
    template_name = "payments/backoffice/order_list.html"
    permission_required = "payments.view_order"
    page_title = "支付订单"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        qs = Order.objects.order_by("-id")
        q, state = self.request.GET.get("q", "").strip(), self.request.GET.get("status", "")
        if q:
            qs = qs.filter(Q(out_trade_no__icontains=q) | Q(description__icontains=q) | Q(beneficiary_label__icontains=q) | Q(transaction_id=q))
        if state:
            qs = qs.filter(status=state)
        context.update(paginate(self.request, qs), q=q, status=state, statuses=OrderStatus.choices)
        return context


class OrderDetailView(BackofficeMixin, TemplateView):
    template_name = "payments/backoffice/order_detail.html"
    permission_required = "payments.view_order"
    page_title = "订单详情"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["order"] = get_object_or_404(Order, pk=self.kwargs["pk"])
        return context

    def post(self, request, pk):
        order = get_object_or_404(Order, pk=pk)
        if not request.user.has_perm("payments.manage_payments"):
            messages.error(request, "没有退款权限。")
            return redirect("backoffice:payments:order_detail", pk=pk)
        try:
            if request.POST.get("action") == "sync":
                services.order_sync(order=order)
                messages.success(request, "已向微信支付查询并更新订单。")
            else:
                yuan = request.POST.get("amount", "").strip()
                try:
                    amount = round(float(yuan) * 100)
                except ValueError:
                    raise ApplicationError("请填写退款金额（元）。") from None
                refund = services.refund_create(actor=request.user, order=order, amount_fen=amount, reason=request.POST.get("reason", ""),
                                                out_refund_no=request.POST.get("out_refund_no") or None)
                messages.success(request, f"退款 {refund.out_refund_no} 已提交：{refund.get_status_display()}")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("backoffice:payments:order_detail", pk=pk)


class MerchantSettingsView(BackofficeMixin, TemplateView):
    template_name = "payments/backoffice/settings.html"
    permission_required = "payments.manage_payments"
    page_title = "微信支付设置"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(merchant=MerchantSettings.objects.first(), modes=KeyMode.choices, pay_modes=PayMode.choices)
        return context

    def post(self, request):
        keys = ("pay_mode", "appid", "mchid", "sub_mchid", "sub_appid", "cert_serial_no", "key_mode", "public_key", "public_key_id", "private_key", "apiv3_key")
        data = {k: request.POST.get(k, "").strip() for k in keys}
        data["pay_mode"] = data["pay_mode"] or PayMode.DIRECT
        data["is_enabled"] = request.POST.get("is_enabled") == "on"
        try:
            services.merchant_settings_save(actor=request.user, data=data)
            messages.success(request, "已保存。密钥已加密存储。")
        except ApplicationError as exc:
            messages.error(request, exc.message + ("".join(f" {'；'.join(map(str, v))}" for v in exc.fields.values()) if exc.fields else ""))
        except Exception as exc:  # full_clean ValidationError
            messages.error(request, f"保存失败：{'；'.join(getattr(exc, 'messages', [str(exc)]))}")
        return redirect("backoffice:payments:settings")


class ReconciliationView(BackofficeMixin, TemplateView):
    template_name = "payments/backoffice/reconciliation.html"
    permission_required = "payments.manage_payments"
    page_title = "对账"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(paginate(self.request, Reconciliation.objects.order_by("-bill_date"), per_page=30),
                       yesterday=timezone.localdate() - datetime.timedelta(days=1))
        return context

    def post(self, request):
        try:
            day = datetime.date.fromisoformat(request.POST.get("bill_date", ""))
            result = services.reconcile_day(bill_date=day)
            messages.success(request, f"{day} 对账完成：{result.get_status_display()}")
        except ValueError:
            messages.error(request, "请选择账单日期。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("backoffice:payments:reconciliation")
