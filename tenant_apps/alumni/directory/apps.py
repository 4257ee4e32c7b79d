from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """Alumni part 1: the directory with per-field privacy, card exchange and mentoring."""

    name = "tenant_apps.alumni.directory"
    label = "alumni_directory"
    verbose_name = "校友通讯录"

    def ready(self) -> None:
        from core.hooks import register_demo_seeder, subscribe
        from tenant_apps.alumni.directory import menus  # noqa: F401
        from tenant_apps.alumni.directory.demo import seed_demo_directory
        from tenant_apps.alumni.directory.services import (
            on_membership_changed,
            on_record_deceased,
            profile_sync,
        )
        from tenant_apps.alumni.orgs.services import MEMBERSHIP_CHANGED
        from tenant_apps.alumni.records.services import MEMBER_VERIFIED, RECORD_DECEASED

        subscribe(MEMBER_VERIFIED, profile_sync)
        subscribe(RECORD_DECEASED, on_record_deceased)
        subscribe(MEMBERSHIP_CHANGED, on_membership_changed)
        register_demo_seeder(72, "alumni_directory", seed_demo_directory)
