"""Error codes of the employer registry (English, for the API)."""

from enum import StrEnum


class EmployerErrorCode(StrEnum):
    INVALID_CREDIT_CODE = "invalid_credit_code"
    CREDIT_CODE_TAKEN = "credit_code_taken"
    BLACK_LISTED = "employer_black_listed"
    SMS_CODE_INVALID = "sms_code_invalid"
    LICENCE_MISSING = "licence_missing"
    LICENCE_INVALID = "licence_invalid"
    INVALID_STATE = "invalid_review_state"
    REASON_REQUIRED = "decline_reason_required"
    REQUEST_AGAIN_USED = "request_again_used"
    NOT_APPROVED = "employer_not_approved"
    PERMISSION_NOT_GRANTED = "employer_permission_not_granted"
    LIST_ENTRY_EXISTS = "list_entry_exists"
