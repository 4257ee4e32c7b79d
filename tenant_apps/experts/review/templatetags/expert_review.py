"""`{% review_project_block project %}`: the online review's block on the project panorama
(panels' project_detail.html), so that template needs only this one tag."""

from __future__ import annotations

from django import template

from tenant_apps.experts.review import selectors

register = template.Library()


@register.inclusion_tag("review/backoffice/_project_block.html", takes_context=True)
def review_project_block(context, project):
    user = context["request"].user
    if not user.has_perm("expert_review.view_reviewsetup"):
        return {"hidden": True}
    review = selectors.setup_for_project(project)
    progress = selectors.review_progress(setup=review) if review is not None else None
    can_create = project.archived_at is None and user.has_perm("expert_review.add_reviewsetup")
    return {"review": review, "progress": progress, "project": project, "can_create": can_create}
