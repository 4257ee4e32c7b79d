"""Lotteries over the shared draw engine: prizes published, list frozen and hashed, commitment
before witnesses, the public page recomputes the same winners; a tampered receipt fails."""

from __future__ import annotations

import pytest
from django.utils import timezone

from core.draw import engine
from core.errors import ApplicationError
from tenant_apps.alumni.activities import lottery as lotteries
from tenant_apps.alumni.activities.models import Registration
from tests.conftest import TenantClient

from .conftest import make_activity, register

pytestmark = pytest.mark.django_db
PRIZES = [{"name": "一等奖", "item": "纪念金币", "count": 1, "value_fen": 80000}, {"name": "二等奖", "item": "校史画册", "count": 2, "value_fen": 12000}]


def _drawn(activity_admin, n=8):
    activity = make_activity(activity_admin, capacity=20)
    regs = [register(activity) for _ in range(n)]
    Registration.objects.filter(pk__in=[r.pk for r in regs[:6]]).update(checked_in_at=timezone.now())
    lottery = lotteries.lottery_create(actor=activity_admin, activity=activity, title="年会抽奖", prizes=PRIZES)
    lottery = lotteries.lottery_freeze(actor=activity_admin, lottery=lottery)
    return activity, regs, lotteries.lottery_draw(actor=activity_admin, lottery=lottery, witness_values=["4711", "校友甲"])


def test_only_checked_in_people_enter_and_the_draw_replays(in_tenant_a, activity_admin):
    activity, regs, lottery = _drawn(activity_admin)
    assert lottery.entrants == sorted(r.pk for r in regs[:6])
    assert lottery.commitment == engine.commitment_for(lottery.server_value)
    winners = list(lottery.winners.order_by("position").values_list("registration_id", "prize__name"))
    assert [w[1] for w in winners] == ["一等奖", "二等奖", "二等奖"] and len({w[0] for w in winners}) == 3
    ok, problems, recomputed = lotteries.verify_receipt(lotteries.receipt(lottery))
    assert ok and not problems and recomputed == [w[0] for w in winners]


def test_tampered_receipt_is_caught(in_tenant_a, activity_admin):
    _, _, lottery = _drawn(activity_admin)
    data = lotteries.receipt(lottery)
    data["entrants"] = data["entrants"][:-1]
    assert not lotteries.verify_receipt(data)[0]
    data = lotteries.receipt(lottery)
    data["witness_values"] = ["other"]
    ok, problems, _ = lotteries.verify_receipt(data)
    assert not ok and "种子与输入不一致" in problems


def test_prize_rules(in_tenant_a, activity_admin):
    activity = make_activity(activity_admin)
    with pytest.raises(ApplicationError):
        lotteries.lottery_create(actor=activity_admin, activity=activity, title="x", prizes=[{"name": "特等奖", "item": "汽车", "count": 1, "value_fen": 10_000_000}])
    lottery = lotteries.lottery_create(actor=activity_admin, activity=activity, title="x", prizes=PRIZES)
    with pytest.raises(ApplicationError):  # nobody checked in yet: fewer entrants than prizes
        lotteries.lottery_freeze(actor=activity_admin, lottery=lottery)


def test_public_page_verifies_without_login(tenant_a, in_tenant_a, activity_admin):
    _, _, lottery = _drawn(activity_admin)
    token = lottery.public_token
    page = TenantClient(tenant_a).get(f"/h5/alumni/activities/lotteries/{token}/")
    assert page.status_code == 200 and 'data-verified="yes"' in page.content.decode()
    receipt = TenantClient(tenant_a).get(f"/h5/alumni/activities/lotteries/{token}/receipt.json").json()
    assert receipt["winners"] and receipt["server_value"]
