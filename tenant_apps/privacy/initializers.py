from __future__ import annotations

from core.hooks import TenantSeed

DEFAULT_GROUPS = [
    ("数据保护负责人", "个人信息保护负责人：受理、导出、更正、删除个人信息请求（《个人信息保护法》第四十五至四十七条）",
     ["privacy.handle_request", "privacy.view_personaldatarequest"]),
]


def seed_privacy_groups(seed: TenantSeed) -> None:
    from tenant_apps.accounts.initializers import default_groups_ensure

    default_groups_ensure(DEFAULT_GROUPS)
