from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "tenant_apps.cms"
    label = "cms"
    verbose_name = "站点设置"
