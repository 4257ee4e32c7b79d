from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Personal-data requests (P21, PIPL art. 45-47): access, copy, correction, erasure."""

    name = "tenant_apps.privacy"
    label = "privacy"
    verbose_name = "个人信息权益"

    def ready(self) -> None:
        from core.audit import register_action_labels
        from core.files import register_download_rule
        from core.hooks import register_demo_seeder, register_tenant_initializer
        from tenant_apps.privacy import menus, providers  # noqa: F401  (providers: the audit trail's own)
        from tenant_apps.privacy.demo import seed_demo_privacy
        from tenant_apps.privacy.initializers import seed_privacy_groups
        from tenant_apps.privacy.selectors import may_download_export

        register_tenant_initializer(15, "privacy", seed_privacy_groups)
        register_demo_seeder(990, "privacy", seed_demo_privacy)  # after the modules have made their demo people
        register_download_rule("privacy.PersonalDataRequest", may_download_export)
        register_action_labels({
            "privacy.request.create": "提交个人信息请求", "privacy.request.start": "开始处理个人信息请求",
            "privacy.request.export": "导出个人信息", "privacy.request.erase": "删除个人信息",
            "privacy.request.erasure_step": "删除/去标识化一类个人信息", "privacy.request.complete": "办结个人信息请求",
            "privacy.request.reject": "拒绝个人信息请求", "privacy.request.withdraw": "撤回个人信息请求",
            "privacy.request.due_recomputed": "按节假日安排重算答复期限",
        })
        from shared_apps.workdays.signals import calendar_changed

        calendar_changed.connect(_recompute_every_tenant, dispatch_uid="privacy.recompute_due_dates")


def _recompute_every_tenant(sender, year: int, **kwargs) -> None:
    from core.tasks import fan_out

    fan_out.delay(task_name="privacy.recompute_due_dates")
