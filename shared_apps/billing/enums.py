from django.db import models


class Interval(models.TextChoices):
    MONTH = "month", "按月"
    YEAR = "year", "按年"


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
