"""Evaluation sections of the two panoramas, so that the expert page and the project page show
scores without their views knowing about this app:

    {% load expert_evaluation %}{% expert_evaluation_history expert %}    (专家全景 · 专家评价)
    {% load expert_evaluation %}{% project_evaluation_section project %}  (项目全景 · 专家评价)

The data comes from this app's selectors; users without `expert_evaluation.view_evaluation`
see a short note instead."""

from __future__ import annotations

from django import template

from tenant_apps.experts.evaluation import selectors

register = template.Library()


@register.inclusion_tag("evaluation/backoffice/_expert_panorama.html", takes_context=True)
def expert_evaluation_history(context, expert):
    request = context.get("request")
    return {"expert": expert, "perms": context.get("perms"), "evaluation_panorama": selectors.expert_evaluation_panorama(actor=request.user, expert=expert)}


@register.inclusion_tag("evaluation/backoffice/_project_panorama.html", takes_context=True)
def project_evaluation_section(context, project):
    request = context.get("request")
    return {"project": project, "perms": context.get("perms"),
            "evaluation_panorama": selectors.project_evaluation_panorama(actor=request.user, project=project)}
