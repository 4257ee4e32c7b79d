"""Oversell attempts from parallel processes: each process has its own database connection and
registers at the same moment (a barrier); the database alone decides who gets the places."""

from __future__ import annotations

import multiprocessing
import os

import pytest
from django.db import connections
from django_tenants.utils import schema_context

from .conftest import make_activity, make_user

SCHEMA = "live"
PROCESSES = 6
PER_PROCESS = 10


def _worker(barrier, activity_id: int, user_ids: list[int], offset: int, results) -> None:
    connections.close_all()  # never share the parent's socket
    try:
        _register_all(barrier, activity_id, user_ids, offset, results)
    except BaseException as exc:  # report instead of dying silently
        results.put(f"crash: {exc!r}")
    connections.close_all()
    results.close()
    results.join_thread()  # flush the queue's feeder thread before leaving without cleanup
    os._exit(0)


def _register_all(barrier, activity_id, user_ids, offset, results) -> None:
    from core.errors import ApplicationError
    from tenant_apps.accounts.models import User
    from tenant_apps.alumni.activities.models import Activity
    from tenant_apps.alumni.activities.services import registration_create

    with schema_context(SCHEMA):
        activity = Activity.objects.get(pk=activity_id)
        ticket_type = activity.ticket_types.get()
        users = list(User.objects.filter(pk__in=user_ids))
        barrier.wait(timeout=60)
        for i, user in enumerate(users):
            try:
                reg = registration_create(actor=user, activity=activity, ticket_type=ticket_type, attendee_name="并发", attendee_phone=f"137{offset + i:08d}")
                results.put(reg.status)
            except ApplicationError as exc:
                results.put(exc.code)


@pytest.mark.parametrize("capacity", [17])
def test_parallel_processes_never_oversell(live_db, capacity):
    from tenant_apps.alumni.activities.models import Activity, Registration

    with schema_context(SCHEMA):
        activity = make_activity(capacity=capacity, types=[{"name": "校友票", "price_fen": 0, "capacity": capacity}])
        users = [make_user().pk for _ in range(PROCESSES * PER_PROCESS)]
    connections.close_all()
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(PROCESSES), context.Queue()
    processes = [context.Process(target=_worker, args=(barrier, activity.pk, users[i * PER_PROCESS:(i + 1) * PER_PROCESS], i * PER_PROCESS, results))
                 for i in range(PROCESSES)]
    try:
        for process in processes:
            process.start()
        statuses = []
        while len(statuses) < PROCESSES * PER_PROCESS:
            statuses.append(results.get(timeout=120))
            assert not statuses[-1].startswith("crash"), statuses[-1]
        for process in processes:
            process.join(timeout=60)
        with schema_context(SCHEMA):
            activity.refresh_from_db()
            confirmed = Registration.objects.filter(activity=activity, status="confirmed").count()
            waiting = list(Registration.objects.filter(activity=activity, status="waitlisted").order_by("waitlisted_at", "id").values_list("id", flat=True))
            assert statuses.count("confirmed") == confirmed == activity.places_taken == capacity
            assert len(waiting) == PROCESSES * PER_PROCESS - capacity
            assert activity.ticket_types.get().places_taken == capacity
    finally:
        with schema_context(SCHEMA):
            Registration.objects.filter(activity_id=activity.pk).delete()
            Activity.objects.filter(pk=activity.pk).delete()
            from tenant_apps.accounts.models import User

            User.objects.filter(pk__in=users).delete()
