"""Demo Q&A and advising: questions in every state with chat replies from teachers and one
employer, FAQ entries (some promoted from answers), advising slots over the next two weeks
with bookings, and past appointments with attendance. Idempotent, bulk inserts."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

DEMO_SCHEMA = "demo"
QUESTIONS = [
    ("procedure", "三方协议丢了怎么补办？", "签约单位让我重新寄一份，三方协议原件找不到了。",
     "先在系统中提交补办申请，由学院就业秘书审核后到就业指导中心领取新协议书，原协议作废。", True),
    ("policy", "毕业去向登记截止到什么时候？", "我还在等考研调剂结果，去向什么时候必须填？",
     "毕业前须完成登记；8 月 31 日前如有变化可以修改。考研调剂结果出来后及时更新即可。", True),
    ("job_search", "没有实习经历，简历怎么写？", "大三没找到实习，简历很空，该怎么办？",
     "把课程项目、竞赛和社团经历按“任务—行动—结果”写清楚；可以预约“简历修改”咨询，老师一对一帮你看。", True),
    ("further_study", "考研和工作怎么选？", "家里希望我考研，我自己想先工作。", "", False),
    ("procedure", "档案转到哪里？", "我签了一家民营企业，档案应该转到哪里？",
     "民营企业一般没有人事档案管理权限，档案转至单位注册地或户籍地的公共就业人才服务机构。", True),
    ("employer", "贵公司的管培生需要轮岗多久？", "看到管培生岗位，想了解轮岗安排。", "管培生第一年在三个部门各轮岗四个月，之后定岗。", False),
]
FAQ_EXTRA = [
    ("policy", "什么是毕业去向落实率？", "毕业去向落实率 = 已落实去向（协议和合同就业、灵活就业、自主创业、升学）的毕业生 ÷ 毕业生总数。"),
    ("procedure", "报到证取消后还需要办理什么？", "2023 年起不再发放报到证。请按时完成毕业去向登记，档案和户口按登记信息转递。"),
]


def seed_demo_qa(schema_name: str, tenant_type: str) -> None:
    if schema_name != DEMO_SCHEMA or tenant_type != "university":
        return
    from tenant_apps.accounts.models import User
    from tenant_apps.employment.employers.models import Employer
    from tenant_apps.employment.qa.models import (
        AdvisingBooking,
        AdvisingSlot,
        FaqEntry,
        Question,
        QuestionMessage,
    )

    if Question.objects.exists():
        return
    students = list(User.objects.filter(kind="student").order_by("id")[:40])
    staff = User.objects.filter(kind="staff", is_active=True).order_by("id").first()
    if not students or staff is None:
        return
    employer = Employer.objects.filter(status="approved").order_by("id").first()
    now = timezone.now()
    with transaction.atomic():
        questions, messages, answers = [], [], []
        for index, (category, title, _body, answer, _to_faq) in enumerate(QUESTIONS):
            asked = now - datetime.timedelta(days=len(QUESTIONS) - index, hours=index)
            to_employer = category == "employer" and employer is not None
            status = "answered" if answer else "open"
            questions.append(Question(student=students[index % len(students)], employer=employer if to_employer else None, category=category, title=title,
                                      status=status, last_message_at=asked + datetime.timedelta(hours=3 if answer else 0), student_unread=bool(answer)))
        Question.objects.bulk_create(questions)
        for question, (_, _, body, answer, to_faq) in zip(questions, QUESTIONS, strict=True):
            messages.append(QuestionMessage(question=question, author=question.student, side="student", body=body))
            if answer:
                side = "employer" if question.employer_id else "teacher"
                reply = QuestionMessage(question=question, author=None if side == "employer" else staff, side=side, body=answer)
                messages.append(reply)
                answers.append((reply, question, to_faq))
        QuestionMessage.objects.bulk_create(messages)
        faq = [FaqEntry(category=question.category, question=question.title, answer=reply.body, source_message=reply, created_by=staff, sort_order=10 + n)
               for n, (reply, question, to_faq) in enumerate(answers) if to_faq]
        faq += [FaqEntry(category=c, question=q, answer=a, created_by=staff, sort_order=50 + n) for n, (c, q, a) in enumerate(FAQ_EXTRA)]
        FaqEntry.objects.bulk_create(faq)
        _seed_advising(staff, students, AdvisingSlot, AdvisingBooking)


def _seed_advising(staff, students, slot_model, booking_model) -> None:
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    kinds = ["resume_review", "career_planning", "policy"]
    slots = []
    for day in range(-6, 14):
        start = today + datetime.timedelta(days=day, hours=14)
        if start.weekday() >= 5:
            continue
        kind = kinds[(day + 6) % 3]
        for n in range(3):
            begin = start + datetime.timedelta(minutes=40 * n)
            slots.append(slot_model(advisor=staff, kind=kind, starts_at=begin, ends_at=begin + datetime.timedelta(minutes=30), capacity=1 if kind != "policy" else 3,
                                    location="就业指导中心 201 咨询室", note="请提前 5 分钟到达"))
    slot_model.objects.bulk_create(slots)
    now = timezone.now()
    bookings = []
    for index, slot in enumerate(slots):
        if index % 3 == 2:
            continue
        pupil = students[index % len(students)]
        past = slot.starts_at < now
        status = ("no_show" if index % 7 == 0 else "attended") if past else "booked"
        note = "简历结构清晰，建议补充项目成果的量化数据。" if status == "attended" else ""
        bookings.append(booking_model(slot=slot, student=pupil, topic="想请老师看看简历" if slot.kind == "resume_review" else "毕业去向怎么选", status=status,
                                      private_note=note, recorded_by=slot.advisor if past else None))
        slot.booked_count = 1
    booking_model.objects.bulk_create(bookings)
    slot_model.objects.bulk_update([s for s in slots if s.booked_count], ["booked_count"])
