from django.apps import AppConfig


class VideosConfig(AppConfig):
    """Employment part 3 (E13): career videos uploaded by teachers, played on the H5 and the
    public portal."""

    name = "tenant_apps.employment.videos"
    label = "employment_videos"
    verbose_name = "在线视频"

    def ready(self) -> None:
        from core.hooks import register_demo_seeder
        from tenant_apps.employment.videos import menus  # noqa: F401
        from tenant_apps.employment.videos.demo import seed_demo_videos

        register_demo_seeder(91, "employment_videos", seed_demo_videos)
