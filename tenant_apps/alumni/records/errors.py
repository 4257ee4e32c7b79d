from enum import StrEnum


class RecordErrorCode(StrEnum):
    MERGE_SAME = "merge_same_record"
    MERGE_ARCHIVED = "merge_archived_record"
    MERGE_NOT_REVERSIBLE = "merge_not_reversible"
    CANDIDATE_CLOSED = "candidate_closed"
    MEMBER_EXISTS = "member_exists"
    DECEASED = "record_deceased"
    NOT_VERIFIED = "member_not_verified"
