"""Serializers of the tenant billing API. Names start with Billing (unique in the schema)."""

from __future__ import annotations

from rest_framework import serializers

from shared_apps.billing.enums import Interval, PlanBilling
from shared_apps.billing.models import Invoice, Plan, Subscription


class BillingPlanSerializer(serializers.ModelSerializer):
    limits = serializers.DictField(child=serializers.IntegerField(), help_text="额度，如 users / students / experts")
    price_month = serializers.IntegerField(help_text="月价（分）")
    price_year = serializers.IntegerField(help_text="年价（分）")

    class Meta:
        model = Plan
        fields = ["code", "name", "description", "modules", "limits", "price_month", "price_year", "currency", "trial_days"]


class BillingSubscriptionSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(help_text="订阅状态的中文说明")
    interval = serializers.ChoiceField(choices=Interval.choices)

    class Meta:
        model = Subscription
        fields = ["status", "status_label", "interval", "current_period_end", "cancel_at_period_end", "past_due_since"]


class BillingQuotaSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    limit = serializers.IntegerField(allow_null=True, help_text="上限；套餐不限时为 null")
    used = serializers.IntegerField(allow_null=True, help_text="当前用量；没有统计时为 null")


class BillingOverviewSerializer(serializers.Serializer):
    plan_code = serializers.CharField()
    plan = BillingPlanSerializer(allow_null=True)
    status = serializers.CharField(help_text="单位状态：active / past_due / read_only / suspended（线下合同有效期内视为 active）")
    paid_offline_until = serializers.DateField(allow_null=True, help_text="线下合同付费至")
    billing = serializers.ChoiceField(choices=PlanBilling.choices, help_text="stripe：在线订阅；offline：线下合同；none：无在线订阅")
    subscription = BillingSubscriptionSerializer(allow_null=True)
    limits = serializers.DictField(child=serializers.IntegerField())
    usage = serializers.DictField(child=serializers.IntegerField())
    quota = BillingQuotaSerializer(many=True)


class BillingInvoiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Invoice
        fields = [
            "id", "number", "status", "amount_due", "amount_paid", "currency",
            "hosted_invoice_url", "invoice_pdf", "period_start", "period_end", "created_at",
        ]


class BillingPortalSessionSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="Stripe 客户门户的一次性链接")


class BillingPlanChangeInputSerializer(serializers.Serializer):
    plan = serializers.CharField(max_length=40, help_text="新套餐代码（见 billing_plan_list）")


class BillingPlanChangeSerializer(serializers.Serializer):
    plan_code = serializers.CharField(source="plan.code")
    previous_plan_code = serializers.CharField(source="before")
    billing = serializers.ChoiceField(choices=PlanBilling.choices)
    message = serializers.CharField()
