from django.apps import AppConfig

ACTION_LABELS = {
    "console.login": "登录控制台", "console.login_failed": "控制台登录失败", "console.login_second_factor": "控制台二次验证登录",
    "console.second_factor_enabled": "启用二次验证", "console.second_factor_failed": "二次验证失败", "console.second_factor_reset": "重置二次验证",
    "console.impersonation_start": "平台客服开始代为登录", "console.impersonation_end": "平台客服结束代为登录",
    "console.signup_retry": "重试开通", "console.spare_pool_refill": "补充预建空间",
    "console.tenant_modules": "调整模块", "console.tenant_paid_offline": "登记线下付费", "console.tenant_plan": "变更套餐",
    "console.tenant_resume": "恢复服务", "console.tenant_suspend": "暂停服务", "console.tenant_audit_export": "平台导出审计日志",
    "console.plan_stripe_prices": "设置套餐的 Stripe 价格",
}


class ConsoleConfig(AppConfig):
    name = "shared_apps.console"
    label = "console"
    verbose_name = "平台控制台"

    def ready(self) -> None:
        from core.audit import register_action_labels

        register_action_labels(ACTION_LABELS)
        # Connects the Celery task_failure receiver (the health page lists failed tasks).
        from shared_apps.console import task_failures  # noqa: F401
