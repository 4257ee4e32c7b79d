from enum import StrEnum


class AssessmentErrorCode(StrEnum):
    INVALID_ANSWERS = "invalid_answers"
    INSTRUMENT_UNAVAILABLE = "instrument_unavailable"
    INVALID_BANK = "invalid_item_bank"
    STUDENTS_ONLY = "students_only"
