"""Fee sections of the two panoramas, so that the expert page and the project page show fees
without their views knowing about this app:

    {% load expert_fees %}{% expert_fee_history expert %}   (专家全景 · 专家费)
    {% load expert_fees %}{% project_fee_section project %}  (项目全景 · 专家费记录)

Both render nothing for users without `expert_fees.view_feeline`."""

from __future__ import annotations

from django import template

from tenant_apps.experts.fees import selectors

register = template.Library()
PERMISSION = "expert_fees.view_feeline"


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None)


@register.inclusion_tag("fees/backoffice/_expert_history.html", takes_context=True)
def expert_fee_history(context, expert):
    user = _user(context)
    if user is None or not user.has_perm(PERMISSION):
        return {"visible": False}
    return {"visible": True, "expert": expert, "lines": list(selectors.expert_fee_history(expert=expert)[:200]),
            "totals": selectors.expert_fee_totals(expert=expert)}


@register.inclusion_tag("fees/backoffice/_project_section.html", takes_context=True)
def project_fee_section(context, project):
    user = _user(context)
    if user is None or not user.has_perm(PERMISSION):
        return {"visible": False}
    lines = list(selectors.project_lines(project))
    for line in lines:
        line.display_name = selectors.display_name(actor=user, expert=line.expert, project=project)
    return {"visible": True, "project": project, "lines": lines, "totals": selectors.project_totals(project)}
