"""Online review API: staff setup → publish → progress → summary, experts scoring, and the
permission matrix / tenant isolation."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from .conftest import make_staff, score

pytestmark = pytest.mark.django_db


def api(name, *args):
    return reverse(f"api:experts_review:{name}", args=args)


def test_staff_flow(admin_client_bureau, panel):
    response = admin_client_bureau.post(api("setup-list"), {"project_id": panel.project.pk, "opens_at": "2020-01-01T09:00:00+08:00",
                                                            "closes_at": "2099-01-01T18:00:00+08:00", "aggregation": "trimmed_mean"}, content_type="application/json")
    assert response.status_code == 201, response.json()
    review_id = response.json()["id"]
    assert response.json()["state"] == "preparing"
    response = admin_client_bureau.put(api("indicators", review_id), [{"name": "创新性", "max_score": "50"}, {"name": "可行性", "max_score": "50"}],
                                       content_type="application/json")
    assert response.status_code == 200 and [i["name"] for i in response.json()] == ["创新性", "可行性"]
    response = admin_client_bureau.post(api("submission-list", review_id), {"title": "课题甲", "unit": "甲所"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["number"] == 1
    submission_id = response.json()["id"]
    assert admin_client_bureau.patch(api("submission-detail", review_id, submission_id), {"applicant": "赵六"}, content_type="application/json").json()["applicant"] == "赵六"
    response = admin_client_bureau.post(api("setup-publish", review_id))
    assert response.status_code == 200 and response.json()["state"] == "open"
    assert admin_client_bureau.post(api("setup-publish", review_id)).json()["code"] == "review_not_ready"
    response = admin_client_bureau.patch(api("setup-detail", review_id), {"pass_score": "60"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["pass_score"] == "60.00" and response.json()["aggregation"] == "trimmed_mean"
    progress = admin_client_bureau.get(api("progress", review_id)).json()
    assert progress["total"] == 5 and len(progress["reviewers"]) == 5 and progress["reviewers"][0]["statuses"] == [""]
    response = admin_client_bureau.post(api("remind", review_id), {"channels": ["email"]}, content_type="application/json")
    assert response.status_code == 200 and response.json() == {"reminded": 5}
    summary = admin_client_bureau.get(api("summary", review_id)).json()
    assert summary["rows"][0]["title"] == "课题甲" and summary["rows"][0]["final"] is None
    assert admin_client_bureau.get(api("setup-list") + "?state=open").json()["count"] == 1
    response = admin_client_bureau.post(api("setup-close", review_id))
    assert response.status_code == 200 and response.json()["state"] == "closed"


def test_expert_flow_through_the_api(client_bureau, panel, review):
    submission = review.submissions.order_by("number").first()
    first_indicator, second_indicator = review.indicators.order_by("order")
    client_bureau.login_as(panel.users[0])
    mine = client_bureau.get(api("my-list")).json()
    assert [m["id"] for m in mine] == [review.pk] and mine[0]["submissions"] == 3
    detail = client_bureau.get(api("my-detail", review.pk)).json()
    assert [i["name"] for i in detail["indicators"]] == ["技术方案", "实施能力"] and detail["submissions"][0]["sheet"] is None
    body = {"scores": [{"indicator_id": first_indicator.pk, "value": "58"}, {"indicator_id": second_indicator.pk, "value": None}], "comment": "好"}
    response = client_bureau.put(api("my-sheet", review.pk, submission.pk), body, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "draft"
    body["scores"][1]["value"] = "35"
    response = client_bureau.put(api("my-sheet", review.pk, submission.pk), {**body, "submit": True}, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "review_sheet_incomplete"
    response = client_bureau.put(api("my-sheet", review.pk, submission.pk), {**body, "submit": True, "declared_no_conflict": True}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    response = client_bureau.put(api("my-sheet", review.pk, submission.pk), body, content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "review_sheet_locked"
    with schema_context("bureau"):
        second = review.submissions.order_by("number")[1]
    response = client_bureau.post(api("my-recuse", review.pk, second.pk), {"reason": "亲属关系"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "recused"
    client_bureau.login_as(panel.declined[0].expert.user)
    assert client_bureau.get(api("my-list")).json() == []
    assert client_bureau.get(api("my-detail", review.pk)).status_code == 404
    assert client_bureau.put(api("my-sheet", review.pk, submission.pk), body, content_type="application/json").status_code == 404


def test_summary_and_reopen_through_the_api(admin_client_bureau, panel, review):
    submission = review.submissions.order_by("number").first()
    sheet = score(panel.users[0], review, submission, ["50", "30"])
    score(panel.users[1], review, submission, ["40", "20"])
    summary = admin_client_bureau.get(api("summary", review.pk)).json()
    row = summary["rows"][0]
    assert row["title"] == "甲方案" and row["rank"] == 1 and row["final"] == "70.00" and row["valid_count"] == 2
    assert {e["total"] for e in row["experts"]} == {"80.00", "60.00"}
    response = admin_client_bureau.post(api("sheet-reopen", review.pk, sheet.pk), {"reason": "误提交"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "draft"
    assert admin_client_bureau.get(api("summary", review.pk)).json()["rows"][0]["final"] == "60.00"


def test_api_permissions(client_bureau, review):
    submission = review.submissions.first()
    with schema_context("bureau"):
        nobody = make_staff(username="api-nobody")
        viewer = make_staff(username="api-viewer", perms=["expert_review.view_reviewsetup"])
    client_bureau.login_as(nobody)
    for url in (api("setup-list"), api("setup-detail", review.pk), api("progress", review.pk), api("summary", review.pk), api("submission-list", review.pk)):
        assert client_bureau.get(url).status_code == 403, url
    assert client_bureau.get(api("my-list")).json() == []
    client_bureau.login_as(viewer)
    assert client_bureau.get(api("summary", review.pk)).status_code == 200
    assert client_bureau.post(api("setup-close", review.pk)).status_code == 403
    assert client_bureau.post(api("remind", review.pk), {}, content_type="application/json").status_code == 403
    assert client_bureau.delete(api("submission-detail", review.pk, submission.pk)).status_code == 403
    assert client_bureau.put(api("indicators", review.pk), [], content_type="application/json").status_code == 403
    assert client_bureau.post(api("sheet-reopen", review.pk, 1), {"reason": "x"}, content_type="application/json").status_code == 403


def test_api_archived_project_answers_409(admin_client_bureau, panel, review, bureau_admin):
    from tenant_apps.experts.panels.services import project_archive

    project_archive(actor=bureau_admin, project=panel.project)
    response = admin_client_bureau.post(api("submission-list", review.pk), {"title": "x"}, content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "project_archived"


def test_other_tenant_gets_404(admin_client_a, review):
    submission = review.submissions.first()
    with schema_context("alpha"):
        for url in (api("setup-detail", review.pk), api("summary", review.pk), api("progress", review.pk), api("submission-detail", review.pk, submission.pk),
                    api("my-detail", review.pk)):
            assert admin_client_a.get(url).status_code == 404, url
