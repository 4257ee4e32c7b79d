from django.apps import AppConfig


class AlbumsConfig(AppConfig):
    """Alumni albums (A17): albums with view and upload permissions, review, activity photos, and
    the opt-in "find my photos by face" search."""

    name = "tenant_apps.alumni.albums"
    label = "alumni_albums"
    verbose_name = "校友相册"

    def ready(self) -> None:
        from core.files import register_download_rule
        from core.hooks import (
            register_demo_seeder,
            register_tenant_initializer,
            register_usage_counter,
            subscribe,
        )
        from tenant_apps.alumni.activities.services import PHOTO_APPROVED, PHOTO_WITHDRAWN
        from tenant_apps.alumni.albums import (
            menus,  # noqa: F401
            privacy,  # noqa: F401  (personal-data provider, P21)
        )
        from tenant_apps.alumni.albums.demo import seed_demo_albums
        from tenant_apps.alumni.albums.initializers import seed_album_groups
        from tenant_apps.alumni.albums.selectors import (
            face_usage,
            hall_photos,
            may_see_photo,
            review_todo,
        )
        from tenant_apps.alumni.albums.services import (
            on_activity_photo_approved,
            on_activity_photo_withdrawn,
        )
        from tenant_apps.alumni.hall import register_hall_section, register_todo_provider

        subscribe(PHOTO_APPROVED, on_activity_photo_approved)
        subscribe(PHOTO_WITHDRAWN, on_activity_photo_withdrawn)
        register_tenant_initializer(76, "alumni_albums", seed_album_groups)
        register_demo_seeder(76, "alumni_albums", seed_demo_albums)
        register_download_rule("alumni_albums.albumphoto", may_see_photo)
        register_hall_section("photos", hall_photos)
        register_todo_provider(review_todo)
        # The console shows it per tenant: face data of 100,000 people needs filing (备案).
        register_usage_counter(face_usage)
