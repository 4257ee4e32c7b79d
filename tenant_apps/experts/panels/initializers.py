"""Default user groups for a bureau with the expert module: who prepares draws, who supervises
and approves, who keeps the expert records. Each group is created once with its permissions; a
group the bureau already has (same name) is left as it is, so running this again changes nothing."""

from __future__ import annotations

from core.hooks import TenantSeed

# (name, description, permissions). Data scope “all”: a bureau narrows it per group if it works
# by department (a narrower scope hides projects that have no department).
DEFAULT_GROUPS: list[tuple[str, str, list[str]]] = [
    (
        "抽取经办人",
        "新建、导入项目，设置条件并冻结候选名单，下载签到表；看不到专家完整个人信息",
        [
            "expert_panels.view_project", "expert_panels.add_project", "expert_panels.change_project", "expert_panels.import_project",
            "expert_panels.export_project", "expert_panels.view_draw", "expert_panels.draw_panel", "expert_panels.view_sheettemplate",
        ],
    ),
    (
        "监督人",
        "审核抽取项目与项目申请，监督抽取并输入监督随机值",
        [
            "expert_panels.view_project", "expert_panels.approve_project", "expert_panels.view_draw", "expert_panels.supervise_draw",
        ],
    ),
    (
        "专家管理员",
        "维护专家档案：新增、导入、导出、审核、黑名单、统计",
        [
            "experts.view_expert", "experts.add_expert", "experts.change_expert", "experts.delete_expert", "experts.import_expert",
            "experts.export_expert", "experts.review_expert", "experts.manage_blacklist", "experts.view_statistics",
            "experts.reveal_personal_data", "experts.view_domain", "experts.view_tag",
        ],
    ),
]


def seed_panel_groups(seed: TenantSeed) -> None:
    if "experts" not in seed.modules:
        return
    from tenant_apps.accounts.initializers import default_groups_ensure

    default_groups_ensure(DEFAULT_GROUPS)


def seed_invitation_templates(seed: TenantSeed) -> None:
    """The invitation texts as message templates the bureau edits (X21): SMS / e-mail and voice.
    A template the bureau already has (same code) is left as it is."""
    if "experts" not in seed.modules:
        return
    invitation_templates_ensure()


def invitation_templates_ensure() -> int:
    """Create the missing invitation templates with the default texts; returns how many."""
    from tenant_apps.experts.panels.services import (
        DEFAULT_INVITATION_BODY,
        DEFAULT_INVITATION_SUBJECT,
        DEFAULT_INVITATION_VOICE,
        INVITATION_TEMPLATE_CODE,
        INVITATION_VOICE_TEMPLATE_CODE,
        VOICE_KEY_PROMPT,
    )
    from tenant_apps.messaging.models import MessageTemplate
    from tenant_apps.messaging.services import template_save

    wanted = [
        (INVITATION_TEMPLATE_CODE, "专家评审邀请（短信/邮件）", DEFAULT_INVITATION_SUBJECT, DEFAULT_INVITATION_BODY),
        (INVITATION_VOICE_TEMPLATE_CODE, "专家评审邀请（语音）", "评审邀请语音", DEFAULT_INVITATION_VOICE + VOICE_KEY_PROMPT),
    ]
    created = 0
    for code, name, subject, body in wanted:
        if MessageTemplate.objects.filter(code=code).exists():
            continue
        template_save(actor=None, data={"code": code, "name": name[:100], "subject": subject, "body": body, "is_active": True})
        created += 1
    return created
