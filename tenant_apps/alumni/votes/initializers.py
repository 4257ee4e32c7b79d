from __future__ import annotations

from core.hooks import TenantSeed

DEFAULT_GROUPS = [
    ("投票管理员", "发起、修改、暂停、隐藏、删除投票，管理投票评论",
     ["alumni_votes.view_vote", "alumni_votes.add_vote", "alumni_votes.change_vote", "alumni_votes.delete_vote", "alumni_votes.moderate_vote_comment"]),
]


def seed_vote_groups(seed: TenantSeed) -> None:
    if "alumni" not in seed.modules:
        return
    from tenant_apps.accounts.initializers import default_groups_ensure

    default_groups_ensure(DEFAULT_GROUPS)
