from django.apps import AppConfig


class ProvisioningConfig(AppConfig):
    name = "shared_apps.provisioning"
    label = "provisioning"
    verbose_name = "开通与租户"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from core.tenancy import tenants_changed
        from shared_apps.provisioning.models import Domain, Tenant

        def announce(sender, **kwargs) -> None:
            tenants_changed()

        for model in (Tenant, Domain):
            post_save.connect(announce, sender=model, dispatch_uid=f"provisioning.tenants_changed.{model.__name__}.save", weak=False)
            post_delete.connect(announce, sender=model, dispatch_uid=f"provisioning.tenants_changed.{model.__name__}.delete", weak=False)
