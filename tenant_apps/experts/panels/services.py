"""Writes for projects, draws, panels and invitations. Every service takes the actor, refuses
writes on archived projects, audits on the project in the same transaction, and queues
messages on commit."""

from __future__ import annotations

import datetime
import itertools
import secrets
from dataclasses import dataclass, field

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone

from core.audit import audit_record, snapshot
from core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from tenant_apps.experts.enums import ParticipationKind
from tenant_apps.experts.models import Expert
from tenant_apps.experts.panels import drawing
from tenant_apps.experts.panels.enums import (
    VACATED,
    Channel,
    DrawMode,
    DrawStatus,
    InvitationMode,
    MemberKind,
    MemberStatus,
    PanelRole,
    ProjectStatus,
)
from tenant_apps.experts.panels.errors import PanelErrorCode
from tenant_apps.experts.panels.models import (
    ConditionGroup,
    Draw,
    PanelMember,
    Project,
    ProjectAttachment,
    ProjectBatch,
    ProjectLeave,
    ProjectNote,
)
from tenant_apps.experts.panels.selectors import (
    DrawConditions,
    GroupConditions,
    candidate_pools,
    still_eligible,
)
from tenant_apps.experts.services import participation_record

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
def project_create(*, actor, data: ProjectInput) -> Project:
    """A new project waits for approval before any draw (X17)."""
    project = Project(code=data.code.strip() or _next_code(), created_by=actor if getattr(actor, "pk", None) else None, status=ProjectStatus.PENDING)
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
    project.status = ProjectStatus.APPROVED if approve else ProjectStatus.REJECTED
    project.approved_by = actor
    project.approved_at = timezone.now()
    project.review_note = note.strip()[:300]
    project.save(update_fields=["status", "approved_by", "approved_at", "review_note"])
    _audit(actor, "project.approve" if approve else "project.reject", project, note=project.review_note)
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
    channels = [c for c in (channels or [Channel.SMS, Channel.EMAIL]) if c in Channel.values] or [Channel.SMS]
    conditions = _conditions_for(project, work_start=work_start, work_end=work_end, groups=groups, avoid_expert_ids=avoid_expert_ids,
                                 cool_down_days=cool_down_days, cool_down_max=cool_down_max, allow_parent_fallback=allow_parent_fallback)
    pools = candidate_pools(conditions)
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
    rows = ConditionGroup.objects.bulk_create([
        ConditionGroup(draw=draw, number=n, name=g.name[:100], count=g.count, domain_ids=list(g.domain_ids), title_levels=list(g.title_levels),
                       regions=list(g.regions), tag_ids=list(g.tag_ids), max_times_drawn=g.max_times_drawn, tier_sizes=[len(tier) for tier in pool.tiers],
                       list_hash=drawing.list_hash(pool.tiers), used_fallback=pool.used_fallback, exclusions=pool.exclusions)
        for n, (g, pool) in enumerate(zip(groups, pools, strict=True), start=1)
    ])
    for row, pool in zip(rows, pools, strict=True):
        _store_frozen_list(row, [i for tier in pool.tiers for i in tier])
    _audit(actor, "draw.prepare", project, draw=draw.pk, commitment=draw.commitment, groups=[{"count": g.count, "available": p.total} for g, p in zip(groups, pools, strict=True)])
    return draw


def _store_frozen_list(group: ConditionGroup, ids: list[int]) -> None:
    """Write the frozen ids as one int8[] text literal: PostgreSQL parses '{1,2,...}' in a few
    ms, where the ORM's ARRAY[1, 2, ...] expression costs a parse node per id (~100,000)."""
    table = connection.ops.quote_name(ConditionGroup._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET candidates = %s::bigint[] WHERE id = %s", ["{" + ",".join(map(str, ids)) + "}", group.pk])  # noqa: S608
    group.candidates = ids


@transaction.atomic
def draw_execute(*, actor, draw: Draw, supervisor_values: list[str]) -> Draw:
    """Combine the committed server value with the supervisors' values into the seed, fill the
    seats from each group's deterministic order, reveal the server value, and invite."""
    draw = Draw.objects.select_for_update().select_related("project").get(pk=draw.pk)
    _check_drawable(draw.project)
    if draw.status != DrawStatus.NOT_DRAWN or draw.mode != DrawMode.RANDOM:
        raise Conflict("该抽取已执行。", code=PanelErrorCode.DRAW_STATE)
    values = [str(v).strip()[:100] for v in supervisor_values]
    if len(values) != len(draw.supervisors) or not all(values):
        raise ApplicationError("请每位监督人输入一个随机值。", code=PanelErrorCode.SUPERVISOR_VALUES, fields={"supervisor_values": ["每位监督人都须输入。"]})
    groups = list(draw.groups.order_by("number"))
    draw.supervisor_values = values
    draw.seed = drawing.compute_seed(server_value_hex=draw.server_value, supervisor_values=values, list_hashes=[g.list_hash for g in groups])
    picks = drawing.draw(seed_hex=draw.seed, groups=[g.tiers for g in groups], counts=[g.count for g in groups])
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
    for expert in Expert.objects.filter(pk__in=expert_ids):
        participation_record(actor=None, expert=expert, kind=ParticipationKind.DRAWN, project_id=project.pk, project_title=project.title, org_unit=project.department)


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
    if draw.mode != DrawMode.RANDOM or vacated.group is None:
        return None
    groups = list(draw.groups.order_by("number"))
    members = list(draw.members.all())
    panel = drawing.Panel(seed_hex=draw.seed, groups=[g.tiers for g in groups])
    panel.on_panel = {m.expert_id for m in members}
    number = vacated.group.number
    consumed = max((m.position for m in members if m.group_id == vacated.group_id and m.position is not None), default=-1) + 1
    cursor = panel._cursor(number)
    for _ in itertools.islice(cursor.order, consumed):
        pass
    cursor.position = consumed
    while True:
        pick = panel.next_for(number)
        if pick is None:
            reason = f"第{number}组候选已用尽，无法补抽"
            draw.short_reason = (f"{draw.short_reason}；{reason}" if draw.short_reason else reason)[:300]
            draw.status = DrawStatus.SHORT
            draw.save(update_fields=["short_reason", "status"])
            return None
        if still_eligible(draw=draw, expert_id=pick.expert_id):
            member = PanelMember.objects.create(draw=draw, group=vacated.group, expert_id=pick.expert_id, row=_next_row(draw), position=pick.position,
                                                kind=MemberKind.REPLACEMENT, replaces=vacated, reason=f"替补第{vacated.row}号")
            _record_participation(draw, [pick.expert_id])
            return member
        PanelMember.objects.create(draw=draw, group=vacated.group, expert_id=pick.expert_id, row=_next_row(draw), position=pick.position,
                                   kind=MemberKind.SKIPPED, status=MemberStatus.SKIPPED, reason="抽取后已不符合条件（请假/黑名单/回避）")


def _refresh_status(draw: Draw) -> None:
    if draw.status == DrawStatus.SHORT:
        return
    members = list(draw.members.exclude(kind=MemberKind.SKIPPED))
    seats = sum(g.count for g in draw.groups.all()) if draw.mode == DrawMode.RANDOM else len([m for m in members if m.kind == MemberKind.MANUAL])
    accepted = [m for m in members if m.status == MemberStatus.ACCEPTED]
    if seats and len(accepted) >= seats:
        draw.status = DrawStatus.DRAWN_WITH_REPLACEMENTS if any(m.kind == MemberKind.REPLACEMENT for m in members) else DrawStatus.DRAWN
    else:
        draw.status = DrawStatus.DRAWING
    draw.save(update_fields=["status"])


# --- invitations ----------------------------------------------------------------------------


def invitation_token(member: PanelMember) -> str:
    return signing.dumps({"m": member.pk, "n": member.invitation_nonce}, salt=INVITATION_SALT, compress=True)


def member_from_token(token: str) -> PanelMember:
    from tenant_apps.experts.panels.selectors import member_for_invitation

    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=datetime.timedelta(days=30))
    except signing.BadSignature as exc:
        raise NotFound("邀请链接无效或已过期。", code=PanelErrorCode.INVITATION_INVALID) from exc
    member = member_for_invitation(member_id=int(data.get("m", 0)), nonce=str(data.get("n", "")))
    if member is None:
        raise NotFound("邀请链接无效或已过期。", code=PanelErrorCode.INVITATION_INVALID)
    return member


def _invitation_text(member: PanelMember) -> str:
    project = member.draw.project
    return (f"{member.expert.name}专家您好：诚邀您参加“{project.title}”评审，时间 {timezone.localtime(project.opens_at):%Y-%m-%d %H:%M}，"
            f"地点 {project.location or '另行通知'}。请于 {timezone.localtime(member.deadline):%m-%d %H:%M} 前答复。")


def _recipient(expert: Expert):
    from tenant_apps.messaging.recipients import Recipient

    return Recipient(user_id=expert.user_id, name=expert.name, phone=expert.phone, email=expert.email)


def absolute_url(path: str) -> str:
    """Links in SMS/e-mail need the tenant's host (the task sending them has no request)."""
    tenant = getattr(connection, "tenant", None)
    domain = tenant.get_primary_domain() if tenant is not None and hasattr(tenant, "get_primary_domain") else None
    return f"https://{domain.domain}{path}" if domain is not None else path


def _deadline(draw: Draw, now: datetime.datetime) -> datetime.datetime:
    return min(now + datetime.timedelta(hours=draw.response_hours), max(now + datetime.timedelta(minutes=10), draw.project.opens_at))


def _send_invitation(member: PanelMember) -> None:
    """Queue the SMS / e-mail (signed link) and the voice call for one invited member, on commit."""
    draw = member.draw
    text = _invitation_text(member)
    path = f"/h5/panels/invitations/{invitation_token(member)}/"
    written = [c for c in draw.channels if c in (Channel.SMS, Channel.EMAIL)]
    expert = member.expert

    def send() -> None:
        from tenant_apps.messaging.services import message_send, voice_call_start

        if written:
            message_send(actor=None, subject=f"评审邀请：{draw.project.title}", body=f"{text}接受或拒绝请打开：{absolute_url(path)}",
                         channels=written, recipients=[_recipient(expert)], purpose="transactional", source=f"panels:project:{draw.project_id}", link=path)
        if Channel.VOICE in draw.channels and expert.phone:
            voice_call_start(phone=expert.phone, text=f"{text}接受请按1，拒绝请按2，重听请按3。", reference=f"panel-member:{member.pk}:{member.invitation_nonce}",
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
    member = PanelMember.objects.select_for_update(of=("self",)).select_related("draw", "draw__project", "expert", "group").get(pk=member.pk)
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
    member = PanelMember.objects.select_for_update(of=("self",)).select_related("draw", "draw__project", "group").get(pk=member.pk)
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
    member = PanelMember.objects.select_for_update(of=("self",)).select_related("draw", "draw__project", "expert", "group").get(pk=member.pk)
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
            member = PanelMember.objects.select_for_update(of=("self",)).select_related("draw", "draw__project", "group").get(pk=member_id)
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
        from tenant_apps.messaging.services import voice_call_start

        voice_call_start(phone=member.expert.phone, text=f"{_invitation_text(member)}接受请按1，拒绝请按2，重听请按3。", reference=reference, answer_handler=VOICE_HANDLER)


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
