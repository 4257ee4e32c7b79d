from core.web.menus import MenuItem, register

register("backoffice", MenuItem("resumes_guidance", "简历指导", "backoffice:employment_resumes:list", "employment_resumes.view_resume",
                                module="employment", section="学生服务", order=330))
register("h5", MenuItem("h5_resumes", "我的简历", "h5:employment_resumes:list", None, module="employment", section="就业", order=35))
