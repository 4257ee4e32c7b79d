"""Back-office pages of expert evaluation: scoring, indicators, rules, flags, history, the two
panorama sections; permissions and tenant isolation."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.experts.evaluation import services
from tenant_apps.experts.evaluation.models import (
    Evaluation,
    EvaluationRound,
    ExpertFlag,
    IndicatorSet,
)
from tenant_apps.experts.evaluation.services import RuleInput

from .conftest import make_indicator_set, make_pool, make_staff, reviewed_panel, scores_for

pytestmark = pytest.mark.django_db

VIEW = ["expert_evaluation.view_evaluation"]


def _url(name, *args):
    return reverse(f"backoffice:experts_evaluation:{name}", args=args)


def _score_form(member, indicator_set, points, **extra):
    data = {"action": "score", "member": str(member.pk), **extra}
    with schema_context("bureau"):  # the test client leaves the connection on the public schema
        data.update({f"score_{pk}": str(p) for pk, p in scores_for(indicator_set, points).items()})
    return data


@pytest.fixture
def scored(in_bureau, bureau_admin, indicator_set, panel):
    """The panel with its first member scored 88 and one remove-rule flag on another expert."""
    member = panel.members.order_by("row").first()
    services.evaluation_submit(actor=bureau_admin, member=member, scores=scores_for(indicator_set, [35, 25, 18, 10]), comment="认真")
    services.rule_save(actor=bureau_admin, data=RuleInput(name="偏低", outcome="remove", condition="average_below", threshold=Decimal("60"), min_reviews=1))
    weak = make_pool(1)[0]
    draw = reviewed_panel(bureau_admin, experts=[weak])
    services.evaluation_submit(actor=bureau_admin, member=draw.members.get(), scores=scores_for(indicator_set, [10, 10, 10, 10]))
    return {"panel": panel, "member": member, "weak": weak, "flag": ExpertFlag.objects.get(expert=weak)}


def test_pages_render_for_admin(admin_client_bureau, scored):
    panel, member = scored["panel"], scored["member"]
    for url in [_url("project_list"), _url("project_scores", panel.project_id), _url("expert_list"), _url("expert_history", member.expert_id),
                _url("indicator_sets"), _url("indicator_set_add"), _url("rules"), _url("rule_edit", scored["flag"].rule_id), _url("flags")]:
        response = admin_client_bureau.get(url)
        assert response.status_code == 200, url
    page = admin_client_bureau.get(_url("project_scores", panel.project_id)).content.decode()
    assert "88.0" in page and "专业水平" in page and "评分截止" in page
    listing = admin_client_bureau.get(_url("project_list") + "?scored=pending").content.decode()
    assert listing.count(panel.project.title) == 1  # 1 of 3 scored
    assert panel.project.title not in admin_client_bureau.get(_url("project_list") + "?scored=done").content.decode()
    history = admin_client_bureau.get(_url("expert_history", member.expert_id)).content.decode()
    assert "88.0" in history and "认真" in history
    flags = admin_client_bureau.get(_url("flags")).content.decode()
    assert "建议清退出库" in flags and "hx-confirm" in flags


def test_scoring_by_form_and_lock(admin_client_bureau, in_bureau, indicator_set, panel):
    second = panel.members.order_by("row")[1]
    url = _url("project_scores", panel.project_id)
    response = admin_client_bureau.post(url, _score_form(second, indicator_set, [30, 30, 20, 5], participation="high", comment="良好"))
    assert response.status_code == 302
    with schema_context("bureau"):
        evaluation = Evaluation.objects.get(member=second)
    assert evaluation.total == Decimal("85.0") and evaluation.participation == "high"
    # Out-of-range points are refused with a message naming the indicator.
    response = admin_client_bureau.post(url, _score_form(second, indicator_set, [50, 30, 20, 5]), follow=True)
    assert "专业水平" in response.content.decode()
    with schema_context("bureau"):
        assert Evaluation.objects.get(member=second).total == Decimal("85.0")
        # After the deadline the page shows the lock and no inputs; a post is refused.
        EvaluationRound.objects.filter(draw=panel).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    page = admin_client_bureau.get(url).content.decode()
    assert "已锁定" in page and 'name="score_' not in page
    response = admin_client_bureau.post(url, _score_form(second, indicator_set, [40, 30, 20, 10]), follow=True)
    assert "评分已锁定" in response.content.decode()
    with schema_context("bureau"):
        assert Evaluation.objects.get(member=second).total == Decimal("85.0")


def test_deadline_form(admin_client_bureau, in_bureau, indicator_set, panel):
    later = timezone.localtime(timezone.now() + datetime.timedelta(days=5)).replace(second=0, microsecond=0)
    response = admin_client_bureau.post(_url("project_scores", panel.project_id), {"action": "deadline", "draw": str(panel.pk), "deadline": later.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    with schema_context("bureau"):
        assert EvaluationRound.objects.get(draw=panel).deadline == later


def test_indicator_form_requires_100_points(admin_client_bureau, in_bureau):
    data = {"name": "新方案", "scoring_days": "3", "name_1": "专业", "weight_1": "60", "name_2": "纪律", "weight_2": "30"}
    response = admin_client_bureau.post(_url("indicator_set_add"), data)
    assert response.status_code == 400 and "合计须为 100 分，当前为 90 分" in response.content.decode()
    response = admin_client_bureau.post(_url("indicator_set_add"), {**data, "weight_2": "40"})
    assert response.status_code == 302
    with schema_context("bureau"):
        indicator_set = IndicatorSet.objects.get(name="新方案")
        assert [(i.name, i.weight) for i in indicator_set.indicators.all()] == [("专业", 60), ("纪律", 40)]
    admin_client_bureau.post(_url("indicator_sets"), {"action": "activate", "indicator_set": str(indicator_set.pk)})
    with schema_context("bureau"):
        indicator_set.refresh_from_db()
    assert indicator_set.is_active


def test_rule_form_and_flag_review(admin_client_bureau, scored):
    response = admin_client_bureau.post(_url("rules"), {"name": "连续优秀", "outcome": "promote", "condition": "all_at_least", "threshold": "85",
                                                         "min_reviews": "1", "is_active": "on"})
    assert response.status_code == 302
    with schema_context("bureau"):
        promote = ExpertFlag.objects.get(outcome="promote")
    assert promote.expert_id == scored["member"].expert_id
    admin_client_bureau.post(_url("flags"), {"flag": str(promote.pk), "decision": "dismiss", "note": "样本太少"})
    admin_client_bureau.post(_url("flags"), {"flag": str(scored["flag"].pk), "decision": "accept"})
    with schema_context("bureau"):
        promote.refresh_from_db()
        scored["weak"].refresh_from_db()
    assert promote.status == "dismissed" and promote.review_note == "样本太少"
    assert scored["weak"].deleted_at is not None


def test_panorama_sections(admin_client_bureau, scored):
    member = scored["member"]
    page = admin_client_bureau.get(reverse("backoffice:experts:expert_detail", args=[member.expert_id]) + "?tab=evaluations").content.decode()
    assert 'id="expert-evaluations"' in page and "88.0" in page and "评价次数" in page
    page = admin_client_bureau.get(reverse("backoffice:experts_panels:project_detail", args=[member.draw.project_id])).content.decode()
    assert 'id="project-evaluations"' in page and "88.0" in page and "已评 1/3" in page


def test_permissions(client_bureau, scored):
    panel = scored["panel"]
    with schema_context("bureau"):
        nobody = make_staff(username="ev-nobody")
        viewer = make_staff(username="ev-viewer", perms=[*VIEW, "expert_evaluation.view_expertflag", "expert_evaluation.view_flagrule",
                                                        "expert_evaluation.view_indicatorset"])
        member = panel.members.order_by("row")[1]
        indicator_set = IndicatorSet.objects.get(is_active=True)
    client_bureau.login_as(nobody)
    for url in [_url("project_list"), _url("project_scores", panel.project_id), _url("expert_list"), _url("expert_history", member.expert_id),
                _url("indicator_sets"), _url("indicator_set_add"), _url("rules"), _url("flags")]:
        assert client_bureau.get(url).status_code == 403, url
    client_bureau.login_as(viewer)
    assert client_bureau.get(_url("project_scores", panel.project_id)).status_code == 200
    assert client_bureau.post(_url("project_scores", panel.project_id), _score_form(member, indicator_set, [40, 30, 20, 10])).status_code == 403
    assert client_bureau.post(_url("project_scores", panel.project_id), {"action": "deadline", "draw": str(panel.pk), "deadline": "2099-01-01T10:00"}).status_code == 403
    assert client_bureau.post(_url("flags"), {"flag": str(scored["flag"].pk), "decision": "accept"}).status_code == 403
    assert client_bureau.post(_url("rules"), {"name": "x"}).status_code == 403
    assert client_bureau.get(_url("indicator_set_add")).status_code == 403
    with schema_context("bureau"):
        assert not Evaluation.objects.filter(member=member).exists()
        assert ExpertFlag.objects.get(pk=scored["flag"].pk).status == "open"
    # The panorama section says so instead of showing scores.
    with schema_context("bureau"):
        library_viewer = make_staff(username="ev-lib", perms=["experts.view_expert"])
    client_bureau.login_as(library_viewer)
    page = client_bureau.get(reverse("backoffice:experts:expert_detail", args=[scored["member"].expert_id]) + "?tab=evaluations").content.decode()
    assert "没有查看专家评价的权限" in page and "88.0" not in page


def test_other_tenant_gets_404(admin_client_a, scored):
    panel, member = scored["panel"], scored["member"]
    with schema_context("alpha"):
        make_indicator_set(None)  # alpha can score too; bureau's ids still mean nothing there
    for url in [_url("project_scores", panel.project_id), _url("expert_history", member.expert_id), _url("rule_edit", scored["flag"].rule_id)]:
        assert admin_client_a.get(url).status_code == 404, url
    assert admin_client_a.post(_url("project_scores", panel.project_id), {"action": "score", "member": str(member.pk)}).status_code == 404
    assert admin_client_a.post(_url("flags"), {"flag": str(scored["flag"].pk), "decision": "accept"}).status_code == 404
    with schema_context("bureau"):
        assert ExpertFlag.objects.get(pk=scored["flag"].pk).status == "open"
