from enum import StrEnum


class ReviewErrorCode(StrEnum):
    SETUP_EXISTS = "review_setup_exists"
    NOT_PUBLISHED = "review_not_published"
    NOT_OPEN = "review_not_open"
    CLOSED = "review_closed"
    INDICATORS_LOCKED = "review_indicators_locked"
    RULES_LOCKED = "review_rules_locked"
    SUBMISSION_SCORED = "review_submission_scored"
    SHEET_LOCKED = "review_sheet_locked"
    INCOMPLETE = "review_sheet_incomplete"
    NOT_READY = "review_not_ready"
    REMINDER_TOO_SOON = "review_reminder_too_soon"
    NOTHING_TO_REMIND = "review_nothing_to_remind"
    IMPORT_INVALID = "review_import_invalid"
