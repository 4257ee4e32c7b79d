from django.apps import AppConfig


class WechatConfig(AppConfig):
    name = "tenant_apps.wechat"
    label = "wechat"
    verbose_name = "微信"

    def ready(self) -> None:
        # The messaging gateway sends WeChat template messages through our provider.
        from tenant_apps.wechat.providers import register

        register()
