"""Reads for site settings. Other apps call `upload_limits()` (or services.validate_upload)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from tenant_apps.cms.models import CarouselItem, FloatingWindow, FriendlyLink, SiteSettings

SHELL_CACHE_KEY = "cms:shell"  # tenant-prefixed by core.tenancy.make_cache_key


@dataclass(frozen=True)
class UploadLimits:
    image_max_bytes: int
    image_extensions: tuple[str, ...]
    file_max_bytes: int
    file_extensions: tuple[str, ...]

    def for_kind(self, kind: str) -> tuple[int, tuple[str, ...]]:
        if kind == "image":
            return self.image_max_bytes, self.image_extensions
        return self.file_max_bytes, self.file_extensions


def site_settings() -> SiteSettings:
    """The tenant's settings row, or an unsaved one with the defaults."""
    return SiteSettings.objects.filter(singleton=1).first() or SiteSettings()


def _extensions(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(e.strip().lower().lstrip(".") for e in value.replace("，", ",").split(",") if e.strip()))


def upload_limits() -> UploadLimits:
    settings = site_settings()
    return UploadLimits(
        image_max_bytes=settings.image_max_mb * 1024 * 1024,
        image_extensions=_extensions(settings.image_extensions),
        file_max_bytes=settings.file_max_mb * 1024 * 1024,
        file_extensions=_extensions(settings.file_extensions),
    )


def job_file_retention_days() -> int:
    """Days the tenant keeps import/export files (core.files.retention deletes older ones)."""
    return site_settings().job_file_retention_days


def image_url(obj, kind: str) -> str:
    """URL of an uploaded image, served by the cms view of the current tenant; the version
    parameter changes when the object does, so browsers may cache it for long."""
    field = obj.logo if kind == "logo" else obj.image
    if not field:
        return ""
    url = reverse("h5:site_image", kwargs={"kind": kind, "pk": obj.pk})
    return f"{url}?v={int(obj.updated_at.timestamp())}"


def shell_info() -> dict:
    """Logo URL and site name for every layout; cached per tenant, cleared on change."""
    info = cache.get(SHELL_CACHE_KEY)
    if info is None:
        settings = site_settings()
        info = {"logo_url": image_url(settings, "logo") if settings.pk else "", "site_name": settings.site_name}
        cache.set(SHELL_CACHE_KEY, info, timeout=300)
    return info


def carousel_list(*, area: str | None = None, active_only: bool = False) -> QuerySet[CarouselItem]:
    queryset = CarouselItem.objects.all()
    if active_only:
        queryset = queryset.filter(is_active=True)
    if area == "h5":
        queryset = queryset.filter(show_on_h5=True)
    elif area == "backoffice":
        queryset = queryset.filter(show_on_backoffice=True)
    elif area == "portal":
        queryset = queryset.filter(show_on_portal=True)
    return queryset.order_by("sort_order", "id")


def friendly_link_list(*, active_only: bool = False) -> QuerySet[FriendlyLink]:
    queryset = FriendlyLink.objects.all()
    if active_only:
        queryset = queryset.filter(is_active=True)
    return queryset.order_by("sort_order", "id")


def floating_window_list() -> QuerySet[FloatingWindow]:
    return FloatingWindow.objects.all().order_by("-created_at", "-id")


def floating_window_current() -> FloatingWindow | None:
    now = timezone.now()
    return (
        FloatingWindow.objects.filter(is_active=True)
        .filter(Q(starts_at__isnull=True) | Q(starts_at__lte=now))
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .order_by("-created_at", "-id")
        .first()
    )
