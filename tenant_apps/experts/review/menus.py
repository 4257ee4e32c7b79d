"""Menu entries of this sub-app (registered in apps.ready)."""

from core.web.menus import MenuItem, register

register(
    "backoffice",
    MenuItem("review_setups", "网上评审", "backoffice:experts_review:list", "expert_review.view_reviewsetup", module="experts", section="专家抽取", order=223),
)
register(
    "h5",
    MenuItem("h5_review", "网上评审", "h5:experts_review:my_list", None, module="experts", section="专家", order=22),
)
