"""Default user groups for a bureau with the expert module: who enters workload and sends the
letters, and finance, who pays from the payout sheet (with full bank accounts). The tenant's
系统管理员 group holds every permission already (accounts initializer). A group the bureau
already has (same name) is left as it is, so running this again changes nothing."""

from __future__ import annotations

from core.hooks import TenantSeed

DEFAULT_GROUPS: list[tuple[str, str, list[str]]] = [
    (
        "劳务费经办人",
        "登记或导入专家工作量，发送劳务费确认函；银行账号脱敏",
        [
            "expert_fees.view_feeline", "expert_fees.add_feeline", "expert_fees.change_feeline", "expert_fees.delete_feeline",
            "expert_fees.import_workload", "expert_fees.send_letter", "expert_fees.export_payout", "expert_fees.view_feestandard",
            "expert_panels.view_project",
        ],
    ),
    (
        "财务人员",
        "按发放表付款并登记发放；可见完整银行账号与证件号",
        [
            "expert_fees.view_feeline", "expert_fees.export_payout", "expert_fees.mark_paid", "expert_fees.view_bank_account",
            "expert_fees.view_feestandard", "expert_fees.add_feestandard", "expert_fees.change_feestandard", "expert_panels.view_project",
        ],
    ),
]


def seed_fee_groups(seed: TenantSeed) -> None:
    if "experts" not in seed.modules:
        return
    from tenant_apps.accounts.initializers import default_groups_ensure

    default_groups_ensure(DEFAULT_GROUPS)
