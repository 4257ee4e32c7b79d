"""Career videos (E13): ffmpeg reads duration and poster, the tenant's upload limit applies,
students and visitors play with seeking (Range requests served by core.files), plays count
once per viewer per day, pages and API with isolation and permissions."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from core.errors import ApplicationError, Conflict
from tests.tenant_apps.employment_videos.conftest import (  # noqa: F401
    SECONDS,
    clip_bytes,
    make_video,
    staff_with,
    student,
    upload,
)

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content


def test_ffmpeg_reads_duration_size_and_takes_a_poster(tmp_path):
    from tenant_apps.employment.videos import media

    path = tmp_path / "clip.mp4"
    path.write_bytes(clip_bytes())
    info = media.probe(str(path))
    assert round(info.duration) == SECONDS and (info.width, info.height) == (320, 180)
    poster = tmp_path / "poster.jpg"
    media.poster_frame(str(path), at_seconds=1, output=str(poster))
    assert poster.read_bytes()[:3] == b"\xff\xd8\xff"  # a JPEG


def test_upload_then_processing_fills_duration_and_poster(in_alpha):
    from tenant_apps.employment.videos.services import video_process, video_upload

    video = video_upload(actor=in_alpha, title="政策解读", file=upload())
    assert video.status == "processing" and not video.is_published and video.size_bytes == len(clip_bytes())
    video = video_process(video_id=video.pk)
    assert video.status == "ready" and video.duration_seconds == SECONDS and video.duration_label == "0:03"
    assert (video.width, video.height) == (320, 180) and video.poster.name.endswith(".jpg")
    assert video_process(video_id=video.pk).poster.name == video.poster.name  # running twice changes nothing


def test_a_file_that_is_not_a_video_ends_as_failed_with_the_reason(in_alpha):
    from tenant_apps.employment.videos.services import (
        video_process,
        video_set_published,
        video_upload,
    )

    video = video_process(video_id=video_upload(actor=in_alpha, title="坏文件", file=upload("bad.mp4", b"this is not a video" * 50)).pk)
    assert video.status == "failed" and "视频" in video.processing_error
    with pytest.raises(Conflict):
        video_set_published(actor=in_alpha, video=video, is_published=True)


def test_the_tenants_upload_limit_applies(in_alpha):
    from tenant_apps.cms.models import SiteSettings
    from tenant_apps.employment.videos.services import video_upload

    settings = SiteSettings.objects.filter(singleton=1).first() or SiteSettings()
    settings.file_max_mb = 1
    settings.save()
    with pytest.raises(ApplicationError) as refused:
        video_upload(actor=in_alpha, title="太大", file=upload("big.mp4", b"\0" * (1024 * 1024 + 10)))
    assert "不能超过 1 MB" in refused.value.message
    with pytest.raises(ApplicationError):
        video_upload(actor=in_alpha, title="类型", file=upload("clip.exe", b"MZ"))


def test_students_seek_with_range_requests(client_a, in_alpha):
    video = make_video(in_alpha)
    size = len(clip_bytes())
    client_a.login_as(student())
    url = reverse("h5:employment_videos:stream", args=[video.pk])
    whole = client_a.get(url)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes" and _body(whole) == clip_bytes() and whole["Content-Type"] == "video/mp4"
    part = client_a.get(url, HTTP_RANGE="bytes=100-1099")
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 100-1099/{size}" and _body(part) == clip_bytes()[100:1100]
    tail = client_a.get(url, HTTP_RANGE="bytes=-500")
    assert tail.status_code == 206 and _body(tail) == clip_bytes()[-500:]
    assert client_a.get(url, HTTP_RANGE=f"bytes={size + 10}-").status_code == 416
    poster = client_a.get(reverse("h5:employment_videos:poster", args=[video.pk]))
    assert poster.status_code == 200 and _body(poster)[:3] == b"\xff\xd8\xff"


def test_visitors_play_public_videos_only(client_a, in_alpha):
    public = make_video(in_alpha, title="公开视频")
    students_only = make_video(in_alpha, title="仅学生视频", audience="students")
    draft = make_video(in_alpha, title="草稿视频", publish=False)
    page = client_a.get(reverse("employment_videos_public:list")).content.decode()
    assert "公开视频" in page and "仅学生视频" not in page and "草稿视频" not in page
    assert client_a.get(reverse("employment_videos_public:detail", args=[public.pk])).status_code == 200
    ranged = client_a.get(reverse("employment_videos_public:stream", args=[public.pk]), HTTP_RANGE="bytes=0-99")
    assert ranged.status_code == 206 and len(_body(ranged)) == 100
    for hidden in (students_only, draft):
        assert client_a.get(reverse("employment_videos_public:detail", args=[hidden.pk])).status_code == 404
        assert client_a.get(reverse("employment_videos_public:stream", args=[hidden.pk])).status_code == 404
    assert client_a.get(reverse("h5:employment_videos:stream", args=[public.pk])).status_code == 302  # the H5 needs a sign-in


def test_plays_count_once_per_viewer_per_day(client_a, tenant_a, in_alpha):
    from tenant_apps.employment.videos.models import Video

    video = make_video(in_alpha)
    first, second = student(), student()
    url = reverse("h5:employment_videos:play", args=[video.pk])
    client_a.login_as(first)
    assert client_a.post(url).json() == {"counted": True, "play_count": 1}
    assert client_a.post(url).json() == {"counted": False, "play_count": 1}
    client_a.login_as(second)
    assert client_a.post(url).json()["play_count"] == 2
    from tests.conftest import TenantClient

    visitor = TenantClient(tenant_a)
    assert visitor.post(reverse("employment_videos_public:play", args=[video.pk])).json() == {"counted": True, "play_count": 3}
    with schema_context("alpha"):
        assert Video.objects.get(pk=video.pk).plays.count() == 3


def test_teacher_uploads_previews_and_publishes_in_the_back_office(staff_client, in_alpha):
    from tenant_apps.employment.videos.models import Video
    from tenant_apps.employment.videos.services import video_process

    response = staff_client.post(reverse("backoffice:employment_videos:list"), {"title": "后台上传", "category": "skills", "audience": "public", "file": upload()})
    assert response.status_code == 302
    with schema_context("alpha"):
        video = Video.objects.get(title="后台上传")
        video_process(video_id=video.pk)
    detail = reverse("backoffice:employment_videos:detail", args=[video.pk])
    assert "video-player" in staff_client.get(detail).content.decode()
    assert staff_client.get(reverse("backoffice:employment_videos:stream", args=[video.pk]), HTTP_RANGE="bytes=0-9").status_code == 206
    staff_client.post(detail, {"action": "publish"})
    with schema_context("alpha"):
        assert Video.objects.get(pk=video.pk).is_published
    staff_client.post(detail, {"action": "delete"})
    with schema_context("alpha"):
        assert not Video.objects.filter(pk=video.pk).exists()


def test_lists_do_not_grow_queries_with_videos(staff_client, client_a, in_alpha, django_assert_max_num_queries):
    for index in range(3):
        make_video(in_alpha, title=f"视频{index}")
    pupil = student()
    client_a.login_as(pupil)
    staff_client.get(reverse("backoffice:employment_videos:list"))
    client_a.get(reverse("h5:employment_videos:list"))
    with schema_context("alpha"):
        for index in range(6):
            make_video(in_alpha, title=f"更多视频{index}")
    with django_assert_max_num_queries(25):
        assert staff_client.get(reverse("backoffice:employment_videos:list")).status_code == 200
    with django_assert_max_num_queries(15):
        assert client_a.get(reverse("h5:employment_videos:list")).status_code == 200


@pytest.mark.parametrize("url_name", ["backoffice:employment_videos:list"])
def test_permission_matrix(client_a, in_alpha, url_name):
    nobody, viewer = staff_with(), staff_with("employment_videos.view_video")
    client_a.login_as(nobody)
    assert client_a.get(reverse(url_name)).status_code == 403
    assert client_a.get(reverse("api:employment_videos:video-list")).status_code == 403
    client_a.login_as(viewer)
    assert client_a.get(reverse(url_name)).status_code == 200
    assert client_a.post(reverse(url_name), {"title": "x", "file": upload()}).status_code == 403
    assert client_a.post(reverse("api:employment_videos:video-list"), {"title": "x", "file": upload()}).status_code == 403


def test_isolation(admin_client_b, client_b, in_alpha):
    video = make_video(in_alpha)
    for name in ("backoffice:employment_videos:detail", "backoffice:employment_videos:stream", "h5:employment_videos:detail", "h5:employment_videos:stream",
                 "api:employment_videos:video-detail"):
        assert admin_client_b.get(reverse(name, args=[video.pk])).status_code == 404, name
    assert admin_client_b.post(reverse("api:employment_videos:video-play", args=[video.pk])).status_code == 404
    assert client_b.get(reverse("employment_videos_public:stream", args=[video.pk])).status_code == 404


def test_api_upload_publish_and_watch(staff_client, client_a, in_alpha):
    pupil = student()
    response = staff_client.post(reverse("api:employment_videos:video-list"), {"title": "接口上传", "file": upload(), "category": "policy"})
    assert response.status_code == 201 and response.json()["status"] == "processing"
    pk = response.json()["id"]
    publish = reverse("api:employment_videos:video-publish", args=[pk])
    refused = staff_client.post(publish, {"is_published": True}, content_type="application/json")
    assert refused.status_code == 409 and refused.json()["code"] == "video_not_ready"
    from tenant_apps.employment.videos.services import video_process

    with schema_context("alpha"):
        video_process(video_id=pk)
    assert staff_client.post(publish, {"is_published": True}, content_type="application/json").json()["is_published"]
    client_a.login_as(pupil)
    listed = client_a.get(reverse("api:employment_videos:video-published")).json()
    entry = next(v for v in listed["results"] if v["id"] == pk)
    assert entry["duration_seconds"] == SECONDS and entry["stream_url"] == reverse("h5:employment_videos:stream", args=[pk])
    assert client_a.post(reverse("api:employment_videos:video-play", args=[pk])).json()["counted"] is True
    assert client_a.get(reverse("api:employment_videos:video-list")).status_code == 403
    update = staff_client.put(reverse("api:employment_videos:video-detail", args=[pk]), {"title": "改名", "category": "policy", "audience": "students"},
                                content_type="application/json")
    assert update.status_code == 200 and update.json()["audience"] == "students"
    assert staff_client.delete(reverse("api:employment_videos:video-detail", args=[pk])).status_code == 204
