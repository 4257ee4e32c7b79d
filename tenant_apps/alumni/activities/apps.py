from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    """Alumni part 2: activities, registrations, waiting lists, tickets and check-in, lotteries."""

    name = "tenant_apps.alumni.activities"
    label = "alumni_activities"
    verbose_name = "校友活动"

    def ready(self) -> None:
        from core.files import register_download_rule
        from core.hooks import register_demo_seeder, register_tenant_initializer, subscribe
        from tenant_apps.alumni.activities import menus  # noqa: F401
        from tenant_apps.alumni.activities.demo import seed_demo_activities, seed_demo_photos
        from tenant_apps.alumni.activities.initializers import seed_activity_groups
        from tenant_apps.alumni.activities.selectors import may_see_photo
        from tenant_apps.alumni.activities.services import on_order_paid
        from tenant_apps.payments.services import EVENT_PAID

        subscribe(EVENT_PAID, on_order_paid)
        register_tenant_initializer(72, "alumni_activities", seed_activity_groups)
        register_demo_seeder(72, "alumni_activities", seed_demo_activities)
        register_demo_seeder(73, "alumni_activity_photos", seed_demo_photos)
        register_download_rule("alumni_activities.activityphoto", may_see_photo)
