"""The face engine: dlib's HOG detector and 128-d ResNet encoder through face_recognition, on CPU,
from the model files the `face_recognition_models` package ships (nothing is downloaded).

Imported lazily: only the enrolment, indexing and search paths load numpy, dlib and the models
(about 1 s and 100 MB once per process), so web start-up stays fast. Encodings are stored
encrypted (`pack` / `unpack`, the project's Fernet keys) as 128 float32 values.

Never `model="large"`: the 68-point landmark model was trained on iBUG 300-W, whose licence
excludes commercial use; the default 5-point model is CC0. See docs/decisions/0137.
"""

from __future__ import annotations

import importlib.util
import io
import os
import sys
import threading
import types
from dataclasses import dataclass

# Calibrated (tests/bench/calibrate_alumni_faces.py, docs/decisions/0137-album-face-search.md):
# at 0.5, 9.8 % of genuine pairs of degraded phone pictures are missed, no impostor pair of full
# pictures matches (smallest 0.68) and 0.48 % of 25-px LFW impostor pairs do. The library's
# default 0.6 lets 7.7 % of those through and is known to be too loose for East-Asian faces
# (face_recognition#612): we prefer a missed photo to someone else's.
MATCH_THRESHOLD = 0.5
MAX_SIDE = 1024  # photos are scaled down before detection: HOG time grows with the pixel count
ENCODING_SIZE = 128

_lock = threading.Lock()
_api_module = None


class FaceImageError(ValueError):
    """The picture could not be read or holds no usable face."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class FoundFace:
    box: tuple[int, int, int, int]  # top, right, bottom, left in the scaled image
    encoding: object  # numpy float64 array of 128


def _pkg_resources_shim() -> types.ModuleType:
    # face_recognition_models 0.3.0 calls pkg_resources.resource_filename() at import time; setuptools
    # 81+ no longer ships pkg_resources. Its files sit inside the package, so a path join is all it needs.
    shim = types.ModuleType("pkg_resources")

    def resource_filename(package: str, resource: str) -> str:
        spec = importlib.util.find_spec(package)
        return os.path.join(next(iter(spec.submodule_search_locations)), resource)

    shim.resource_filename = resource_filename  # type: ignore[attr-defined]
    return shim


def api():
    """face_recognition, imported once per process."""
    global _api_module
    if _api_module is not None:
        return _api_module
    with _lock:
        if _api_module is None:
            installed_shim = False
            if "pkg_resources" not in sys.modules and importlib.util.find_spec("pkg_resources") is None:
                sys.modules["pkg_resources"] = _pkg_resources_shim()
                installed_shim = True
            try:
                import face_recognition  # noqa: PLC0415 - lazy on purpose
            finally:
                if installed_shim:
                    sys.modules.pop("pkg_resources", None)
            _api_module = face_recognition
    return _api_module


def load_rgb(data: bytes, *, max_side: int = MAX_SIDE):
    import numpy as np
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        image = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise FaceImageError("无法读取这张图片，请换一张 JPG 或 PNG 照片。", "face_bad_image") from exc
    image.thumbnail((max_side, max_side))
    return np.asarray(image)


def find_faces(data: bytes, *, max_side: int = MAX_SIDE, upsample: int = 1) -> list[FoundFace]:
    """Every face in a picture with its encoding (HOG detector, 5-point landmarks)."""
    face_recognition = api()
    pixels = load_rgb(data, max_side=max_side)
    boxes = face_recognition.face_locations(pixels, number_of_times_to_upsample=upsample, model="hog")
    if not boxes:
        return []
    encodings = face_recognition.face_encodings(pixels, boxes, num_jitters=1, model="small")
    return [FoundFace(box=tuple(int(v) for v in box), encoding=encoding) for box, encoding in zip(boxes, encodings, strict=True)]


def encode_selfie(data: bytes):
    """The one face of a selfie; refuses pictures with none or with several faces."""
    faces = find_faces(data, max_side=800)
    if not faces:
        raise FaceImageError("照片中没有检测到人脸，请正对镜头、光线充足后重拍。", "face_not_found")
    if len(faces) > 1:
        raise FaceImageError("照片中有多张人脸，请只拍本人。", "face_more_than_one")
    return faces[0].encoding


def pack(encoding) -> str:
    import numpy as np

    from core.crypto import cipher

    raw = np.asarray(encoding, dtype=np.float32).tobytes()
    return cipher().encrypt(raw).decode()


def unpack_many(tokens: list[str]):
    """An (n, 128) float32 matrix from stored tokens."""
    import numpy as np

    from core.crypto import cipher

    fernet = cipher()
    if not tokens:
        return np.zeros((0, ENCODING_SIZE), dtype=np.float32)
    return np.frombuffer(b"".join(fernet.decrypt(token.encode()) for token in tokens), dtype=np.float32).reshape(-1, ENCODING_SIZE)


def distances(matrix, probe):
    """Euclidean distance of each row of `matrix` to `probe` (what face_recognition compares)."""
    import numpy as np

    if len(matrix) == 0:
        return np.zeros(0, dtype=np.float32)
    return np.linalg.norm(matrix - np.asarray(probe, dtype=np.float32), axis=1)
