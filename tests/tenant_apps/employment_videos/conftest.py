"""Fixtures for career videos: a small real MP4 made by the ffmpeg that imageio-ffmpeg ships,
teachers with permissions, students, and an uploaded (and processed) video."""

from __future__ import annotations

import functools
import itertools
import os
import subprocess
import tempfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.tenant_apps.employment_employers.conftest import in_alpha, staff_with  # noqa: F401

_serial = itertools.count(1)
SECONDS = 3


@functools.cache
def clip_bytes() -> bytes:
    """A 3-second 320x180 H.264 MP4 (test pattern), generated once per test process."""
    from tenant_apps.employment.videos.media import ffmpeg

    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "clip.mp4")
        subprocess.run([ffmpeg(), "-hide_banner", "-nostdin", "-y", "-f", "lavfi", "-i", f"testsrc=duration={SECONDS}:size=320x180:rate=10",
                        "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast", "-movflags", "+faststart", path], check=True, capture_output=True, timeout=60)
        with open(path, "rb") as handle:
            return handle.read()


def upload(name: str = "clip.mp4", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, clip_bytes() if content is None else content, content_type="video/mp4")


def student(**extra):
    from tenant_apps.accounts.models import User

    return User.objects.create_user(username=f"vid-stu{next(_serial)}", password="Stu-pass-2026", kind="student", display_name="看视频的同学", **extra)


def make_video(actor, *, title: str = "简历写作", audience: str = "public", publish: bool = True, process: bool = True):
    from tenant_apps.employment.videos.services import (
        video_process,
        video_set_published,
        video_upload,
    )

    video = video_upload(actor=actor, title=title, file=upload(), audience=audience, description="讲解简历")
    if process:
        video = video_process(video_id=video.pk)
    if publish:
        video = video_set_published(actor=actor, video=video, is_published=True)
    return video


@pytest.fixture
def staff_client(tenant_a, admin_a):
    """The school admin's own browser (client_a is the student's, the HR's or another teacher's)."""
    from tests.conftest import TenantClient

    return TenantClient(tenant_a).login_as(admin_a)
