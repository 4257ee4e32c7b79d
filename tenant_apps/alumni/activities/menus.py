from core.web.menus import MenuItem, register

SECTION = "校友活动"
register(
    "backoffice",
    MenuItem("alumni_activities", "活动管理", "backoffice:alumni_activities:activity_list", "alumni_activities.view_activity", module="alumni", section=SECTION, order=320),
    MenuItem("alumni_activities_review", "活动审核", "backoffice:alumni_activities:review_list", "alumni_activities.review_activity", module="alumni", section=SECTION,
             order=321),
    MenuItem("alumni_activities_blacklist", "活动黑名单", "backoffice:alumni_activities:blacklist", "alumni_activities.manage_blacklist", module="alumni",
             section=SECTION, order=322),
    MenuItem("alumni_activities_comments", "评论管理", "backoffice:alumni_activities:comments", "alumni_activities.moderate_comment", module="alumni",
             section=SECTION, order=323),
    MenuItem("alumni_activities_photos", "活动照片", "backoffice:alumni_activities:photos", "alumni_activities.moderate_comment", module="alumni",
             section=SECTION, order=324),
    MenuItem("payments_orders", "支付订单", "backoffice:payments:order_list", "payments.view_order", module="alumni", section=SECTION, order=325),
)
register(
    "h5",
    MenuItem("h5_alumni_activities", "校友活动", "h5:alumni_activities:list", None, module="alumni", section="校友", order=32),
    MenuItem("h5_alumni_my_activities", "我的活动", "h5:alumni_activities:mine", None, module="alumni", section="校友", order=33),
)
