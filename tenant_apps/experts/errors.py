"""Error codes of the expert library (API `code` values)."""

from enum import StrEnum


class ExpertError(StrEnum):
    PHONE_TAKEN = "expert_phone_taken"
    ID_NUMBER_TAKEN = "expert_id_number_taken"
    INVALID_CODE = "expert_invalid_code"
    REGISTRATION_CLOSED = "expert_registration_closed"
    INCOMPLETE = "expert_profile_incomplete"
    WRONG_STATE = "expert_wrong_state"
    NOT_YOUR_LEVEL = "expert_review_not_your_level"
    ATTACHMENT_TOO_LARGE = "expert_attachment_too_large"
    ATTACHMENT_TYPE = "expert_attachment_type"
    LEAVE_DATES = "expert_leave_dates"
    DOMAIN_DEPTH = "expert_domain_depth"
    DOMAIN_IN_USE = "expert_domain_in_use"
    IMPORT_FILE = "expert_import_file"
    TOKEN_INVALID = "expert_token_invalid"
    NO_TEMPLATE = "expert_no_certificate_template"
    NOTHING_CHANGED = "expert_nothing_changed"
    NOT_AN_EXPERT = "expert_profile_missing"
    NO_EXPORT_FIELDS = "expert_no_export_fields"
    SEPARATION_OF_DUTIES = "separation_of_duties"
    CONSENT_REQUIRED = "expert_privacy_consent_required"
    PLEDGE_REQUIRED = "expert_pledge_required"
