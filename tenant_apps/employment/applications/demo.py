"""Demo applications: students with complete resumes apply to live jobs, in every stage
(submitted, viewed, interview, offer, rejected, withdrawn, no response), with their tracker
events, HR's openings and a few HR-started conversations. Bulk inserts, idempotent."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

DEMO_SCHEMA = "demo"
# (status, share): the mix of stages.
STAGES = [("submitted", 18), ("viewed", 14), ("interview", 14), ("offered", 8), ("rejected", 14), ("withdrawn", 4), ("no_response", 8)]
PLACES = ["学校就业指导中心 302 面试间", "公司杭州总部 5 楼", ""]


def seed_demo_applications(schema_name: str, tenant_type: str) -> None:
    if schema_name != DEMO_SCHEMA or tenant_type != "university":
        return
    from tenant_apps.employment.applications.models import (
        Application,
        ApplicationEvent,
        ApplicationSettings,
        ApplicationView,
    )
    from tenant_apps.employment.chat.models import ChatMessage, Conversation
    from tenant_apps.employment.employers.models import EmployerAccount
    from tenant_apps.employment.jobs.models import Job
    from tenant_apps.employment.resumes.models import Resume

    if Application.objects.exists():
        return
    resumes = list(Resume.objects.filter(status="complete", current_version__isnull=False).order_by("id")[:300])
    jobs = list(Job.objects.filter(status="approved", hidden_at__isnull=True).order_by("id")[:60])
    if not resumes or not jobs:
        return
    hr = dict(EmployerAccount.objects.filter(is_primary=True).values_list("employer_id", "user_id"))
    rng = random.Random(8)
    now = timezone.now()
    weights = [w for _, w in STAGES]
    stages = [s for s, _ in STAGES]
    with transaction.atomic():
        ApplicationSettings.objects.get_or_create(pk=1, defaults={"no_response_days": 14})
        applications, plans = [], []
        for i, resume in enumerate(resumes):
            for job in rng.sample(jobs, k=min(len(jobs), 1 + i % 3)):
                status = rng.choices(stages, weights=weights)[0]
                age = rng.randint(16, 30) if status == "no_response" else rng.randint(0, 12)
                submitted = now - datetime.timedelta(days=age, hours=rng.randint(0, 20))
                acted = submitted + datetime.timedelta(days=rng.randint(0, min(age, 6)), hours=rng.randint(1, 8)) if status in (
                    "interview", "offered", "rejected") else None
                viewed = (acted or submitted + datetime.timedelta(hours=rng.randint(2, 30))) if status not in ("submitted", "withdrawn", "no_response") else None
                interview_at = now + datetime.timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 6)) if status == "interview" else None
                place = rng.choice(PLACES) if status == "interview" else ""
                applications.append(Application(
                    student_id=resume.student_id, job=job, employer_id=job.employer_id, resume=resume, resume_version_id=resume.current_version_id,
                    status=status, first_viewed_at=viewed, first_action_at=acted, interview_at=interview_at, interview_place=place,
                    interview_link="" if place else (f"https://meeting.example.com/j/{100000 + i}" if status == "interview" else ""),
                    interview_invited=status in ("interview", "offered") or (status == "rejected" and i % 2 == 0)))
                plans.append((submitted, viewed, acted, status, interview_at, place))
        Application.objects.bulk_create(applications)
        # auto_now_add: set the real delivery times afterwards
        for application, (submitted, *_rest) in zip(applications, plans, strict=True):
            application.submitted_at = submitted
        Application.objects.bulk_update(applications, ["submitted_at"], batch_size=500)
        events, views = [], []
        for application, (submitted, viewed, acted, status, interview_at, place) in zip(applications, plans, strict=True):
            hr_user = hr.get(application.employer_id)
            events.append(ApplicationEvent(application=application, kind="submitted", actor_id=application.student_id, created_at=submitted,
                                           details={"job": application.job.title, "resume": "", "version": 1}))
            if viewed:
                events.append(ApplicationEvent(application=application, kind="viewed", actor_id=hr_user, created_at=viewed))
                views.append(ApplicationView(application=application, viewer_id=hr_user, viewed_at=viewed))
            if status in ("interview", "offered") or (status == "rejected" and application.interview_invited):
                when = interview_at or (acted - datetime.timedelta(days=1) if status != "interview" else acted)
                events.append(ApplicationEvent(application=application, kind="interview", actor_id=hr_user, created_at=acted,
                                               details={"interview_at": (interview_at or when).isoformat(), "place": place or "线上面试",
                                                        "link": application.interview_link, "note": ""}))
            if status in ("offered", "rejected"):
                events.append(ApplicationEvent(application=application, kind=status, actor_id=hr_user, created_at=acted + datetime.timedelta(days=1),
                                               details={"note": ""}))
            if status == "withdrawn":
                events.append(ApplicationEvent(application=application, kind="withdrawn", actor_id=application.student_id,
                                               created_at=submitted + datetime.timedelta(days=1)))
            if status == "no_response":
                events.append(ApplicationEvent(application=application, kind="no_response", created_at=submitted + datetime.timedelta(days=14),
                                               details={"days": 14}))
        ApplicationEvent.objects.bulk_create(events, batch_size=1000)
        ApplicationView.objects.bulk_create(views, batch_size=1000)
        # auto_now_add again: the timeline's own times
        ApplicationEvent.objects.bulk_update(events, ["created_at"], batch_size=1000)
        ApplicationView.objects.bulk_update(views, ["viewed_at"], batch_size=1000)
        # A few HR-started conversations about interviews.
        existing = set(Conversation.objects.values_list("job_id", "student_id"))
        started = [a for a in applications if a.status == "interview" and (a.job_id, a.student_id) not in existing and hr.get(a.employer_id)][:5]
        conversations = Conversation.objects.bulk_create([
            Conversation(job_id=a.job_id, employer_id=a.employer_id, student_id=a.student_id, started_by="employer", application=a, student_unread=1,
                         last_message_at=now, last_message="您好，想和您确认一下面试时间是否方便。") for a in started])
        ChatMessage.objects.bulk_create([ChatMessage(conversation=c, sender_id=hr[c.employer_id], side="employer", body=c.last_message) for c in conversations])
