"""E8 applications: apply with the current resume version, HR opens (each opening recorded),
invites, offers or rejects one or many, the student's tracker, withdrawal; the SLA clock
(no response after the school's N days, students told, employers' responsiveness); HR-started
conversations; counts for other parts; permissions, isolation and query counts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from tests.tenant_apps.employment_applications.conftest import (
    complete_resume,
    counsellor,
    graduate,
    hr_user,
    live_job,
    staff_with,
)

pytestmark = pytest.mark.django_db


def _apply(pupil, job, **kwargs):
    from tenant_apps.employment.applications.services import application_submit

    with TestCase.captureOnCommitCallbacks(execute=True):
        return application_submit(actor=pupil, job_id=job.pk, **kwargs)


def _decide(hr, job, ids, decision, **kwargs):
    from tenant_apps.employment.applications.services import applications_decide

    with TestCase.captureOnCommitCallbacks(execute=True):
        return applications_decide(actor=hr, employer=job.employer, application_ids=ids, decision=decision, **kwargs)


def _age(application, days: float):
    from tenant_apps.employment.applications.models import Application

    Application.objects.filter(pk=application.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=days))


def test_apply_freezes_the_version_and_the_tracker_shows_each_step(in_alpha):
    from tenant_apps.employment.applications.selectors import tracker
    from tenant_apps.employment.applications.services import application_open
    from tenant_apps.employment.resumes.services import resume_save
    from tenant_apps.messaging.models import Letter

    job = live_job(in_alpha)
    pupil, hr = graduate(), hr_user(job.employer)
    resume = complete_resume(pupil)
    application = _apply(pupil, job, cover_note="期待加入")
    assert application.resume_version.number == 1 and application.status == "submitted"
    assert Letter.objects.filter(user=hr, title="收到新的职位申请").count() == 1
    resume_save(actor=pupil, resume=resume, sections={**resume.current_version.sections, "skills": "Go"})
    application.refresh_from_db()
    assert application.resume_version.text("skills") != "Go"  # the employer keeps what was sent
    with pytest.raises(Conflict):
        _apply(pupil, job)
    application_open(actor=hr, application=application)
    application_open(actor=hr, application=application)
    application.refresh_from_db()
    assert application.status == "viewed" and application.views.count() == 2
    when = timezone.now() + datetime.timedelta(days=3)
    assert _decide(hr, job, [application.pk], "interview", interview_at=when, interview_place="就业中心 302", interview_link="https://meet.example.com/a") == 1
    assert Letter.objects.filter(user=pupil, title__contains="邀请您面试").count() == 1
    _decide(hr, job, [application.pk], "offer", note="请于下周一报到")
    steps = tracker(application=application)
    assert [e.kind for e in steps] == ["submitted", "viewed", "interview", "offered"]  # the second opening is not a new step
    assert steps[2].details["place"] == "就业中心 302" and steps[2].interview_time is not None
    application.refresh_from_db()
    assert application.status == "offered" and application.interview_invited and application.first_action_at is not None
    with pytest.raises(Conflict):
        _decide(hr, job, [application.pk], "reject")  # finished


def test_apply_needs_a_complete_resume_and_a_live_job(in_alpha):
    from tenant_apps.employment.applications.services import application_submit
    from tenant_apps.employment.resumes.services import resume_create

    job = live_job(in_alpha)
    pupil = graduate()
    with pytest.raises(ApplicationError):
        application_submit(actor=pupil, job_id=job.pk)  # no resume
    resume_create(actor=pupil)
    with pytest.raises(ApplicationError):
        application_submit(actor=pupil, job_id=job.pk)  # draft
    with pytest.raises(NotFound):
        application_submit(actor=pupil, job_id=999999)
    with pytest.raises(PermissionDenied):
        application_submit(actor=hr_user(job.employer), job_id=job.pk)


def test_bulk_steps_interview_details_and_other_employers(in_alpha):
    job, other_job = live_job(in_alpha), live_job(in_alpha)
    hr = hr_user(job.employer)
    applications = []
    for _ in range(3):
        pupil = graduate()
        complete_resume(pupil)
        applications.append(_apply(pupil, job))
    foreign = _apply(applications[0].student, other_job)
    with pytest.raises(ApplicationError):
        _decide(hr, job, [a.pk for a in applications], "interview")  # no time, no place
    with pytest.raises(ApplicationError):
        _decide(hr, job, [a.pk for a in applications], "interview", interview_at=timezone.now() - datetime.timedelta(hours=1), interview_place="x")
    changed = _decide(hr, job, [a.pk for a in applications] + [foreign.pk], "interview", interview_at=timezone.now() + datetime.timedelta(days=1),
                      interview_link="https://meet.example.com/x")
    assert changed == 3  # the other employer's application is skipped
    foreign.refresh_from_db()
    assert foreign.status == "submitted"
    assert _decide(hr, job, [applications[0].pk, applications[1].pk], "reject") == 2


def test_sla_clock(in_alpha):
    """Untouched for N days (the school's setting) → no response, students told, once."""
    from tenant_apps.employment.applications.selectors import responsiveness_of
    from tenant_apps.employment.applications.services import (
        application_open,
        applications_mark_no_response,
        settings_save,
    )
    from tenant_apps.messaging.models import Letter

    settings_save(actor=in_alpha, no_response_days=7)
    job = live_job(in_alpha)
    hr = hr_user(job.employer)
    apps = []
    for _ in range(5):
        pupil = graduate()
        complete_resume(pupil)
        apps.append(_apply(pupil, job))
    stale, viewed_only, answered, fresh, boundary = apps
    _age(stale, 8)
    _age(viewed_only, 10)
    application_open(actor=hr, application=viewed_only)  # a view is not an answer: the clock keeps running
    _age(answered, 9)
    _decide(hr, job, [answered.pk], "reject")
    _age(fresh, 6.9)
    _age(boundary, 7)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert applications_mark_no_response(now=timezone.now() + datetime.timedelta(seconds=5)) == 3
    statuses = {a.pk: type(a).objects.get(pk=a.pk).status for a in apps}
    assert statuses == {stale.pk: "no_response", viewed_only.pk: "no_response", answered.pk: "rejected", fresh.pk: "submitted",
                        boundary.pk: "no_response"}
    assert Letter.objects.filter(user=stale.student, title="职位申请暂未获回复").count() == 1
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert applications_mark_no_response() == 0  # running twice changes nothing twice
    assert Letter.objects.filter(user=stale.student, title="职位申请暂未获回复").count() == 1
    assert [e.kind for e in stale.events.order_by("id")] == ["submitted", "no_response"]
    # Responsiveness: 1 answered (after ~9 days) out of 4 considered (1 answered + 3 no response).
    r = responsiveness_of(employer_id=job.employer_id)
    assert (r.considered, r.answered, r.answered_share) == (4, 1, 25.0) and r.has_sample
    assert 8.9 <= r.median_days <= 9.1
    # HR may still answer late; the answer counts.
    _decide(hr, job, [stale.pk], "interview", interview_at=timezone.now() + datetime.timedelta(days=2), interview_place="线上")
    assert responsiveness_of(employer_id=job.employer_id).answered == 2


def test_sla_task_through_the_worker_name(in_alpha):
    from tenant_apps.employment.applications.tasks import mark_no_response

    job = live_job(in_alpha)
    pupil = graduate()
    complete_resume(pupil)
    application = _apply(pupil, job)
    _age(application, 30)
    assert mark_no_response.name == "employment_applications.mark_no_response"
    assert mark_no_response() == 1
    application.refresh_from_db()
    assert application.status == "no_response"


def test_median_days_is_a_median(in_alpha):
    from tenant_apps.employment.applications.models import Application
    from tenant_apps.employment.applications.selectors import responsiveness_of

    job = live_job(in_alpha)
    hr = hr_user(job.employer)
    for days in (1, 2, 10):
        pupil = graduate()
        complete_resume(pupil)
        application = _apply(pupil, job)
        _decide(hr, job, [application.pk], "reject")
        Application.objects.filter(pk=application.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=days),
                                                             first_action_at=timezone.now())
    r = responsiveness_of(employer_id=job.employer_id)
    assert (r.answered, r.answered_share) == (3, 100.0) and 1.9 <= r.median_days <= 2.1


def test_withdraw_and_reapply(in_alpha, client_a):
    job = live_job(in_alpha)
    pupil = graduate()
    complete_resume(pupil)
    application = _apply(pupil, job)
    client_a.login_as(pupil)
    assert client_a.post(reverse("h5:employment_applications:detail", args=[application.pk])).status_code == 302
    from tenant_apps.employment.applications.selectors import applicants_of

    with schema_context("alpha"):
        application.refresh_from_db()
        assert application.status == "withdrawn"
        again = _apply(pupil, job)
        assert again.pk != application.pk
        assert list(applicants_of(employer=job.employer)) == [again]  # withdrawn ones are gone for the employer


def test_hr_starts_a_conversation_about_an_application(in_alpha, client_a):
    from tenant_apps.employment.chat.models import Conversation
    from tenant_apps.employment.chat.services import conversation_start_by_employer, message_post

    job = live_job(in_alpha)
    pupil, hr = graduate(), hr_user(job.employer)
    complete_resume(pupil)
    application = _apply(pupil, job)
    conversation = conversation_start_by_employer(actor=hr, application=application)
    assert (conversation.started_by, conversation.application_id, conversation.student_id) == ("employer", application.pk, pupil.pk)
    assert conversation_start_by_employer(actor=hr, application=application).pk == conversation.pk
    message_post(actor=hr, conversation=conversation, body="您好，方便电话沟通吗？")
    other_hr = hr_user(live_job(in_alpha).employer)
    with pytest.raises(NotFound):
        conversation_start_by_employer(actor=other_hr, application=application)
    client_a.login_as(hr)
    response = client_a.post(reverse("employment_portal:application_detail", args=[application.pk]), {"chat": "1"})
    assert response.status_code == 302 and response["Location"].endswith(reverse("employment_portal:chat_detail", args=[conversation.pk]))
    assert client_a.post(reverse("api:employment_applications:applicant-conversation", args=[application.pk])).json()["conversation"] == conversation.pk
    client_a.login_as(pupil)
    page = client_a.get(reverse("h5:employment_applications:detail", args=[application.pk])).content.decode()
    assert reverse("h5:employment_chat:detail", args=[conversation.pk]) in page
    assert "方便电话沟通" in client_a.get(reverse("h5:employment_chat:detail", args=[conversation.pk])).content.decode()
    with schema_context("alpha"):
        assert Conversation.objects.filter(application=application).count() == 1


def test_pages_for_the_three_sides(in_alpha, client_a):
    job = live_job(in_alpha)
    pupil, hr = graduate("吴五"), hr_user(job.employer)
    resume = complete_resume(pupil)
    client_a.login_as(pupil)
    detail = client_a.get(reverse("h5:employment_jobs:detail", args=[job.pk])).content.decode()
    assert reverse("h5:employment_applications:apply", args=[job.pk]) in detail
    assert "确认投递" in client_a.get(reverse("h5:employment_applications:apply", args=[job.pk])).content.decode()
    response = client_a.post(reverse("h5:employment_applications:apply", args=[job.pk]), {"resume": resume.pk, "cover_note": "你好"})
    with schema_context("alpha"):
        application = pupil.job_applications.get()
    assert response.status_code == 302
    assert "投递成功" in client_a.get(reverse("h5:employment_applications:detail", args=[application.pk])).content.decode()
    assert "已投递" in client_a.get(reverse("h5:employment_jobs:detail", args=[job.pk])).content.decode()
    assert job.title in client_a.get(reverse("h5:employment_applications:list")).content.decode()
    client_a.login_as(hr)
    listing = client_a.get(reverse("employment_portal:application_list") + "?viewed=no").content.decode()
    assert "吴五" in listing
    page = client_a.get(reverse("employment_portal:application_detail", args=[application.pk])).content.decode()
    assert "认真负责" in page and "139" in page  # the delivered resume, with the contact the student sent
    with schema_context("alpha"):
        application.refresh_from_db()
        assert application.status == "viewed" and application.views.count() == 1
    assert client_a.get(reverse("employment_portal:application_pdf", args=[application.pk])).content.startswith(b"%PDF")
    with schema_context("alpha"):
        assert application.views.count() == 2
    when = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    client_a.post(reverse("employment_portal:application_list"), {"ids": [application.pk], "decision": "interview", "interview_at": when,
                                                                  "interview_place": "会议室 A"})
    with schema_context("alpha"):
        application.refresh_from_db()
        assert application.status == "interview" and application.interview_place == "会议室 A"
    client_a.login_as(pupil)
    tracker = client_a.get(reverse("h5:employment_applications:detail", args=[application.pk])).content.decode()
    assert "邀请面试" in tracker and "会议室 A" in tracker and "HR 已查看简历" in tracker
    with schema_context("alpha"):
        teacher = counsellor()
    client_a.login_as(teacher)
    assert "吴五" in client_a.get(reverse("backoffice:employment_applications:list")).content.decode()
    assert "会议室 A" in client_a.get(reverse("backoffice:employment_applications:detail", args=[application.pk])).content.decode()
    client_a.login_as(in_alpha)
    assert "简历处理情况" in client_a.get(reverse("backoffice:employment_employers:detail", args=[job.employer_id])).content.decode()


def test_api_for_the_three_sides(in_alpha, client_a):
    job = live_job(in_alpha)
    pupil, hr = graduate(), hr_user(job.employer)
    resume = complete_resume(pupil)
    client_a.login_as(pupil)
    created = client_a.post(reverse("api:employment_applications:mine-list"), {"job": job.pk, "resume": resume.pk, "fair_id": 42},
                            content_type="application/json")
    assert created.status_code == 201 and created.json()["status"] == "submitted"
    pk = created.json()["id"]
    assert client_a.post(reverse("api:employment_applications:mine-list"), {"job": job.pk}, content_type="application/json").status_code == 409
    assert [e["kind"] for e in client_a.get(reverse("api:employment_applications:mine-detail", args=[pk])).json()["events"]] == ["submitted"]
    assert client_a.get(reverse("api:employment_applications:applicant-list")).status_code == 403  # a student is no HR
    client_a.login_as(hr)
    assert client_a.get(reverse("api:employment_applications:applicant-list") + "?status=submitted").json()["count"] == 1
    opened = client_a.get(reverse("api:employment_applications:applicant-detail", args=[pk])).json()
    assert opened["status"] == "viewed" and opened["resume_sections"]["skills"] and opened["profile"]["major"] == "软件工程"
    decided = client_a.post(reverse("api:employment_applications:applicant-decide"),
                            {"ids": [pk], "decision": "interview", "interview_at": (timezone.now() + datetime.timedelta(days=1)).isoformat(),
                             "interview_link": "https://meet.example.com/z"}, content_type="application/json")
    assert decided.status_code == 200 and decided.json() == {"changed": 1}
    responsiveness = client_a.get(reverse("api:employment_applications:employer-responsiveness", args=[job.employer_id])).json()
    assert responsiveness["answered"] == 1 and responsiveness["has_sample"] is False
    client_a.login_as(pupil)
    assert client_a.post(reverse("api:employment_applications:mine-withdraw", args=[pk])).json()["status"] == "withdrawn"
    client_a.login_as(in_alpha)
    assert client_a.put(reverse("api:employment_applications:settings"), {"no_response_days": 10}, content_type="application/json").json() == {
        "no_response_days": 10}
    assert client_a.put(reverse("api:employment_applications:settings"), {"no_response_days": 0}, content_type="application/json").status_code == 400
    assert client_a.get(reverse("api:employment_applications:school-detail", args=[pk])).json()["status"] == "withdrawn"


def test_permissions(in_alpha, client_a):
    job = live_job(in_alpha)
    pupil = graduate()
    complete_resume(pupil)
    application = _apply(pupil, job)
    nobody, other_hr, other_student = staff_with(), hr_user(live_job(in_alpha).employer), graduate()
    scoped = counsellor(None, "employment_applications.view_application")
    client_a.login_as(nobody)
    for url in (reverse("backoffice:employment_applications:list"), reverse("backoffice:employment_applications:settings"),
                reverse("api:employment_applications:school-list"), reverse("api:employment_applications:settings")):
        assert client_a.get(url).status_code == 403
    assert client_a.get(reverse("employment_portal:application_list")).status_code == 302  # not an HR: to the portal login
    client_a.login_as(other_hr)  # HR of another employer
    assert client_a.get(reverse("employment_portal:application_detail", args=[application.pk])).status_code == 404
    assert client_a.get(reverse("api:employment_applications:applicant-detail", args=[application.pk])).status_code == 404
    assert client_a.post(reverse("api:employment_applications:applicant-decide"), {"ids": [application.pk], "decision": "reject"},
                         content_type="application/json").status_code == 409
    client_a.login_as(other_student)  # another student
    assert client_a.get(reverse("h5:employment_applications:detail", args=[application.pk])).status_code == 404
    assert client_a.get(reverse("api:employment_applications:mine-detail", args=[application.pk])).status_code == 404
    client_a.login_as(scoped)
    assert client_a.get(reverse("backoffice:employment_applications:detail", args=[application.pk])).status_code == 200


def test_teachers_see_their_scope_only(in_alpha, client_a):
    job = live_job(in_alpha)
    mine, theirs = graduate(class_name="机械2201", college="机械学院"), graduate(class_name="机械2202", college="机械学院")
    for pupil in (mine, theirs):
        complete_resume(pupil)
    own, other = _apply(mine, job), _apply(theirs, job)
    teacher = counsellor("机械2201")
    client_a.login_as(teacher)
    ids = [row["id"] for row in client_a.get(reverse("api:employment_applications:school-list")).json()["results"]]
    assert ids == [own.pk]
    assert client_a.get(reverse("backoffice:employment_applications:detail", args=[other.pk])).status_code == 404


def test_other_tenant_sees_nothing(in_alpha, client_b, admin_client_b):
    job = live_job(in_alpha)
    pupil = graduate()
    complete_resume(pupil)
    application = _apply(pupil, job)
    assert admin_client_b.get(reverse("backoffice:employment_applications:detail", args=[application.pk])).status_code == 404
    assert admin_client_b.get(reverse("api:employment_applications:school-detail", args=[application.pk])).status_code == 404
    assert admin_client_b.get(reverse("api:employment_applications:school-list")).json()["count"] == 0
    with schema_context("beta"):
        from tenant_apps.accounts.models import User

        beta_pupil = User.objects.create_user(username=pupil.username, password="Stu-pass-2026", kind="student")
    client_b.login_as(beta_pupil)
    assert client_b.get(reverse("h5:employment_applications:detail", args=[application.pk])).status_code == 404
    assert client_b.get(reverse("api:employment_applications:mine-detail", args=[application.pk])).status_code == 404


def test_counts_for_statistics_and_the_fair_wall(in_alpha):
    from tenant_apps.employment.applications.selectors import fair_counts, student_counts

    job, job2 = live_job(in_alpha), live_job(in_alpha)
    pupil, other = graduate(), graduate()
    complete_resume(pupil)
    complete_resume(other)
    complete_resume(other, objective="第二份")
    a = _apply(pupil, job, fair_id=7)
    _apply(pupil, job2, fair_id=7)
    _apply(other, job)
    _decide(hr_user(job.employer), job, [a.pk], "interview", interview_at=timezone.now() + datetime.timedelta(days=1), interview_place="A")
    counts = student_counts(user_ids=[pupil.pk, other.pk])
    assert counts[pupil.pk] == {"resumes": 1, "applications": 2, "interviews": 1}
    assert counts[other.pk] == {"resumes": 2, "applications": 1, "interviews": 0}
    assert fair_counts(7) == {"resumes_delivered": 2, "interview_invitations": 1}
    assert fair_counts(8) == {"resumes_delivered": 0, "interview_invitations": 0}


def test_list_query_counts_do_not_grow(in_alpha, client_a):
    job = live_job(in_alpha)
    hr = hr_user(job.employer)
    teacher = counsellor()

    def add(n):
        for _ in range(n):
            pupil = graduate()
            complete_resume(pupil)
            _apply(pupil, job)

    add(2)
    pages = [(hr, reverse("employment_portal:application_list")), (hr, reverse("api:employment_applications:applicant-list")),
             (teacher, reverse("backoffice:employment_applications:list")), (teacher, reverse("api:employment_applications:school-list"))]
    before = []
    for user, url in pages:
        client_a.login_as(user)
        client_a.get(url)
        with CaptureQueriesContext(connection) as queries:
            client_a.get(url)
        before.append(len(queries))
    with schema_context("alpha"):
        add(6)
    for (user, url), count in zip(pages, before, strict=True):
        client_a.login_as(user)
        client_a.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client_a.get(url).status_code == 200
        assert len(queries) == count, url
