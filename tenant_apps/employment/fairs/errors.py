from enum import StrEnum


class FairErrorCode(StrEnum):
    INVALID_STATE = "invalid_fair_state"
    EMPLOYER_NOT_PERMITTED = "employer_not_permitted"
    ALREADY_APPLIED = "already_applied"
    APPLICATIONS_CLOSED = "fair_applications_closed"
    REASON_REQUIRED = "decline_reason_required"
    BOOTH_TAKEN = "booth_already_taken"
    BOOTH_UNSUITABLE = "booth_unsuitable"
    BOOTH_IN_USE = "booth_in_use"
    INVALID_LAYOUT = "invalid_booth_layout"
    TICKETS_CLOSED = "fair_tickets_closed"
    FAIR_FULL = "fair_full"
