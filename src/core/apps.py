from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "平台内核"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app declares its back-office and H5 menu entries in menus.py.
        autodiscover_modules("menus")

        # A web or worker process loads what the first request would otherwise wait for (URL
        # modules, layouts, the Chinese dictionary) in a background thread once the apps are ready.
        from core.chinese import warm_up as warm_up_chinese
        from core.web.warmup import register_warmup, start_if_server

        register_warmup(warm_up_chinese)
        start_if_server()
