"""Celery: broker, queues and the one beat schedule."""

from datetime import timedelta

from celery.schedules import crontab

from config.settings.env import env

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=env("REDIS_URL", default="redis://127.0.0.1:6379/0"))
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_TIME_LIMIT = 15 * 60  # default hard limit; each task sets its own time_limit
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)


def per_tenant(task_name: str, schedule, module: str | None = None) -> dict:
    """A beat entry that core.fan_out turns into one task per active tenant (with `module` on)."""
    return {"task": "core.fan_out", "schedule": schedule, "kwargs": {"task_name": task_name, "module": module}}


# Every periodic job in one place. Tenant jobs are fanned out by core.tasks.fan_out, which
# queues one task per active tenant that has the module switched on (module None = all).
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {
        "task": "core.worker_heartbeat",
        "schedule": timedelta(seconds=30),
    },
    "accounts-expire-ip-blocks": per_tenant("accounts.expire_ip_blocks", timedelta(minutes=5)),
    "wechat-forward-template-reports": per_tenant("wechat.forward_pending_template_reports", timedelta(minutes=10)),
    "wechat-purge-scan-sessions": per_tenant("wechat.purge_scan_sessions", crontab(hour=3, minute=50)),
    "files-purge-expired-job-files": per_tenant("core.files_purge_expired", crontab(hour=3, minute=40)),
    "messaging-dispatch-due": per_tenant("messaging.dispatch_due_messages", timedelta(minutes=1)),
    "alumni-outreach-birthday-greetings": per_tenant("alumni_outreach.send_birthday_greetings", crontab(hour=9, minute=0), module="alumni"),
    "messaging-resume-stalled": per_tenant("messaging.resume_stalled_messages", timedelta(minutes=2)),
    "experts-freeze-unconfirmed": per_tenant("experts.freeze_unconfirmed", crontab(hour=1, minute=10), module="experts"),
    "expert-panels-expire-invitations": per_tenant("expert_panels.expire_invitations", timedelta(minutes=5), module="experts"),
    "alumni-activities-expire-due": per_tenant("alumni_activities.expire_due", timedelta(minutes=1), module="alumni"),
    "alumni-albums-purge-expired-faces": per_tenant("alumni_albums.purge_expired_faces", crontab(hour=2, minute=20), module="alumni"),
    "alumni-albums-sync-activity-photos": per_tenant("alumni_albums.sync_activity_photos", crontab(minute=35), module="alumni"),
    "alumni-shop-expire-unpaid": per_tenant("alumni_shop.expire_unpaid", timedelta(minutes=1), module="alumni"),
    "payments-resend-refunds": per_tenant("payments.resend_refunds", timedelta(minutes=10)),
    "payments-reconcile-yesterday": per_tenant("payments.reconcile_yesterday", crontab(hour=10, minute=30)),
    "employment-jobs-expire": per_tenant("employment_jobs.expire_jobs", crontab(minute=5), module="employment"),
    "employment-sessions-reminders": per_tenant("employment_sessions.send_reminders", timedelta(minutes=10), module="employment"),
    "employment-qa-advising-reminders": per_tenant("employment_qa.send_advising_reminders", timedelta(minutes=10), module="employment"),
    "employment-fairs-periodic": per_tenant("employment_fairs.periodic", timedelta(minutes=10), module="employment"),
    "employment-recommend-daily": per_tenant("employment_recommend.daily", crontab(hour=7, minute=30), module="employment"),
    "employment-applications-no-response": per_tenant("employment_applications.mark_no_response", crontab(hour=8, minute=15), module="employment"),
    "employment-agreements-expire": per_tenant("employment_agreements.expire_invitations", timedelta(minutes=15), module="employment"),
    # public-schema jobs
    "provisioning-refill-spare-pool": {"task": "provisioning.refill_spare_pool", "schedule": timedelta(minutes=10)},
    "provisioning-expire-signups": {"task": "provisioning.expire_signups", "schedule": timedelta(minutes=30)},
    "provisioning-backup-all-tenants": {"task": "provisioning.backup_all_tenants", "schedule": crontab(hour=3, minute=0)},
    "billing-dunning": {"task": "billing.dunning", "schedule": crontab(hour=4, minute=0)},
    "crawler-dispatch-due": {"task": "crawler.dispatch_due", "schedule": timedelta(minutes=5)},
}
