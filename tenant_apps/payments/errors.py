from enum import StrEnum


class PaymentErrorCode(StrEnum):
    NOT_CONFIGURED = "payments_not_configured"
    GATEWAY_ERROR = "payment_gateway_error"
    ORDER_STATE = "order_state"
    REFUND_TOO_LARGE = "refund_exceeds_paid_amount"
    AMOUNT_MISMATCH = "amount_mismatch"
    SETTINGS_INVALID = "payment_settings_invalid"
