"""Q&A: a student asks on the H5, a teacher answers in the back office (the student is told
through the gateway), an employer's HR answers questions asked of that employer in the
portal, good answers become public FAQ entries; isolation and permissions."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from core.errors import Conflict, PermissionDenied
from tests.tenant_apps.employment_qa.conftest import (  # noqa: F401
    hr_user,
    make_approved,
    staff_with,
    student,
    teacher,
)

pytestmark = pytest.mark.django_db


def ask(pupil, **extra):
    from tenant_apps.employment.qa.services import question_ask

    return question_ask(student=pupil, title="三方协议丢了怎么办？", body="签约单位要求重新寄送，怎么补办？", category="procedure", **extra)


def test_student_asks_teacher_answers_as_a_chat(client_a, in_alpha, django_capture_on_commit_callbacks):
    pupil, answering = student(), teacher()
    client_a.login_as(pupil)
    response = client_a.post(reverse("h5:employment_qa:ask"), {"title": "档案怎么转？", "body": "我去外省工作，档案怎么转过去？", "category": "procedure"})
    assert response.status_code == 302
    from tenant_apps.employment.qa.models import Question

    with schema_context("alpha"):
        question = Question.objects.get(student=pupil)
    client_a.login_as(answering)
    detail = reverse("backoffice:employment_qa:detail", args=[question.pk])
    assert "档案怎么转过去" in client_a.get(detail).content.decode()
    with django_capture_on_commit_callbacks() as callbacks:
        client_a.post(detail, {"body": "请在毕业去向登记中填写档案接收单位，学校统一机要寄送。"})
    with schema_context("alpha"):
        from tenant_apps.messaging.models import Message

        for callback in callbacks:  # the request's on-commit work (the gateway's message), in the school's schema
            callback()

        question.refresh_from_db()
        assert question.status == "answered" and question.student_unread
        assert Message.objects.filter(source="employment_qa.answer").exists()
    client_a.login_as(pupil)
    assert "qa-badge" in client_a.get(reverse("h5:employment_qa:list")).content.decode()
    chat = client_a.get(reverse("h5:employment_qa:detail", args=[question.pk])).content.decode()
    assert "机要寄送" in chat and chat.index("我去外省工作") < chat.index("机要寄送") and 'class="side-student mine"' in chat
    client_a.post(reverse("h5:employment_qa:detail", args=[question.pk]), {"body": "谢谢老师，还需要本人签字吗？"})
    with schema_context("alpha"):
        question.refresh_from_db()
        assert question.status == "open" and not question.student_unread and question.messages.count() == 3


def test_employer_hr_answers_questions_asked_of_the_employer(client_a, in_alpha):
    employer, other = make_approved(in_alpha), make_approved(in_alpha)
    pupil = student()
    question = ask(pupil, employer_id=employer.pk)
    hr, stranger = hr_user(employer), hr_user(other)
    client_a.login_as(hr)
    assert "三方协议丢了" in client_a.get(reverse("employment_portal:qa_list")).content.decode()
    client_a.post(reverse("employment_portal:qa_detail", args=[question.pk]), {"body": "我们可以重新盖章寄出。"})
    with schema_context("alpha"):
        question.refresh_from_db()
        assert question.messages.last().side == "employer" and question.status == "answered"
    client_a.login_as(stranger)
    assert "三方协议丢了" not in client_a.get(reverse("employment_portal:qa_list")).content.decode()
    assert client_a.get(reverse("employment_portal:qa_detail", args=[question.pk])).status_code == 404
    assert client_a.post(reverse("api:employment_qa:question-message", args=[question.pk]), {"body": "x"}, content_type="application/json").status_code == 404
    client_a.login_as(hr)
    assert client_a.get(reverse("api:employment_qa:question-employer")).json()["count"] == 1
    with schema_context("alpha"):
        own = ask(student())  # asked of the school: not the employer's business
    assert client_a.get(reverse("employment_portal:qa_detail", args=[own.pk])).status_code == 404


def test_only_participants_post_and_closed_questions_take_no_more(in_alpha):
    from tenant_apps.employment.qa.services import message_post, question_close

    pupil = student()
    question = ask(pupil)
    with pytest.raises(PermissionDenied):
        message_post(actor=student(), question=question, body="我也想知道")
    with pytest.raises(PermissionDenied):
        message_post(actor=staff_with("employment_qa.view_question"), question=question, body="只读老师")
    question_close(actor=pupil, question=question)
    with pytest.raises(Conflict):
        message_post(actor=teacher(), question=question, body="晚了")


def test_good_answer_promoted_to_the_public_faq(client_a, tenant_a, in_alpha):
    from tenant_apps.employment.qa.services import message_post

    question = ask(student("王小明"))
    answer = message_post(actor=teacher(), question=question, body="联系学院就业秘书补办，三个工作日内可领取。")
    client_a.login_as(staff_with("employment_qa.view_question", "employment_qa.answer_question", "employment_qa.manage_faq"))
    client_a.post(reverse("backoffice:employment_qa:promote", args=[question.pk]), {"message": answer.pk, "question": "三方协议丢失如何补办？",
                                                                                   "answer": answer.body, "category": "procedure"})
    from tests.conftest import TenantClient

    client_a = TenantClient(tenant_a)  # a visitor: the FAQ needs no sign-in
    faq = client_a.get(reverse("h5:employment_qa:faq"))
    body = faq.content.decode()
    assert faq.status_code == 200 and "三方协议丢失如何补办？" in body and "三个工作日" in body and "王小明" not in body
    assert "三方协议丢失" in client_a.get(reverse("h5:employment_qa:faq"), {"q": "补办"}).content.decode()
    assert "三方协议丢失" not in client_a.get(reverse("h5:employment_qa:faq"), {"category": "policy"}).content.decode()


def test_question_queue_queries_do_not_grow(staff_client, in_alpha, django_assert_max_num_queries):
    for _ in range(3):
        ask(student())
    staff_client.get(reverse("backoffice:employment_qa:list"))
    with schema_context("alpha"):
        for _ in range(8):
            ask(student())
    with django_assert_max_num_queries(20):
        assert staff_client.get(reverse("backoffice:employment_qa:list")).status_code == 200


@pytest.mark.parametrize(("url_name", "permission"), [("backoffice:employment_qa:list", "employment_qa.view_question"),
                                                       ("backoffice:employment_qa:faq", "employment_qa.view_faqentry"),
                                                       ("backoffice:employment_qa:advising", "employment_qa.view_advisingslot")])
def test_permission_matrix(client_a, in_alpha, url_name, permission):
    nobody, granted = staff_with(), staff_with(permission)
    client_a.login_as(nobody)
    assert client_a.get(reverse(url_name)).status_code == 403
    client_a.login_as(granted)
    assert client_a.get(reverse(url_name)).status_code == 200


def test_answering_and_faq_need_their_permissions(client_a, in_alpha):
    question = ask(student())
    client_a.login_as(staff_with("employment_qa.view_question"))
    assert client_a.get(reverse("backoffice:employment_qa:detail", args=[question.pk])).status_code == 403
    assert client_a.post(reverse("backoffice:employment_qa:faq"), {"question": "q", "answer": "a", "category": "policy"}).status_code == 403
    assert client_a.post(reverse("api:employment_qa:faq-list"), {"question": "q", "answer": "a", "category": "policy"}, content_type="application/json").status_code == 403
    assert client_a.get(reverse("api:employment_qa:question-detail", args=[question.pk])).status_code == 404


def test_isolation(admin_client_b, in_alpha):
    question = ask(student())
    message = question.messages.first()
    assert admin_client_b.get(reverse("backoffice:employment_qa:detail", args=[question.pk])).status_code == 404
    assert admin_client_b.get(reverse("api:employment_qa:question-detail", args=[question.pk])).status_code == 404
    assert admin_client_b.post(reverse("api:employment_qa:question-message", args=[question.pk]), {"body": "x"}, content_type="application/json").status_code == 404
    assert admin_client_b.get(reverse("h5:employment_qa:detail", args=[question.pk])).status_code == 404
    assert admin_client_b.post(reverse("api:employment_qa:message-promote", args=[message.pk]), {}, content_type="application/json").status_code == 404


def test_api_ask_answer_and_faq(staff_client, client_a, in_alpha):
    pupil = student()
    client_a.login_as(pupil)
    created = client_a.post(reverse("api:employment_qa:question-mine"), {"title": "能否延期就业报到？", "body": "家里有事", "category": "policy"},
                            content_type="application/json")
    assert created.status_code == 201 and created.json()["messages"][0]["side"] == "student"
    pk = created.json()["id"]
    reply = staff_client.post(reverse("api:employment_qa:question-message", args=[pk]), {"body": "可以，与单位协商后书面说明。"}, content_type="application/json")
    assert reply.status_code == 201 and reply.json()["side"] == "teacher"
    assert client_a.get(reverse("api:employment_qa:question-detail", args=[pk])).json()["status"] == "answered"
    assert client_a.get(reverse("api:employment_qa:question-list")).status_code == 403
    promoted = staff_client.post(reverse("api:employment_qa:message-promote", args=[reply.json()["id"]]), {}, content_type="application/json")
    assert promoted.status_code == 201 and promoted.json()["question"] == "能否延期就业报到？"
    assert any(e["id"] == promoted.json()["id"] for e in client_a.get(reverse("api:employment_qa:faq-list")).json()["results"])
    assert client_a.post(reverse("api:employment_qa:question-close", args=[pk])).json()["status"] == "closed"
