"""Choices of resumes: the sections (seed §3.1.7 and §2.4.5), layouts and states."""

from django.db import models


class Section(models.TextChoices):
    OBJECTIVE = "objective", "求职意向"
    EDUCATION = "education", "教育经历"
    INTERNSHIPS = "internships", "实习经历"
    PROJECTS = "projects", "项目经历"
    ACTIVITIES = "activities", "社团经历"
    AWARDS = "awards", "获奖情况"
    SKILLS = "skills", "技能特长"
    CERTIFICATES = "certificates", "证书"
    SELF_ASSESSMENT = "self_assessment", "自我评价"


SECTION_KEYS = tuple(Section.values)
# A resume is "complete" when these are filled; the others are optional.
REQUIRED_SECTIONS = (Section.EDUCATION, Section.SKILLS, Section.SELF_ASSESSMENT)
SECTION_MAX = 3000


class Layout(models.TextChoices):
    CLASSIC = "classic", "经典单栏"
    SIDEBAR = "sidebar", "左栏个人信息"
    COMPACT = "compact", "紧凑一页"


class ResumeStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    COMPLETE = "complete", "已完善"
