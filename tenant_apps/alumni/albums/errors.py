from __future__ import annotations

from enum import StrEnum


class AlbumErrorCode(StrEnum):
    NOT_ALLOWED = "album_not_allowed"
    UPLOAD_NOT_ALLOWED = "album_upload_not_allowed"
    ALBUM_NOT_APPROVED = "album_not_approved"
    CONSENT_REQUIRED = "face_consent_required"
    NOT_ENROLLED = "face_not_enrolled"
    NO_FACE = "face_not_found"
    MANY_FACES = "face_more_than_one"
    BAD_IMAGE = "face_bad_image"
    NOTE_REQUIRED = "review_note_required"
