from enum import StrEnum


class StudentsErrorCode(StrEnum):
    RECORD_NOT_VERIFIABLE = "record_not_verifiable"
    NOTHING_TO_REVIEW = "nothing_to_review"
    CORRECTION_EMPTY = "correction_empty"
    DUPLICATE_ID_NUMBER = "duplicate_id_number"
    NO_RECORD = "no_graduate_record"
    NOTHING_TO_REMIND = "nothing_to_remind"
