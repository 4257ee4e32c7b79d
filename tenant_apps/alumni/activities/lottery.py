"""Lotteries over the shared verifiable draw (core.draw.engine), same algorithm as expert panels:
seed = SHA-256(canonical JSON {lists: [hash of the frozen entrant list], server: revealed value,
supervisors: witness values, version}); the entrants in drawn order are the HMAC-DRBG
Fisher-Yates order of the sorted list; prizes take winners in their published order.

Rules followed (反不正当竞争法 art. 11, 规范促销行为暂行规定): prize names, items, counts and
values are published before the draw and cannot change after the list is frozen; the top prize
may not exceed ¥50,000."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from core.audit import audit_record
from core.draw import engine
from core.errors import ApplicationError, Conflict
from tenant_apps.alumni.activities.enums import RegistrationStatus
from tenant_apps.alumni.activities.errors import ActivityErrorCode
from tenant_apps.alumni.activities.models import Activity, Lottery, Prize, Winner

TOP_PRIZE_LIMIT_FEN = 5_000_000


@transaction.atomic
def lottery_create(*, actor, activity: Activity, title: str, prizes: list[dict], rules: str = "", entrant_rule: str = Lottery.EntrantRule.CHECKED_IN) -> Lottery:
    errors = {}
    if not title.strip():
        errors["title"] = ["请填写抽奖名称。"]
    cleaned = []
    for index, prize in enumerate(prizes):
        name, item = str(prize.get("name", "")).strip(), str(prize.get("item", "")).strip()
        try:
            count, value = int(prize.get("count") or 0), int(prize.get("value_fen") or 0)
        except (TypeError, ValueError):
            count, value = 0, -1
        if not name or not item or count < 1 or value < 0:
            errors[f"prizes.{index}"] = ["每个奖项须填写名称、奖品、数量（≥1）和单价。"]
        elif value > TOP_PRIZE_LIMIT_FEN:
            errors[f"prizes.{index}"] = ["单个奖品价值不得超过 5 万元（反不正当竞争法）。"]
        cleaned.append((name, item, count, value))
    if not cleaned:
        errors["prizes"] = ["请至少设置一个奖项。"]
    if errors:
        raise ApplicationError("抽奖设置有误。", fields=errors)
    lottery = Lottery.objects.create(activity=activity, title=title.strip()[:100], rules=rules.strip(), entrant_rule=entrant_rule,
                                     public_token=secrets.token_urlsafe(18))
    Prize.objects.bulk_create([Prize(lottery=lottery, name=n[:50], item=i[:100], count=c, value_fen=v, sort_order=k) for k, (n, i, c, v) in enumerate(cleaned)])
    audit_record(actor=actor, action="alumni_activities.lottery_create", target=lottery, after={"prizes": cleaned})
    return lottery


def eligible_entrants(lottery: Lottery) -> list[int]:
    qs = lottery.activity.registrations.filter(status=RegistrationStatus.CONFIRMED)
    if lottery.entrant_rule == Lottery.EntrantRule.CHECKED_IN:
        qs = qs.filter(checked_in_at__isnull=False)
    return sorted(qs.values_list("pk", flat=True))


@transaction.atomic
def lottery_freeze(*, actor, lottery: Lottery) -> Lottery:
    """Fix the entrant list and commit to the server value: both are public from now on."""
    lottery = Lottery.objects.select_for_update().get(pk=lottery.pk)
    if lottery.status != Lottery.Status.DRAFT:
        raise Conflict("名单已公示，不能再修改。", code=ActivityErrorCode.ACTIVITY_STATE)
    entrants = eligible_entrants(lottery)
    if len(entrants) < sum(p.count for p in lottery.prizes.all()):
        raise ApplicationError(f"参与人数（{len(entrants)}）少于奖品总数。", fields={"entrants": ["参与人数不足。"]})
    lottery.entrants = entrants
    lottery.entrants_hash = engine.list_hash([entrants])
    lottery.server_value = secrets.token_hex(32)
    lottery.commitment = engine.commitment_for(lottery.server_value)
    lottery.status, lottery.frozen_at = Lottery.Status.FROZEN, timezone.now()
    lottery.save()
    audit_record(actor=actor, action="alumni_activities.lottery_freeze", target=lottery, after={"entrants": len(entrants), "hash": lottery.entrants_hash,
                                                                                                  "commitment": lottery.commitment})
    return lottery


def winners_for(*, seed: str, entrants: list[int], counts: list[int]) -> list[int]:
    """Registration ids in drawn order, as many as the prizes need."""
    needed = sum(counts)
    order = engine.group_order(seed, 1, [entrants])
    return [next(order) for _ in range(needed)]


@transaction.atomic
def lottery_draw(*, actor, lottery: Lottery, witness_values: list[str]) -> Lottery:
    lottery = Lottery.objects.select_for_update().get(pk=lottery.pk)
    if lottery.status != Lottery.Status.FROZEN:
        raise Conflict("只有已公示名单的抽奖可以开奖。", code=ActivityErrorCode.ACTIVITY_STATE)
    values = [v.strip()[:64] for v in witness_values if v and v.strip()]
    if not values:
        raise ApplicationError("请至少输入一位现场见证人的随机值。", fields={"witness_values": ["请输入见证人随机值。"]})
    lottery.witness_values = values
    lottery.seed = engine.compute_seed(server_value_hex=lottery.server_value, supervisor_values=values, list_hashes=[lottery.entrants_hash])
    prizes = list(lottery.prizes.all())
    drawn = winners_for(seed=lottery.seed, entrants=list(lottery.entrants), counts=[p.count for p in prizes])
    rows, position = [], 0
    for prize in prizes:
        for _ in range(prize.count):
            rows.append(Winner(lottery=lottery, prize=prize, registration_id=drawn[position], position=position + 1))
            position += 1
    Winner.objects.bulk_create(rows)
    lottery.status, lottery.drawn_at = Lottery.Status.DRAWN, timezone.now()
    lottery.save()
    audit_record(actor=actor, action="alumni_activities.lottery_draw", target=lottery, after={"seed": lottery.seed, "witness_values": values})
    return lottery


def receipt(lottery: Lottery) -> dict:
    """Everything a stranger needs to recompute the winners (server value only once drawn)."""
    drawn = lottery.status == Lottery.Status.DRAWN
    return {"algorithm": engine.ALGORITHM_VERSION, "lottery": lottery.pk, "title": lottery.title, "entrants": list(lottery.entrants),
            "entrants_hash": lottery.entrants_hash, "commitment": lottery.commitment, "server_value": lottery.server_value if drawn else "",
            "witness_values": list(lottery.witness_values), "seed": lottery.seed if drawn else "",
            "prizes": [{"name": p.name, "item": p.item, "count": p.count, "value_fen": p.value_fen} for p in lottery.prizes.all()],
            "winners": [w.registration_id for w in lottery.winners.order_by("position")] if drawn else []}


def verify_receipt(data: dict) -> tuple[bool, list[str], list[int]]:
    """Recompute from a receipt: (ok, problems, recomputed winners). Pure: no database."""
    problems = []
    if data.get("algorithm") != engine.ALGORITHM_VERSION:
        return False, ["未知算法"], []
    entrants = sorted(int(i) for i in data.get("entrants", []))
    if engine.list_hash([entrants]) != data.get("entrants_hash"):
        problems.append("参与名单与公示的哈希不一致")
    server = data.get("server_value") or ""
    if not server:
        return False, ["尚未开奖"], []
    if engine.commitment_for(server) != data.get("commitment"):
        problems.append("系统随机值与开奖前公示的承诺不一致")
    seed = engine.compute_seed(server_value_hex=server, supervisor_values=data.get("witness_values", []), list_hashes=[engine.list_hash([entrants])])
    if seed != data.get("seed"):
        problems.append("种子与输入不一致")
    recomputed = winners_for(seed=seed, entrants=entrants, counts=[int(p["count"]) for p in data.get("prizes", [])])
    if recomputed != [int(i) for i in data.get("winners", [])]:
        problems.append("重新计算的中奖名单与公布的不一致")
    return not problems, problems, recomputed
