from core.web.menus import MenuItem, register

SECTION = "学生服务"
register(
    "backoffice",
    MenuItem("qa_questions", "在线问答", "backoffice:employment_qa:list", "employment_qa.view_question", module="employment", section=SECTION, order=430),
    MenuItem("qa_faq", "常见问题", "backoffice:employment_qa:faq", "employment_qa.view_faqentry", module="employment", section=SECTION, order=431),
    MenuItem("qa_advising", "咨询预约", "backoffice:employment_qa:advising", "employment_qa.view_advisingslot", module="employment", section=SECTION, order=432),
)
register(
    "h5",
    MenuItem("h5_qa", "在线问答", "h5:employment_qa:list", None, module="employment", section="就业", order=43),
    MenuItem("h5_advising", "咨询预约", "h5:employment_qa:advising", None, module="employment", section="就业", order=44),
)
