"""Default groups for giving work and the thank-you mail template."""

from __future__ import annotations

from core.hooks import TenantSeed

DEFAULT_GROUPS: list[tuple[str, str, list[str]]] = [
    (
        "捐赠管理员",
        "发起捐赠项目、发布进展与使用报告、管理捐赠记录和证书、查看统计",
        [
            "alumni_giving.view_project", "alumni_giving.add_project", "alumni_giving.change_project", "alumni_giving.delete_project",
            "alumni_giving.view_donation", "alumni_giving.manage_donation", "alumni_giving.export_donation", "alumni_giving.view_giving_statistics",
            "alumni_giving.manage_giving_settings", "payments.view_order",
        ],
    ),
    (
        "基金会财务",
        "登记基金会开具的电子捐赠票据，查看捐赠记录与统计",
        ["alumni_giving.view_project", "alumni_giving.view_donation", "alumni_giving.record_receipt", "alumni_giving.export_donation",
         "alumni_giving.view_giving_statistics"],
    ),
]


def seed_giving_defaults(seed: TenantSeed) -> None:
    if "alumni" not in seed.modules:
        return
    from tenant_apps.accounts.initializers import default_groups_ensure
    from tenant_apps.alumni.giving.services import thanks_template_ensure

    default_groups_ensure(DEFAULT_GROUPS)
    thanks_template_ensure()
