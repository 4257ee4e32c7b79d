from enum import StrEnum


class GivingErrorCode(StrEnum):
    NOT_VISIBLE = "project_not_visible"
    NOT_OPEN = "project_not_open"
    QUALIFICATION_REQUIRED = "public_fundraising_qualification_required"
    PLATFORM_LINK_REQUIRED = "designated_platform_link_required"
    AMOUNT_INVALID = "amount_invalid"
    INVALID_FORM = "invalid_donation_form"
    DONATION_STATE = "donation_state"
    AMOUNT_LOCKED = "amount_locked_by_receipt"
    RECEIPT_CONFLICT = "receipt_number_conflict"
    NOT_FOUND = "donation_not_found"
    CERTIFICATE_NONE = "no_certificate"
