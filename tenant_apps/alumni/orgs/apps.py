from django.apps import AppConfig


class OrgsConfig(AppConfig):
    """Alumni part 1: the association and its chapters."""

    name = "tenant_apps.alumni.orgs"
    label = "alumni_orgs"
    verbose_name = "校友组织"

    def ready(self) -> None:
        from core.hooks import register_demo_seeder, subscribe
        from tenant_apps.alumni.orgs import menus  # noqa: F401
        from tenant_apps.alumni.orgs.demo import seed_demo_orgs
        from tenant_apps.alumni.orgs.selectors import is_chapter_member
        from tenant_apps.alumni.orgs.services import on_member_verified
        from tenant_apps.alumni.records.services import MEMBER_VERIFIED

        subscribe(MEMBER_VERIFIED, on_member_verified)
        subscribe("alumni.chapter_member", is_chapter_member)  # chapter-only votes (alumni_votes)
        register_demo_seeder(71, "alumni_orgs", seed_demo_orgs)
