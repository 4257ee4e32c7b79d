from django.apps import AppConfig


class RecordsConfig(AppConfig):
    """Alumni part 1: alumni records, matching, merging and deceased status."""

    name = "tenant_apps.alumni.records"
    label = "alumni_records"
    verbose_name = "校友档案"

    def ready(self) -> None:
        from core.hooks import register_demo_seeder, register_tenant_initializer, subscribe
        from tenant_apps.alumni.records import audiences, menus  # noqa: F401
        from tenant_apps.alumni.records.demo import seed_demo_records
        from tenant_apps.alumni.records.graduates import COHORT_GRADUATED, on_cohort_graduated
        from tenant_apps.alumni.records.initializers import seed_alumni_groups

        audiences.register()
        subscribe(COHORT_GRADUATED, on_cohort_graduated)
        subscribe("people.deceased_user_ids", audiences.deceased_user_ids)
        register_tenant_initializer(70, "alumni_records", seed_alumni_groups)
        register_demo_seeder(70, "alumni_records", seed_demo_records)
