from celery import shared_task

from tenant_apps.employment.applications import services


@shared_task(name="employment_applications.mark_no_response", queue="default", time_limit=300)
def mark_no_response() -> int:
    """Daily (core.fan_out per tenant): applications nobody answered in N days."""
    return services.applications_mark_no_response()
