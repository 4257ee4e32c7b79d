"""The default group of a tenant with the alumni module for famous alumni: who confirms what
the crawler found and keeps the exclusion list."""

from __future__ import annotations

from core.hooks import TenantSeed

DEFAULT_GROUPS: list[tuple[str, str, list[str]]] = [
    (
        "知名校友管理员",
        "确认或排除采集到的知名校友、校友企业和动态，维护学校名称与曾用名",
        [
            "alumni_famous.view_famousalumnus", "alumni_famous.confirm_candidates", "alumni_famous.change_famoussettings",
            "alumni_famous.view_alumnienterprise", "alumni_famous.view_newsitem", "alumni_famous.view_exclusion",
        ],
    ),
]


def seed_famous_groups(seed: TenantSeed) -> None:
    if "alumni" not in seed.modules:
        return
    from tenant_apps.accounts.initializers import default_groups_ensure

    default_groups_ensure(DEFAULT_GROUPS)
