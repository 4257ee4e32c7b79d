"""Demo albums: two with face search on, enrolled by three demo alumni (precomputed encodings, so
the seeder runs in well under a second and ships no real faces), plus the activity photos."""

from __future__ import annotations

import io
import random

from django.utils import timezone


def _picture(colour: tuple[int, int, int], heads: int) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 320), colour)
    draw = ImageDraw.Draw(image)
    for n in range(heads):  # stylised people, not faces
        x = 70 + n * 120
        draw.ellipse([x, 90, x + 60, 150], fill=(245, 222, 200))
        draw.rectangle([x - 10, 155, x + 70, 300], fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=70)
    return buffer.getvalue()


def seed_demo_albums(schema_name: str, tenant_type: str) -> None:
    if tenant_type != "university":
        return
    import numpy as np
    from django.core.files.base import ContentFile

    from tenant_apps.accounts.models import User
    from tenant_apps.alumni.albums import faces, services
    from tenant_apps.alumni.albums.enums import IndexStatus, ReviewStatus, UploadScope, ViewScope
    from tenant_apps.alumni.albums.models import (
        Album,
        AlbumPhoto,
        FaceConsent,
        FaceEnrolment,
        PhotoFace,
    )

    services.activity_photos_sync()
    if Album.objects.filter(activity_id__isnull=True).exists():
        return
    rng = np.random.default_rng(17)
    now = timezone.now()
    staff = User.objects.filter(is_superuser=True).order_by("pk").first()
    people = list(User.objects.filter(kind="alumnus").order_by("pk")[:3])
    own = {}
    for person in people:
        existing = FaceEnrolment.objects.filter(user=person).first()
        if existing is not None:
            own[person.pk] = faces.unpack_many([existing.encoding])[0]
            continue
        own[person.pk] = rng.normal(0, 0.09, faces.ENCODING_SIZE)
        consent = FaceConsent.objects.create(user=person, text_version=services.CONSENT_VERSION, text=services.consent_text(),
                                             expires_at=now + timezone.timedelta(days=services.retention_days()))
        FaceEnrolment.objects.create(user=person, consent=consent, encoding=faces.pack(own[person.pk]))
    pick = random.Random(5)
    specs = [("2026 校友返校日", "返校日大合影与各学院分会场", [(200, 16, 46), (34, 34, 34), (120, 120, 120), (230, 180, 60), (60, 90, 160)]),
             ("毕业十周年聚会 · 2016 级", "十年再聚首", [(90, 140, 90), (200, 16, 46), (60, 60, 60), (160, 100, 40)])]
    for title, description, colours in specs:
        album = Album.objects.create(title=title, description=description, owner=staff, view_scope=ViewScope.EVERYONE, upload_scope=UploadScope.MEMBERS,
                                     is_face_search_enabled=True, status=ReviewStatus.APPROVED, reviewed_by=staff, reviewed_at=now)
        for number, colour in enumerate(colours):
            heads = 1 + number % 3
            photo = AlbumPhoto(album=album, caption=f"{title} · {number + 1}", uploaded_by=staff, status=ReviewStatus.APPROVED, reviewed_at=now,
                               index_status=IndexStatus.DONE, face_count=heads, indexed_at=now)
            photo.image.save(f"demo-album-{album.pk}-{number}.jpg", ContentFile(_picture(colour, heads)), save=False)
            photo.save()
            present = pick.sample(people, k=min(len(people), pick.randint(0, 2)))
            encodings = [own[p.pk] + rng.normal(0, 0.02, faces.ENCODING_SIZE) for p in present]
            encodings += [rng.normal(0, 0.09, faces.ENCODING_SIZE) for _ in range(heads - len(encodings))]
            PhotoFace.objects.bulk_create([PhotoFace(photo=photo, album_id=album.pk, encoding=faces.pack(e), box=[90, 70 + i * 120 + 60, 150, 70 + i * 120])
                                           for i, e in enumerate(encodings[:heads])])
        if people:
            pending = AlbumPhoto(album=album, caption="校友上传 · 待审核", uploaded_by=people[0], status=ReviewStatus.PENDING)
            pending.image.save(f"demo-album-{album.pk}-pending.jpg", ContentFile(_picture((240, 240, 240), 2)), save=False)
            pending.save()
    if people:
        Album.objects.create(title="我的毕业旅行", description="校友申请创建，待审核", owner=people[0], view_scope=ViewScope.MEMBERS, upload_scope=UploadScope.OWNER)
