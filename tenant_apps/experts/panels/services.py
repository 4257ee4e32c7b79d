"""Writes for projects, draws, panels and invitations. Every service takes the actor, refuses
writes on archived projects, audits on the project in the same transaction, and queues
messages on commit."""

from __future__ import annotations

import contextlib
import datetime
import secrets
from dataclasses import dataclass, field

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone

from core.audit import audit_record, snapshot
from core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from tenant_apps.experts import duties
from tenant_apps.experts.enums import ParticipationKind
from tenant_apps.experts.models import Expert
from tenant_apps.experts.panels import drawing, sheets
from tenant_apps.experts.panels.enums import (
    VACATED,
    Channel,
    DrawMode,
    DrawStatus,
    InvitationMode,
    MemberKind,
    MemberStatus,
    PanelRole,
    ProjectSource,
    ProjectStatus,
)
from tenant_apps.experts.panels.errors import PanelErrorCode
from tenant_apps.experts.panels.models import (
    ConditionGroup,
    Draw,
    PanelMember,
    PanelSettings,
    Project,
    ProjectAttachment,
    ProjectBatch,
    ProjectLeave,
    ProjectNote,
    SheetTemplate,
)
from tenant_apps.experts.panels.selectors import (
    DrawConditions,
    FrozenListsInDb,
    GroupConditions,
    candidate_lists_sql,
    candidate_pools,
    group_inclusions,
    parent_domains,
    still_eligible,
)
from tenant_apps.experts.services import participation_record, participations_record

INVITATION_SALT = "expert_panels.invitation"
VOICE_HANDLER = "expert_panels.invitation"
LEAVE_CUTOFF = datetime.timedelta(hours=2)
PROJECT_FIELDS = ["code", "title", "owner_unit", "related_units", "department", "category", "location", "opens_at", "ends_at", "description", "status", "batch", "assigned_to", "archived_at"]


def _clean(instance) -> None:
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise ApplicationError("请检查填写的内容。", fields={k: [str(m) for m in v] for k, v in exc.message_dict.items()}) from exc


def _audit(actor, action: str, project: Project, **after) -> None:
    audit_record(actor=actor, action=f"expert_panels.{action}", target=project, after=after or None, only_changes=False)


def ensure_writable(project: Project) -> None:
    """Archived projects are read-only everywhere (pages, API, tasks)."""
    if project.archived_at is not None:
        raise Conflict("项目已归档，不能再修改。", code=PanelErrorCode.PROJECT_ARCHIVED)


# --- projects -------------------------------------------------------------------------------


@dataclass
class ProjectInput:
    title: str
    owner_unit: str
    opens_at: datetime.datetime
    code: str = ""
    related_units: list[str] = field(default_factory=list)
    department_id: int | None = None
    category: str = ""
    location: str = ""
    ends_at: datetime.datetime | None = None
    description: str = ""
    batch_name: str = ""


def _next_code() -> str:
    today = timezone.localdate().strftime("%Y%m%d")
    for _ in range(20):
        code = f"XM{today}{secrets.randbelow(10**4):04d}"
        if not Project.objects.filter(code=code).exists():
            return code
    return f"XM{today}{secrets.token_hex(4)}"


def _apply_input(project: Project, data: ProjectInput) -> None:
    project.title = data.title.strip()
    project.owner_unit = data.owner_unit.strip()
    project.related_units = [u.strip() for u in data.related_units if u.strip()]
    project.opens_at = data.opens_at
    project.ends_at = data.ends_at
    project.department_id = data.department_id
    project.category = data.category.strip()
    project.location = data.location.strip()
    project.description = data.description
    if data.batch_name.strip():
        project.batch, _ = ProjectBatch.objects.get_or_create(name=data.batch_name.strip())
    else:
        project.batch = None


@transaction.atomic
def project_create(*, actor, data: ProjectInput, source: str = ProjectSource.MANUAL) -> Project:
    """A new project waits for approval before any draw (X17). `source`: entered, imported or applied for."""
    project = Project(code=data.code.strip() or _next_code(), created_by=actor if getattr(actor, "pk", None) else None, status=ProjectStatus.PENDING,
                      source=source)
    _apply_input(project, data)
    _clean(project)
    project.save()
    _audit(actor, "project.create", project, **snapshot(project, fields=PROJECT_FIELDS))
    return project


@transaction.atomic
def project_update(*, actor, project: Project, data: ProjectInput) -> Project:
    ensure_writable(project)
    before = snapshot(project, fields=PROJECT_FIELDS)
    _apply_input(project, data)
    if data.code.strip():
        project.code = data.code.strip()
    _clean(project)
    project.save()
    audit_record(actor=actor, action="expert_panels.project.update", target=project, before=before, after=snapshot(project, fields=PROJECT_FIELDS))
    return project


@transaction.atomic
def project_review(*, actor, project: Project, approve: bool, note: str = "") -> Project:
    ensure_writable(project)
    if not actor.has_perm("expert_panels.approve_project"):
        raise PermissionDenied("您无权审核抽取项目。")
    if approve:
        duties.check_approver_is_not_creator(actor=actor, creator=project.created_by)
    project.status = ProjectStatus.APPROVED if approve else ProjectStatus.REJECTED
    project.approved_by = actor
    project.approved_at = timezone.now()
    project.review_note = note.strip()[:300]
    project.save(update_fields=["status", "approved_by", "approved_at", "review_note"])
    _audit(actor, "project.approve" if approve else "project.reject", project, note=project.review_note)
    _notify_applicant(project)
    return project


@transaction.atomic
def project_archive(*, actor, project: Project) -> Project:
    ensure_writable(project)
    project.archived_at = timezone.now()
    project.save(update_fields=["archived_at"])
    _audit(actor, "project.archive", project)
    return project


@transaction.atomic
def project_note_add(*, actor, project: Project, text: str, assign_to=None) -> ProjectNote:
    ensure_writable(project)
    if not text.strip():
        raise ApplicationError("请填写跟进内容。", fields={"text": ["必填。"]})
    note = ProjectNote.objects.create(project=project, text=text.strip()[:2000], author=actor)
    if assign_to is not None:
        project.assigned_to = assign_to
        project.save(update_fields=["assigned_to"])
    _audit(actor, "project.note", project, text=note.text[:200], assigned_to=getattr(assign_to, "pk", None))
    return note


MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


@transaction.atomic
def project_attachment_add(*, actor, project: Project, uploaded: UploadedFile, shared: bool = True) -> ProjectAttachment:
    ensure_writable(project)
    if uploaded.size > MAX_ATTACHMENT_BYTES:
        raise ApplicationError("附件不能超过 20MB。", fields={"file": ["文件过大。"]})
    attachment = ProjectAttachment.objects.create(project=project, file=uploaded, original_name=uploaded.name[:200], size=uploaded.size,
                                                  is_shared_with_experts=shared, uploaded_by=actor)
    _audit(actor, "project.attachment_add", project, name=attachment.original_name)
    return attachment


@transaction.atomic
def project_attachment_delete(*, actor, attachment: ProjectAttachment) -> None:
    ensure_writable(attachment.project)
    _audit(actor, "project.attachment_delete", attachment.project, name=attachment.original_name)
    attachment.file.delete(save=False)
    attachment.delete()


# --- draws ----------------------------------------------------------------------------------


def _check_drawable(project: Project) -> None:
    ensure_writable(project)
    if project.status != ProjectStatus.APPROVED:
        raise Conflict("项目审核通过后才能抽取专家。", code=PanelErrorCode.PROJECT_NOT_APPROVED)


def _conditions_for(project: Project, *, work_start, work_end, groups: list[GroupConditions], avoid_expert_ids, cool_down_days,
                    cool_down_max, allow_parent_fallback, exclude_draw_id=None) -> DrawConditions:
    if not groups or any(g.count < 1 for g in groups):
        raise ApplicationError("请至少设置一个抽取人数大于 0 的条件组。", code=PanelErrorCode.INVALID_CONDITIONS, fields={"groups": ["请设置条件组。"]})
    if work_end < work_start:
        raise ApplicationError("结束日期不能早于开始日期。", code=PanelErrorCode.INVALID_CONDITIONS, fields={"work_end": ["日期无效。"]})
    return DrawConditions(
        work_start=work_start, work_end=work_end, groups=groups, avoid_units=project.avoidance_units, avoid_expert_ids=list(avoid_expert_ids or []),
        cool_down_days=cool_down_days, cool_down_max=cool_down_max, allow_parent_fallback=allow_parent_fallback, exclude_draw_id=exclude_draw_id,
    )


def draw_prequery(*, project: Project, **params) -> list[dict]:
    """X18: how many experts each group would draw from, and how many each rule removed. Counts only."""
    conditions = _conditions_for(project, **params)
    return [{"number": n, "count": g.count, "available": pool.total, "used_fallback": pool.used_fallback, "exclusions": pool.exclusions}
            for n, (g, pool) in enumerate(zip(conditions.groups, candidate_pools(conditions), strict=True), start=1)]


@transaction.atomic
def draw_prepare(*, actor, project: Project, work_start: datetime.date, work_end: datetime.date, groups: list[GroupConditions],
                 supervisors: list[str], avoid_expert_ids=(), cool_down_days: int = 0, cool_down_max: int = 0,
                 allow_parent_fallback: bool = False, invitation_mode: str = InvitationMode.PARALLEL,
                 channels: list[str] | None = None, response_hours: int = 24) -> Draw:
    """Freeze the candidate list of each group (ids + SHA-256) and commit to a server random
    value (its hash is shown) before anyone enters a supervisor value (X30)."""
    _check_drawable(project)
    supervisors = [s.strip() for s in supervisors if s and s.strip()]
    if not supervisors:
        raise ApplicationError("请至少指定一名监督人。", code=PanelErrorCode.SUPERVISOR_VALUES, fields={"supervisors": ["必填。"]})
    duties.check_operator_is_not_supervisor(actor=actor, supervisors=supervisors)
    channels = [c for c in (channels or [Channel.SMS, Channel.EMAIL]) if c in Channel.values] or [Channel.SMS]
    conditions = _conditions_for(project, work_start=work_start, work_end=work_end, groups=groups, avoid_expert_ids=avoid_expert_ids,
                                 cool_down_days=cool_down_days, cool_down_max=cool_down_max, allow_parent_fallback=allow_parent_fallback)
    server_value = secrets.token_hex(32)
    draw = Draw(
        project=project, mode=DrawMode.RANDOM, work_start=work_start, work_end=work_end, avoid_expert_ids=sorted({int(i) for i in avoid_expert_ids}),
        cool_down_days=cool_down_days, cool_down_max=cool_down_max, allow_parent_fallback=allow_parent_fallback,
        invitation_mode=invitation_mode if invitation_mode in InvitationMode.values else InvitationMode.PARALLEL, channels=channels,
        response_hours=max(1, min(int(response_hours), 240)), supervisors=supervisors, server_value=server_value,
        commitment=drawing.commitment_for(server_value), algorithm=drawing.ALGORITHM_VERSION, frozen_at=timezone.now(),
        created_by=actor if getattr(actor, "pk", None) else None,
        rules={"avoid_units": project.avoidance_units, "avoid_expert_ids": sorted({int(i) for i in avoid_expert_ids}), "cool_down": [cool_down_days, cool_down_max],
               "parent_fallback": allow_parent_fallback, "period": [work_start.isoformat(), work_end.isoformat()],
               "eligibility": "approved, not deleted, not black-listed, not frozen, not on leave; minus avoidance, busy, cool-down"},
    )
    _clean(draw)
    draw.save()
    # Per-reason exclusion counts belong to the pre-query (draw_prequery); the draw only freezes.
    rows = ConditionGroup.objects.bulk_create([
        ConditionGroup(draw=draw, number=n, name=g.name[:100], count=g.count, domain_ids=list(g.domain_ids), title_levels=list(g.title_levels),
                       regions=list(g.regions), tag_ids=list(g.tag_ids), max_times_drawn=g.max_times_drawn)
        for n, g in enumerate(groups, start=1)
    ])
    _store_frozen_list(draw, rows, conditions)
    _audit(actor, "draw.prepare", project, draw=draw.pk, commitment=draw.commitment, groups=[{"count": g.count, "available": sum(g.tier_sizes)} for g in rows])
    return draw


# The frozen list's hash (drawing.list_hash: SHA-256 of the canonical JSON of the tiers,
# '[[1,2,...],[...]]') computed where the list is, so the ids never travel to Python: the ids
# joined by commas are the JSON of a tier (no nulls in a frozen list). A test checks that it
# equals drawing.list_hash. (array_to_string, not btrim(ids::text): trimming walks a long text
# character by character in a UTF-8 database.)
_HASH_ONE_TIER = "encode(sha256(convert_to('[[' || array_to_string({a}, ',') || ']]', 'UTF8')), 'hex')"
_HASH_TWO_TIERS = "encode(sha256(convert_to('[[' || array_to_string({a}, ',') || '],[' || array_to_string({b}, ',') || ']]', 'UTF8')), 'hex')"


def _store_frozen_list(draw: Draw, rows: list[ConditionGroup], conditions: DrawConditions) -> None:
    """Freeze every group's candidate list in the database: one UPDATE ... FROM (pool query)
    writes the sorted ids (int8[]), the tier sizes and the hash of all groups; a second one
    appends the parent-domain tier to the groups that are short, when the draw allows it."""
    table = connection.ops.quote_name(ConditionGroup._meta.db_table)
    groups = conditions.groups

    def run(select_sql: str, params: list, numbers: list[int], assign: str, where: str = "") -> None:
        values = ", ".join(f"({number}, lists.ids_{i})" for i, number in enumerate(numbers))
        sql = (f"UPDATE {table} AS cg SET {assign} FROM (SELECT v.number, v.ids FROM ({select_sql}) AS lists "  # noqa: S608 - compiled ORM SQL and ints
               f"CROSS JOIN LATERAL (VALUES {values}) AS v(number, ids)) AS frozen "
               f"WHERE cg.draw_id = %s AND cg.number = frozen.number {where} RETURNING cg.number, cg.tier_sizes, cg.list_hash, cg.used_fallback")
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, draw.pk])
            for number, tier_sizes, list_hash, used_fallback in cursor.fetchall():
                row = rows[number - 1]
                row.tier_sizes, row.list_hash, row.used_fallback = list(tier_sizes), list_hash, used_fallback

    with _freeze_settings():
        sql, params = candidate_lists_sql(conditions, group_inclusions(groups), [g.max_times_drawn for g in groups])
        run(sql, params, [row.number for row in rows],
            f"candidates = frozen.ids, tier_sizes = ARRAY[cardinality(frozen.ids)], list_hash = {_HASH_ONE_TIER.format(a='frozen.ids')}")
        if not conditions.allow_parent_fallback:
            return
        short = [(i, parent_domains(g.domain_ids)) for i, g in enumerate(groups) if g.domain_ids and rows[i].tier_sizes[0] < g.count]
        short = [(i, parents) for i, parents in short if parents]
        if not short:
            return
        first_tiers = dict(ConditionGroup.objects.filter(draw=draw, number__in=[i + 1 for i, _ in short]).values_list("number", "candidates"))
        sql, params = candidate_lists_sql(conditions, group_inclusions([groups[i] for i, _ in short], [parents for _, parents in short]),
                                          [groups[i].max_times_drawn for i, _ in short], exclude_ids=[first_tiers[i + 1] for i, _ in short])
        run(sql, params, [i + 1 for i, _ in short],
            "candidates = cg.candidates || frozen.ids, tier_sizes = cg.tier_sizes || cardinality(frozen.ids), used_fallback = true, "
            f"list_hash = {_HASH_TWO_TIERS.format(a='cg.candidates', b='frozen.ids')}", where="AND cardinality(frozen.ids) > 0")


# Planner settings for the freeze, in force only around it: sorting ~100,000 ids must not spill
# to disk (the default 4 MB work_mem can), and with the library in memory a page of the narrow
# covering index costs what a heap page costs (the default random_page_cost of 4 models spinning
# disks and can make the planner read the whole wide table instead of the index).
_FREEZE_SETTINGS = {"work_mem": "32MB", "random_page_cost": "1.1"}


@contextlib.contextmanager
def _freeze_settings():
    names = list(_FREEZE_SETTINGS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(["current_setting(%s)"] * len(names)), names)
        previous = cursor.fetchone()
        cursor.execute("SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(names)), [v for name in names for v in (name, _FREEZE_SETTINGS[name])])
    yield
    # Not in a `finally`: after an error the transaction (or savepoint) rolls back, and with it
    # these transaction-local settings.
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(names)), [v for name, value in zip(names, previous, strict=True) for v in (name, value)])


@transaction.atomic
def draw_execute(*, actor, draw: Draw, supervisor_values: list[str]) -> Draw:
    """Combine the committed server value with the supervisors' values into the seed, fill the
    seats from each group's deterministic order, reveal the server value, and invite."""
    draw = Draw.objects.select_for_update().select_related("project").get(pk=draw.pk)
    _check_drawable(draw.project)
    if draw.status != DrawStatus.NOT_DRAWN or draw.mode != DrawMode.RANDOM:
        raise Conflict("该抽取已执行。", code=PanelErrorCode.DRAW_STATE)
    # The supervisors enter their values here themselves; the operator was checked at draw_prepare.
    values = [str(v).strip()[:100] for v in supervisor_values]
    if len(values) != len(draw.supervisors) or not all(values):
        raise ApplicationError("请每位监督人输入一个随机值。", code=PanelErrorCode.SUPERVISOR_VALUES, fields={"supervisor_values": ["每位监督人都须输入。"]})
    groups = list(draw.groups.defer("candidates").order_by("number"))  # the lists stay in the database
    draw.supervisor_values = values
    draw.seed = drawing.compute_seed(server_value_hex=draw.server_value, supervisor_values=values, list_hashes=[g.list_hash for g in groups])
    # The drawn offsets depend only on the seed and the tier sizes: read just those ids.
    picks = drawing.Panel(draw.seed, lists=FrozenListsInDb(draw, groups)).fill([g.count for g in groups])
    by_number = {g.number: g for g in groups}
    PanelMember.objects.bulk_create([
        PanelMember(draw=draw, group=by_number[p.group], expert_id=p.expert_id, row=row, position=p.position, kind=MemberKind.DRAWN)
        for row, p in enumerate(picks, start=1)
    ])
    filled: dict[int, int] = {}
    for p in picks:
        filled[p.group] = filled.get(p.group, 0) + 1
    short = [f"第{g.number}组需要{g.count}人，仅有{filled.get(g.number, 0)}人符合条件" for g in groups if filled.get(g.number, 0) < g.count]
    draw.short_reason = "；".join(short)[:300]
    draw.drawn_at = timezone.now()
    draw.status = DrawStatus.SHORT if short else DrawStatus.DRAWING
    draw.save(update_fields=["supervisor_values", "seed", "short_reason", "drawn_at", "status"])
    _record_participation(draw, [p.expert_id for p in picks])
    _audit(actor, "draw.execute", draw.project, draw=draw.pk, seed=draw.seed, members=len(picks), short=draw.short_reason)
    _invite_due(draw)
    return draw


def _record_participation(draw: Draw, expert_ids: list[int]) -> None:
    project = draw.project
    participations_record(actor=None, expert_ids=expert_ids, kind=ParticipationKind.DRAWN, project_id=project.pk, project_title=project.title,
                          org_unit_id=project.department_id)


@transaction.atomic
def draw_manual(*, actor, project: Project, expert_ids: list[int], work_start: datetime.date, work_end: datetime.date, reason: str,
                channels: list[str] | None = None, response_hours: int = 24) -> Draw:
    """Manual assignment (X19): allowed, but marked as manual on every record and receipt."""
    _check_drawable(project)
    if not reason.strip():
        raise ApplicationError("人工指定须填写理由。", fields={"reason": ["必填。"]})
    experts = list(Expert.objects.filter(pk__in=expert_ids, status="approved", deleted_at__isnull=True))
    if not experts:
        raise ApplicationError("请指定至少一位在库专家。", code=PanelErrorCode.INVALID_CONDITIONS, fields={"expert_ids": ["无有效专家。"]})
    server_value = secrets.token_hex(32)
    draw = Draw.objects.create(
        project=project, mode=DrawMode.MANUAL, status=DrawStatus.DRAWING, work_start=work_start, work_end=work_end, channels=channels or [Channel.SMS],
        response_hours=response_hours, server_value=server_value, commitment=drawing.commitment_for(server_value), algorithm="manual",
        rules={"manual_reason": reason.strip()[:300]}, drawn_at=timezone.now(), frozen_at=timezone.now(), created_by=actor if getattr(actor, "pk", None) else None,
    )
    PanelMember.objects.bulk_create([PanelMember(draw=draw, expert=e, row=row, kind=MemberKind.MANUAL, reason="人工指定") for row, e in enumerate(experts, start=1)])
    _record_participation(draw, [e.pk for e in experts])
    _audit(actor, "draw.manual", project, draw=draw.pk, experts=[e.pk for e in experts], reason=reason.strip()[:300])
    _invite_due(draw)
    return draw


def _next_row(draw: Draw) -> int:
    last = draw.members.order_by("-row").values_list("row", flat=True).first()
    return (last or 0) + 1


def _replace(draw: Draw, vacated: PanelMember) -> PanelMember | None:
    """Append the next candidate of the vacated seat's group from the same stream (X20)."""
    if draw.mode != DrawMode.RANDOM or vacated.group_id is None:
        return None
    groups = list(draw.groups.defer("candidates").order_by("number"))  # read only the ids needed
    members = list(draw.members.all())
    panel = drawing.Panel(draw.seed, lists=FrozenListsInDb(draw, groups))
    panel.on_panel = {m.expert_id for m in members}
    group = next(g for g in groups if g.pk == vacated.group_id)
    number = group.number
    consumed = max((m.position for m in members if m.group_id == vacated.group_id and m.position is not None), default=-1) + 1
    panel.skip(number, consumed)
    while True:
        pick = panel.next_for(number)
        if pick is None:
            reason = f"第{number}组候选已用尽，无法补抽"
            draw.short_reason = (f"{draw.short_reason}；{reason}" if draw.short_reason else reason)[:300]
            draw.status = DrawStatus.SHORT
            draw.save(update_fields=["short_reason", "status"])
            return None
        if still_eligible(draw=draw, expert_id=pick.expert_id):
            member = PanelMember.objects.create(draw=draw, group=group, expert_id=pick.expert_id, row=_next_row(draw), position=pick.position,
                                                kind=MemberKind.REPLACEMENT, replaces=vacated, reason=f"替补第{vacated.row}号")
            _record_participation(draw, [pick.expert_id])
            return member
        PanelMember.objects.create(draw=draw, group=group, expert_id=pick.expert_id, row=_next_row(draw), position=pick.position,
                                   kind=MemberKind.SKIPPED, status=MemberStatus.SKIPPED, reason="抽取后已不符合条件（请假/黑名单/回避）")


def _refresh_status(draw: Draw) -> None:
    if draw.status == DrawStatus.SHORT:
        return
    members = list(draw.members.exclude(kind=MemberKind.SKIPPED))
    seats = sum(draw.groups.values_list("count", flat=True)) if draw.mode == DrawMode.RANDOM else len([m for m in members if m.kind == MemberKind.MANUAL])
    accepted = [m for m in members if m.status == MemberStatus.ACCEPTED]
    if seats and len(accepted) >= seats:
        draw.status = DrawStatus.DRAWN_WITH_REPLACEMENTS if any(m.kind == MemberKind.REPLACEMENT for m in members) else DrawStatus.DRAWN
    else:
        draw.status = DrawStatus.DRAWING
    draw.save(update_fields=["status"])


# --- invitations ----------------------------------------------------------------------------


INVITATION_MAX_AGE = datetime.timedelta(days=30)


def invitation_token(member: PanelMember) -> str:
    """A short link token (about 30 characters, so an SMS stays one segment): the member id in
    base 36 and the member's random nonce (144 bits), which a new invitation replaces."""
    return f"{base36(member.pk)}.{member.invitation_nonce}"


def base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if not number:
            return text


def member_from_token(token: str) -> PanelMember:
    from tenant_apps.experts.panels.selectors import member_for_invitation

    invalid = NotFound("邀请链接无效或已过期。", code=PanelErrorCode.INVITATION_INVALID)
    member_id, _, nonce = (token or "").partition(".")
    if nonce and member_id.isalnum() and len(member_id) <= 12:
        member = member_for_invitation(member_id=int(member_id, 36), nonce=nonce)
        if member is None or (member.created_at and timezone.now() - member.created_at > INVITATION_MAX_AGE):
            raise invalid
        return member
    try:  # links sent before the short format: signed {"m": id, "n": nonce}
        data = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.BadSignature as exc:
        raise invalid from exc
    member = member_for_invitation(member_id=int(data.get("m", 0)), nonce=str(data.get("n", "")))
    if member is None:
        raise invalid
    return member


WHAT_TO_BRING = "本人身份证件（签到核验）、银行卡信息（劳务费发放）；如需评审材料，请提前下载下方项目文件。请勿携带与项目单位有关的材料，并遵守回避与保密规定。"


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def invitation_ics(member: PanelMember, *, tenant_name: str = "") -> str:
    """An RFC 5545 calendar file of the review the expert accepted (times in UTC)."""
    project = member.draw.project
    start = project.opens_at
    end = project.ends_at or start + datetime.timedelta(hours=4)

    def stamp(moment: datetime.datetime) -> str:
        return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")

    description = f"{tenant_name} 评审邀请。项目编号 {project.code}。请携带：{WHAT_TO_BRING}"
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//campus-saas//experts panels//ZH", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        "BEGIN:VEVENT", f"UID:panel-member-{member.pk}-{member.invitation_nonce[:8]}@campus-saas", f"DTSTAMP:{stamp(timezone.now())}",
        f"DTSTART:{stamp(start)}", f"DTEND:{stamp(end)}", f"SUMMARY:{_ics_text('评审：' + project.title)}",
        f"LOCATION:{_ics_text(project.location or '另行通知')}", f"DESCRIPTION:{_ics_text(description)}",
        "BEGIN:VALARM", "TRIGGER:-PT2H", "ACTION:DISPLAY", f"DESCRIPTION:{_ics_text('评审提醒：' + project.title)}", "END:VALARM",
        "END:VEVENT", "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


# Invitation texts are message templates the bureau edits (消息 → 消息模板), with these codes and
# placeholders; without an active template the defaults below are used (X21).
INVITATION_TEMPLATE_CODE = "expert_invitation"  # SMS and e-mail
INVITATION_VOICE_TEMPLATE_CODE = "expert_invitation_voice"  # the interactive voice call
INVITATION_PLACEHOLDERS = {
    "expert_name": "专家姓名", "project_title": "项目名称", "project_code": "项目编号", "opens_at": "评审时间", "location": "地点",
    "deadline": "答复期限", "link": "接受/拒绝链接（短信、邮件）", "attachments": "项目附件名称（在链接页面下载）",
}
DEFAULT_INVITATION_SUBJECT = "评审邀请：{{ project_title }}"
DEFAULT_INVITATION_BODY = ("{{ expert_name }}专家您好：诚邀您参加“{{ project_title }}”评审，时间 {{ opens_at }}，地点 {{ location }}。"
                           "请于 {{ deadline }} 前答复。项目附件：{{ attachments }}。接受或拒绝请打开：{{ link }}")
DEFAULT_INVITATION_VOICE = ("{{ expert_name }}专家您好：诚邀您参加“{{ project_title }}”评审，时间 {{ opens_at }}，地点 {{ location }}。"
                            "请于 {{ deadline }} 前答复。")
VOICE_KEY_PROMPT = "接受请按1，拒绝请按2，重听请按3。"


def invitation_context(member: PanelMember, *, link: str = "") -> dict[str, str]:
    """The placeholder values of one member's invitation."""
    project = member.draw.project
    files = [a.original_name for a in project.attachments.all() if a.is_shared_with_experts]
    return {
        "expert_name": member.expert.name, "project_title": project.title, "project_code": project.code,
        "opens_at": f"{timezone.localtime(project.opens_at):%Y-%m-%d %H:%M}", "location": project.location or "另行通知",
        "deadline": f"{timezone.localtime(member.deadline):%m-%d %H:%M}" if member.deadline else "", "link": link,
        "attachments": "、".join(files) if files else "无",
    }


def invitation_texts(member: PanelMember, *, link: str = "") -> dict[str, str]:
    """subject, body (SMS / e-mail) and voice text of an invitation, from the bureau's templates
    (or the defaults). The voice text always ends with the key prompt the call collects."""
    from tenant_apps.messaging.rendering import render_text
    from tenant_apps.messaging.selectors import template_get_active

    context = invitation_context(member, link=link)
    written = template_get_active(INVITATION_TEMPLATE_CODE)
    voice = template_get_active(INVITATION_VOICE_TEMPLATE_CODE)
    subject = render_text(written.subject if written else DEFAULT_INVITATION_SUBJECT, context)
    body = render_text(written.body if written else DEFAULT_INVITATION_BODY, context)
    if link and link not in body:  # the answer link is what the SMS / e-mail is for
        body = f"{body} {link}"
    voice_text = render_text(voice.body if voice else DEFAULT_INVITATION_VOICE, context)
    if "按1" not in voice_text:
        voice_text = f"{voice_text}{VOICE_KEY_PROMPT}"
    return {"subject": subject, "body": body, "voice": voice_text, "template_code": INVITATION_TEMPLATE_CODE if written else "",
            "context": context}


def _invitation_text(member: PanelMember) -> str:
    """The voice text (the call plays it; 3 repeats it inside the call)."""
    return invitation_texts(member)["voice"]


def _recipient(expert: Expert):
    from tenant_apps.messaging.recipients import Recipient

    return Recipient(user_id=expert.user_id, name=expert.name, phone=expert.phone, email=expert.email)


def absolute_url(path: str) -> str:
    """Links in SMS/e-mail/receipts: the tenant's public base URL (core.web.links), the same
    whether a request, a task or a command builds them."""
    from core.web.links import tenant_url

    return tenant_url(path)


def _deadline(draw: Draw, now: datetime.datetime) -> datetime.datetime:
    return min(now + datetime.timedelta(hours=draw.response_hours), max(now + datetime.timedelta(minutes=10), draw.project.opens_at))


def _send_invitation(member: PanelMember) -> None:
    """Queue the SMS / e-mail (signed link) and the voice call for one invited member, on commit."""
    draw = member.draw
    path = f"/h5/panels/invitations/{invitation_token(member)}/"
    written = [c for c in draw.channels if c in (Channel.SMS, Channel.EMAIL)]
    expert = member.expert

    def send() -> None:
        from tenant_apps.messaging.services import message_send, voice_call_start

        # Rendered after the draw commits: the draw itself stays a fixed number of queries.
        texts = invitation_texts(member, link=absolute_url(path))

        if written:
            message_send(actor=None, subject=texts["subject"], body=texts["body"], channels=written, recipients=[_recipient(expert)],
                         purpose="transactional", source=f"panels:project:{draw.project_id}", link=path,
                         template_code=texts["template_code"] or None, context=texts["context"])
        if Channel.VOICE in draw.channels and expert.phone:
            voice_call_start(phone=expert.phone, text=texts["voice"], reference=f"panel-member:{member.pk}:{member.invitation_nonce}",
                             answer_handler=VOICE_HANDLER)

    transaction.on_commit(send)


def _invite_due(draw: Draw) -> None:
    """Invite the pending rows (all of them, or the first one when calling in sequence) with
    one UPDATE, then queue their messages."""
    pending = list(draw.members.filter(status=MemberStatus.PENDING).select_related("expert", "draw__project").order_by("row"))
    if draw.invitation_mode == InvitationMode.SEQUENTIAL:
        if draw.members.filter(status=MemberStatus.INVITED).exists():
            return
        pending = pending[:1]
    if not pending:
        return
    now = timezone.now()
    deadline = _deadline(draw, now)
    PanelMember.objects.filter(pk__in=[m.pk for m in pending]).update(status=MemberStatus.INVITED, invited_at=now, deadline=deadline)
    for member in pending:
        member.status, member.invited_at, member.deadline = MemberStatus.INVITED, now, deadline
        _send_invitation(member)


@transaction.atomic
def member_respond(*, member: PanelMember, accept: bool, reason: str = "", channel: str = "link", actor=None) -> PanelMember:
    """An expert's answer (link, voice key, H5 or staff entering it). A decline triggers a replacement."""
    member = PanelMember.objects.select_for_update(of=("self",)).select_related("draw", "draw__project", "expert").get(pk=member.pk)
    ensure_writable(member.draw.project)
    if member.status not in (MemberStatus.INVITED, MemberStatus.PENDING):
        raise Conflict("该邀请已答复或已关闭。", code=PanelErrorCode.INVITATION_CLOSED)
    if member.deadline and timezone.now() > member.deadline and channel != "staff":
        raise Conflict("已超过答复期限。", code=PanelErrorCode.INVITATION_CLOSED)
    if not accept and not reason.strip():
        raise ApplicationError("请填写不能参加的原因。", fields={"reason": ["必填。"]})
    member.status = MemberStatus.ACCEPTED if accept else MemberStatus.DECLINED
    member.reason = "" if accept else reason.strip()[:300]
    member.responded_at = timezone.now()
    member.response_channel = channel[:10]
    member.save(update_fields=["status", "reason", "responded_at", "response_channel"])
    participation_record(actor=actor, expert=member.expert, kind=ParticipationKind.ACCEPTED if accept else ParticipationKind.DECLINED,
                         project_id=member.draw.project_id, project_title=member.draw.project.title, org_unit=member.draw.project.department)
    _audit(actor, "member.accept" if accept else "member.decline", member.draw.project, draw=member.draw_id, row=member.row, channel=channel, reason=member.reason)
    _after_vacancy_or_answer(member, vacated=not accept)
    return member


def _after_vacancy_or_answer(member: PanelMember, *, vacated: bool) -> None:
    draw = member.draw
    if vacated:
        _replace(draw, member)
    _invite_due(draw)
    _refresh_status(draw)


@transaction.atomic
def member_set_absent(*, actor, member: PanelMember, status: str, reason: str) -> PanelMember:
    """Staff record that an expert declined, took leave or did not answer (X20)."""
    if status not in VACATED:
        raise ApplicationError("状态无效。", fields={"status": ["状态无效。"]})
    member = PanelMember.objects.select_for_update(of=("self",)).select_related("draw", "draw__project").get(pk=member.pk)
    ensure_writable(member.draw.project)
    if not member.holds_seat:
        raise Conflict("该专家已不在评审组中。", code=PanelErrorCode.INVITATION_CLOSED)
    member.status = status
    member.reason = reason.strip()[:300] or MemberStatus(status).label
    member.responded_at = timezone.now()
    member.save(update_fields=["status", "reason", "responded_at"])
    _audit(actor, f"member.{status}", member.draw.project, draw=member.draw_id, row=member.row, reason=member.reason)
    _after_vacancy_or_answer(member, vacated=True)
    return member


@transaction.atomic
def member_leave(*, user, member: PanelMember, reason: str) -> PanelMember:
    """Per-project leave by the expert in the H5, up to 2 hours before the project opens (X5)."""
    member = PanelMember.objects.select_for_update(of=("self",)).select_related("draw", "draw__project", "expert").get(pk=member.pk)
    if member.expert.user_id != user.pk:
        raise NotFound("邀请不存在。")
    ensure_writable(member.draw.project)
    if timezone.now() > member.draw.project.opens_at - LEAVE_CUTOFF:
        raise Conflict("距评审开始已不足 2 小时，不能在线请假，请联系项目负责人。", code=PanelErrorCode.LEAVE_TOO_LATE)
    if not member.holds_seat:
        raise Conflict("该邀请已关闭。", code=PanelErrorCode.INVITATION_CLOSED)
    if not reason.strip():
        raise ApplicationError("请填写请假事由。", fields={"reason": ["必填。"]})
    ProjectLeave.objects.create(member=member, reason=reason.strip()[:300])
    member.status = MemberStatus.LEAVE
    member.reason = reason.strip()[:300]
    member.responded_at = timezone.now()
    member.save(update_fields=["status", "reason", "responded_at"])
    _audit(user, "member.leave", member.draw.project, draw=member.draw_id, row=member.row, reason=member.reason)
    _after_vacancy_or_answer(member, vacated=True)
    return member


def members_expire_overdue(*, now: datetime.datetime | None = None) -> int:
    """No answer by the deadline → replacement. Idempotent (only INVITED rows move)."""
    from tenant_apps.experts.panels.selectors import overdue_members

    handled = 0
    for member_id in list(overdue_members(now).values_list("pk", flat=True)):
        with transaction.atomic():
            member = PanelMember.objects.select_for_update(of=("self",)).select_related("draw", "draw__project").get(pk=member_id)
            if member.status != MemberStatus.INVITED or member.draw.project.archived_at:
                continue
            member.status = MemberStatus.NO_ANSWER
            member.reason = "超过答复期限未应答"
            member.save(update_fields=["status", "reason"])
            _audit(None, "member.no_answer", member.draw.project, draw=member.draw_id, row=member.row)
            _after_vacancy_or_answer(member, vacated=True)
            handled += 1
    return handled


def voice_answer(reference: str, digit: str) -> None:
    """Voice key press: 1 accept (SMS confirmation), 2 decline, 3 repeat the call."""
    from tenant_apps.experts.panels.selectors import member_for_invitation

    parts = reference.split(":")
    if len(parts) != 3 or parts[0] != "panel-member" or not parts[1].isdigit():
        return
    member = member_for_invitation(member_id=int(parts[1]), nonce=parts[2])
    if member is None or member.status != MemberStatus.INVITED:
        return
    if digit == "1":
        member_respond(member=member, accept=True, channel="voice")
        expert, project = member.expert, member.draw.project

        def confirm() -> None:
            from tenant_apps.messaging.services import message_send

            message_send(actor=None, subject="参加评审确认", body=f"您已确认参加“{project.title}”评审，时间 {timezone.localtime(project.opens_at):%Y-%m-%d %H:%M}。",
                         channels=[Channel.SMS], recipients=[_recipient(expert)], purpose="transactional", source=f"panels:project:{project.pk}")

        transaction.on_commit(confirm)
    elif digit == "2":
        member_respond(member=member, accept=False, reason="语音按键拒绝", channel="voice")
    elif digit == "3":
        # Interactive calls replay the text inside the call and never hand 3 over; a simulated
        # answer (outbox) is the only way here: call again.
        from tenant_apps.messaging.services import voice_call_start

        voice_call_start(phone=member.expert.phone, text=_invitation_text(member), reference=reference, answer_handler=VOICE_HANDLER)


# --- roles, attendance ----------------------------------------------------------------------


@transaction.atomic
def members_set_role(*, actor, draw: Draw, member_ids: list[int], role: str) -> int:
    """X23: set leader / deputy / member for several rows at once."""
    ensure_writable(draw.project)
    if role not in PanelRole.values:
        raise ApplicationError("角色无效。", fields={"role": ["角色无效。"]})
    updated = draw.members.filter(pk__in=member_ids).exclude(kind=MemberKind.SKIPPED).update(role=role)
    _audit(actor, "member.role", draw.project, draw=draw.pk, members=sorted(member_ids), role=role)
    return updated


# --- attendance -----------------------------------------------------------------------------


@transaction.atomic
def member_set_attended(*, actor, member: PanelMember, attended: bool = True) -> PanelMember:
    """Staff record whether an expert who accepted really took part. The first time counts as
    the expert's participation (statistics, points); setting it again changes nothing."""
    from tenant_apps.experts.models import Participation

    member = PanelMember.objects.select_for_update(of=("self",)).select_related("draw", "draw__project", "draw__project__department", "expert").get(pk=member.pk)
    project = member.draw.project
    ensure_writable(project)
    if attended and member.status != MemberStatus.ACCEPTED:
        raise Conflict("只有确认参加的专家才能登记为实际参评。")
    if member.attended == attended:
        return member
    member.attended = attended
    member.save(update_fields=["attended"])
    if attended and not Participation.objects.filter(expert_id=member.expert_id, project_id=project.pk, kind=ParticipationKind.ATTENDED).exists():
        participation_record(actor=actor, expert=member.expert, kind=ParticipationKind.ATTENDED, project_id=project.pk, project_title=project.title, org_unit=project.department)
    _audit(actor, "member.attended" if attended else "member.not_attended", project, draw=member.draw_id, row=member.row)
    return member


# --- bulk review and batches after an import (X17) ------------------------------------------


@transaction.atomic
def projects_review_bulk(*, actor, projects: list[Project], approve: bool, note: str = "") -> int:
    """Approve or reject several pending projects at once (e.g. after an import); projects that
    are archived or no longer pending are left alone. Returns how many were reviewed."""
    if not actor.has_perm("expert_panels.approve_project"):
        raise PermissionDenied("您无权审核抽取项目。")
    done = 0
    separate = approve and duties.separation_required()
    for project in projects:
        if separate and duties.same_person(actor, project.created_by):
            continue  # management separate from use: someone else approves the actor's own projects
        if project.archived_at is None and project.status == ProjectStatus.PENDING:
            project_review(actor=actor, project=project, approve=approve, note=note)
            done += 1
    return done


@transaction.atomic
def projects_batch_set(*, actor, projects: list[Project], batch_name: str) -> int:
    """Put several projects in one batch (they then share one panel), or take them out of any
    batch with an empty name. Archived projects refuse, as everywhere."""
    for project in projects:
        ensure_writable(project)
    name = batch_name.strip()[:100]
    batch = ProjectBatch.objects.get_or_create(name=name)[0] if name else None
    for project in projects:
        project.batch = batch
        project.save(update_fields=["batch"])
        _audit(actor, "project.batch", project, batch=name)
    return len(projects)


# --- project applications by other roles (X17) ----------------------------------------------

MAX_APPLICATION_FILES = 10


@transaction.atomic
def panel_settings_save(*, actor, group_ids: list[int]) -> PanelSettings:
    """Which user groups may apply for projects from the back office."""
    from django.contrib.auth.models import Group

    from tenant_apps.experts.panels.selectors import panel_settings

    settings_row = panel_settings()
    before = sorted(settings_row.applicant_groups.values_list("name", flat=True))
    settings_row.applicant_groups.set(Group.objects.filter(pk__in=group_ids))
    settings_row.save(update_fields=["updated_at"])
    after = sorted(settings_row.applicant_groups.values_list("name", flat=True))
    audit_record(actor=actor, action="expert_panels.settings.update", target=settings_row, before={"applicant_groups": before}, after={"applicant_groups": after})
    return settings_row


@transaction.atomic
def project_apply(*, actor, data: ProjectInput, files: list[UploadedFile] = ()) -> Project:
    """A user of a group the settings allow applies for a project, with its files. It starts
    pending like any other project; reviewers get an in-app letter, and so does the applicant
    once it is approved or rejected."""
    from dataclasses import replace

    from tenant_apps.experts.panels.selectors import may_apply, project_reviewer_ids

    if not may_apply(actor, cached=False):
        raise PermissionDenied("您所在的用户组不能申请抽取项目，请联系管理员。", code=PanelErrorCode.APPLICATION_NOT_ALLOWED)
    files = [f for f in files if f]
    if len(files) > MAX_APPLICATION_FILES:
        raise ApplicationError(f"附件最多 {MAX_APPLICATION_FILES} 个。", fields={"files": ["附件过多。"]})
    for uploaded in files:
        if uploaded.size > MAX_ATTACHMENT_BYTES:
            raise ApplicationError(f"附件“{uploaded.name}”超过 20MB。", fields={"files": ["文件过大。"]})
    department_id = data.department_id or getattr(actor, "org_unit_id", None)
    project = project_create(actor=actor, data=replace(data, code="", batch_name="", department_id=department_id), source=ProjectSource.APPLICATION)
    for uploaded in files:
        project_attachment_add(actor=actor, project=project, uploaded=uploaded, shared=True)
    reviewers = [pk for pk in project_reviewer_ids() if pk != actor.pk]
    title, body = f"新的项目申请：{project.title}", f"{actor}申请了抽取项目“{project.title}”（{project.code}），请审核。"
    link = _backoffice_path("backoffice:experts_panels:project_detail", project.pk)
    transaction.on_commit(lambda: _letter(reviewers, title, body, link))
    return project


def _backoffice_path(name: str, pk: int) -> str:
    from django.urls import reverse

    return reverse(name, args=[pk])


def _letter(user_ids: list[int], title: str, body: str, link: str) -> None:
    from tenant_apps.messaging.services import letter_send

    if user_ids:
        letter_send(recipient_user_ids=user_ids, title=title, body=body, link=link)


def _notify_applicant(project: Project) -> None:
    """After a review: an in-app letter to whoever applied for the project."""
    if project.source != ProjectSource.APPLICATION or not project.created_by_id:
        return
    approved = project.status == ProjectStatus.APPROVED
    title = f"项目申请{'已通过' if approved else '未通过'}：{project.title}"
    body = f"您申请的抽取项目“{project.title}”（{project.code}）{'已审核通过' if approved else '被驳回'}。"
    if project.review_note:
        body += f"审核意见：{project.review_note}"
    link = _backoffice_path("backoffice:experts_panels:application_detail", project.pk)
    applicant = project.created_by_id
    transaction.on_commit(lambda: _letter([applicant], title, body, link))


# --- draw-sheet templates (X22) -------------------------------------------------------------


def _template_bytes(uploaded: UploadedFile, suffix: str, label: str, field_name: str) -> bytes:
    if not uploaded.name.lower().endswith(suffix):
        raise ApplicationError(f"{label}须为 {suffix} 文件。", code=PanelErrorCode.SHEET_TEMPLATE_INVALID, fields={field_name: ["文件类型不正确。"]})
    if uploaded.size > sheets.MAX_TEMPLATE_BYTES:
        raise ApplicationError(f"{label}不能超过 5MB。", code=PanelErrorCode.SHEET_TEMPLATE_INVALID, fields={field_name: ["文件过大。"]})
    uploaded.seek(0)
    return uploaded.read()


@transaction.atomic
def sheet_template_upload(*, actor, name: str, category: str = "", docx: UploadedFile | None, xlsx: UploadedFile | None = None,
                          activate: bool = True) -> SheetTemplate:
    """Save a draw-sheet template after rendering it with sample data: a template with unknown
    placeholders or syntax errors is refused with their names, and nothing is saved."""
    from django.core.files.base import ContentFile

    if docx is None:
        raise ApplicationError("请选择 Word 模板文件（.docx）。", code=PanelErrorCode.SHEET_TEMPLATE_INVALID, fields={"docx": ["必填。"]})
    docx_bytes = _template_bytes(docx, ".docx", "Word 模板", "docx")
    check = sheets.check_docx(docx_bytes)
    if not check.ok:
        raise ApplicationError(check.message("Word 模板"), code=PanelErrorCode.SHEET_TEMPLATE_INVALID, fields={"docx": check.unknown + check.errors})
    used = set(check.used)
    xlsx_bytes = None
    if xlsx is not None:
        xlsx_bytes = _template_bytes(xlsx, ".xlsx", "Excel 模板", "xlsx")
        xlsx_check = sheets.check_xlsx(xlsx_bytes)
        if not xlsx_check.ok:
            raise ApplicationError(xlsx_check.message("Excel 模板"), code=PanelErrorCode.SHEET_TEMPLATE_INVALID, fields={"xlsx": xlsx_check.unknown + xlsx_check.errors})
        used |= set(xlsx_check.used)
    template = SheetTemplate(name=(name.strip() or docx.name.rsplit(".", 1)[0])[:100], category=category.strip()[:50], placeholders=sorted(used),
                             uploaded_by=actor if getattr(actor, "pk", None) else None)
    template.docx.save(docx.name.rsplit("/", 1)[-1][-80:], ContentFile(docx_bytes), save=False)
    if xlsx_bytes is not None:
        template.xlsx.save(xlsx.name.rsplit("/", 1)[-1][-80:], ContentFile(xlsx_bytes), save=False)
    _clean(template)
    template.save()
    audit_record(actor=actor, action="expert_panels.sheet_template.upload", target=template, only_changes=False,
                 after={"name": template.name, "category": template.category, "excel": bool(xlsx_bytes)})
    if activate:
        sheet_template_activate(actor=actor, template=template)
    return template


@transaction.atomic
def sheet_template_activate(*, actor, template: SheetTemplate) -> SheetTemplate:
    """Use this template for its project type from now on (the previous one is switched off)."""
    SheetTemplate.objects.filter(category=template.category, is_active=True).exclude(pk=template.pk).update(is_active=False)
    template.is_active = True
    template.save(update_fields=["is_active"])
    audit_record(actor=actor, action="expert_panels.sheet_template.activate", target=template, after={"category": template.category}, only_changes=False)
    return template


@transaction.atomic
def sheet_template_deactivate(*, actor, template: SheetTemplate) -> SheetTemplate:
    """Back to the type-wide or built-in template."""
    template.is_active = False
    template.save(update_fields=["is_active"])
    audit_record(actor=actor, action="expert_panels.sheet_template.deactivate", target=template, only_changes=False)
    return template


@transaction.atomic
def sheet_template_delete(*, actor, template: SheetTemplate) -> None:
    audit_record(actor=actor, action="expert_panels.sheet_template.delete", target=template, only_changes=False,
                 before={"name": template.name, "category": template.category, "active": template.is_active})
    files = [f for f in (template.docx, template.xlsx) if f]
    template.delete()

    def remove_files() -> None:
        for stored in files:
            stored.storage.delete(stored.name)

    transaction.on_commit(remove_files)
