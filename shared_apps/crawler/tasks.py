from celery import shared_task


@shared_task(name="crawler.run_execute", queue="crawler", time_limit=60 * 60, soft_time_limit=55 * 60, acks_late=True)
def run_execute_task(run_id: int) -> str:
    from shared_apps.crawler.services import run_execute

    run = run_execute(run_id=int(run_id))
    return run.status if run is not None else "missing"


@shared_task(name="crawler.dispatch_due", queue="crawler", time_limit=120)
def dispatch_due_task() -> int:
    from shared_apps.crawler.services import schedules_dispatch_due

    return schedules_dispatch_due()
