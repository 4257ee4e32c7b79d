"""Pages and API of surveys: the builder and publishing in the back office, answering on the
H5, results with the cross-tab, export; isolation, permissions, query counts."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tenants.utils import schema_context

from tests.tenant_apps.employment_surveys.conftest import build_survey, make_cohort, staff_with

pytestmark = pytest.mark.django_db


def test_builder_adds_questions_with_a_jump_and_publishes_through_the_gateway(admin_client_a, in_alpha):
    from tenant_apps.employment.surveys.models import Survey

    record = make_cohort(in_alpha, 1)[0]
    response = admin_client_a.post(reverse("backoffice:employment_surveys:list"), {"title": "求职需求调查"})
    with schema_context("alpha"):
        survey = Survey.objects.get(title="求职需求调查")
    detail = reverse("backoffice:employment_surveys:detail", args=[survey.pk])
    assert response["Location"] == detail
    admin_client_a.post(detail, {"action": "add_question", "kind": "single", "title": "是否已就业", "is_required": "1", "options": "是\n否", "jumps": "1=>结束"})
    admin_client_a.post(detail, {"action": "add_question", "kind": "scale", "title": "信心", "is_required": "1", "scale_max": "5"})
    page = admin_client_a.get(detail).content.decode()
    assert "是否已就业" in page and "选项1→结束" in page
    admin_client_a.post(detail, {"action": "publish", "graduation_years": [str(record.graduation_year)]})
    with schema_context("alpha"):
        survey.refresh_from_db()
    assert survey.status == "published" and survey.audience == {"graduation_years": [record.graduation_year]}
    assert survey.push_reference.startswith("push:")  # through the targeted push (h4)
    page = admin_client_a.get(detail).content.decode()
    assert "结束收集" in page


def test_student_answers_on_the_phone_once(client_a, in_alpha):
    survey, (q1, q2, q3, q4, q5) = build_survey(in_alpha)
    record = make_cohort(in_alpha, 1)[0]
    client_a.login_as(record.user)
    assert survey.title in client_a.get(reverse("h5:employment_surveys:list")).content.decode()
    url = reverse("h5:employment_surveys:answer", args=[survey.pk])
    page = client_a.get(url).content.decode()
    jumps = re.search(rf'data-question="{q1.pk}"[^>]*data-jumps="([^"]*)"', page).group(1)
    assert "surveys/answer.js" in page and json.loads(html.unescape(jumps)) == {"2": 4, "1": "end"}
    response = client_a.post(url, {f"q{q1.pk}": "0", f"q{q2.pk}": "4"})
    assert response.status_code == 400 and "请回答第 3 题" in response.content.decode()
    response = client_a.post(url, {f"q{q1.pk}": "2", f"q{q4.pk}": ["0", "1"]})
    assert response.status_code == 302
    assert 'id="survey-done"' in client_a.get(url).content.decode()
    assert client_a.post(url, {f"q{q1.pk}": "1"}).status_code == 409


def test_results_crosstab_and_export(admin_client_a, in_alpha):
    from tenant_apps.employment.surveys.services import response_submit

    survey, (q1, *_rest) = build_survey(in_alpha)
    with schema_context("alpha"):
        for record in make_cohort(in_alpha, 3, college="计算机学院", class_name="计科2401"):
            response_submit(student=record.user, survey=survey, answers={str(q1.pk): "1"})
    url = reverse("backoffice:employment_surveys:results", args=[survey.pk])
    page = admin_client_a.get(url).content.decode()
    assert 'data-stat="responses">3<' in page and 'id="crosstab"' in page and "计算机学院" in page
    export = admin_client_a.get(reverse("backoffice:employment_surveys:export", args=[survey.pk]))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    body = admin_client_a.get(reverse("api:employment_surveys:survey-results", args=[survey.pk])).json()
    assert body["responses"] == 3 and body["questions"][0]["counts"] == [0, 3, 0] and body["crosstab"][0]["college"] == "计算机学院"


def test_list_query_count_does_not_grow(admin_client_a, in_alpha):
    build_survey(in_alpha)
    admin_client_a.get(reverse("backoffice:employment_surveys:list"))  # warm: session, menus
    with CaptureQueriesContext(connection) as queries:
        admin_client_a.get(reverse("backoffice:employment_surveys:list"))
    few = len(queries)
    with schema_context("alpha"):
        for _ in range(4):
            build_survey(in_alpha)
    with CaptureQueriesContext(connection) as queries:
        admin_client_a.get(reverse("backoffice:employment_surveys:list"))
    assert len(queries) == few


def test_api_create_publish_and_respond(admin_client_a, client_a, in_alpha):
    response = admin_client_a.post(reverse("api:employment_surveys:survey-list"), {"template": "employment_quality"}, content_type="application/json")
    assert response.status_code == 201
    survey_id = response.json()["id"]
    detail = admin_client_a.get(reverse("api:employment_surveys:survey-detail", args=[survey_id])).json()
    assert len(detail["questions"]) == 10
    assert admin_client_a.post(reverse("api:employment_surveys:survey-publish", args=[survey_id]), {}, content_type="application/json").status_code == 200
    with schema_context("alpha"):
        record = make_cohort(in_alpha, 1)[0]
    client_a.login_as(record.user)
    assert client_a.get(reverse("api:employment_surveys:survey-open")).json()[0]["id"] == survey_id
    first, ninth = detail["questions"][0]["id"], detail["questions"][8]["id"]
    url = reverse("api:employment_surveys:survey-respond", args=[survey_id])
    assert client_a.post(url, {"answers": {str(first): 2, str(ninth): 4}}, content_type="application/json").status_code == 201
    again = client_a.post(url, {"answers": {str(first): 2, str(ninth): 4}}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "survey_already_answered"
    assert client_a.get(reverse("api:employment_surveys:survey-list")).status_code == 403


@pytest.mark.parametrize(("url_name", "permission", "with_pk"), [
    ("backoffice:employment_surveys:list", "employment_surveys.view_survey", False),
    ("backoffice:employment_surveys:detail", "employment_surveys.view_survey", True),
    ("backoffice:employment_surveys:results", "employment_surveys.view_survey_results", True),
    ("backoffice:employment_surveys:export", "employment_surveys.export_survey", True),
])
def test_permission_matrix(client_a, in_alpha, url_name, permission, with_pk):
    survey, _ = build_survey(in_alpha)
    url = reverse(url_name, args=[survey.pk] if with_pk else [])
    nobody, granted = staff_with(), staff_with(permission)
    client_a.login_as(nobody)
    assert client_a.get(url).status_code == 403
    client_a.login_as(granted)
    assert client_a.get(url).status_code == 200


def test_publishing_needs_its_permission(client_a, in_alpha):
    survey, _ = build_survey(in_alpha, publish=False)
    client_a.login_as(staff_with("employment_surveys.view_survey", "employment_surveys.change_survey"))
    client_a.post(reverse("backoffice:employment_surveys:detail", args=[survey.pk]), {"action": "publish"})
    with schema_context("alpha"):
        survey.refresh_from_db()
    assert survey.status == "draft"
    assert client_a.post(reverse("api:employment_surveys:survey-publish", args=[survey.pk]), {}, content_type="application/json").status_code == 403


def test_isolation(admin_client_b, in_alpha):
    survey, (q1, *_rest) = build_survey(in_alpha)
    for name in ("backoffice:employment_surveys:detail", "backoffice:employment_surveys:results", "backoffice:employment_surveys:export",
                 "h5:employment_surveys:answer", "api:employment_surveys:survey-detail", "api:employment_surveys:survey-results"):
        assert admin_client_b.get(reverse(name, args=[survey.pk])).status_code == 404, name
    response = admin_client_b.post(reverse("api:employment_surveys:survey-respond", args=[survey.pk]), {"answers": {str(q1.pk): 1}},
                                   content_type="application/json")
    assert response.status_code == 404
    assert reverse("backoffice:employment_surveys:detail", args=[survey.pk]) not in admin_client_b.get(reverse("backoffice:employment_surveys:list")).content.decode()


def test_api_builder(admin_client_a, admin_client_b, in_alpha):
    from tenant_apps.employment.surveys.services import survey_save

    survey = survey_save(actor=in_alpha, title="API 问卷")
    url = reverse("api:employment_surveys:survey-question-add", args=[survey.pk])
    first = admin_client_a.post(url, {"kind": "single", "title": "现状", "options": ["就业", "未就业"], "jumps": {"1": "end"}}, content_type="application/json")
    assert first.status_code == 201 and first.json()["jumps"] == {"1": "end"}
    bad = admin_client_a.post(url, {"kind": "single", "title": "x", "options": ["a", "b"], "jumps": {"0": 1}}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_skip_logic"
    second = admin_client_a.post(url, {"kind": "text", "title": "建议", "is_required": False}, content_type="application/json").json()
    delete = reverse("api:employment_surveys:survey-question-delete", args=[survey.pk, second["id"]])
    assert admin_client_b.delete(delete).status_code == 404
    assert admin_client_a.delete(delete).status_code == 204
    with schema_context("alpha"):
        college = make_cohort(in_alpha, 1)[0].org_unit.parent.parent
    quota = admin_client_a.put(reverse("api:employment_surveys:survey-quota", args=[survey.pk]), {"org_unit_id": college.pk, "limit": 10},
                               content_type="application/json")
    assert quota.status_code == 200
    with schema_context("alpha"):
        assert survey.quotas.get().limit == 10
    admin_client_a.post(reverse("api:employment_surveys:survey-publish", args=[survey.pk]), {}, content_type="application/json")
    assert admin_client_a.post(url, {"kind": "text", "title": "晚了"}, content_type="application/json").status_code == 409
    assert admin_client_a.post(reverse("api:employment_surveys:survey-close", args=[survey.pk])).json()["status"] == "closed"
