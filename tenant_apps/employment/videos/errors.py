from enum import StrEnum


class VideoErrorCode(StrEnum):
    NOT_READY = "video_not_ready"
    UNREADABLE = "video_unreadable"
