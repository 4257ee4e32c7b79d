from enum import StrEnum


class ActivityErrorCode(StrEnum):
    NOT_OPEN = "registration_not_open"
    FULL = "activity_full"
    ALREADY_REGISTERED = "already_registered"
    BLACKLISTED = "blacklisted"
    INVALID_FORM = "invalid_registration_form"
    INVALID_INVITATION = "invalid_invitation"
    REGISTRATION_STATE = "registration_state"
    ACTIVITY_STATE = "activity_state"
    TICKET_INVALID = "ticket_invalid"
    NOT_CHAPTER_ADMIN = "not_chapter_admin"
    PHOTO_NOT_ALLOWED = "photo_upload_not_allowed"
    PHOTO_LIMIT = "photo_limit_reached"
