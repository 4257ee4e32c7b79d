from __future__ import annotations

from core.hooks import TenantSeed

DEFAULT_GROUPS = [
    ("云卡管理员", "云卡设置、合作机构、扫码记录、电子券发放、重点校友及其扫码提醒",
     ["alumni_card.view_cardsettings", "alumni_card.change_cardsettings", "alumni_card.view_card", "alumni_card.revoke_card",
      "alumni_card.view_partner", "alumni_card.add_partner", "alumni_card.change_partner", "alumni_card.delete_partner",
      "alumni_card.view_scan", "alumni_card.view_check", "alumni_card.view_couponbatch", "alumni_card.add_couponbatch",
      "alumni_card.change_couponbatch", "alumni_card.view_coupon", "alumni_card.change_coupon", "alumni_card.issue_coupon",
      "alumni_card.manage_key_alumni", "alumni_card.receive_key_alert"]),
]


def seed_card_groups(seed: TenantSeed) -> None:
    if "alumni" not in seed.modules:
        return
    from tenant_apps.accounts.initializers import default_groups_ensure

    default_groups_ensure(DEFAULT_GROUPS)
