"""Booth assignment meets every constraint: accessible needs, premium only for those who asked
(earliest first), industries grouped; on random inputs (pure) and through the database with hand
placements kept."""

from __future__ import annotations

import datetime
import random

import pytest

from tenant_apps.employment.fairs.assignment import (
    ACCESSIBLE,
    PREMIUM,
    STANDARD,
    BoothSpot,
    Candidate,
    plan_booths,
    plan_problems,
)
from tests.tenant_apps.employment.fairs.conftest import exhibitor, make_fair

T0 = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def _random_case(rng: random.Random):
    booths = [BoothSpot(id=i, kind=rng.choices([STANDARD, PREMIUM, ACCESSIBLE], weights=[6, 2, 1])[0], order=(i // 12, 0, i // 6, i % 6))
              for i in range(rng.randint(1, 60))]
    candidates = [Candidate(id=1000 + i, industry=rng.choice("CIJMEP"), wants_premium=rng.random() < 0.3, needs_accessible=rng.random() < 0.1,
                            applied_order=(T0 + datetime.timedelta(minutes=rng.randint(0, 10_000)), i)) for i in range(rng.randint(0, 70))]
    return booths, candidates


@pytest.mark.parametrize("seed", range(300))
def test_random_plans_meet_every_constraint(seed):
    rng = random.Random(seed)
    booths, candidates = _random_case(rng)
    plan = plan_booths(booths, candidates)
    assert plan_problems(booths, candidates, plan.placements) == []
    kinds = {b.id: b.kind for b in booths}
    by_id = {c.id: c for c in candidates}
    # everyone is either placed or told why, never both
    assert set(plan.placements) | set(plan.unplaced) == set(by_id) and not set(plan.placements) & set(plan.unplaced)
    # accessible needs: placed on accessible booths while they last
    needers = [c for c in candidates if c.needs_accessible]
    accessible = [b for b in booths if b.kind == ACCESSIBLE]
    assert sum(1 for c in needers if c.id in plan.placements) == min(len(needers), len(accessible))
    assert all(kinds[plan.placements[c.id]] == ACCESSIBLE for c in needers if c.id in plan.placements)
    # premium: only askers, and the earliest askers win
    askers = sorted((c for c in candidates if c.wants_premium and not c.needs_accessible), key=lambda c: c.applied_order)
    premium_count = sum(1 for b in booths if b.kind == PREMIUM)
    winners = {c.id for c in askers[:premium_count]}
    assert {a for a, b in plan.placements.items() if kinds[b] == PREMIUM} == winners
    # nobody left out while a non-premium booth is free
    free_general = sum(1 for b in booths if b.kind != PREMIUM) - sum(1 for b in plan.placements.values() if kinds[b] != PREMIUM)
    assert not (free_general > 0 and any(r == "展位不足" for r in plan.unplaced.values()))


def test_the_checker_catches_broken_plans():
    booths = [BoothSpot(1, STANDARD, (0, 0, 1, 1)), BoothSpot(2, STANDARD, (0, 0, 1, 2)), BoothSpot(3, STANDARD, (0, 0, 1, 3)),
              BoothSpot(4, PREMIUM, (0, 0, 2, 1)), BoothSpot(5, ACCESSIBLE, (0, 0, 2, 2))]
    c = [Candidate(10, "I", False, False, (T0, 1)), Candidate(11, "C", False, False, (T0, 2)), Candidate(12, "I", False, False, (T0, 3)),
         Candidate(13, "J", False, True, (T0, 4))]
    problems = plan_problems(booths, c, {10: 1, 11: 2, 12: 3, 13: 4})
    assert any("行业 I" in p for p in problems)  # I, C, I: not together
    assert any("无障碍" in p for p in problems) and any("未申请特装" in p for p in problems)



@pytest.mark.django_db
def test_auto_assign_in_the_database_keeps_hand_placements(in_alpha):
    from tenant_apps.employment.fairs.models import Booth, FairApplication
    from tenant_apps.employment.fairs.selectors import map_problems
    from tenant_apps.employment.fairs.services import booth_assign, booths_auto_assign

    layout = [(1, c, "standard") for c in range(1, 7)] + [(2, 1, "premium"), (2, 2, "premium"), (2, 3, "accessible")]
    fair = make_fair(in_alpha, layout=layout)
    apps = [exhibitor(in_alpha, fair, industry=ind, wants_premium=premium, needs_accessible=accessible)
            for ind, premium, accessible in [("I", False, False), ("C", True, False), ("I", False, False), ("C", False, False),
                                             ("J", False, True), ("I", True, False), ("C", True, False), ("M", False, False)]]
    hand = Booth.objects.get(fair=fair, code="A06")
    booth_assign(actor=in_alpha, application=apps[7], booth=hand)
    plan = booths_auto_assign(actor=in_alpha, fair=fair)
    assert plan.unplaced == {}
    rows = {a.pk: a for a in FairApplication.objects.select_related("booth", "employer").filter(fair=fair)}
    assert rows[apps[7].pk].booth == hand and rows[apps[7].pk].booth_pinned  # kept
    assert rows[apps[4].pk].booth.kind == "accessible"
    premium_holders = {a.pk for a in rows.values() if a.booth.kind == "premium"}
    assert premium_holders == {apps[1].pk, apps[5].pk}  # the two earliest askers; the third asker sits on a standard booth
    assert rows[apps[6].pk].booth.kind == "standard"
    assert map_problems(fair=fair) == []
    # hand placements are checked too
    from core.errors import ApplicationError

    with pytest.raises(ApplicationError) as taken:
        booth_assign(actor=in_alpha, application=apps[0], booth=hand)
    assert taken.value.code == "booth_already_taken"
    premium_booth = Booth.objects.filter(fair=fair, kind="premium").first()
    with pytest.raises(ApplicationError) as unsuitable:
        booth_assign(actor=in_alpha, application=apps[0], booth=premium_booth)
    assert unsuitable.value.code == "booth_unsuitable"
