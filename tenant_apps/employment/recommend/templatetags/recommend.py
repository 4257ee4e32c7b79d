"""`{% load recommend %}{% recommendation_reason job %}` on a job page: why this job was
recommended to the signed-in student (nothing when it was not, or personalisation is off)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("recommend/h5/_reason.html", takes_context=True)
def recommendation_reason(context, job) -> dict:
    from tenant_apps.employment.recommend.selectors import recommendation_for

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(user, "kind", "") != "student":
        return {"recommendation": None}
    return {"recommendation": recommendation_for(student=user, job_id=job.pk)}
