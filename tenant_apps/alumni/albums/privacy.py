"""What alumni albums hold about a person (face-search consent and enrolment, the photos they
uploaded, albums they created, their face-search log), for personal-data requests
(core.personal_data, P21, docs/decisions/0139). Everything is erased: biometric data (PIPL
art. 28) never outlives the person's wish, and no law makes the school keep photos."""

from __future__ import annotations

from core.personal_data import (
    ERASE,
    DataKind,
    ErasureStep,
    Section,
    Subject,
    model_rows,
    register_personal_data_provider,
)


def collect(subject: Subject) -> list[Section]:
    from tenant_apps.alumni.albums.models import (
        Album,
        AlbumPhoto,
        FaceConsent,
        FaceEnrolment,
        FaceSearchLog,
    )

    uid = subject.user_id
    return [
        Section("alumni_albums.face_consent", model_rows(FaceConsent.objects.filter(user_id=uid).order_by("consented_at"),
                                                         ["text_version", "text", "consented_at", "expires_at", "ended_at", "ended_reason"])),
        Section("alumni_albums.face_enrolment", model_rows(FaceEnrolment.objects.filter(user_id=uid), ["consent", "created_at"])),
        Section("alumni_albums.photos", model_rows(AlbumPhoto.objects.filter(uploaded_by_id=uid).select_related("album").order_by("created_at"),
                                                   ["album", "image", "caption", "status", "face_count", "created_at"])),
        Section("alumni_albums.albums", model_rows(Album.objects.filter(owner_id=uid).order_by("created_at"), ["title", "description", "status", "created_at"])),
        Section("alumni_albums.search_log", model_rows(FaceSearchLog.objects.filter(user_id=uid).order_by("created_at"),
                                                       ["faces_compared", "photos_found", "created_at"])),
    ]


def erase(subject: Subject) -> list[ErasureStep]:
    from tenant_apps.alumni.albums.models import (
        Album,
        AlbumPhoto,
        FaceConsent,
        FaceEnrolment,
        FaceSearchLog,
    )

    uid = subject.user_id
    enrolments, _ = FaceEnrolment.objects.filter(user_id=uid).delete()
    consents, _ = FaceConsent.objects.filter(user_id=uid).delete()
    photos = 0
    for photo in AlbumPhoto.objects.filter(uploaded_by_id=uid):
        if photo.activity_photo_id is None and photo.image:  # an activity photo's file belongs to the activity module
            photo.image.delete(save=False)
        photo.delete()  # the faces found on it go with it (cascade)
        photos += 1
    albums = Album.objects.filter(owner_id=uid)
    album_count = albums.count()
    albums.filter(photos__isnull=True).delete()
    albums.update(owner=None)  # what is left holds other people's photos: it stays, without its creator
    searches, _ = FaceSearchLog.objects.filter(user_id=uid).delete()
    return [
        ErasureStep("alumni_albums.face_consent", consents),
        ErasureStep("alumni_albums.face_enrolment", enrolments, note="人脸特征值已删除"),
        ErasureStep("alumni_albums.photos", photos, note="本人上传的照片及其中识别出的人脸已删除"),
        ErasureStep("alumni_albums.albums", album_count, note="空相册已删除；含他人照片的相册保留，创建人已移除"),
        ErasureStep("alumni_albums.search_log", searches),
    ]


register_personal_data_provider(
    "alumni_albums", label="校友相册", order=53,
    kinds=[
        DataKind("alumni_albums.face_consent", "人脸查找授权", ERASE),
        DataKind("alumni_albums.face_enrolment", "人脸特征登记", ERASE),
        DataKind("alumni_albums.photos", "本人上传的照片", ERASE),
        DataKind("alumni_albums.albums", "本人创建的相册", ERASE),
        DataKind("alumni_albums.search_log", "人脸查找记录", ERASE),
    ],
    collect=collect, erase=erase,
)
