"""Default user groups for a university with the alumni module (created once; a group the
university already has under the same name is left as it is)."""

from __future__ import annotations

from core.hooks import TenantSeed

DEFAULT_GROUPS: list[tuple[str, str, list[str]]] = [
    (
        "校友工作办公室",
        "总会工作人员：组织、档案、注册校友、审核、导出审批、文章与留言",
        [
            "alumni_orgs.view_organization", "alumni_orgs.add_organization", "alumni_orgs.change_organization", "alumni_orgs.view_all_members",
            "alumni_orgs.approve_export", "alumni_orgs.invite_admin",
            "alumni_records.view_alumnirecord", "alumni_records.add_alumnirecord", "alumni_records.change_alumnirecord", "alumni_records.import_alumnirecord",
            "alumni_records.merge_alumnirecord", "alumni_records.mark_deceased", "alumni_records.view_statistics", "alumni_records.invite_alumnirecord",
            "alumni_records.view_member", "alumni_records.change_member", "alumni_records.review_member", "alumni_records.view_membergroup",
            "alumni_records.add_membergroup", "alumni_records.view_college", "alumni_records.change_college", "alumni_records.add_college",
            "alumni_records.view_namealias", "alumni_records.add_namealias", "alumni_records.change_namealias", "alumni_records.delete_namealias",
            "alumni_records.view_customfield", "alumni_records.add_customfield",
            "alumni_directory.view_profile", "alumni_directory.view_mentoroffer",
            "alumni_content.view_article", "alumni_content.add_article", "alumni_content.change_article", "alumni_content.review_article",
            "alumni_content.view_boardpost", "alumni_content.review_boardpost",
        ],
    ),
    (
        "校友档案管理员",
        "维护档案：导入、匹配确认、合并与撤销、已故标记、院系别名；可查看完整个人信息",
        [
            "alumni_records.view_alumnirecord", "alumni_records.add_alumnirecord", "alumni_records.change_alumnirecord", "alumni_records.delete_alumnirecord",
            "alumni_records.import_alumnirecord", "alumni_records.export_alumnirecord", "alumni_records.merge_alumnirecord", "alumni_records.mark_deceased",
            "alumni_records.reveal_personal_data", "alumni_records.view_statistics", "alumni_records.view_member", "alumni_records.review_member",
            "alumni_records.view_college", "alumni_records.add_college", "alumni_records.change_college", "alumni_records.view_namealias",
            "alumni_records.add_namealias", "alumni_records.change_namealias", "alumni_records.delete_namealias", "alumni_records.view_customfield",
            "alumni_records.add_customfield", "alumni_records.change_customfield",
        ],
    ),
]


def seed_alumni_groups(seed: TenantSeed) -> None:
    if "alumni" not in seed.modules:
        return
    from tenant_apps.accounts.initializers import default_groups_ensure

    default_groups_ensure(DEFAULT_GROUPS)
