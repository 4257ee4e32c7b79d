from enum import StrEnum


class FamousErrorCode(StrEnum):
    NOT_PENDING = "famous_not_pending"
    ALREADY_EXCLUDED = "famous_already_excluded"
    SCHOOL_NAME_REQUIRED = "famous_school_name_required"
