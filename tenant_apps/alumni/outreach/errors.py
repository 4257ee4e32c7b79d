"""Error codes of mass e-mail and SMS (English, for machines; messages are Chinese)."""

from enum import StrEnum


class OutreachErrorCode(StrEnum):
    SMS_QUOTA_EXCEEDED = "sms_quota_exceeded"
    NO_RECIPIENTS = "no_recipients"
    NOT_DRAFT = "campaign_not_draft"
    INVALID_SOURCE = "invalid_source"
    INVALID_UPLOAD = "invalid_upload"
    INVALID_TOKEN = "invalid_token"
    EMPTY_CONTENT = "empty_content"
    UNKNOWN_LAYOUT = "unknown_layout"
