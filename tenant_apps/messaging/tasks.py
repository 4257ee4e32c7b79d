"""Celery tasks of the messaging gateway: thin, named, idempotent, ids as arguments."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from tenant_apps.messaging import services

BACKOFF_SECONDS = (5, 30, 120, 600, 1800)


@shared_task(name="messaging.start_message", queue="default", time_limit=30 * 60, soft_time_limit=29 * 60)
def start_message(*, message_id: int) -> int:
    """Resolve the audience snapshot, then queue one task per batch."""
    ranges = services.message_start_sending(message_id=message_id)
    for first_id, last_id in ranges:
        send_batch.delay(message_id=message_id, first_id=first_id, last_id=last_id)
    return len(ranges)


@shared_task(bind=True, name="messaging.send_batch", queue="default", time_limit=15 * 60, soft_time_limit=14 * 60, max_retries=len(BACKOFF_SECONDS))
def send_batch(self, *, message_id: int, first_id: int, last_id: int) -> int:
    outcome = services.delivery_batch_send(message_id=message_id, first_id=first_id, last_id=last_id)
    if outcome.paused_seconds and services.delivery_batch_claim_resume(message_id=message_id, first_id=first_id, seconds=outcome.paused_seconds):
        # A provider quota is used up until e.g. local midnight: a fresh task (not a retry, the
        # pause is no failure) runs the batch again then. Running twice is harmless.
        send_batch.apply_async(
            kwargs={"message_id": message_id, "first_id": first_id, "last_id": last_id}, eta=timezone.now() + timedelta(seconds=outcome.paused_seconds)
        )
    if outcome.transient or outcome.wait_seconds:
        countdown = max(outcome.wait_seconds, BACKOFF_SECONDS[min(self.request.retries, len(BACKOFF_SECONDS) - 1)] if outcome.transient else 0)
        raise self.retry(countdown=countdown, max_retries=None if outcome.wait_seconds and not outcome.transient else len(BACKOFF_SECONDS))
    return outcome.sent


@shared_task(name="messaging.dispatch_due_messages", queue="default", time_limit=120)
def dispatch_due_messages() -> int:
    return services.messages_dispatch_due()


@shared_task(name="messaging.resume_stalled_messages", queue="default", time_limit=300)
def resume_stalled_messages() -> int:
    return services.messages_resume_stalled()


@shared_task(name="messaging.place_voice_call", queue="default", time_limit=60)
def place_voice_call(*, call_id: int) -> str:
    return services.voice_call_place(call_id=call_id).status
