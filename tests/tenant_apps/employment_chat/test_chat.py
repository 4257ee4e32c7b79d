"""E10 chat: a conversation per (job, student), messages from both sides, unread counts, the
other side notified once per burst through the gateway, reports to the school; only the
student and HR of the job's employer can read it, and nothing crosses tenants."""

from __future__ import annotations

import pytest
from django.test import TestCase
from django.urls import reverse
from django_tenants.utils import schema_context

from core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from tests.tenant_apps.employment_chat.conftest import hr_user, live_job, staff_with, student

pytestmark = pytest.mark.django_db


def _letters(user, title_part: str) -> int:
    from tenant_apps.messaging.models import Letter

    return Letter.objects.filter(user=user, title__contains=title_part).count()


def test_conversation_unread_counts_and_one_notification_per_burst(in_alpha):
    from tenant_apps.employment.chat.selectors import conversations_for, messages_page, unread_for
    from tenant_apps.employment.chat.services import (
        conversation_mark_read,
        conversation_start,
        message_post,
    )
    from tenant_apps.messaging.models import Message

    job = live_job(in_alpha)
    pupil, hr = student(), hr_user(job.employer)
    conversation = conversation_start(student=pupil, job_id=job.pk)
    assert conversation_start(student=pupil, job_id=job.pk).pk == conversation.pk  # one per (job, student)
    with TestCase.captureOnCommitCallbacks(execute=True):
        message_post(actor=pupil, conversation=conversation, body="  请问接受应届生吗？ ")
    with TestCase.captureOnCommitCallbacks(execute=True):
        message_post(actor=pupil, conversation=conversation, body="工作地点在哪里？")
    conversation.refresh_from_db()
    assert (conversation.employer_unread, conversation.student_unread) == (2, 0)
    assert unread_for(user=hr) == 2 and unread_for(user=pupil) == 0
    assert _letters(hr, "有学生咨询") == 1  # not one per message
    assert Message.objects.filter(source="employment_chat", channels=["wechat", "sms"]).count() == 1
    conversation_mark_read(actor=hr, conversation=conversation)
    with TestCase.captureOnCommitCallbacks(execute=True):
        message_post(actor=hr, conversation=conversation, body="接受的，欢迎投递。")
    conversation.refresh_from_db()
    assert (conversation.employer_unread, conversation.student_unread) == (0, 1)
    assert _letters(pupil, "回复了您的咨询") == 1
    rows, has_earlier = messages_page(conversation=conversation)
    assert [m.body for m in rows] == ["请问接受应届生吗？", "工作地点在哪里？", "接受的，欢迎投递。"] and not has_earlier
    assert [m.side for m in rows] == ["student", "student", "employer"]
    assert list(conversations_for(user=hr)) == [conversation] == list(conversations_for(user=pupil))
    with pytest.raises(ApplicationError):
        message_post(actor=pupil, conversation=conversation, body="   ")
    with pytest.raises(ApplicationError):
        message_post(actor=pupil, conversation=conversation, body="长" * 2001)


def test_only_students_start_and_only_about_live_jobs(in_alpha):
    from tenant_apps.employment.chat.services import conversation_start
    from tenant_apps.employment.jobs.services import job_close

    job = live_job(in_alpha)
    with pytest.raises(PermissionDenied):
        conversation_start(student=hr_user(job.employer), job_id=job.pk)
    job_close(actor=in_alpha, job=job, reason="招满")
    with pytest.raises(NotFound):
        conversation_start(student=student(), job_id=job.pk)


def test_hr_of_another_employer_cannot_read_or_write(in_alpha, client_a):
    from tenant_apps.employment.chat.selectors import conversation_for, conversations_for
    from tenant_apps.employment.chat.services import (
        conversation_report,
        conversation_start,
        message_post,
    )

    job_x, job_y = live_job(in_alpha), live_job(in_alpha)
    pupil, other_pupil = student(), student()
    conversation = conversation_start(student=pupil, job_id=job_x.pk)
    message_post(actor=pupil, conversation=conversation, body="X 公司的问题")
    hr_y = hr_user(job_y.employer)
    assert conversation_for(user=hr_y, pk=conversation.pk) is None and not conversations_for(user=hr_y).exists()
    assert conversation_for(user=other_pupil, pk=conversation.pk) is None
    for actor in (hr_y, other_pupil, in_alpha):
        with pytest.raises(NotFound):
            message_post(actor=actor, conversation=conversation, body="越权")
        with pytest.raises(NotFound):
            conversation_report(actor=actor, conversation=conversation, reason="other")
    client_a.login_as(hr_y)
    assert client_a.get(reverse("employment_portal:chat_detail", args=[conversation.pk])).status_code == 404
    assert "X 公司的问题" not in client_a.get(reverse("employment_portal:chat_list")).content.decode()
    assert client_a.post(reverse("employment_portal:chat_detail", args=[conversation.pk]), {"body": "越权"}).status_code == 404
    assert client_a.get(reverse("api:employment_chat:message-list", args=[conversation.pk])).status_code == 404
    assert client_a.get(reverse("api:employment_chat:conversation-list")).json()["count"] == 0
    client_a.login_as(other_pupil)
    assert client_a.get(reverse("h5:employment_chat:detail", args=[conversation.pk])).status_code == 404
    with schema_context("alpha"):
        hr_x = hr_user(job_x.employer)
    client_a.login_as(hr_x)
    assert "X 公司的问题" in client_a.get(reverse("employment_portal:chat_detail", args=[conversation.pk])).content.decode()


def test_h5_and_portal_pages_carry_the_chat(in_alpha, client_a):
    from tenant_apps.employment.chat.models import Conversation

    job = live_job(in_alpha)
    pupil, hr = student("王同学"), hr_user(job.employer)
    client_a.login_as(pupil)
    assert "咨询 HR" in client_a.get(reverse("h5:employment_jobs:detail", args=[job.pk])).content.decode()
    assert "还没有咨询记录" in client_a.get(reverse("h5:employment_chat:list")).content.decode()
    response = client_a.post(reverse("h5:employment_chat:start", args=[job.pk]))
    with schema_context("alpha"):
        conversation = Conversation.objects.get(job=job, student=pupil)
    assert response.url == reverse("h5:employment_chat:detail", args=[conversation.pk])
    client_a.post(response.url, {"body": "请问有实习补贴吗？"})
    assert "请输入消息内容" in client_a.post(response.url, {"body": ""}, follow=True).content.decode()
    client_a.login_as(hr)
    listing = client_a.get(reverse("employment_portal:chat_list")).content.decode()
    assert "王同学" in listing and 'id="unread-total">1<' in listing
    assert "还没有学生咨询" not in listing
    assert "请问有实习补贴吗？" in client_a.get(reverse("employment_portal:chat_detail", args=[conversation.pk])).content.decode()
    client_a.post(reverse("employment_portal:chat_detail", args=[conversation.pk]), {"body": "有，每月 3000 元。"})
    assert "没有找到相关会话" in client_a.get(reverse("employment_portal:chat_list") + "?q=不存在的职位").content.decode()
    client_a.login_as(pupil)
    page = client_a.get(reverse("h5:employment_chat:list")).content.decode()
    assert "有，每月 3000 元。" in page and 'class="chat-badge"' in page


def test_report_queue_resolve_and_permissions(in_alpha, client_a):
    from tenant_apps.employment.chat.services import (
        conversation_report,
        conversation_start,
        message_post,
    )

    job = live_job(in_alpha)
    pupil = student()
    reported, quiet = conversation_start(student=pupil, job_id=job.pk), conversation_start(student=student(), job_id=job.pk)
    message_post(actor=pupil, conversation=reported, body="需要先交 2000 元培训费吗？")
    message_post(actor=quiet.student, conversation=quiet, body="私人对话")
    granted = staff_with("employment_chat.view_conversationreport", "employment_chat.change_conversationreport")
    reader, nobody = staff_with("employment_chat.view_conversationreport"), staff_with()
    client_a.login_as(pupil)
    assert client_a.post(reverse("api:employment_chat:report", args=[reported.pk]), {"reason": "fees", "details": "要求交费"},
                         content_type="application/json").status_code == 201
    with schema_context("alpha"), pytest.raises(Conflict):
        conversation_report(actor=pupil, conversation=reported, reason="fees")
    client_a.login_as(nobody)
    assert client_a.get(reverse("backoffice:employment_chat:reports")).status_code == 403
    assert client_a.get(reverse("api:employment_chat:report-queue")).status_code == 403
    client_a.login_as(reader)
    assert "需要先交 2000 元培训费吗？" in client_a.get(reverse("backoffice:employment_chat:report", args=[reported.pk])).content.decode()
    assert client_a.get(reverse("backoffice:employment_chat:report", args=[quiet.pk])).status_code == 404  # never reported: private
    assert client_a.post(reverse("backoffice:employment_chat:report", args=[reported.pk]), {"action": "uphold", "resolution": "x"}).status_code == 403
    assert client_a.post(reverse("api:employment_chat:reports-resolve", args=[reported.pk]), {"upheld": True, "resolution": "x"},
                         content_type="application/json").status_code == 403
    client_a.login_as(granted)
    queue = client_a.get(reverse("api:employment_chat:report-queue")).json()
    assert [row["id"] for row in queue["results"]] == [reported.pk] and queue["results"][0]["open_reports"] == 1
    assert client_a.post(reverse("api:employment_chat:reports-resolve", args=[quiet.pk]), {"upheld": True, "resolution": "x"},
                         content_type="application/json").status_code == 404
    client_a.post(reverse("backoffice:employment_chat:report", args=[reported.pk]), {"action": "uphold", "resolution": "已核实，单位已列入黑名单"})
    with schema_context("alpha"):
        assert reported.reports.get().status == "upheld"
    assert "没有待处理的举报" in client_a.get(reverse("backoffice:employment_chat:reports")).content.decode()
    assert client_a.post(reverse("api:employment_chat:reports-resolve", args=[reported.pk]), {"upheld": False, "resolution": "again"},
                         content_type="application/json").status_code == 409


def test_api_for_both_sides(in_alpha, client_a):
    job = live_job(in_alpha)
    pupil, hr = student(), hr_user(job.employer)
    client_a.login_as(pupil)
    created = client_a.post(reverse("api:employment_chat:conversation-list"), {"job": job.pk}, content_type="application/json")
    assert created.status_code == 201
    pk = created.json()["id"]
    sent = client_a.post(reverse("api:employment_chat:message-list", args=[pk]), {"body": "您好"}, content_type="application/json")
    assert sent.status_code == 201 and sent.json()["mine"] is True
    assert client_a.post(reverse("api:employment_chat:message-list", args=[pk]), {"body": ""}, content_type="application/json").status_code == 400
    assert client_a.post(reverse("api:employment_chat:conversation-list"), {"job": 999999}, content_type="application/json").status_code == 404
    client_a.login_as(hr)
    rows = client_a.get(reverse("api:employment_chat:conversation-list")).json()["results"]
    assert [(r["id"], r["unread"]) for r in rows] == [(pk, 1)]
    body = client_a.get(reverse("api:employment_chat:message-list", args=[pk])).json()
    assert [(m["body"], m["mine"], m["side"]) for m in body["results"]] == [("您好", False, "student")]
    assert client_a.get(reverse("api:employment_chat:conversation-list")).json()["results"][0]["unread"] == 0  # read on fetch
    assert client_a.post(reverse("api:employment_chat:conversation-list"), {"job": job.pk}, content_type="application/json").status_code == 403


def test_other_tenant_sees_nothing(in_alpha, client_b, admin_client_b, tenant_b):
    from tenant_apps.employment.chat.services import (
        conversation_report,
        conversation_start,
        message_post,
    )

    job = live_job(in_alpha)
    pupil = student()
    conversation = conversation_start(student=pupil, job_id=job.pk)
    message_post(actor=pupil, conversation=conversation, body="alpha 的对话")
    conversation_report(actor=pupil, conversation=conversation, reason="other")
    assert admin_client_b.get(reverse("api:employment_chat:report-queue")).json()["count"] == 0
    assert admin_client_b.get(reverse("backoffice:employment_chat:report", args=[conversation.pk])).status_code == 404
    assert admin_client_b.post(reverse("api:employment_chat:reports-resolve", args=[conversation.pk]), {"upheld": True, "resolution": "x"},
                               content_type="application/json").status_code == 404
    with schema_context("beta"):
        from tenant_apps.accounts.models import User

        beta_pupil = User.objects.create_user(username=pupil.username, password="Stu-pass-2026", kind="student")
    client_b.login_as(beta_pupil)
    assert client_b.get(reverse("api:employment_chat:message-list", args=[conversation.pk])).status_code == 404
    assert client_b.get(reverse("h5:employment_chat:detail", args=[conversation.pk])).status_code == 404
    assert client_b.get(reverse("api:employment_chat:conversation-list")).json()["count"] == 0


def test_each_reporter_is_told_the_outcome(in_alpha):
    from tenant_apps.employment.chat.services import (
        conversation_report,
        conversation_start,
        reports_resolve,
    )

    job = live_job(in_alpha)
    pupil, hr = student(), hr_user(job.employer)
    conversation = conversation_start(student=pupil, job_id=job.pk)
    conversation_report(actor=pupil, conversation=conversation, reason="harassment")
    conversation_report(actor=hr, conversation=conversation, reason="other", details="学生辱骂")
    with pytest.raises(ApplicationError):
        reports_resolve(actor=in_alpha, conversation=conversation, upheld=False, resolution=" ")
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert reports_resolve(actor=in_alpha, conversation=conversation, upheld=False, resolution="双方言语均无不当") == 2
    assert _letters(pupil, "会话举报处理结果") == 1 and _letters(hr, "会话举报处理结果") == 1
    assert set(conversation.reports.values_list("status", flat=True)) == {"dismissed"}


def test_demo_seeder_is_idempotent(in_alpha):
    from tenant_apps.employment.chat.demo import seed_demo_chat
    from tenant_apps.employment.chat.models import ChatMessage, Conversation, ConversationReport

    live_job(in_alpha), live_job(in_alpha)
    student(), student()
    seed_demo_chat("demo", "university")  # seeds the current schema; the name only gates which tenant
    counts = (Conversation.objects.count(), ChatMessage.objects.count(), ConversationReport.objects.count())
    assert counts[0] >= 2 and counts[1] > counts[0] and counts[2] == 1
    seed_demo_chat("demo", "university")
    assert (Conversation.objects.count(), ChatMessage.objects.count(), ConversationReport.objects.count()) == counts
    seed_demo_chat("alpha", "university")
    assert Conversation.objects.count() == counts[0]
