"""Demo chat: a few students asking about live jobs, with HR answers and one reported conversation."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

DEMO_SCHEMA = "demo"
QUESTIONS = ["您好，请问这个岗位接受应届生吗？", "请问工作地点可以选择吗？", "面试大概安排在什么时候？", "请问实习期有补贴吗？"]
ANSWERS = ["接受的，欢迎投递简历。", "可以在北京和上海两地选择。", "简历筛选后一周内安排线上面试。", "有，每月 3000 元。"]


def seed_demo_chat(schema_name: str, tenant_type: str) -> None:
    if schema_name != DEMO_SCHEMA or tenant_type != "university":
        return
    from tenant_apps.accounts.models import User
    from tenant_apps.employment.chat.enums import ReportReason, Side
    from tenant_apps.employment.chat.models import ChatMessage, Conversation, ConversationReport
    from tenant_apps.employment.employers.models import EmployerAccount
    from tenant_apps.employment.jobs.models import Job

    if Conversation.objects.exists():
        return
    jobs = list(Job.objects.filter(status="approved", hidden_at__isnull=True).order_by("id")[:12])
    students = list(User.objects.filter(kind="student", is_active=True).order_by("id")[:12])
    if not jobs or not students:
        return
    hr = dict(EmployerAccount.objects.filter(is_primary=True).values_list("employer_id", "user_id"))
    now = timezone.now()
    with transaction.atomic():
        conversations = Conversation.objects.bulk_create([
            Conversation(job=job, employer_id=job.employer_id, student=student, employer_unread=i % 2, last_message_at=now - datetime.timedelta(hours=i),
                         last_message=ANSWERS[i % 4] if i % 2 == 0 else QUESTIONS[i % 4])
            for i, (job, student) in enumerate(zip(jobs, students, strict=False))])
        rows = []
        for i, conversation in enumerate(conversations):
            rows.append(ChatMessage(conversation=conversation, sender_id=conversation.student_id, side=Side.STUDENT, body=QUESTIONS[i % 4]))
            if i % 2 == 0:
                rows.append(ChatMessage(conversation=conversation, sender_id=hr.get(conversation.employer_id), side=Side.EMPLOYER, body=ANSWERS[i % 4]))
        ChatMessage.objects.bulk_create(rows)
        first = conversations[0]
        ConversationReport.objects.create(conversation=first, reporter_id=first.student_id, side=Side.STUDENT, reason=ReportReason.FEES,
                                          details="对方要求先交培训费（演示数据）")
