"""A coupon is used once even when the holder taps "使用" on two phones at the same moment: threads
with their own database connections redeem at once (a barrier), PostgreSQL decides."""

from __future__ import annotations

import datetime
import secrets
import threading

from django.db import connection, connections
from django.utils import timezone
from django_tenants.utils import schema_context

SCHEMA = "live"
THREADS = 8


def _setup():
    from tenant_apps.alumni.card.models import Card, Coupon, CouponBatch, Partner, Scan
    from tests.tenant_apps.alumni_activities.conftest import make_user

    user = make_user()
    card = Card.objects.create(user=user, number=f"9{secrets.randbelow(10 ** 9):09d}", holder_name="并发校友")
    partner = Partner.objects.create(name="并发食堂", category="canteen")
    now = timezone.now()
    batch = CouponBatch.objects.create(name="并发餐券", kind="meal", partner=partner, valid_from=now - datetime.timedelta(hours=1), valid_until=now + datetime.timedelta(days=1))
    coupon = Coupon.objects.create(batch=batch, user=user, code=secrets.token_hex(5).upper())
    scans = [Scan.objects.create(partner=partner, card=card) for _ in range(THREADS)]
    return user, card, partner, batch, coupon, scans


def test_a_coupon_is_redeemed_once_under_concurrency(live_db):
    from core.errors import ApplicationError
    from tenant_apps.accounts.models import User
    from tenant_apps.alumni.card.models import Coupon, CouponBatch, Partner
    from tenant_apps.alumni.card.services import coupon_redeem

    with schema_context(SCHEMA):
        user, card, partner, batch, coupon, scans = _setup()
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(scan):
        try:
            with schema_context(SCHEMA):
                actor = User.objects.get(pk=user.pk)
                barrier.wait(timeout=30)
                try:
                    coupon_redeem(actor=actor, coupon_id=coupon.pk, scan=type(scan).objects.select_related("card").get(pk=scan.pk))
                    result = "redeemed"
                except ApplicationError as exc:
                    result = exc.code
        except BaseException as exc:  # report, never hang the barrier silently
            result = f"crash: {exc!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(scan,)) for scan in scans]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not [o for o in outcomes if o.startswith("crash")], outcomes
        assert sorted(outcomes) == ["coupon_already_redeemed"] * (THREADS - 1) + ["redeemed"]
        with schema_context(SCHEMA):
            row = Coupon.objects.get(pk=coupon.pk)
            assert row.status == "redeemed" and row.redeemed_scan_id in {s.pk for s in scans}
    finally:
        connections.close_all()
        with schema_context(SCHEMA):
            Coupon.objects.filter(batch_id=batch.pk).delete()
            CouponBatch.objects.filter(pk=batch.pk).delete()
            Partner.objects.filter(pk=partner.pk).delete()
            card.delete()
            User.objects.filter(pk=user.pk).delete()
