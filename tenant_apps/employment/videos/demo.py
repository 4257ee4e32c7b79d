"""Demo videos: three short generated clips (ffmpeg's test pattern, well under a second to
make) with their posters, published. Idempotent; skipped when ffmpeg is unavailable."""

from __future__ import annotations

import logging
import os
import subprocess
import tempfile

from django.core.files import File
from django.db import transaction
from django.utils import timezone

DEMO_SCHEMA = "demo"
VIDEOS = [
    ("简历写作的五个要点", "skills", "public", "就业指导中心老师讲解简历结构、经历描述与常见错误。"),
    ("2027 届毕业去向登记政策解读", "policy", "public", "毕业去向登记的时间节点、材料要求与注意事项。"),
    ("校友分享：从实习到转正", "alumni", "students", "软件工程专业 2022 届校友讲述实习与转正经历。"),
]
logger = logging.getLogger(__name__)


def seed_demo_videos(schema_name: str, tenant_type: str) -> None:
    if schema_name != DEMO_SCHEMA or tenant_type != "university":
        return
    from tenant_apps.employment.videos import media
    from tenant_apps.employment.videos.models import Video

    if Video.objects.exists():
        return
    try:
        with tempfile.TemporaryDirectory(prefix="demo-video-") as directory:
            clip, poster = os.path.join(directory, "clip.mp4"), os.path.join(directory, "poster.jpg")
            subprocess.run([media.ffmpeg(), "-hide_banner", "-nostdin", "-y", "-f", "lavfi", "-i", "testsrc=duration=6:size=640x360:rate=15",
                            "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast", "-movflags", "+faststart", clip],
                           check=True, capture_output=True, timeout=30)
            media.poster_frame(clip, at_seconds=2, output=poster)
            info = media.probe(clip)
            with transaction.atomic():
                for index, (title, category, audience, description) in enumerate(VIDEOS):
                    video = Video(title=title, description=description, category=category, audience=audience, status="ready", is_published=True,
                                  published_at=timezone.now(), duration_seconds=round(info.duration), width=info.width, height=info.height,
                                  original_name="demo.mp4", size_bytes=os.path.getsize(clip), play_count=40 - index * 13)
                    with open(clip, "rb") as handle:
                        video.file.save("demo.mp4", File(handle), save=False)
                    with open(poster, "rb") as handle:
                        video.poster.save("poster.jpg", File(handle), save=False)
                    video.save()
    except (OSError, subprocess.SubprocessError, media.MediaError) as exc:  # the demo must start without videos
        logger.warning("demo videos skipped: %s", exc)
