from core.web.menus import MenuItem, register

SECTION = "专家库"
register(
    "backoffice",
    MenuItem("experts_list", "专家管理", "backoffice:experts:expert_list", "experts.view_expert", module="experts", section=SECTION, order=200),
    MenuItem("experts_review", "入库审核", "backoffice:experts:review_queue", "experts.review_expert", module="experts", section=SECTION, order=201),
    MenuItem("experts_changes", "信息变更审核", "backoffice:experts:change_queue", "experts.review_expert", module="experts", section=SECTION, order=202),
    MenuItem("experts_domains", "专业领域", "backoffice:experts:domain_list", "experts.view_domain", module="experts", section=SECTION, order=203),
    MenuItem("experts_campaigns", "年度信息确认", "backoffice:experts:campaign_list", "experts.manage_campaign", module="experts", section=SECTION, order=204),
    MenuItem("experts_certificates", "证书管理", "backoffice:experts:certificate_list", "experts.manage_settings", module="experts", section=SECTION, order=205),
    MenuItem("experts_stats", "统计分析", "backoffice:experts:statistics", "experts.view_statistics", module="experts", section=SECTION, order=206),
    MenuItem("experts_settings", "专家库设置", "backoffice:experts:settings", "experts.manage_settings", module="experts", section=SECTION, order=207),
)
register(
    "h5",
    MenuItem("h5_experts", "专家个人中心", "h5:experts:center", None, module="experts", section="专家", order=20),
)
