from django.apps import AppConfig


class DomainsConfig(AppConfig):
    name = "shared_apps.domains"
    label = "domains"
    verbose_name = "自定义域名"

    def ready(self) -> None:
        from core.audit import register_action_labels

        register_action_labels({
            "domains.custom_domain.create": "添加自定义域名",
            "domains.custom_domain.verify": "验证自定义域名",
            "domains.custom_domain.verify_failed": "自定义域名验证未通过",
            "domains.custom_domain.delete": "删除自定义域名",
        })
        from shared_apps.domains import menus  # noqa: F401
