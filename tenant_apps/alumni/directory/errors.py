from enum import StrEnum


class DirectoryErrorCode(StrEnum):
    NOT_VERIFIED = "not_verified"
    SELF_REQUEST = "self_request"
    REQUEST_EXISTS = "request_exists"
    REQUEST_CLOSED = "request_closed"
    NOT_PARTY = "not_party"
    NOT_LISTED = "not_listed"
    MENTOR_INACTIVE = "mentor_inactive"
