from enum import StrEnum


class SessionErrorCode(StrEnum):
    VENUE_TAKEN = "venue_already_booked"
    INVALID_STATE = "invalid_session_state"
    EMPLOYER_NOT_PERMITTED = "employer_not_permitted"
    FULL = "session_full"
    ALREADY_SIGNED_UP = "already_signed_up"
    INVALID_TICKET = "invalid_check_in_code"
    INVALID_SLOT = "invalid_slot"
    REASON_REQUIRED = "decline_reason_required"
