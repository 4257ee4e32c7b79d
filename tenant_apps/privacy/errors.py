from enum import StrEnum


class PrivacyError(StrEnum):
    WRONG_STATUS = "privacy_request_wrong_status"
    WRONG_KIND = "privacy_request_wrong_kind"
    NOT_EXPORTED = "privacy_request_not_exported"
    RESOLUTION_REQUIRED = "privacy_resolution_required"
    CORRECTION_FIELDS_REQUIRED = "privacy_correction_fields_required"
    SUBJECT_REQUIRED = "privacy_subject_required"
    OPEN_REQUEST_EXISTS = "privacy_open_request_exists"
