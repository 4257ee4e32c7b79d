"""Vote writes: create/edit, pause/hide/delete, cast one ballot per person, comments."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from core.audit import audit_record, snapshot
from core.errors import ApplicationError, Conflict, PermissionDenied
from tenant_apps.alumni.records.selectors import verified_member
from tenant_apps.alumni.votes.models import Ballot, Option, Vote, VoteComment


@dataclass
class VoteInput:
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    options: list[str] = field(default_factory=list)
    description: str = ""
    is_multiple: bool = False
    max_choices: int = 1
    audience: str = Vote.Audience.VERIFIED
    chapter_id: int | None = None
    show_results_before_end: bool = True


def _check(data: VoteInput) -> list[str]:
    errors = {}
    labels = [o.strip() for o in data.options if o and o.strip()]
    if not data.title.strip():
        errors["title"] = ["请填写投票标题。"]
    if len(labels) < 2:
        errors["options"] = ["至少需要两个选项。"]
    if len(set(labels)) != len(labels):
        errors["options"] = ["选项不能重复。"]
    if data.ends_at <= data.starts_at:
        errors["ends_at"] = ["结束时间须晚于开始时间。"]
    if data.audience == Vote.Audience.CHAPTER and not data.chapter_id:
        errors["chapter_id"] = ["请选择分会。"]
    if data.is_multiple and not (2 <= data.max_choices <= len(labels)):
        errors["max_choices"] = ["多选时最多可选须在 2 到选项数之间。"]
    if errors:
        raise ApplicationError("投票设置有误。", fields=errors)
    return labels


@transaction.atomic
def vote_create(*, actor, data: VoteInput) -> Vote:
    labels = _check(data)
    vote = Vote(title=data.title.strip()[:100], description=data.description, is_multiple=data.is_multiple, max_choices=data.max_choices if data.is_multiple else 1,
                starts_at=data.starts_at, ends_at=data.ends_at, audience=data.audience, chapter_id=data.chapter_id,
                show_results_before_end=data.show_results_before_end, created_by=actor)
    vote.full_clean()
    vote.save()
    Option.objects.bulk_create([Option(vote=vote, label=label[:100], sort_order=i) for i, label in enumerate(labels)])
    audit_record(actor=actor, action="alumni_votes.vote_create", target=vote, after=snapshot(vote, ["title", "audience", "is_multiple", "ends_at"]))
    return vote


@transaction.atomic
def vote_update(*, actor, vote: Vote, data: VoteInput) -> Vote:
    """Edit the basic information; options can change only while nobody has voted."""
    labels = _check(data)
    before = snapshot(vote)
    current = [o.label for o in vote.options.all()]
    if labels != current:
        if vote.ballots.exists():
            raise Conflict("已有人投票，不能再修改选项。", fields={"options": ["已有人投票，不能再修改选项。"]})
        vote.options.all().delete()
        Option.objects.bulk_create([Option(vote=vote, label=label[:100], sort_order=i) for i, label in enumerate(labels)])
    for name in ("description", "is_multiple", "starts_at", "ends_at", "audience", "chapter_id", "show_results_before_end"):
        setattr(vote, name, getattr(data, name))
    vote.title, vote.max_choices = data.title.strip()[:100], data.max_choices if data.is_multiple else 1
    vote.full_clean()
    vote.save()
    audit_record(actor=actor, action="alumni_votes.vote_update", target=vote, before=before, after=snapshot(vote))
    return vote


@transaction.atomic
def vote_set_state(*, actor, vote: Vote, paused: bool | None = None, public: bool | None = None, delete: bool = False) -> Vote:
    if paused is not None:
        vote.status = Vote.Status.PAUSED if paused else Vote.Status.OPEN
    if public is not None:
        vote.is_public = public
    if delete:
        vote.deleted_at = timezone.now()
    vote.save(update_fields=["status", "is_public", "deleted_at"])
    audit_record(actor=actor, action="alumni_votes.vote_state", target=vote, after={"status": vote.status, "is_public": vote.is_public, "deleted": delete})
    return vote


def may_vote(vote: Vote, user) -> str | None:
    """None when `user` may vote, else the reason (Chinese)."""
    now = timezone.now()
    if vote.deleted_at or vote.status != Vote.Status.OPEN:
        return "投票已暂停。"
    if now < vote.starts_at:
        return "投票尚未开始。"
    if now >= vote.ends_at:
        return "投票已结束。"
    if vote.audience == Vote.Audience.VERIFIED and verified_member(user) is None:
        return "仅认证校友可以投票（请先在“校友认证”中完成认证）。"
    if vote.audience == Vote.Audience.CHAPTER:
        from core import hooks

        members = [r for r in hooks.publish("alumni.chapter_member", user=user, chapter_id=vote.chapter_id) if r is not None]
        if not any(members):
            return "仅本分会成员可以投票。"
    return None


@transaction.atomic
def ballot_cast(*, actor, vote: Vote, option_ids: list[int], canvassed_option_id: int | None = None) -> Ballot:
    """One ballot per person, enforced by the database (see Ballot)."""
    reason = may_vote(vote, actor)
    if reason:
        raise PermissionDenied(reason)
    chosen = list(vote.options.filter(pk__in=set(option_ids)))
    if not chosen:
        raise ApplicationError("请选择选项。", fields={"options": ["请选择选项。"]})
    if len(chosen) > vote.max_choices:
        raise ApplicationError(f"最多可选 {vote.max_choices} 项。", fields={"options": [f"最多可选 {vote.max_choices} 项。"]})
    # A verified alumnus is one person however many accounts they have: key by their record.
    member = verified_member(actor)
    person_key = f"record:{member.record_id}" if member is not None else f"user:{actor.pk}"
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(vote=vote, voter=actor, person_key=person_key,
                                           canvassed_option_id=canvassed_option_id if canvassed_option_id in {o.pk for o in vote.options.all()} else None)
    except IntegrityError as exc:
        # one per account, and one per verified person (another account matched to the same record)
        raise Conflict("您已经投过票了。", code="already_voted") from exc
    ballot.options.set(chosen)
    audit_record(actor=actor, action="alumni_votes.ballot_cast", target=vote, after={"options": [o.pk for o in chosen]})
    return ballot


def results(vote: Vote) -> list[dict]:
    total = vote.ballots.count()
    rows = vote.options.annotate(n=Count("ballots")).order_by("sort_order", "id")
    return [{"option": o, "id": o.pk, "label": o.label, "count": o.n, "percent": round(o.n * 100 / total) if total else 0} for o in rows]


@transaction.atomic
def comment_add(*, actor, vote: Vote, body: str) -> VoteComment:
    if not body.strip():
        raise ApplicationError("评论不能为空。", fields={"body": ["评论不能为空。"]})
    comment = VoteComment.objects.create(vote=vote, user=actor, body=body.strip()[:500])
    audit_record(actor=actor, action="alumni_votes.comment_add", target=comment)
    return comment


@transaction.atomic
def comment_moderate(*, actor, comment: VoteComment, visible: bool) -> VoteComment:
    comment.is_visible = visible
    comment.save(update_fields=["is_visible"])
    audit_record(actor=actor, action="alumni_votes.comment_moderate", target=comment, after={"is_visible": visible})
    return comment
