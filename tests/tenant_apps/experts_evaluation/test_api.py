"""Evaluation API: indicator sets, scoring sheet and scores, history, rules and flags;
permissions and tenant isolation."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.experts.evaluation.models import EvaluationRound, ExpertFlag

from .conftest import make_staff, scores_for

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"api:experts_evaluation:{name}", args=args)


def _body(indicator_set, points, **extra):
    with schema_context("bureau"):
        return {"scores": [{"indicator": pk, "score": str(p)} for pk, p in scores_for(indicator_set, points).items()], **extra}


def test_indicator_sets(admin_client_bureau, in_bureau):
    body = {"name": "接口方案", "scoring_days": 3, "indicators": [{"name": "专业", "weight": 70}, {"name": "纪律", "weight": 20}]}
    response = admin_client_bureau.post(_url("indicator_set_list"), body, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "weights_must_total_100"
    body["indicators"][1]["weight"] = 30
    response = admin_client_bureau.post(_url("indicator_set_list"), body, content_type="application/json")
    assert response.status_code == 201
    created = response.json()
    assert [i["weight"] for i in created["indicators"]] == [70, 30] and not created["is_active"]
    response = admin_client_bureau.post(_url("indicator_set_activate", created["id"]), content_type="application/json")
    assert response.status_code == 200 and response.json()["is_active"]
    listing = admin_client_bureau.get(_url("indicator_set_list")).json()
    assert listing["count"] == 1 and listing["results"][0]["name"] == "接口方案"
    assert admin_client_bureau.delete(_url("indicator_set_detail", created["id"])).status_code == 409


def test_scoring_flow(admin_client_bureau, in_bureau, indicator_set, panel):
    sheet = admin_client_bureau.get(_url("project_sheet", panel.project_id)).json()
    assert len(sheet) == 1 and sheet[0]["is_open"] and not sheet[0]["is_locked"] and not sheet[0]["round_opened"]
    assert [i["weight"] for i in sheet[0]["indicators"]] == [40, 30, 20, 10]
    member_id = sheet[0]["rows"][0]["member_id"]
    response = admin_client_bureau.put(_url("member_evaluation", member_id), _body(indicator_set, ["39.5", 30, 20, 10], participation="very_high"),
                                       content_type="application/json")
    assert response.status_code == 200, response.json()
    assert response.json()["total"] == "99.5" and response.json()["participation"] == "very_high"
    assert admin_client_bureau.get(_url("member_evaluation", member_id)).json()["total"] == "99.5"
    response = admin_client_bureau.put(_url("member_evaluation", member_id), _body(indicator_set, [41, 30, 20, 10]), content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "invalid_scores"
    expert_id = sheet[0]["rows"][0]["expert_id"]
    history = admin_client_bureau.get(_url("expert_history", expert_id)).json()
    assert history["summary"]["evaluated"] == 1 and history["evaluations"][0]["total"] == "99.5"
    assert admin_client_bureau.get(_url("expert_list")).json()["results"][0]["expert_id"] == expert_id
    # The deadline passes: the score is locked.
    with schema_context("bureau"):
        EvaluationRound.objects.filter(draw=panel).update(deadline=timezone.now() - datetime.timedelta(seconds=1))
    response = admin_client_bureau.put(_url("member_evaluation", member_id), _body(indicator_set, [40, 30, 20, 10]), content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "scoring_closed"
    response = admin_client_bureau.put(_url("draw_round", panel.pk), {"deadline": "2099-01-01T10:00:00+08:00"}, content_type="application/json")
    assert response.status_code == 409


def test_round_deadline(admin_client_bureau, in_bureau, indicator_set, panel):
    response = admin_client_bureau.put(_url("draw_round", panel.pk), {"deadline": "2099-01-01T10:00:00+08:00"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["indicator_set_id"] == indicator_set.pk


def test_rules_and_flags(admin_client_bureau, in_bureau, indicator_set, panel):
    member = panel.members.order_by("row").first()
    admin_client_bureau.put(_url("member_evaluation", member.pk), _body(indicator_set, [10, 10, 10, 10]), content_type="application/json")
    rule = {"name": "平均不及格", "outcome": "remove", "condition": "average_below", "threshold": "60", "min_reviews": 1}
    response = admin_client_bureau.post(_url("rule_list"), rule, content_type="application/json")
    assert response.status_code == 201 and "平均分低于" in response.json()["description"]
    flags = admin_client_bureau.get(_url("flag_list")).json()
    assert flags["count"] == 1 and flags["results"][0]["outcome"] == "remove" and flags["results"][0]["average"] == "40.0"
    flag_id = flags["results"][0]["id"]
    response = admin_client_bureau.post(_url("flag_review", flag_id), {"decision": "dismiss", "note": "首次"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "dismissed"
    assert admin_client_bureau.post(_url("flag_review", flag_id), {"decision": "accept"}, content_type="application/json").status_code == 409
    assert admin_client_bureau.post(_url("flag_recheck"), content_type="application/json").json() == {"raised": 0}
    response = admin_client_bureau.put(_url("rule_detail", response.json()["rule_id"]), {**rule, "is_active": False}, content_type="application/json")
    assert response.status_code == 200 and response.json()["is_active"] is False


def test_permissions(client_bureau, in_bureau, indicator_set, panel):
    member = panel.members.order_by("row").first()
    nobody = make_staff(username="api-nobody")
    viewer = make_staff(username="api-viewer", perms=["expert_evaluation.view_evaluation"])
    client_bureau.login_as(nobody)
    for url in [_url("indicator_set_list"), _url("project_sheet", panel.project_id), _url("expert_history", member.expert_id), _url("rule_list"), _url("flag_list")]:
        assert client_bureau.get(url).status_code == 403, url
    client_bureau.login_as(viewer)
    assert client_bureau.get(_url("project_sheet", panel.project_id)).status_code == 200
    response = client_bureau.put(_url("member_evaluation", member.pk), _body(indicator_set, [40, 30, 20, 10]), content_type="application/json")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert client_bureau.put(_url("draw_round", panel.pk), {"deadline": "2099-01-01T10:00:00+08:00"}, content_type="application/json").status_code == 403
    assert client_bureau.post(_url("rule_list"), {}, content_type="application/json").status_code == 403
    assert client_bureau.post(_url("flag_recheck"), content_type="application/json").status_code == 403


def test_other_tenant_gets_404(admin_client_a, in_bureau, bureau_admin, indicator_set, panel):
    from tenant_apps.experts.evaluation.services import RuleInput, evaluation_submit, rule_save

    member = panel.members.order_by("row").first()
    evaluation_submit(actor=bureau_admin, member=member, scores=scores_for(indicator_set, [10, 10, 10, 10]))
    rule = rule_save(actor=bureau_admin, data=RuleInput(name="低", outcome="remove", condition="average_below", threshold=60))
    flag = ExpertFlag.objects.get()
    for url in [_url("project_sheet", panel.project_id), _url("member_evaluation", member.pk), _url("expert_history", member.expert_id),
                _url("indicator_set_detail", indicator_set.pk), _url("rule_detail", rule.pk)]:
        assert admin_client_a.get(url).status_code == 404, url
    response = admin_client_a.put(_url("member_evaluation", member.pk), {"scores": []}, content_type="application/json")
    assert response.status_code == 404
    assert admin_client_a.post(_url("flag_review", flag.pk), {"decision": "accept"}, content_type="application/json").status_code == 404
    assert admin_client_a.put(_url("draw_round", panel.pk), {"deadline": "2099-01-01T10:00:00+08:00"}, content_type="application/json").status_code == 404
