from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """Alumni part 1: the directory with per-field privacy, card exchange and mentoring."""

    name = "tenant_apps.alumni.directory"
    label = "alumni_directory"
    verbose_name = "校友通讯录"
