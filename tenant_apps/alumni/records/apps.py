from django.apps import AppConfig


class RecordsConfig(AppConfig):
    """Alumni part 1: alumni records, matching, merging and deceased status."""

    name = "tenant_apps.alumni.records"
    label = "alumni_records"
    verbose_name = "校友档案"
