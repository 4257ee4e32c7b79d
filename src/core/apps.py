from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "平台内核"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app declares its back-office and H5 menu entries in menus.py.
        autodiscover_modules("menus")
