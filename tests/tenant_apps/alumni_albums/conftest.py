"""Fixtures for albums: alumni, album staff, albums, and real face pictures (images/README.md)."""

from __future__ import annotations

import itertools
import pathlib
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

IMAGES = pathlib.Path(__file__).parent / "images"
_seq = itertools.count(1)

STAFF_PERMS = ("alumni_albums.view_album", "alumni_albums.add_album", "alumni_albums.change_album", "alumni_albums.delete_album",
               "alumni_albums.review_album", "alumni_albums.view_face_statistics")


def make_user(*, kind="alumnus", perms=()):
    from django.contrib.auth.models import Group, Permission

    from tenant_apps.accounts.models import GroupProfile, User

    username = f"alb{next(_seq)}-{uuid.uuid4().hex[:8]}-{kind}"
    user = User.objects.create_user(username=username, password="pw-12345678", kind=kind, display_name=f"校友{username[:8]}")
    if perms:
        group = Group.objects.create(name=f"g-{username}")
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        GroupProfile.objects.update_or_create(group=group, defaults={"data_scope": "all"})
        user.groups.add(group)
    return User.objects.get(pk=user.pk)


def picture(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (IMAGES / name).read_bytes(), content_type="image/jpeg")


def blank_picture(name: str = "blank.jpg") -> SimpleUploadedFile:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (200, 150), (200, 16, 46)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def make_album(actor=None, **extra):
    from tenant_apps.alumni.albums.services import AlbumInput, album_create

    actor = actor or make_user(kind="staff", perms=STAFF_PERMS)
    data = AlbumInput(title=extra.pop("title", f"相册{next(_seq)}"), **{"upload_scope": "members", **extra})
    return album_create(actor=actor, data=data)


@pytest.fixture
def album_staff(in_tenant_a):
    return make_user(kind="staff", perms=STAFF_PERMS)


@pytest.fixture
def alumnus(in_tenant_a):
    return make_user()
