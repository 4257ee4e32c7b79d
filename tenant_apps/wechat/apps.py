from django.apps import AppConfig


class WechatConfig(AppConfig):
    name = "tenant_apps.wechat"
    label = "wechat"
    verbose_name = "微信"
