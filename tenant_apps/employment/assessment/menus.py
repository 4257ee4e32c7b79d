from core.web.menus import MenuItem, register

SECTION = "学生服务"
register(
    "backoffice",
    MenuItem("assessment_results", "测评结果", "backoffice:employment_assessment:results", "employment_assessment.view_assessmentresult",
             module="employment", section=SECTION, order=420),
    MenuItem("assessment_statistics", "测评统计", "backoffice:employment_assessment:statistics", "employment_assessment.view_assessmentresult",
             module="employment", section=SECTION, order=421),
    MenuItem("assessment_banks", "授权题库", "backoffice:employment_assessment:banks", "employment_assessment.view_licensedbank",
             module="employment", section=SECTION, order=422),
)
register(
    "h5",
    MenuItem("h5_assessment", "职业测评", "h5:employment_assessment:index", None, module="employment", section="就业", order=42),
)
