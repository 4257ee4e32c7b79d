"""Demo resumes for the demo university: every student of the 8,000 cohort has one, in every state
(drafts, complete ones, revised after a teacher's comments); bulk inserts, idempotent."""

from __future__ import annotations

import random

from django.db import transaction

DEMO_SCHEMA = "demo"
DEMO_RESUMES = 8000
OBJECTIVES = ["后端开发工程师", "数据分析师", "产品经理助理", "财务管理培训生", "外贸业务员", "机械设计工程师", "英语翻译", "管理培训生"]
INTERNSHIPS = ["2025.07-2025.09  杭州某科技有限公司  开发实习生\n- 参与接口开发与测试，编写单元测试 80 余个",
               "2025.01-2025.03  上海某会计师事务所  审计助理\n- 协助完成 3 家企业年报审计底稿",
               "2024.07-2024.08  本市某制造企业  工艺实习生\n- 参与产线工艺改进，良品率提升 2%"]
PROJECTS = ["校园二手交易平台（负责人）\n- 实现商品发布、搜索与站内消息，注册用户 2,000 余人",
            "大学生创新创业训练计划（省级）\n- 负责市场调研与数据分析"]
AWARDS = ["校级一等奖学金\n全国大学生数学建模竞赛 省级二等奖", "优秀学生干部\n校级二等奖学金", "“挑战杯”校级三等奖"]
SKILLS = ["Python、SQL、Excel 数据透视；CET-6", "Java、Spring Boot、MySQL；CET-4", "AutoCAD、SolidWorks；CET-4", "英语专业八级；日语 N2"]
CERTIFICATES = ["全国计算机等级考试二级", "初级会计职称", "普通话二级甲等", ""]
SELF = ["学习能力强，做事认真负责，善于团队合作。", "性格开朗，沟通能力强，抗压能力好。", "对技术有热情，喜欢钻研问题。"]
COMMENTS = {"internships": "实习经历请写清楚你本人做了什么、结果如何，尽量用数字说明。",
            "self_assessment": "自我评价过于笼统，建议结合具体经历说明优势。",
            "skills": "技能请按熟练程度排序，并与求职意向相关。"}


def seed_demo_resumes(schema_name: str, tenant_type: str) -> None:
    if schema_name != DEMO_SCHEMA or tenant_type != "university":
        return
    from django.db import connection

    from tenant_apps.accounts.models import User
    from tenant_apps.employment.resumes.enums import Layout, ResumeStatus, Section
    from tenant_apps.employment.resumes.models import Resume, ResumeComment, ResumeVersion
    from tenant_apps.employment.students.enums import EDUCATION_LEVEL
    from tenant_apps.employment.students.models import GraduateRecord

    if Resume.objects.exists():
        return
    records = list(GraduateRecord.objects.filter(user__isnull=False).select_related("org_unit__parent__parent").order_by("id")[:DEMO_RESUMES])
    if not records:
        return
    teacher = User.objects.filter(kind="staff", is_active=True, groups__name="辅导员").order_by("id").first() or \
        User.objects.filter(is_superuser=True).order_by("id").first()
    school = getattr(getattr(connection, "tenant", None), "name", "") or "示范大学"
    rng = random.Random(15)
    layouts = Layout.values
    with transaction.atomic():
        resumes, contents = [], []
        for i, record in enumerate(records):
            college = record.org_unit.parent.parent.name if record.org_unit and record.org_unit.parent_id and record.org_unit.parent.parent_id else ""
            education = f"{school} · {college} · {record.major_name}（{EDUCATION_LEVEL.get(record.education, '')}），{record.graduation_year} 年毕业"
            complete = i % 4 != 3  # one in four is still a draft
            sections = {key: "" for key in Section.values}
            sections.update(objective=rng.choice(OBJECTIVES), education=education, activities="学生会 干事" if i % 3 == 0 else "")
            if complete:
                sections.update(internships=rng.choice(INTERNSHIPS), projects=rng.choice(PROJECTS) if i % 2 == 0 else "", awards=rng.choice(AWARDS),
                                skills=rng.choice(SKILLS), certificates=rng.choice(CERTIFICATES), self_assessment=rng.choice(SELF))
            resumes.append(Resume(student_id=record.user_id, title=f"{sections['objective']}-校招", layout=layouts[i % 3], is_default=True,
                                  status=ResumeStatus.COMPLETE if complete else ResumeStatus.DRAFT))
            contents.append(sections)
        Resume.objects.bulk_create(resumes)
        versions, comments, revised = [], [], []
        for i, (resume, sections) in enumerate(zip(resumes, contents, strict=True)):
            versions.append(ResumeVersion(resume=resume, number=1, sections=sections, created_by_id=resume.student_id, note="创建"))
            if sections["self_assessment"] and i % 5 == 0:  # commented by the counsellor, then revised
                revised.append((resume, sections))
        ResumeVersion.objects.bulk_create(versions)
        first_version = {v.resume_id: v for v in versions}
        second = []
        for n, (resume, sections) in enumerate(revised):
            v1 = first_version[resume.pk]
            for key, body in COMMENTS.items():
                comments.append(ResumeComment(resume=resume, version=v1, section=key, body=body, author=teacher))
            if n % 2 == 0:  # half revised already
                new = dict(sections, self_assessment=sections["self_assessment"] + "\n在实习中独立完成订单模块重构，获导师好评。",
                           internships=sections["internships"] + "\n- 负责的模块上线后接口平均延迟降低 30%")
                second.append(ResumeVersion(resume=resume, number=2, sections=new, created_by_id=resume.student_id, note="按老师建议修改"))
        ResumeVersion.objects.bulk_create(second)
        ResumeComment.objects.bulk_create(comments)
        second_by_resume = {v.resume_id: v for v in second}
        addressed = [c for c in comments if c.resume_id in second_by_resume and c.section in ("self_assessment", "internships")]
        for comment in addressed:
            comment.addressed_in = second_by_resume[comment.resume_id]
        ResumeComment.objects.bulk_update(addressed, ["addressed_in"])
        current = {**first_version, **second_by_resume}
        for resume in resumes:
            resume.current_version = current[resume.pk]
        Resume.objects.bulk_update(resumes, ["current_version"])
