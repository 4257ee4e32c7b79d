from enum import StrEnum


class ArchiveErrorCode(StrEnum):
    NOT_YOURS = "archive_not_yours"
    NOT_CONFIRMABLE = "archive_not_confirmable"
    NOT_MAILED = "archive_not_mailed"
    NOTHING_TO_ASSIGN = "nothing_to_assign"
    NOTHING_TO_REMIND = "nothing_to_remind"
    NOT_FOUND_BY_NUMBER = "archive_not_found"
