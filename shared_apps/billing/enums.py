from django.db import models


class Interval(models.TextChoices):
    MONTH = "month", "按月"
    YEAR = "year", "按年"


SUBSCRIPTION_STATUS_LABELS = {
    "trialing": "试用中",
    "active": "正常",
    "past_due": "欠费",
    "unpaid": "未支付",
    "paused": "已暂停",
    "canceled": "已取消",
    "incomplete": "待完成首次支付",
    "incomplete_expired": "已失效",
}

# Stripe subscription status -> our tenant status. State is always derived from the
# subscription object itself, never from the order in which events arrive.
SUBSCRIPTION_TO_TENANT_STATUS = {
    "trialing": "active",
    "active": "active",
    "past_due": "past_due",
    "unpaid": "read_only",
    "paused": "read_only",
    "canceled": "suspended",
    "incomplete_expired": "suspended",
}


class PlanBilling(models.TextChoices):
    """How a plan change reaches the money side."""

    STRIPE = "stripe", "在线订阅：同步修改 Stripe 订阅价格，差价按比例计费"
    OFFLINE = "offline", "线下合同付费：只修改平台记录"
    NONE = "none", "没有在线订阅：只修改平台记录"


# Subscriptions Stripe will not change any more: a plan change only touches our records.
ENDED_SUBSCRIPTION_STATUSES = ("canceled", "incomplete_expired")

# Who sees and manages the tenant's billing, on the page and in the API. Billing permissions are
# not offered to custom groups (accounts.selectors.GRANTABLE_APPS): the built-in 系统管理员 group
# and superusers hold them.
VIEW_BILLING = "billing.view_invoice"
MANAGE_BILLING = "billing.change_subscription"
