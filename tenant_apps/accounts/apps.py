from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tenant_apps.accounts"
    label = "accounts"
    verbose_name = "账号与权限"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from core.hooks import register_tenant_initializer, register_usage_counter
        from tenant_apps.accounts.initializers import (
            grant_new_permissions_to_admin_group,
            seed_accounts,
        )

        register_tenant_initializer(10, "accounts", seed_accounts)
        from tenant_apps.accounts import privacy  # noqa: F401  (personal-data provider, P21)
        # After auth's own handler (connected first) has created the new permissions.
        post_migrate.connect(grant_new_permissions_to_admin_group, dispatch_uid="accounts.grant_admin_group")

        def count_users() -> dict[str, int]:
            from tenant_apps.accounts.models import User

            return {"users": User.objects.count()}

        register_usage_counter(count_users)
