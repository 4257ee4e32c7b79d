"""Reads for projects and draws. `candidate_pools()` (the pre-query's counts) and
`candidate_lists_sql()` (the draw's frozen lists, written by the draw in the database) are where
the draw conditions meet part 1's `eligible_experts()`: they only ever narrow it, and they yield
ids and counts, never names (operators never see the pool)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from core.audit import AuditEvent
from core.masking import mask_name
from tenant_apps.accounts.selectors import scoped
from tenant_apps.experts.models import AvoidanceUnit, Domain, Expert, Participation
from tenant_apps.experts.panels.enums import MemberKind, MemberStatus, ProjectSource
from tenant_apps.experts.panels.models import (
    ConditionGroup,
    Draw,
    PanelMember,
    PanelSettings,
    Project,
    SheetTemplate,
)
from tenant_apps.experts.selectors import (
    can_reveal,
    eligible_experts,
    eligible_q,
    in_domains,
    leave_overlapping,
)

EXCLUSION_LABELS = {
    "not_eligible": "不可抽取（黑名单/冻结/请假/未入库）",
    "blacklisted": "其中：黑名单",
    "frozen": "其中：冻结",
    "on_leave": "其中：请假",
    "avoid_unit": "单位回避",
    "named": "指定回避专家",
    "busy": "同期已在其他评审组",
    "cool_down": "冷却期内抽中次数已满",
    "times_drawn": "被抽中次数超过上限",
    "other_group": "",
}


# --- projects -------------------------------------------------------------------------------


def project_scope(*, actor) -> QuerySet[Project]:
    """Projects the actor may see: their department (and below) unless granted more."""
    return scoped(Project.objects.all(), actor, org_field="department").select_related("department", "batch", "assigned_to")


def project_get(*, actor, pk: int) -> Project | None:
    return project_scope(actor=actor).filter(pk=pk).first()


@dataclass
class ProjectSearch:
    q: str = ""
    status: str = ""
    department_id: int | None = None
    opens_from: datetime.date | None = None
    opens_to: datetime.date | None = None
    archived: str = "active"

    @classmethod
    def from_query(cls, params: Any) -> ProjectSearch:
        def date(name: str) -> datetime.date | None:
            try:
                return datetime.date.fromisoformat(params.get(name, ""))
            except ValueError:
                return None

        dept = params.get("department", "")
        return cls(q=params.get("q", "").strip()[:100], status=params.get("status", ""), department_id=int(dept) if dept.isdigit() else None,
                   opens_from=date("from"), opens_to=date("to"), archived=params.get("archived", "active"))


def project_search(*, actor, search: ProjectSearch) -> QuerySet[Project]:
    queryset = project_scope(actor=actor)
    if search.q:
        queryset = queryset.filter(Q(title__icontains=search.q) | Q(code__icontains=search.q) | Q(owner_unit__icontains=search.q))
    if search.status:
        queryset = queryset.filter(status=search.status)
    if search.department_id:
        queryset = queryset.filter(department_id=search.department_id)
    if search.opens_from:
        queryset = queryset.filter(opens_at__date__gte=search.opens_from)
    if search.opens_to:
        queryset = queryset.filter(opens_at__date__lte=search.opens_to)
    if search.archived == "active":
        queryset = queryset.filter(archived_at__isnull=True)
    elif search.archived == "archived":
        queryset = queryset.filter(archived_at__isnull=False)
    return queryset.order_by("-id")


def panel_projects(project: Project) -> list[Project]:
    """The projects that share `project`'s panel (its batch), lead project first."""
    if project.batch_id is None:
        return [project]
    return list(Project.objects.filter(batch_id=project.batch_id).order_by("id"))


def _groups_without_lists() -> Prefetch:
    """A draw's condition groups for lists and pages: counts and hashes, not the frozen lists
    (tens of thousands of ids per group; `candidate_count` comes from the tier sizes)."""
    return Prefetch("groups", queryset=ConditionGroup.objects.defer("candidates"))


def project_draws(project: Project) -> QuerySet[Draw]:
    ids = [p.pk for p in panel_projects(project)]
    return Draw.objects.filter(project_id__in=ids).prefetch_related(_groups_without_lists()).order_by("-id")


def project_log(project: Project) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type="expert_panels.project", object_id=str(project.pk)).order_by("-created_at", "-id")


def project_notifications(project: Project):
    from tenant_apps.messaging.models import Message

    return Message.objects.filter(source=f"panels:project:{project.pk}").order_by("-id")


def draw_by_token(token: str) -> Draw | None:
    return Draw.objects.select_related("project").filter(verify_token=token).first()


def draw_history(*, actor, search: ProjectSearch) -> QuerySet[Draw]:
    projects = project_search(actor=actor, search=ProjectSearch(q=search.q, department_id=search.department_id, opens_from=search.opens_from,
                                                                opens_to=search.opens_to, archived="all"))
    return (
        Draw.objects.filter(project__in=projects).select_related("project", "project__department", "created_by")
        .annotate(member_count=Count("members", filter=~Q(members__kind=MemberKind.SKIPPED)),
                  replacement_count=Count("members", filter=Q(members__kind=MemberKind.REPLACEMENT)))
        .prefetch_related(_groups_without_lists())
        .order_by("-id")
    )


# --- candidates -----------------------------------------------------------------------------


@dataclass
class GroupConditions:
    count: int
    domain_ids: list[int] = field(default_factory=list)
    title_levels: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    tag_ids: list[int] = field(default_factory=list)
    max_times_drawn: int | None = None
    name: str = ""


@dataclass
class DrawConditions:
    """Everything that decides who can be drawn (X19). Avoidance units come from the project."""

    work_start: datetime.date
    work_end: datetime.date
    groups: list[GroupConditions]
    avoid_units: list[str] = field(default_factory=list)
    avoid_expert_ids: list[int] = field(default_factory=list)
    cool_down_days: int = 0
    cool_down_max: int = 0
    allow_parent_fallback: bool = False
    exclude_draw_id: int | None = None


@dataclass
class GroupPool:
    tiers: list[list[int]]
    used_fallback: bool
    exclusions: dict[str, int]

    @property
    def total(self) -> int:
        return sum(len(t) for t in self.tiers)


def _inclusion_q(group: GroupConditions, domain_ids: list[int]) -> Q:
    """The group's inclusion conditions. Domains use the denormalised ancestry column
    (`in_domains`: the chosen domains and everything below them)."""
    q = Q()
    if domain_ids:
        q &= in_domains(domain_ids)
    if group.title_levels:
        q &= Q(title_level__in=group.title_levels)
    if group.regions:
        region_q = Q()
        for region in group.regions:
            region_q |= Q(region__startswith=region)
        q &= region_q
    if group.tag_ids:
        q &= Q(pk__in=Expert.tags.through.objects.filter(tag_id__in=group.tag_ids).values("expert_id"))
    return q


def _unit_names(units: list[str]) -> list[str]:
    return sorted({u.strip() for u in units if u and u.strip()})


# Side sets (leave, avoidance units, seats, cool-down) are uncorrelated `id IN (subquery)`
# conditions: PostgreSQL hashes each once per query (hashed SubPlan / hash anti-join) instead of
# probing per candidate, also inside the FILTER clauses of the pre-query counts.


def _avoid_unit_q(units: list[str]) -> Q | None:
    """Tied to any of the units: current employer or a declared avoidance unit (current/former
    employers, relations)."""
    names = _unit_names(units)
    if not names:
        return None
    return Q(employer__in=names) | Q(pk__in=_declared_avoidance(names))


def _declared_avoidance(names: list[str]) -> QuerySet:
    return AvoidanceUnit.objects.filter(name__in=names).order_by().values("expert_id")


def _seats(start: datetime.date, end: datetime.date, exclude_draw_id: int | None) -> QuerySet:
    seats = PanelMember.objects.filter(
        status__in=[MemberStatus.PENDING, MemberStatus.INVITED, MemberStatus.ACCEPTED], draw__work_start__lte=end, draw__work_end__gte=start,
    )
    if exclude_draw_id:
        seats = seats.exclude(draw_id=exclude_draw_id)
    return seats.order_by().values("expert_id")


def _cooling(days: int, limit: int) -> QuerySet | None:
    if not days or not limit:
        return None
    since = timezone.now() - datetime.timedelta(days=days)
    return (
        PanelMember.objects.filter(created_at__gte=since).exclude(kind=MemberKind.SKIPPED).order_by()
        .values("expert_id").annotate(n=Count("id")).filter(n__gte=limit).values("expert_id")
    )


def _busy_q(start: datetime.date, end: datetime.date, exclude_draw_id: int | None) -> Q:
    """Holding a seat on another panel whose work period overlaps."""
    return Q(pk__in=_seats(start, end, exclude_draw_id))


def _cooling_q(days: int, limit: int) -> Q | None:
    """Drawn `limit` times or more in the last `days` days (one grouped subquery)."""
    drawn = _cooling(days, limit)
    return None if drawn is None else Q(pk__in=drawn)


def _removed(conditions: DrawConditions) -> Q:
    """Everyone the rules after eligibility remove (the same rules as `_removal_steps`), as one
    condition: the employer check on the row, and the declared avoidance units, named experts,
    seats on other panels and cool-down as ONE id list, so the draw's pass over the library does
    one hashed lookup per expert instead of one per rule."""
    names = _unit_names(conditions.avoid_units)
    sources = [_declared_avoidance(names)] if names else []
    sources.append(_seats(conditions.work_start, conditions.work_end, conditions.exclude_draw_id))
    cooling = _cooling(conditions.cool_down_days, conditions.cool_down_max)
    if cooling is not None:
        sources.append(cooling)
    parts, params = [], []
    for source in sources:
        sql, source_params = source.query.sql_with_params()
        parts.append(f"({sql})")
        params += source_params
    named = sorted({int(i) for i in conditions.avoid_expert_ids})
    if named:
        parts.append("(SELECT unnest(%s::bigint[]))")
        params.append(named)
    removed = Q(pk__in=RawSQL(" UNION ALL ".join(parts), params))  # noqa: S611 - compiled ORM SQL; values are bound parameters
    return removed | Q(employer__in=names) if names else removed


def _parent_domains(domain_ids: list[int]) -> list[int]:
    parents = set(Domain.objects.filter(pk__in=domain_ids, parent__isnull=False).values_list("parent_id", flat=True))
    return sorted(parents)


def _removal_steps(conditions: DrawConditions) -> list[tuple[str, Q]]:
    """The exclusion rules after eligibility and the group's times-drawn cap, in reporting order."""
    steps: list[tuple[str, Q]] = []
    avoid = _avoid_unit_q(conditions.avoid_units)
    if avoid is not None:
        steps.append(("avoid_unit", avoid))
    named = sorted({int(i) for i in conditions.avoid_expert_ids})
    if named:
        steps.append(("named", Q(pk__in=named)))
    steps.append(("busy", _busy_q(conditions.work_start, conditions.work_end, conditions.exclude_draw_id)))
    cooling = _cooling_q(conditions.cool_down_days, conditions.cool_down_max)
    if cooling is not None:
        steps.append(("cool_down", cooling))
    return steps


REASONS = ("times_drawn", "avoid_unit", "named", "busy", "cool_down")
PASS_KEYS = ("matched", "not_eligible", "blacklisted", "frozen", "on_leave")


def _scan(conditions: DrawConditions, inclusions: list[Q], max_times: list[int | None], *, counts: bool) -> list[tuple[list[int], dict[str, int]]]:
    """One pass over the library for all groups: per group, the sorted eligible ids and (if
    asked) how many each rule removed, each expert counted under the first rule that removes
    it. Eligibility is `eligible_q()`, the library's one rule (the drawable flag, not on leave);
    each side set (leave, avoidance, seats, cool-down) is hashed once. Never names."""
    start, end = conditions.work_start, conditions.work_end
    on_leave = Q(pk__in=leave_overlapping(start, end).values("expert_id"))
    everyone = Q(pk__isnull=False)  # a group without inclusion conditions takes the whole library
    inclusions = [q if q else everyone for q in inclusions]
    any_group = Q()
    for q in inclusions:
        any_group |= q
    steps = _removal_steps(conditions)
    flags: dict[str, Q] = {f"g{i}": q for i, q in enumerate(inclusions)}
    flags["f_eligible"] = eligible_q(start=start, end=end)
    flags["f_leave"] = on_leave
    flags.update({f"f_{reason}": q for reason, q in steps})
    inner = (
        Expert.objects.filter(status="approved", deleted_at__isnull=True).filter(any_group).order_by()
        .annotate(**{name: ExpressionWrapper(q, output_field=BooleanField()) for name, q in flags.items()})
        .values("id", "times_drawn", "is_blacklisted", "frozen_at", *flags)
    )
    inner_sql, params = inner.query.sql_with_params()
    columns: list[str] = []
    out_params: list = []
    for i, limit in enumerate(max_times):
        group = f"coalesce(g{i}, false)"
        chain = ["coalesce(f_eligible, false)"]
        rules = [("times_drawn", "times_drawn > %s", [limit])] if limit is not None else []
        rules += [(reason, f"coalesce(f_{reason}, false)", []) for reason, _ in steps]
        if counts:
            columns += [f"count(*) FILTER (WHERE {group})", f"count(*) FILTER (WHERE {group} AND NOT coalesce(f_eligible, false))",
                        f"count(*) FILTER (WHERE {group} AND is_blacklisted)", f"count(*) FILTER (WHERE {group} AND frozen_at IS NOT NULL)",
                        f"count(*) FILTER (WHERE {group} AND coalesce(f_leave, false))"]
        for _reason, condition, rule_params in rules:
            if counts:
                columns.append(f"count(*) FILTER (WHERE {group} AND {' AND '.join(chain)} AND {condition})")
                out_params += [p for _, _, ps in rules[: rules.index((_reason, condition, rule_params))] for p in ps] + rule_params
            chain.append(f"NOT ({condition})")
        columns.append(f"coalesce(array_agg(id ORDER BY id) FILTER (WHERE {group} AND {' AND '.join(chain)}), '{{}}')")
        out_params += [p for _, _, ps in rules for p in ps]
    # OFFSET 0 keeps the flags computed once per row (PostgreSQL would otherwise inline the
    # subquery and repeat every flag expression inside each FILTER clause).
    sql = f"SELECT {', '.join(columns)} FROM ({inner_sql} OFFSET 0) AS pool"  # noqa: S608 - compiled ORM SQL; values are bound parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [*out_params, *params])
        row = list(cursor.fetchone())
    results: list[tuple[list[int], dict[str, int]]] = []
    applied = {reason for reason, _ in steps}
    for limit in max_times:
        exclusions: dict[str, int] = {}
        if counts:
            exclusions = {key: int(row.pop(0)) for key in PASS_KEYS}
            for reason in REASONS:
                if reason == "times_drawn":
                    if limit is not None:
                        exclusions[reason] = int(row.pop(0))
                else:
                    exclusions[reason] = int(row.pop(0)) if reason in applied else 0
        results.append(([int(i) for i in row.pop(0)], exclusions))
    return results


def candidate_pools(conditions: DrawConditions, *, with_counts: bool = True) -> list[GroupPool]:
    """Per group: the eligible candidate ids (tiers sorted ascending) and how many were removed
    per exclusion reason. Set-based SQL over ids only, one pass for all groups; when a group is
    short and the draw allows it, a second tier from the parent domains (one more pass)."""
    groups = conditions.groups
    first = _scan(conditions, [_inclusion_q(g, list(g.domain_ids)) for g in groups], [g.max_times_drawn for g in groups], counts=with_counts)
    pools = [GroupPool(tiers=[ids], used_fallback=False, exclusions=exclusions) for ids, exclusions in first]
    if conditions.allow_parent_fallback:
        short = [(i, _parent_domains(g.domain_ids)) for i, g in enumerate(groups) if g.domain_ids and len(pools[i].tiers[0]) < g.count]
        short = [(i, parents) for i, parents in short if parents]
        if short:
            wider = _scan(conditions, [_inclusion_q(groups[i], parents) for i, parents in short], [groups[i].max_times_drawn for i, _ in short], counts=False)
            for (i, _parents), (ids, _) in zip(short, wider, strict=True):
                have = set(pools[i].tiers[0])
                extra = [pk for pk in ids if pk not in have]
                if extra:
                    pools[i].tiers.append(extra)
                    pools[i].used_fallback = True
    return pools


def candidate_lists_sql(conditions: DrawConditions, inclusions: list[Q], max_times: list[int | None],
                        exclude_ids: list[list[int]] | None = None) -> tuple[str, list]:
    """The draw's pool query, compiled (no counts: those are the pre-query's): one pass over the
    eligible library (`eligible_experts()`, only narrowed) that yields one row with a column
    `ids_<i>` per group, the sorted ids of its candidates as int8[]. The draw writes these
    straight into the frozen lists, so the ids never travel to Python. `exclude_ids` (per
    group) keeps ids out, e.g. the first tier when building the parent-domain tier."""
    everyone = Q(pk__isnull=False)  # a group without inclusion conditions takes the whole library
    inclusions = [q if q else everyone for q in inclusions]
    any_group = Q()
    for q in inclusions:
        any_group |= q
    queryset = eligible_experts(start=conditions.work_start, end=conditions.work_end).filter(any_group).exclude(_removed(conditions))
    flags = {f"g{i}": ExpressionWrapper(q, output_field=BooleanField()) for i, q in enumerate(inclusions)}
    # In id order: over most of the library the planner then reads the narrow covering index
    # `experts_expert_draw_pool` in order (index-only) and the sorted aggregates find their input
    # sorted; for a narrow group it still prefers the domain index and sorts the few rows.
    inner_sql, inner_params = queryset.order_by("id").annotate(**flags).values("id", "times_drawn", *flags).query.sql_with_params()
    columns: list[str] = []
    params: list = []
    for i, limit in enumerate(max_times):
        condition = f"coalesce(g{i}, false)"
        if limit is not None:
            condition += " AND times_drawn <= %s"
            params.append(limit)
        if exclude_ids and exclude_ids[i]:
            condition += " AND NOT (id = ANY(%s::bigint[]))"
            params.append(sorted(int(pk) for pk in exclude_ids[i]))
        columns.append(f"coalesce(array_agg(id ORDER BY id) FILTER (WHERE {condition}), '{{}}'::bigint[]) AS ids_{i}")
    sql = f"SELECT {', '.join(columns)} FROM ({inner_sql}) AS pool"  # noqa: S608 - compiled ORM SQL; values are bound parameters
    return sql, [*params, *inner_params]


def group_inclusions(groups: list[GroupConditions], domains: list[list[int]] | None = None) -> list[Q]:
    """Each group's inclusion condition (`domains` replaces the groups' own domains, e.g. by
    their parents for the fallback tier)."""
    return [_inclusion_q(g, list(domains[i] if domains is not None else g.domain_ids)) for i, g in enumerate(groups)]


def parent_domains(domain_ids: list[int]) -> list[int]:
    return _parent_domains(domain_ids)


class FrozenListsInDb:
    """`drawing.FrozenLists` over a draw's stored condition groups: reads only the ids at the
    offsets the draw needs (one query for all groups), never the whole lists. Load the groups
    with `defer("candidates")`."""

    def __init__(self, draw: Draw, groups: list[ConditionGroup]) -> None:
        self.draw_id = draw.pk
        self.sizes = {g.number: list(g.tier_sizes or []) for g in groups}

    def tier_sizes(self, group: int) -> list[int]:
        return self.sizes[group]

    def ids_at(self, wanted: dict[int, list[int]]) -> dict[int, list[int]]:
        numbers = [group for group, offsets in wanted.items() for _ in offsets]
        offsets = [offset for group_offsets in wanted.values() for offset in group_offsets]
        table = connection.ops.quote_name(ConditionGroup._meta.db_table)
        # The lateral copy detoasts each list once; the subscripts then read it in memory.
        sql = (
            f"SELECT cg.number, ARRAY(SELECT list.ids[t.o + 1] FROM unnest(%s::int[], %s::int[]) WITH ORDINALITY AS t(number, o, k) "  # noqa: S608
            f"WHERE t.number = cg.number ORDER BY t.k) FROM {table} AS cg CROSS JOIN LATERAL (SELECT cg.candidates || '{{}}'::bigint[] AS ids OFFSET 0) AS list "
            f"WHERE cg.draw_id = %s AND cg.number = ANY(%s::int[])"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [numbers, offsets, self.draw_id, sorted(wanted)])
            found = {int(number): [int(i) for i in ids] for number, ids in cursor.fetchall()}
        return {group: found.get(group, []) for group in wanted}


def still_eligible(*, draw: Draw, expert_id: int) -> bool:
    """Whether a candidate taken from the stream for a replacement may still serve."""
    if expert_id in set(draw.avoid_expert_ids or []):
        return False
    queryset = eligible_experts(start=draw.work_start, end=draw.work_end).filter(pk=expert_id)
    avoid = _avoid_unit_q(draw.project.avoidance_units)
    if avoid is not None:
        queryset = queryset.exclude(avoid)
    return queryset.exists()


# --- members and masking --------------------------------------------------------------------


def draw_members(draw: Draw) -> QuerySet[PanelMember]:
    return draw.members.select_related("expert", "group").order_by("row")


def member_display_name(*, actor, member: PanelMember, project: Project) -> str:
    """Drawn names stay masked to operators until the project's reveal window (X15)."""
    if actor is not None and can_reveal(actor, project_starts_at=project.opens_at):
        return member.expert.name
    return mask_name(member.expert.name)


def members_for_display(*, actor, draw: Draw) -> list[dict]:
    revealed = actor is not None and can_reveal(actor, project_starts_at=draw.project.opens_at)
    rows = []
    for member in draw_members(draw):
        rows.append({"member": member, "name": member.expert.name if revealed else mask_name(member.expert.name), "revealed": revealed})
    return rows


def member_for_invitation(*, member_id: int, nonce: str) -> PanelMember | None:
    return PanelMember.objects.select_related("draw", "draw__project", "expert").filter(pk=member_id, invitation_nonce=nonce).first()


def expert_invitations(*, user) -> QuerySet[PanelMember]:
    return (
        PanelMember.objects.filter(expert__user=user).exclude(kind=MemberKind.SKIPPED).exclude(status=MemberStatus.PENDING)
        .select_related("draw", "draw__project").order_by("-id")
    )


def expert_invitation(*, user, pk: int) -> PanelMember | None:
    return expert_invitations(user=user).filter(pk=pk).first()


def overdue_members(now: datetime.datetime | None = None) -> QuerySet[PanelMember]:
    return PanelMember.objects.filter(status=MemberStatus.INVITED, deadline__lt=now or timezone.now())


def group_label(group: ConditionGroup) -> str:
    names = list(Domain.objects.filter(pk__in=group.domain_ids or []).values_list("name", flat=True))
    return f"第{group.number}组 " + ("、".join(names) if names else "不限领域")


def participation_count(expert_id: int) -> int:
    return Participation.objects.filter(expert_id=expert_id).count()


# --- settings, applications, draw-sheet templates (X17, X22) ---------------------------------


def panel_settings() -> PanelSettings:
    found = PanelSettings.objects.first()
    if found is None:
        found = PanelSettings.objects.create()
    return found


def may_apply(user, *, cached: bool = True) -> bool:
    """Whether the user is in a group the bureau allows to apply for projects (kept on the
    request's user object: the menu asks on every page)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    cached = getattr(user, "_panels_may_apply", None) if cached else None
    if cached is None:
        cached = PanelSettings.applicant_groups.through.objects.filter(group__user=user).exists()
        user._panels_may_apply = cached
    return cached


def my_applications(*, user, q: str = "", status: str = "") -> QuerySet[Project]:
    """The projects this user applied for (only their own)."""
    queryset = Project.objects.filter(source=ProjectSource.APPLICATION, created_by=user)
    if q:
        queryset = queryset.filter(Q(title__icontains=q) | Q(code__icontains=q) | Q(owner_unit__icontains=q))
    if status:
        queryset = queryset.filter(status=status)
    return queryset.select_related("approved_by").order_by("-id")


def my_application(*, user, pk: int) -> Project | None:
    return my_applications(user=user).prefetch_related("attachments").filter(pk=pk).first()


def project_search_by_source(*, actor, search: ProjectSearch, source: str = "") -> QuerySet[Project]:
    queryset = project_search(actor=actor, search=search)
    return queryset.filter(source=source) if source in ProjectSource.values else queryset


def projects_for_bulk(*, actor, ids: list[int]) -> list[Project]:
    return list(project_scope(actor=actor).filter(pk__in=ids).order_by("id"))


def project_reviewer_ids() -> list[int]:
    """Active staff who may approve projects (their group, their own grant, or superuser)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    permission = Permission.objects.filter(content_type__app_label="expert_panels", codename="approve_project").first()
    users = get_user_model().objects.filter(is_active=True)
    condition = Q(is_superuser=True)
    if permission is not None:
        condition |= Q(groups__permissions=permission) | Q(user_permissions=permission)
    return list(users.filter(condition).values_list("pk", flat=True).distinct())


def sheet_templates(*, q: str = "") -> QuerySet[SheetTemplate]:
    queryset = SheetTemplate.objects.select_related("uploaded_by")
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(category__icontains=q))
    return queryset.order_by("category", "-is_active", "-id")


def sheet_template_for(project: Project) -> SheetTemplate | None:
    """The active template for the project's type, else the active one for every type (None:
    the built-in template)."""
    active = SheetTemplate.objects.filter(is_active=True)
    if project.category:
        found = active.filter(category=project.category).first()
        if found is not None:
            return found
    return active.filter(category="").first()


def project_categories() -> list[str]:
    """Project types in use, for choosing which type a draw-sheet template is for."""
    return sorted({c for c in Project.objects.exclude(category="").values_list("category", flat=True).distinct()[:200]})


# --- who took part ----------------------------------------------------------------------------


def attending_q(prefix: str = "") -> Q:
    """Panel members who took part (scored in evaluations, paid in fees): confirmed attendance or
    marked as attended, never the skipped rows. `prefix` reaches members through a relation."""
    return (Q(**{f"{prefix}status": MemberStatus.ACCEPTED}) | Q(**{f"{prefix}attended": True})) & ~Q(**{f"{prefix}kind": MemberKind.SKIPPED})


def is_attending(member: PanelMember) -> bool:
    """`attending_q` for one member already loaded."""
    return member.kind != MemberKind.SKIPPED and (member.status == MemberStatus.ACCEPTED or member.attended)
