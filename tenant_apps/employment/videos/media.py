"""What ffmpeg tells about a video, with the static ffmpeg build that the `imageio-ffmpeg`
wheel ships (no system package needed): duration and frame size from `ffmpeg -i`, and one
frame as a JPEG poster."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass

DURATION_RE = re.compile(r"Duration:\s*(\d+):(\d{2}):(\d{2}(?:\.\d+)?)")
VIDEO_STREAM_RE = re.compile(r"Stream #\S+.*?: Video: .*?(\d{2,5})x(\d{2,5})")
TIMEOUT = 120


class MediaError(Exception):
    pass


@dataclass(frozen=True)
class MediaInfo:
    duration: float
    width: int | None
    height: int | None


def ffmpeg() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def probe(path: str) -> MediaInfo:
    """Duration (seconds) and frame size; MediaError when the file holds no video stream."""
    try:
        result = subprocess.run([ffmpeg(), "-hide_banner", "-nostdin", "-i", path], capture_output=True, text=True, timeout=TIMEOUT, errors="replace")
    except subprocess.TimeoutExpired:
        raise MediaError("读取视频信息超时。") from None
    # Without an output file ffmpeg exits 1 after printing the input's description to stderr.
    stream = VIDEO_STREAM_RE.search(result.stderr)
    if stream is None:
        raise MediaError("文件中没有可识别的视频画面。")
    duration = DURATION_RE.search(result.stderr)
    seconds = int(duration.group(1)) * 3600 + int(duration.group(2)) * 60 + float(duration.group(3)) if duration else 0.0
    return MediaInfo(duration=seconds, width=int(stream.group(1)), height=int(stream.group(2)))


def poster_frame(path: str, *, at_seconds: float, output: str, width: int = 640) -> None:
    """Write one frame at `at_seconds` as a JPEG `width` pixels wide (height kept even)."""
    command = [ffmpeg(), "-hide_banner", "-nostdin", "-y", "-ss", f"{max(at_seconds, 0):.2f}", "-i", path, "-frames:v", "1",
               "-vf", f"scale='min({width},iw)':-2", "-q:v", "4", "-f", "image2", output]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, errors="replace")
    except subprocess.TimeoutExpired:
        raise MediaError("截取封面超时。") from None
    if result.returncode != 0:
        raise MediaError("无法截取封面。")
