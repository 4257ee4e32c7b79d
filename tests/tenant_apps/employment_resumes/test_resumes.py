"""E8 resumes and E15 guidance: versions on every changed save, personal data from the
graduate record (read-only, masked for teachers without the right), PDF in three layouts with
the CJK font, attachments, teachers' comments per section with the student notified, the
diff, data scope, permissions, isolation and query counts."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tenants.utils import schema_context

from core.errors import ApplicationError, Conflict, PermissionDenied
from tests.tenant_apps.employment_resumes.conftest import (
    COMPLETE,
    complete_resume,
    counsellor,
    graduate,
    staff_with,
)

pytestmark = pytest.mark.django_db


def test_create_prefills_education_and_versions_only_on_change(in_alpha):
    from tenant_apps.employment.resumes.services import resume_create, resume_save

    pupil = graduate()
    resume = resume_create(actor=pupil, title="草稿")
    assert resume.status == "draft" and resume.is_default
    education = resume.current_version.text("education")
    assert "软件工程" in education and "2027" in education  # from the graduate record
    v2 = resume_save(actor=pupil, resume=resume, sections={**resume.current_version.sections, **COMPLETE})
    assert v2.number == 2
    resume.refresh_from_db()
    assert resume.status == "complete" and resume.current_version_id == v2.pk
    assert resume_save(actor=pupil, resume=resume, sections=v2.sections, layout="compact").pk == v2.pk  # no change: no version
    resume.refresh_from_db()
    assert resume.layout == "compact" and resume.versions.count() == 2
    with pytest.raises(ApplicationError):
        resume_save(actor=pupil, resume=resume, sections={"skills": "长" * 3001})
    with pytest.raises(ApplicationError):
        resume_save(actor=pupil, resume=resume, sections={"hobby": "x"})
    with pytest.raises(PermissionDenied):
        resume_create(actor=in_alpha)


def test_profile_comes_from_the_record_and_is_masked_without_the_right(in_alpha):
    from tenant_apps.employment.resumes.selectors import profile_for

    pupil = graduate("赵一")
    profile = profile_for(student=pupil)
    assert (profile["name"], profile["major"], profile["education"], profile["college"]) == ("赵一", "软件工程", "本科", "计算机学院")
    assert profile["phone"].startswith("139") and "*" not in profile["phone"]
    masked = profile_for(student=pupil, reveal=False)
    assert "*" in masked["phone"] and masked["phone"] != profile["phone"]


def test_pdf_in_three_layouts_with_the_cjk_font(in_alpha):
    from tenant_apps.employment.resumes.documents import resume_pdf
    from tenant_apps.employment.resumes.selectors import profile_for

    pupil = graduate("钱二")
    resume = complete_resume(pupil)
    profile = profile_for(student=pupil)
    for layout in ("classic", "sidebar", "compact"):
        content = resume_pdf(version=resume.current_version, profile=profile, layout=layout)
        assert content.startswith(b"%PDF") and b"/FontFile2" in content  # the CJK font embedded (subset)
    # A character outside GB 2312 (a rare name) falls back to the full font, not a blank box.
    rare = resume_pdf(version=resume.current_version, profile={**profile, "name": "王喆䶮"}, layout="classic")
    assert rare.startswith(b"%PDF")


def test_attachments_and_delete_rules(in_alpha):
    from tenant_apps.employment.resumes.services import (
        attachment_add,
        attachment_delete,
        resume_delete,
    )

    pupil, other = graduate(), graduate()
    resume = complete_resume(pupil)
    attachment = attachment_add(actor=pupil, resume=resume, upload=SimpleUploadedFile("作品集.pdf", b"%PDF-1.4 test", content_type="application/pdf"))
    assert attachment.size > 0 and attachment.name == "作品集.pdf"
    with pytest.raises(ApplicationError):
        attachment_add(actor=pupil, resume=resume, upload=SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream"))
    with pytest.raises(PermissionDenied):
        attachment_delete(actor=other, attachment=attachment)
    attachment_delete(actor=pupil, attachment=attachment)
    assert not resume.attachments.exists()
    resume_delete(actor=pupil, resume=resume)
    assert not pupil.resumes.exists()


def test_guidance_comments_notify_and_are_addressed_by_a_revision(in_alpha):
    from tenant_apps.employment.resumes.selectors import compare_context
    from tenant_apps.employment.resumes.services import comments_add, resume_save
    from tenant_apps.messaging.models import Letter, Message

    pupil = graduate("孙三")
    resume = complete_resume(pupil)
    teacher = counsellor()
    with TestCase.captureOnCommitCallbacks(execute=True):
        rows = comments_add(actor=teacher, resume=resume, comments={"self_assessment": "太笼统，请举例。", "skills": "按熟练程度排序。", "awards": ""})
    assert len(rows) == 2
    assert Letter.objects.filter(user=pupil, title__contains="修改建议").count() == 1  # one notice for the batch
    assert Message.objects.filter(source="employment_resumes", channels=["wechat", "sms"]).count() == 1
    with pytest.raises(ApplicationError):
        comments_add(actor=teacher, resume=resume, comments={"skills": "  "})
    v1 = resume.current_version
    resume_save(actor=pupil, resume=resume, sections={**v1.sections, "self_assessment": "认真负责。\n实习中独立完成模块重构。"})
    statuses = dict(resume.comments.values_list("section", "addressed_in__number"))
    assert statuses == {"self_assessment": 2, "skills": None}  # only the changed section counts as addressed
    context = compare_context(resume, {})
    assert (context["left"].number, context["right"].number) == (1, 2)  # the commented version against the current one
    by_key = {s.key: s for s in context["diff"]}
    assert by_key["self_assessment"].changed and not by_key["skills"].changed
    assert ("same", "认真负责。", "changed", "认真负责。") not in by_key["self_assessment"].rows
    assert any(kind == "added" and text == "实习中独立完成模块重构。" for _, _, kind, text in by_key["self_assessment"].rows) or any(
        right == "实习中独立完成模块重构。" for _, _, _, right in by_key["self_assessment"].rows)
    assert [c.body for c in by_key["skills"].comments] == ["按熟练程度排序。"]


def test_teachers_see_resumes_in_their_scope_only(in_alpha, client_a):
    mine, theirs = graduate(class_name="软工2201"), graduate(class_name="软工2202")
    mine_resume, their_resume = complete_resume(mine), complete_resume(theirs)
    teacher = counsellor("软工2201")
    client_a.login_as(teacher)
    page = client_a.get(reverse("backoffice:employment_resumes:list")).content.decode()
    assert mine.display_name in page
    assert client_a.get(reverse("backoffice:employment_resumes:detail", args=[their_resume.pk])).status_code == 404
    assert client_a.get(reverse("api:employment_resumes:guidance-detail", args=[their_resume.pk])).status_code == 404
    ids = [r["id"] for r in client_a.get(reverse("api:employment_resumes:guidance-list")).json()["results"]]
    assert ids == [mine_resume.pk]
    detail = client_a.get(reverse("backoffice:employment_resumes:detail", args=[mine_resume.pk])).content.decode()
    assert "*" in detail.split('id="resume-profile"')[1][:600]  # phone masked without reveal_personal_data
    with TestCase.captureOnCommitCallbacks() as callbacks:
        response = client_a.post(reverse("backoffice:employment_resumes:detail", args=[mine_resume.pk]), {"comment_skills": "请补充项目中用到的技术。"})
    assert response.status_code == 302
    with schema_context("alpha"):
        for callback in callbacks:  # the notification, in the tenant the request ran in
            callback()
        assert mine_resume.comments.get().body == "请补充项目中用到的技术。"
        assert mine.letters.filter(title__contains="修改建议").count() == 1
    assert client_a.get(reverse("backoffice:employment_resumes:pdf", args=[mine_resume.pk])).content.startswith(b"%PDF")
    assert client_a.get(reverse("backoffice:employment_resumes:versions", args=[mine_resume.pk])).status_code == 200


def test_permissions(in_alpha, client_a):
    pupil = graduate()
    resume = complete_resume(pupil)
    reader = counsellor(None, "employment_resumes.view_resume")
    nobody, other = staff_with(), graduate()
    client_a.login_as(nobody)
    assert client_a.get(reverse("backoffice:employment_resumes:list")).status_code == 403
    assert client_a.get(reverse("api:employment_resumes:guidance-list")).status_code == 403
    client_a.login_as(reader)
    assert client_a.get(reverse("backoffice:employment_resumes:detail", args=[resume.pk])).status_code == 200
    assert client_a.post(reverse("backoffice:employment_resumes:detail", args=[resume.pk]), {"comment_skills": "x"}).status_code == 403
    assert client_a.post(reverse("api:employment_resumes:guidance-comments", args=[resume.pk]), {"comments": {"skills": "x"}},
                         content_type="application/json").status_code == 403
    # Another student cannot open the resume anywhere.
    client_a.login_as(other)
    assert client_a.get(reverse("h5:employment_resumes:detail", args=[resume.pk])).status_code == 404
    assert client_a.get(reverse("h5:employment_resumes:pdf", args=[resume.pk])).status_code == 404
    assert client_a.get(reverse("api:employment_resumes:mine-detail", args=[resume.pk])).status_code == 404
    assert client_a.get(reverse("api:employment_resumes:mine-list")).json()["count"] == 0


def test_student_pages_and_api(in_alpha, client_a):
    pupil = graduate("周四")
    client_a.login_as(pupil)
    assert "还没有简历" in client_a.get(reverse("h5:employment_resumes:list")).content.decode()
    response = client_a.post(reverse("h5:employment_resumes:list"), {"title": "校招"})
    with schema_context("alpha"):
        resume = pupil.resumes.get()
        education = resume.current_version.text("education")
    assert response.status_code == 302 and response["Location"].endswith(reverse("h5:employment_resumes:edit", args=[resume.pk]))
    edit = client_a.get(reverse("h5:employment_resumes:edit", args=[resume.pk])).content.decode()
    assert "个人信息来自学校生源信息" in edit and "周四" in edit
    data = {"title": "校招-后端", "layout": "sidebar", **COMPLETE, "education": education}
    assert client_a.post(reverse("h5:employment_resumes:edit", args=[resume.pk]), data).status_code == 302
    with schema_context("alpha"):
        resume.refresh_from_db()
        assert (resume.title, resume.layout, resume.status, resume.current_version.number) == ("校招-后端", "sidebar", "complete", 2)
    assert "认真负责" in client_a.get(reverse("h5:employment_resumes:detail", args=[resume.pk])).content.decode()
    pdf = client_a.get(reverse("h5:employment_resumes:pdf", args=[resume.pk]) + "?layout=compact")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "第 1 版" in client_a.get(reverse("h5:employment_resumes:versions", args=[resume.pk])).content.decode()
    client_a.post(reverse("h5:employment_resumes:detail", args=[resume.pk]),
                  {"action": "attach", "file": SimpleUploadedFile("cv.pdf", b"%PDF-1.4 x", content_type="application/pdf")})
    with schema_context("alpha"):
        assert resume.attachments.count() == 1
    # API
    created = client_a.post(reverse("api:employment_resumes:mine-list"), {"title": "第二份", "sections": COMPLETE}, content_type="application/json")
    assert created.status_code == 201 and created.json()["profile"]["name"] == "周四" and created.json()["status"] == "complete"  # education filled from the record
    pk = created.json()["id"]
    saved = client_a.put(reverse("api:employment_resumes:mine-detail", args=[pk]),
                         {"sections": {**COMPLETE, "education": "示范大学 软件工程"}, "note": "补教育经历"}, content_type="application/json")
    assert saved.status_code == 200 and saved.json()["status"] == "complete" and saved.json()["version"] == 2
    compare = client_a.get(reverse("api:employment_resumes:mine-compare", args=[pk]) + "?a=1&b=2").json()
    assert (compare["left"], compare["right"]) == (1, 2) and any(s["changed"] for s in compare["sections"])
    assert client_a.get(reverse("api:employment_resumes:mine-pdf", args=[pk])).content.startswith(b"%PDF")
    upload = client_a.post(reverse("api:employment_resumes:mine-attachments", args=[pk]),
                           {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 y", content_type="application/pdf")})
    assert upload.status_code == 201 and upload.json()["url"]
    assert client_a.delete(reverse("api:employment_resumes:mine-attachment-delete", args=[pk, upload.json()["id"]])).status_code == 204
    assert client_a.delete(reverse("api:employment_resumes:mine-detail", args=[pk])).status_code == 204


def test_other_tenant_sees_nothing(in_alpha, client_b, admin_client_b):
    pupil = graduate()
    resume = complete_resume(pupil)
    assert admin_client_b.get(reverse("backoffice:employment_resumes:detail", args=[resume.pk])).status_code == 404
    assert admin_client_b.get(reverse("api:employment_resumes:guidance-detail", args=[resume.pk])).status_code == 404
    assert admin_client_b.get(reverse("api:employment_resumes:guidance-list")).json()["count"] == 0
    with schema_context("beta"):
        from tenant_apps.accounts.models import User

        beta_pupil = User.objects.create_user(username=pupil.username, password="Stu-pass-2026", kind="student")
    client_b.login_as(beta_pupil)
    assert client_b.get(reverse("h5:employment_resumes:detail", args=[resume.pk])).status_code == 404
    assert client_b.get(reverse("api:employment_resumes:mine-detail", args=[resume.pk])).status_code == 404


def test_list_query_counts_do_not_grow(in_alpha, client_a):
    teacher = counsellor()
    client_a.login_as(teacher)
    for _ in range(2):
        complete_resume(graduate())
    url = reverse("backoffice:employment_resumes:list")
    client_a.get(url)
    with CaptureQueriesContext(connection) as few:
        client_a.get(url)
    with schema_context("alpha"):
        for _ in range(6):
            complete_resume(graduate())
    with CaptureQueriesContext(connection) as many:
        assert client_a.get(url).status_code == 200
    assert len(many) == len(few)
    api = reverse("api:employment_resumes:guidance-list")
    with CaptureQueriesContext(connection) as api_queries:
        assert client_a.get(api).json()["count"] == 8
    assert len(api_queries) <= len(few) + 2


def test_only_students_write_and_resume_limit(in_alpha):
    from tenant_apps.employment.resumes.models import RESUMES_PER_STUDENT
    from tenant_apps.employment.resumes.services import resume_create

    pupil = graduate()
    for _ in range(RESUMES_PER_STUDENT):
        resume_create(actor=pupil)
    with pytest.raises(Conflict):
        resume_create(actor=pupil)
