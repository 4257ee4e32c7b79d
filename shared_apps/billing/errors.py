"""Error codes of billing (API `code` values)."""

from enum import StrEnum

from core.errors import ApplicationError


class BillingError(StrEnum):
    PLAN_CHANGE_INVALID = "billing_plan_change_invalid"
    NO_SUCH_PLAN = "billing_no_such_plan"
    PLAN_UNCHANGED = "billing_plan_unchanged"
    PLAN_NOT_OFFERED = "billing_plan_not_offered"
    NO_STRIPE_PRICE = "billing_plan_without_stripe_price"
    SUBSCRIPTION_WITHOUT_ITEM = "billing_subscription_without_item"
    NEEDS_SUPPORT = "billing_plan_change_needs_support"
    NO_BILLING_ACCOUNT = "no_billing_account"
    PRICE_MISMATCH = "billing_stripe_price_mismatch"
    PRICE_AMOUNT_MISSING = "billing_plan_without_amount"


class PlanChangeInvalid(ApplicationError):
    code = BillingError.PLAN_CHANGE_INVALID
    status = 400
