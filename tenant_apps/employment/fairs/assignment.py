"""Automatic booth assignment, pure (no database): plain records in, a plan out, so that the
constraints can be checked on any input.

The constraints, in order of strength:
1. An employer that needs an accessible booth gets an accessible booth, or none (reported).
2. A premium booth goes only to an employer that asked for one; those who asked get one while
   premium booths last, earliest application first; the rest get a standard booth.
3. Employers of one industry sit together: within each kind of booth, taken in walking order
   (hall, row, column), each industry occupies one contiguous run of booths.
Accessible booths left over after rule 1 take overflow from the standard booths (anyone may use
a step-free booth); premium booths are never given to someone who did not ask.
Pinned applications (placed by hand on the map) keep their booth and are left out of the plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

STANDARD, PREMIUM, ACCESSIBLE = "standard", "premium", "accessible"


@dataclass(frozen=True)
class BoothSpot:
    id: int
    kind: str
    order: tuple  # walking order: (hall position, hall id, row, column)


@dataclass(frozen=True)
class Candidate:
    id: int
    industry: str
    wants_premium: bool
    needs_accessible: bool
    applied_order: tuple  # (created_at, id): earlier applications win scarce booths


@dataclass
class Plan:
    placements: dict[int, int] = field(default_factory=dict)  # application id -> booth id
    unplaced: dict[int, str] = field(default_factory=dict)  # application id -> reason (Chinese)


def spot_of(booth) -> BoothSpot:
    """A Booth row (with its hall) as a plan input."""
    return BoothSpot(id=booth.pk, kind=booth.kind, order=(booth.hall.position, booth.hall_id, booth.row, booth.column))


def candidate_of(application) -> Candidate:
    """A FairApplication row (with its employer) as a plan input."""
    return Candidate(id=application.pk, industry=application.employer.industry, wants_premium=application.wants_premium,
                     needs_accessible=application.needs_accessible, applied_order=(application.created_at, application.pk))


def _by_industry(candidates: list[Candidate]) -> list[Candidate]:
    return sorted(candidates, key=lambda c: (c.industry, c.applied_order))


def plan_booths(booths: list[BoothSpot], candidates: list[Candidate]) -> Plan:
    """Place `candidates` on the free `booths` (booths taken by pinned applications are not
    passed in)."""
    plan = Plan()
    pools = {kind: sorted((b for b in booths if b.kind == kind), key=lambda b: b.order) for kind in (STANDARD, PREMIUM, ACCESSIBLE)}
    accessible_need = [c for c in candidates if c.needs_accessible]
    premium_askers = sorted((c for c in candidates if c.wants_premium and not c.needs_accessible), key=lambda c: c.applied_order)
    others = [c for c in candidates if not c.wants_premium and not c.needs_accessible]

    # 1. accessible needs first, grouped by industry inside the accessible pool
    accessible = pools[ACCESSIBLE]
    for candidate, booth in zip(_by_industry(accessible_need), accessible, strict=False):
        plan.placements[candidate.id] = booth.id
    for candidate in _by_industry(accessible_need)[len(accessible):]:
        plan.unplaced[candidate.id] = "无障碍展位不足"
    spare_accessible = accessible[len(accessible_need):]

    # 2. premium booths to the earliest askers; the later askers join the standard pool
    premium = pools[PREMIUM]
    winners, overflow = premium_askers[: len(premium)], premium_askers[len(premium):]
    for candidate, booth in zip(_by_industry(winners), premium, strict=False):
        plan.placements[candidate.id] = booth.id

    # 3. everyone else on standard booths, then on the spare accessible ones, industries together
    rest = _by_industry(others + overflow)
    seats = pools[STANDARD] + spare_accessible
    for candidate, booth in zip(rest, seats, strict=False):
        plan.placements[candidate.id] = booth.id
    for candidate in rest[len(seats):]:
        plan.unplaced[candidate.id] = "展位不足"
    return plan


def plan_problems(booths: list[BoothSpot], candidates: list[Candidate], placements: dict[int, int]) -> list[str]:
    """Every broken constraint of a plan (empty when it is sound). Used by the tests and by the
    back office to warn about hand placements that break a rule."""
    problems = []
    booth_by_id = {b.id: b for b in booths}
    by_id = {c.id: c for c in candidates}
    if len(set(placements.values())) != len(placements):
        problems.append("同一展位分给了多个单位")
    for app_id, booth_id in placements.items():
        booth, candidate = booth_by_id[booth_id], by_id[app_id]
        if candidate.needs_accessible and booth.kind != ACCESSIBLE:
            problems.append(f"申请 {app_id} 需要无障碍展位，却分到 {booth.kind}")
        if booth.kind == PREMIUM and not candidate.wants_premium:
            problems.append(f"申请 {app_id} 未申请特装展位，却分到特装展位")
    # premium askers left without one while a premium booth stays empty
    free_premium = [b for b in booths if b.kind == PREMIUM and b.id not in set(placements.values())]
    if free_premium and any(c.wants_premium and not c.needs_accessible and booth_by_id.get(placements.get(c.id, -1)) is not None
                            and booth_by_id[placements[c.id]].kind != PREMIUM for c in candidates):
        problems.append("有特装展位空着，申请特装的单位却分在别处")
    # industries contiguous inside each group, in walking order: accessible needs, premium
    # booths, and the general seats (standard booths, then spare accessible ones)
    groups: dict[str, list[tuple[tuple, str]]] = {"accessible": [], "premium": [], "general": []}
    for app_id, booth_id in placements.items():
        booth, candidate = booth_by_id[booth_id], by_id[app_id]
        if candidate.needs_accessible:
            groups["accessible"].append((booth.order, candidate.industry))
        elif booth.kind == PREMIUM:
            groups["premium"].append((booth.order, candidate.industry))
        else:
            groups["general"].append(((booth.kind != STANDARD, *booth.order), candidate.industry))
    for name, rows in groups.items():
        seen, previous = set(), None
        for _, industry in sorted(rows):
            if industry != previous and industry in seen:
                problems.append(f"{name} 组中行业 {industry} 没有排在一起")
                break
            seen.add(industry)
            previous = industry
    return problems
