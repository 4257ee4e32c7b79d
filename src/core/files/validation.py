"""Upload limits per tenant (P15) applied to every upload.

The limits live in the tenant's site settings; core cannot import that app, so the app
registers a provider (`register_upload_limits`). Without one (public schema, or a project
without site settings) the defaults below apply.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError

DEFAULT_IMAGE_EXTENSIONS = ("jpg", "jpeg", "png", "gif", "webp")
DEFAULT_FILE_EXTENSIONS = ("pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "zip", "rar", "jpg", "jpeg", "png")


@dataclass(frozen=True)
class UploadLimits:
    image_max_bytes: int = 5 * 1024 * 1024
    image_extensions: tuple[str, ...] = DEFAULT_IMAGE_EXTENSIONS
    file_max_bytes: int = 20 * 1024 * 1024
    file_extensions: tuple[str, ...] = DEFAULT_FILE_EXTENSIONS

    def for_kind(self, kind: str) -> tuple[int, tuple[str, ...]]:
        if kind == "image":
            return self.image_max_bytes, self.image_extensions
        return self.file_max_bytes, self.file_extensions


_provider: list[Callable[[], object]] = []


def register_upload_limits(func: Callable[[], object]) -> None:
    """`func()` returns an object with `for_kind(kind) -> (max_bytes, extensions)`."""
    _provider[:] = [func]


def upload_limits():
    from django_tenants.utils import get_public_schema_name

    from core.tenancy import current_schema_name

    if _provider and current_schema_name() != get_public_schema_name():  # no site settings in public
        return _provider[0]()
    return UploadLimits()


def validate_upload(file, *, kind: str = "file", extensions: tuple[str, ...] | None = None, name: str | None = None) -> None:
    """Raise `ValidationError` (Chinese message, code upload_type / upload_too_large) when the
    file is over the tenant's limit or of a type it does not allow. `extensions` narrows the
    tenant's list further for one field (e.g. only .docx for a Word template)."""
    max_bytes, allowed = upload_limits().for_kind(kind)
    if extensions:
        allowed = tuple(e for e in allowed if e in extensions) or tuple(extensions)
    extension = os.path.splitext(name or getattr(file, "name", "") or "")[1].lower().lstrip(".")
    if extension not in allowed:
        raise ValidationError(
            f"不支持的文件类型“.{extension or '?'}”，允许：{'、'.join(allowed)}。", code="upload_type"
        )
    size = getattr(file, "size", 0) or 0
    if size > max_bytes:
        raise ValidationError(
            f"文件过大（{size / 1024 / 1024:.1f} MB），不能超过 {max(max_bytes // 1024 // 1024, 1)} MB。",
            code="upload_too_large",
        )
    if kind == "image":
        _verify_image(file)


def _verify_image(file) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        file.seek(0)
        with Image.open(file) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError("图片无法识别，请上传有效的图片文件。", code="upload_type") from None
    finally:
        file.seek(0)
