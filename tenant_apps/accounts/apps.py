from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tenant_apps.accounts"
    label = "accounts"
    verbose_name = "账号与权限"

    def ready(self) -> None:
        from core.hooks import register_tenant_initializer, register_usage_counter
        from tenant_apps.accounts.initializers import seed_accounts

        register_tenant_initializer(10, "accounts", seed_accounts)

        def count_users() -> dict[str, int]:
            from tenant_apps.accounts.models import User

            return {"users": User.objects.count()}

        register_usage_counter(count_users)
