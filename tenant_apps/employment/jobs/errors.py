from enum import StrEnum


class JobErrorCode(StrEnum):
    DISCRIMINATORY_WORDING = "discriminatory_wording"
    EMPLOYER_NOT_PERMITTED = "employer_not_permitted"
    INVALID_STATE = "invalid_job_state"
    REASON_REQUIRED = "decline_reason_required"
    REQUEST_AGAIN_USED = "request_again_used"
    INVALID_PLACE = "invalid_place_code"
    INVALID_PAY = "invalid_pay_range"
    INVALID_DEADLINE = "invalid_deadline"
