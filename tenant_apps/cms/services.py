"""Writes for site settings. Every change is audited; uploads are checked against the
tenant's own limits (`validate_upload`, also for other apps)."""

from __future__ import annotations

import os

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from PIL import Image, UnidentifiedImageError

from core.audit import audit_record, snapshot
from core.errors import ApplicationError
from tenant_apps.cms.models import CarouselItem, FloatingWindow, FriendlyLink, SiteSettings
from tenant_apps.cms.selectors import SHELL_CACHE_KEY, upload_limits


class UploadRejected(ApplicationError):
    code = "upload_rejected"


def validate_upload(file, *, kind: str = "file", field: str = "file") -> None:
    """Refuse a file over the tenant's size limit or of a type it does not allow. `kind` is
    "image" (logos, carousel, covers: also checked to be a real image) or "file"."""
    max_bytes, extensions = upload_limits().for_kind(kind)
    extension = os.path.splitext(getattr(file, "name", "") or "")[1].lower().lstrip(".")
    if extension not in extensions:
        message = f"不支持的文件类型“.{extension or '?'}”，允许：{'、'.join(extensions)}。"
        raise UploadRejected(message, code="upload_type", fields={field: [message]})
    if file.size > max_bytes:
        message = f"文件过大（{file.size / 1024 / 1024:.1f} MB），不能超过 {max_bytes // 1024 // 1024} MB。"
        raise UploadRejected(message, code="upload_too_large", fields={field: [message]})
    if kind == "image":
        try:
            file.seek(0)
            with Image.open(file) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise UploadRejected("图片无法识别，请上传有效的图片文件。", code="upload_type", fields={field: ["图片无法识别。"]}) from None
        finally:
            file.seek(0)


def _clean(instance: models.Model) -> None:
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise ApplicationError("填写有误，请检查。", fields=exc.message_dict) from exc


def _snapshot(instance: models.Model, fields: list[str]) -> dict:
    """snapshot() plus the stored names of file fields (core's snapshot cannot read empty ones)."""
    files = [f.name for f in instance._meta.concrete_fields if isinstance(f, models.FileField)]
    data = snapshot(instance, [name for name in fields if name not in files])
    for name in files:
        data[name] = getattr(instance, name).name or ""
    return data


def _forget_shell_cache() -> None:
    cache.delete(SHELL_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(SHELL_CACHE_KEY))  # again, after readers of the old row


SETTINGS_FIELDS = [
    "site_name", "address", "postcode", "phone", "service_phone", "email", "icp_number", "copyright", "about",
    "image_max_mb", "image_extensions", "file_max_mb", "file_extensions", "job_file_retention_days",
]


@transaction.atomic
def site_settings_update(*, actor, data: dict, logo=None, remove_logo: bool = False) -> SiteSettings:
    settings, _ = SiteSettings.objects.select_for_update().get_or_create(singleton=1)
    before = _snapshot(settings, SETTINGS_FIELDS)
    for name in SETTINGS_FIELDS:
        if name in data:
            setattr(settings, name, data[name])
    if logo is not None:
        validate_upload(logo, kind="image", field="logo")
        settings.logo.save(logo.name, logo, save=False)
    elif remove_logo:
        settings.logo = ""
    _clean(settings)
    settings.save()
    audit_record(actor=actor, action="site_settings.update", target=settings, before=before, after=_snapshot(settings, SETTINGS_FIELDS))
    _forget_shell_cache()
    return settings


# --- carousel, links, floating window: the same save / delete / move shape --------------------

CAROUSEL_FIELDS = ["title", "link_url", "sort_order", "is_active", "show_on_h5", "show_on_backoffice", "show_on_portal"]
LINK_FIELDS = ["name", "url", "sort_order", "is_active"]
FLOATING_FIELDS = ["title", "text", "link_url", "is_active", "starts_at", "ends_at"]


def _save(*, actor, instance, fields: list[str], data: dict, image=None, image_required: bool = False, action: str):
    creating = instance.pk is None
    before = None if creating else _snapshot(instance, fields)
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])
    link = getattr(instance, "link_url", "")
    if link and not link.startswith(("/", "http://", "https://")):
        raise ApplicationError("链接应为站内路径（以 / 开头）或 http(s) 地址。", fields={"link_url": ["链接格式不正确。"]})
    if image is not None:
        validate_upload(image, kind="image", field="image")
        instance.image.save(image.name, image, save=False)
    elif image_required and not instance.image:
        raise ApplicationError("请上传图片。", fields={"image": ["请上传图片。"]})
    _clean(instance)
    instance.save()
    after = _snapshot(instance, fields)
    audit_record(actor=actor, action=f"{action}.{'create' if creating else 'update'}", target=instance, before=before, after=after, only_changes=not creating)
    return instance


def _delete(*, actor, instance, action: str) -> None:
    audit_record(actor=actor, action=f"{action}.delete", target=instance, before=_snapshot(instance, [f.name for f in instance._meta.concrete_fields]), after=None, only_changes=False)
    image = getattr(instance, "image", None)
    instance.delete()
    if image:
        name, storage = image.name, image.storage
        transaction.on_commit(lambda: storage.delete(name))


def _move(*, actor, instance, direction: str, action: str):
    """Swap places with the neighbour above ("up") or below ("down"); orders are renumbered
    10, 20, 30... first so that equal numbers still move."""
    model = type(instance)
    items = list(model.objects.select_for_update().order_by("sort_order", "id"))
    index = next(i for i, item in enumerate(items) if item.pk == instance.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, item in enumerate(items, start=1):
        if item.sort_order != position * 10:
            model.objects.filter(pk=item.pk).update(sort_order=position * 10)
    audit_record(actor=actor, action=f"{action}.move", target=instance, after={"direction": direction}, only_changes=False)
    instance.refresh_from_db()
    return instance


@transaction.atomic
def carousel_item_save(*, actor, item: CarouselItem | None = None, data: dict, image=None) -> CarouselItem:
    return _save(actor=actor, instance=item or CarouselItem(), fields=CAROUSEL_FIELDS, data=data, image=image, image_required=True, action="carousel_item")


@transaction.atomic
def carousel_item_delete(*, actor, item: CarouselItem) -> None:
    _delete(actor=actor, instance=item, action="carousel_item")


@transaction.atomic
def carousel_item_move(*, actor, item: CarouselItem, direction: str) -> CarouselItem:
    return _move(actor=actor, instance=item, direction=direction, action="carousel_item")


@transaction.atomic
def friendly_link_save(*, actor, link: FriendlyLink | None = None, data: dict) -> FriendlyLink:
    return _save(actor=actor, instance=link or FriendlyLink(), fields=LINK_FIELDS, data=data, action="friendly_link")


@transaction.atomic
def friendly_link_delete(*, actor, link: FriendlyLink) -> None:
    _delete(actor=actor, instance=link, action="friendly_link")


@transaction.atomic
def friendly_link_move(*, actor, link: FriendlyLink, direction: str) -> FriendlyLink:
    return _move(actor=actor, instance=link, direction=direction, action="friendly_link")


@transaction.atomic
def floating_window_save(*, actor, window: FloatingWindow | None = None, data: dict, image=None) -> FloatingWindow:
    starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
    if starts_at and ends_at and ends_at <= starts_at:
        raise ApplicationError("结束时间应晚于开始时间。", fields={"ends_at": ["结束时间应晚于开始时间。"]})
    window = window or FloatingWindow()
    if image is None and not window.image and not (data.get("text") or window.text):
        raise ApplicationError("请上传图片或填写文字。", fields={"text": ["图片和文字至少填一项。"]})
    return _save(actor=actor, instance=window, fields=FLOATING_FIELDS, data=data, image=image, action="floating_window")


@transaction.atomic
def floating_window_delete(*, actor, window: FloatingWindow) -> None:
    _delete(actor=actor, instance=window, action="floating_window")
