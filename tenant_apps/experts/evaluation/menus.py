"""Menu entries of this sub-app (registered in apps.ready)."""

from core.web.menus import MenuItem, register

SECTION = "专家评价"
register(
    "backoffice",
    MenuItem("evaluation_projects", "专家评价", "backoffice:experts_evaluation:project_list", "expert_evaluation.view_evaluation", module="experts", section=SECTION, order=240),
    MenuItem("evaluation_experts", "评价汇总", "backoffice:experts_evaluation:expert_list", "expert_evaluation.view_evaluation", module="experts", section=SECTION, order=241),
    MenuItem("evaluation_flags", "评价提示", "backoffice:experts_evaluation:flags", "expert_evaluation.view_expertflag", module="experts", section=SECTION, order=242),
    MenuItem("evaluation_rules", "评价规则", "backoffice:experts_evaluation:rules", "expert_evaluation.view_flagrule", module="experts", section=SECTION, order=243),
    MenuItem("evaluation_indicators", "评价指标", "backoffice:experts_evaluation:indicator_sets", "expert_evaluation.view_indicatorset", module="experts", section=SECTION, order=244),
)
