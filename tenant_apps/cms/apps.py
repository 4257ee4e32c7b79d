from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "tenant_apps.cms"
    label = "cms"
    verbose_name = "站点设置"

    def ready(self):
        # The tenant's upload limits (P15) apply to every upload through core.files.
        from core.files import register_upload_limits
        from tenant_apps.cms.selectors import upload_limits

        register_upload_limits(upload_limits)

        # ... and its retention period to the deletion of import/export files (core.files.retention).
        from core.files.retention import register_retention_days
        from tenant_apps.cms.selectors import job_file_retention_days

        register_retention_days(job_file_retention_days)
