from celery import shared_task


@shared_task(name="employment_recommend.recompute_student", queue="default", time_limit=120)
def recompute_student(student_id: int) -> int:
    from tenant_apps.employment.recommend.services import recommendations_recompute

    return recommendations_recompute(student_ids=[int(student_id)])


@shared_task(name="employment_recommend.recompute_all", queue="default", time_limit=1800)
def recompute_all() -> int:
    from tenant_apps.employment.recommend.services import recommendations_recompute

    return recommendations_recompute()


@shared_task(name="employment_recommend.daily", queue="default", time_limit=1800)
def daily() -> dict:
    from tenant_apps.employment.recommend.services import daily_run

    return daily_run()
