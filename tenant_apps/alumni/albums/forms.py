"""Shared parsing of the album form (back office and H5 post the same fields)."""

from __future__ import annotations

from tenant_apps.alumni.albums.enums import UploadScope, ViewScope
from tenant_apps.alumni.albums.services import AlbumInput


def album_input(post) -> AlbumInput:
    chapter = post.get("chapter_id", "")
    return AlbumInput(title=post.get("title", ""), description=post.get("description", ""), view_scope=post.get("view_scope") or ViewScope.EVERYONE,
                      upload_scope=post.get("upload_scope") or UploadScope.OWNER, chapter_id=int(chapter) if str(chapter).isdigit() else None,
                      is_face_search_enabled=post.get("is_face_search_enabled") in ("on", "true", "1"))


def chapter_choices() -> list[tuple[int, str]]:
    from tenant_apps.alumni.orgs.selectors import org_search

    return [(org.pk, org.name) for org in org_search(include_inactive=False)[:300]]
