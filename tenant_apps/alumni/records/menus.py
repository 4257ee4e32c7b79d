from core.web.menus import MenuItem, register

SECTION = "校友档案"
register(
    "backoffice",
    MenuItem("alumni_records", "档案列表", "backoffice:alumni_records:record_list", "alumni_records.view_alumnirecord", module="alumni", section=SECTION, order=310),
    MenuItem("alumni_members", "注册校友", "backoffice:alumni_records:member_list", "alumni_records.view_member", module="alumni", section=SECTION, order=311),
    MenuItem("alumni_review", "加入审核", "backoffice:alumni_records:member_review", "alumni_records.review_member", module="alumni", section=SECTION, order=312),
    MenuItem("alumni_duplicates", "疑似重复", "backoffice:alumni_records:duplicates", "alumni_records.merge_alumnirecord", module="alumni", section=SECTION, order=313),
    MenuItem("alumni_merges", "合并记录", "backoffice:alumni_records:merge_log", "alumni_records.merge_alumnirecord", module="alumni", section=SECTION, order=314),
    MenuItem("alumni_aliases", "院系设置", "backoffice:alumni_records:aliases", "alumni_records.view_namealias", module="alumni", section=SECTION, order=315),
    MenuItem("alumni_fields", "扩展字段", "backoffice:alumni_records:custom_fields", "alumni_records.view_customfield", module="alumni", section=SECTION, order=316),
    MenuItem("alumni_groups", "校友分组", "backoffice:alumni_records:member_groups", "alumni_records.view_membergroup", module="alumni", section=SECTION, order=317),
    MenuItem("alumni_stats", "校友统计", "backoffice:alumni_records:statistics", "alumni_records.view_statistics", module="alumni", section=SECTION, order=318),
)
