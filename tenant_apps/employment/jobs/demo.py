"""Demo jobs and announcements for the demo university: 1,200 postings in every state, some
with linter hits for the reviewer, tags, a few announcements. Idempotent, bulk inserts."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

DEMO_SCHEMA = "demo"
COUNT = 1200
TITLES = ["Java 开发工程师", "前端开发工程师", "数据分析师", "算法工程师", "测试工程师", "产品经理", "管理培训生", "财务专员", "人力资源专员", "市场营销专员",
          "机械设计工程师", "电气工程师", "土木工程师", "新媒体运营", "销售代表", "临床研究助理", "教研老师", "供应链专员", "硬件工程师", "UI 设计师"]
PLACES = [("110108", "北京市海淀区"), ("310115", "上海市浦东新区"), ("440305", "深圳市南山区"), ("330106", "杭州市西湖区"), ("420111", "武汉市洪山区"),
          ("510107", "成都市武侯区"), ("320102", "南京市玄武区"), ("610113", "西安市雁塔区")]
CONDITIONS = "本科及以上学历，{major}相关专业；具备良好的沟通能力和团队合作精神；有相关实习经历者优先。"
FLAGGED = ["限男性，{major}相关专业，能适应出差。", "已婚已育优先，本地户口。", "年龄 25 岁以下，第一学历为本科。"]
DUTIES = "参与{title}相关工作，完成部门安排的项目任务，持续学习并提升专业能力。"
MAJORS = ["计算机", "软件工程", "统计学", "机械工程", "电气工程", "土木工程", "会计学", "人力资源管理", "市场营销", "临床医学"]


def rows(employers, count: int, *, seed: int = 7, today: datetime.date | None = None):
    """Unsaved Job rows spread over the employers (also used by the benchmark)."""
    from tenant_apps.employment.employers.search import index_text
    from tenant_apps.employment.jobs import linter
    from tenant_apps.employment.jobs.enums import Education, JobKind, JobStatus
    from tenant_apps.employment.jobs.models import Job

    rng = random.Random(seed)
    today = today or timezone.localdate()
    now = timezone.now()
    statuses = [JobStatus.APPROVED] * 7 + [JobStatus.PENDING, JobStatus.IN_PROGRESS, JobStatus.DECLINED, JobStatus.EXPIRED, JobStatus.DRAFT]
    result = []
    for i in range(count):
        employer = employers[i % len(employers)]
        title, (place_code, place_name), major = TITLES[i % len(TITLES)], PLACES[rng.randrange(len(PLACES))], MAJORS[rng.randrange(len(MAJORS))]
        status = statuses[i % len(statuses)] if employer.status == "approved" else JobStatus.DRAFT
        flagged = status in (JobStatus.PENDING, JobStatus.IN_PROGRESS, JobStatus.DECLINED) and (i // 12) % 2 == 0
        conditions = (FLAGGED[i % len(FLAGGED)] if flagged else CONDITIONS).format(major=major)
        duties = DUTIES.format(title=title)
        salary = rng.choice([4000, 5000, 6000, 8000, 10000, 12000, 15000, 20000])
        valid_until = today - datetime.timedelta(days=3) if status == JobStatus.EXPIRED else today + datetime.timedelta(days=rng.randint(10, 120))
        hits = [hit.as_dict() for hit in linter.lint_posting({"conditions": ("招聘条件", conditions)}, employer_nature=employer.nature)]
        result.append(Job(
            employer=employer, title=title, kind=JobKind.INTERNSHIP if i % 5 == 0 else JobKind.FULL_TIME, headcount=rng.randint(1, 20),
            education=rng.choice([Education.BACHELOR, Education.BACHELOR, Education.MASTER, Education.COLLEGE]), majors=major,
            conditions=conditions, duties=duties, place_code=place_code, place_name=place_name, salary_min=salary, salary_max=salary + rng.choice([2000, 4000, 8000]),
            valid_until=valid_until, status=status, lint_hits=hits, submitted_at=now if status != JobStatus.DRAFT else None,
            approved_at=now - datetime.timedelta(minutes=i) if status in (JobStatus.APPROVED, JobStatus.EXPIRED) else None,
            decline_reason="职位要求含有性别或婚育限制，请修改。" if status == JobStatus.DECLINED else "",
            search_text=index_text([title, employer.name, place_name, major, conditions, duties]),
        ))
    return result


def seed_demo_jobs(schema_name: str, tenant_type: str) -> None:
    if schema_name != DEMO_SCHEMA or tenant_type != "university":
        return
    from tenant_apps.employment.employers.models import Employer
    from tenant_apps.employment.jobs.enums import AnnouncementKind, AnnouncementStatus
    from tenant_apps.employment.jobs.models import Announcement, Job, JobTag

    if Job.objects.exists():
        return
    approved = list(Employer.objects.filter(status="approved").order_by("id"))
    others = list(Employer.objects.exclude(status="approved").order_by("id"))
    if not approved:
        return
    with transaction.atomic():
        # Most postings from approved employers (in every review state); drafts from the rest.
        Job.objects.bulk_create(rows(approved, COUNT - 100) + (rows(others, 100, seed=8) if others else []), batch_size=500)
        tags = [JobTag.objects.get_or_create(name=name)[0] for name in ("急招", "五险一金", "可落户", "双休")]
        through = Job.tags.through
        through.objects.bulk_create([through(job_id=job_id, jobtag_id=tags[job_id % len(tags)].pk)
                                     for job_id in Job.objects.values_list("id", flat=True)[:600]], ignore_conflicts=True)
        now = timezone.now()
        approved = approved[:6]
        Announcement.objects.bulk_create(
            [Announcement(kind=AnnouncementKind.EMPLOYER, title=f"{e.name} 2027 届校园招聘公告", body="欢迎各专业同学投递简历。", employer=e,
                          status=AnnouncementStatus.APPROVED, published_at=now) for e in approved]
            + [Announcement(kind=AnnouncementKind.CIVIL_SERVICE, title="2027 年度省考公务员招录公告", body="详见省人社厅网站。", source_name="省公务员局",
                            status=AnnouncementStatus.APPROVED, published_at=now),
               Announcement(kind=AnnouncementKind.PUBLIC_INSTITUTION, title="市属事业单位公开招聘工作人员公告", body="报名时间另行通知。", source_name="市人社局",
                            status=AnnouncementStatus.APPROVED, published_at=now),
               Announcement(kind=AnnouncementKind.EMPLOYER, title="待审核的校招公告", body="男性优先。", employer=approved[0] if approved else None,
                            status=AnnouncementStatus.PENDING)]
        )
