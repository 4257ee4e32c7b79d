"""The processing runs in a real Celery worker: an upload committed in the `live` tenant is
picked up, probed with ffmpeg and ends ready with its poster."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from tests.tenant_apps.employment_videos.conftest import SECONDS, upload

pytestmark = pytest.mark.worker


def test_worker_extracts_duration_and_poster(celery_worker_process):
    from tenant_apps.accounts.models import User
    from tenant_apps.employment.videos.models import Video
    from tenant_apps.employment.videos.services import video_upload

    with schema_context("live"):
        admin = User.objects.get(username="admin")
        video = video_upload(actor=admin, title="工作进程处理", file=upload())  # autocommit: on_commit queues at once
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with schema_context("live"):
                video.refresh_from_db()
            if video.status != "processing":
                break
            time.sleep(0.3)
        assert video.status == "ready", celery_worker_process.log()[-3000:]
        assert video.duration_seconds == SECONDS and video.poster.name
    finally:
        with schema_context("live"):
            Video.objects.filter(pk=video.pk).delete()
        connection.set_schema_to_public()
