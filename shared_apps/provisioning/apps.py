from django.apps import AppConfig


class ProvisioningConfig(AppConfig):
    name = "shared_apps.provisioning"
    label = "provisioning"
    verbose_name = "开通与租户"
