from __future__ import annotations

from core.hooks import TenantSeed

DEFAULT_GROUPS = [
    ("相册管理员", "建立和管理相册，审核相册与照片，查看人脸查找统计",
     ["alumni_albums.view_album", "alumni_albums.add_album", "alumni_albums.change_album", "alumni_albums.delete_album", "alumni_albums.review_album",
      "alumni_albums.view_face_statistics"]),
]


def seed_album_groups(seed: TenantSeed) -> None:
    if "alumni" not in seed.modules:
        return
    from tenant_apps.accounts.initializers import default_groups_ensure

    default_groups_ensure(DEFAULT_GROUPS)
