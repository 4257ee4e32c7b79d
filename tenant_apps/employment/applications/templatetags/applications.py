"""Pieces other employment pages show: the apply button on the H5 job page, and an employer's
responsiveness (the application SLA) on its profile."""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("applications/_apply_box.html", takes_context=True)
def apply_box(context, job):
    from tenant_apps.employment.applications.selectors import live_application

    user = context["request"].user
    is_student = getattr(user, "kind", "") == "student"
    return {"job": job, "is_student": is_student, "application": live_application(student=user, job_id=job.pk) if is_student else None}


@register.inclusion_tag("applications/_responsiveness.html")
def employer_responsiveness(employer):
    from tenant_apps.employment.applications.selectors import responsiveness_of, settings_get

    return {"r": responsiveness_of(employer_id=employer.pk), "days": settings_get().no_response_days}
