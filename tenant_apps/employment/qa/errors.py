from enum import StrEnum


class QAErrorCode(StrEnum):
    CLOSED = "question_closed"
    NOT_PARTICIPANT = "not_a_participant"
    SLOT_FULL = "advising_slot_full"
    SLOT_OVERLAP = "advising_slot_overlap"
    SLOT_PAST = "advising_slot_past"
    ALREADY_BOOKED = "advising_already_booked"
    INVALID_STATE = "invalid_booking_state"
    TOO_LATE = "advising_cancel_too_late"
