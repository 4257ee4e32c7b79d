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

# Every periodic job in one place. Tenant jobs are fanned out by core.tasks.fan_out, which
# queues one task per active tenant that has the module switched on (module None = all).
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {
        "task": "core.worker_heartbeat",
        "schedule": timedelta(seconds=30),
    },
    "accounts-expire-ip-blocks": {
        "task": "core.fan_out",
        "schedule": timedelta(minutes=5),
        "kwargs": {"task_name": "accounts.expire_ip_blocks", "module": None},
    },
    "wechat-forward-template-reports": {
        "task": "core.fan_out",
        "schedule": timedelta(minutes=10),
        "kwargs": {"task_name": "wechat.forward_pending_template_reports", "module": None},
    },
    "wechat-purge-scan-sessions": {
        "task": "core.fan_out",
        "schedule": crontab(hour=3, minute=50),
        "kwargs": {"task_name": "wechat.purge_scan_sessions", "module": None},
    },
    "files-purge-expired-job-files": {
        "task": "core.fan_out",
        "schedule": crontab(hour=3, minute=40),
        "kwargs": {"task_name": "core.files_purge_expired", "module": None},
    },
    "messaging-dispatch-due": {
        "task": "core.fan_out",
        "schedule": timedelta(minutes=1),
        "kwargs": {"task_name": "messaging.dispatch_due_messages", "module": None},
    },
    "alumni-outreach-birthday-greetings": {
        "task": "core.fan_out",
        "schedule": crontab(hour=9, minute=0),
        "kwargs": {"task_name": "alumni_outreach.send_birthday_greetings", "module": "alumni"},
    },
    "messaging-resume-stalled": {
        "task": "core.fan_out",
        "schedule": timedelta(minutes=2),
        "kwargs": {"task_name": "messaging.resume_stalled_messages", "module": None},
    },
    "experts-freeze-unconfirmed": {
        "task": "core.fan_out",
        "schedule": crontab(hour=1, minute=10),
        "kwargs": {"task_name": "experts.freeze_unconfirmed", "module": "experts"},
    },
    "expert-panels-expire-invitations": {
        "task": "core.fan_out",
        "schedule": timedelta(minutes=5),
        "kwargs": {"task_name": "expert_panels.expire_invitations", "module": "experts"},
    },
    "alumni-activities-expire-due": {
        "task": "core.fan_out",
        "schedule": timedelta(minutes=1),
        "kwargs": {"task_name": "alumni_activities.expire_due", "module": "alumni"},
    },
    "alumni-albums-purge-expired-faces": {
        "task": "core.fan_out",
        "schedule": crontab(hour=2, minute=20),
        "kwargs": {"task_name": "alumni_albums.purge_expired_faces", "module": "alumni"},
    },
    "alumni-albums-sync-activity-photos": {
        "task": "core.fan_out",
        "schedule": crontab(minute=35),
        "kwargs": {"task_name": "alumni_albums.sync_activity_photos", "module": "alumni"},
    },
    "alumni-shop-expire-unpaid": {
        "task": "core.fan_out",
        "schedule": timedelta(minutes=1),
        "kwargs": {"task_name": "alumni_shop.expire_unpaid", "module": "alumni"},
    },
    "payments-resend-refunds": {
        "task": "core.fan_out",
        "schedule": timedelta(minutes=10),
        "kwargs": {"task_name": "payments.resend_refunds", "module": None},
    },
    "payments-reconcile-yesterday": {
        "task": "core.fan_out",
        "schedule": crontab(hour=10, minute=30),
        "kwargs": {"task_name": "payments.reconcile_yesterday", "module": None},
    },
    "employment-jobs-expire": {
        "task": "core.fan_out",
        "schedule": crontab(minute=5),
        "kwargs": {"task_name": "employment_jobs.expire_jobs", "module": "employment"},
    },
    "employment-sessions-reminders": {
        "task": "core.fan_out",
        "schedule": timedelta(minutes=10),
        "kwargs": {"task_name": "employment_sessions.send_reminders", "module": "employment"},
    },
    "employment-qa-advising-reminders": {
        "task": "core.fan_out",
        "schedule": timedelta(minutes=10),
        "kwargs": {"task_name": "employment_qa.send_advising_reminders", "module": "employment"},
    },
    "employment-fairs-periodic": {
        "task": "core.fan_out",
        "schedule": timedelta(minutes=10),
        "kwargs": {"task_name": "employment_fairs.periodic", "module": "employment"},
    },
    "employment-recommend-daily": {
        "task": "core.fan_out",
        "schedule": crontab(hour=7, minute=30),
        "kwargs": {"task_name": "employment_recommend.daily", "module": "employment"},
    },
    "employment-applications-no-response": {
        "task": "core.fan_out",
        "schedule": crontab(hour=8, minute=15),
        "kwargs": {"task_name": "employment_applications.mark_no_response", "module": "employment"},
    },
    "employment-agreements-expire": {
        "task": "core.fan_out",
        "schedule": timedelta(minutes=15),
        "kwargs": {"task_name": "employment_agreements.expire_invitations", "module": "employment"},
    },
    # public-schema jobs
    "provisioning-refill-spare-pool": {"task": "provisioning.refill_spare_pool", "schedule": timedelta(minutes=10)},
    "provisioning-expire-signups": {"task": "provisioning.expire_signups", "schedule": timedelta(minutes=30)},
    "provisioning-backup-all-tenants": {"task": "provisioning.backup_all_tenants", "schedule": crontab(hour=3, minute=0)},
    "billing-dunning": {"task": "billing.dunning", "schedule": crontab(hour=4, minute=0)},
    "crawler-dispatch-due": {"task": "crawler.dispatch_due", "schedule": timedelta(minutes=5)},
}
