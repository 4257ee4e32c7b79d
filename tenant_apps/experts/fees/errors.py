from enum import StrEnum


class FeeErrorCode(StrEnum):
    MEMBER_NOT_ATTENDING = "member_not_attending"
    MEMBER_NOT_ON_PANEL = "member_not_on_panel"
    LINE_EXISTS = "fee_line_exists"
    STANDARD_MISSING = "fee_standard_missing"
    INVALID_WORKLOAD = "invalid_workload"
    LINE_LOCKED = "fee_line_locked"
    LINE_STATE = "fee_line_state"
    LETTER_CLOSED = "fee_letter_closed"
    LETTER_IMMUTABLE = "fee_letter_immutable"
    EXPERT_WITHOUT_ACCOUNT = "expert_without_account"
    SIGNATURE_INVALID = "signature_invalid"
    SIGNATURE_EMPTY = "signature_empty"
