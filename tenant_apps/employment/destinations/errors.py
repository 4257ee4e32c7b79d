from enum import StrEnum


class DestinationErrorCode(StrEnum):
    NOT_VERIFIED = "record_not_verified"
    CHANGE_WINDOW_CLOSED = "change_window_closed"
    UNDER_REVIEW = "destination_under_review"
    NOT_AT_LEVEL = "destination_not_at_level"
    INCOMPLETE = "destination_incomplete"
    BELOW_MINIMUM_WAGE = "below_minimum_wage"
    LINK_INVALID = "confirmation_link_invalid"
    NOT_DISPUTED = "destination_not_disputed"
    NOT_EDITABLE = "destination_not_editable"
