"""Default groups for the alumni association's activity work."""

from __future__ import annotations

from core.hooks import TenantSeed

DEFAULT_GROUPS: list[tuple[str, str, list[str]]] = [
    (
        "活动管理员",
        "发起、审核、置顶推荐活动，管理报名、黑名单、评论与抽奖",
        [
            "alumni_activities.view_activity", "alumni_activities.add_activity", "alumni_activities.change_activity", "alumni_activities.delete_activity",
            "alumni_activities.review_activity", "alumni_activities.manage_registration", "alumni_activities.checkin_activity",
            "alumni_activities.moderate_comment", "alumni_activities.manage_blacklist", "alumni_activities.run_lottery",
            "alumni_activities.view_registration", "payments.view_order", "payments.manage_payments",
        ],
    ),
    (
        "活动志愿者",
        "在活动现场用手机检票",
        ["alumni_activities.view_activity", "alumni_activities.checkin_activity"],
    ),
]


def seed_activity_groups(seed: TenantSeed) -> None:
    if "alumni" not in seed.modules:
        return
    from tenant_apps.accounts.initializers import default_groups_ensure

    default_groups_ensure(DEFAULT_GROUPS)
