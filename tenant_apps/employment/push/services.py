"""Writes of the targeted push. `push_create` is what other apps call to push their items
(see /work/INTERFACES.md); sending, scheduling, retries and the per-student log are the
messaging gateway's (one Message per push, audience resolved set-based when sending starts)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from core.audit import audit_record, snapshot
from core.errors import ApplicationError
from tenant_apps.employment.push import selectors
from tenant_apps.employment.push.enums import (
    AUDIENCE_RESOLVER,
    CUSTOM_KIND,
    DEFAULT_CHANNELS,
    PushChannel,
)
from tenant_apps.employment.push.errors import PushErrorCode
from tenant_apps.employment.push.models import Push
from tenant_apps.employment.push.registry import PushItem, push_item_type

# The school's WeChat template for pushes ("招聘信息通知"-like, variables title / summary / name):
# a message template with this code and its WeChat template id, set up in 消息模板.
PUSH_TEMPLATE_CODE = "employment_push"
PUSH_FIELDS = ["item_kind", "object_id", "title", "filters", "filter_summary", "channels", "audience_count", "send_at"]


def _item(item_kind: str, object_id: int | None, *, title: str, summary: str, url: str) -> PushItem:
    if item_kind == CUSTOM_KIND:
        if not title.strip():
            raise ApplicationError("请填写推送标题。", code=PushErrorCode.ITEM_NOT_FOUND, fields={"title": ["必填。"]})
        return PushItem(title=title.strip()[:200], summary=summary.strip()[:300], url=url.strip())
    item_type = push_item_type(item_kind)
    if item_type is None:
        raise ApplicationError("未知的推送内容类型。", code=PushErrorCode.UNKNOWN_ITEM_TYPE, fields={"item_kind": ["类型无效。"]})
    item = item_type.resolve(int(object_id)) if object_id else None
    if item is None:
        raise ApplicationError("推送内容不存在或未发布。", code=PushErrorCode.ITEM_NOT_FOUND, fields={"object_id": ["请选择已发布的内容。"]})
    return item


def _channels(channels: list[str] | None) -> list[str]:
    cleaned = [c for c in dict.fromkeys(channels or DEFAULT_CHANNELS) if c in PushChannel.values]
    if not cleaned:
        raise ApplicationError("请至少选择一个推送渠道。", fields={"channels": ["请选择渠道。"]})
    return cleaned


@transaction.atomic
def push_create(*, actor, item_kind: str, object_id: int | None, filters: dict, send_at=None, channels: list[str] | None = None,
                title: str = "", summary: str = "", url: str = "") -> Push:
    """Push an item to the graduates the filters select (within the actor's data scope): now, or
    at `send_at`. Each student gets it on the first channel in `channels` they can receive and
    did not refuse (WeChat template, then SMS, then the in-app letter by default); when the WeChat
    template fails for a student (error or failure receipt), the next channel is tried once."""
    from tenant_apps.messaging.selectors import template_is_active
    from tenant_apps.messaging.services import message_send

    item = _item(item_kind, object_id, title=title, summary=summary, url=url)
    if send_at is not None and send_at <= timezone.now():
        raise ApplicationError("定时发送时间已过，请重新选择。", code=PushErrorCode.SEND_AT_PAST, fields={"send_at": ["须晚于当前时间。"]})
    filters = selectors.clean_filters({**(filters or {}), "scope_actor_id": getattr(actor, "pk", None)})
    counts = selectors.push_audience_count(filters=filters)
    if not counts["reachable"]:
        raise ApplicationError("没有符合条件且已开通账号的学生。", code=PushErrorCode.EMPTY_AUDIENCE, fields={"filters": ["没有可推送的学生。"]})
    push = Push(
        item_kind=item_kind, object_id=object_id if item_kind != CUSTOM_KIND else None, title=item.title[:200], summary=item.summary[:300],
        url=item.url[:500], filters=filters, filter_summary=selectors.describe_filters(filters)[:1000], channels=_channels(channels),
        audience_count=counts["reachable"], send_at=send_at, created_by=actor if getattr(actor, "pk", None) else None,
    )
    push.full_clean(exclude=["message", "created_by"])
    push.message = message_send(
        actor=actor, subject=item.title[:200], body=f"{item.title}\n{item.summary}".strip(), channels=push.channels,
        template_code=PUSH_TEMPLATE_CODE if template_is_active(PUSH_TEMPLATE_CODE) else None,
        audience={"resolver": AUDIENCE_RESOLVER, "filters": filters}, send_at=send_at, purpose="employment_push", source=f"employment.push:{item_kind}",
        link=item.url, context={"title": item.title[:200], "summary": item.summary[:300]}, fallback_on_failure=True,
    )
    push.save()
    audit_record(actor=actor, action="employment.push_create", target=push, after=snapshot(push, fields=PUSH_FIELDS))
    return push


@transaction.atomic
def push_cancel(*, actor, push: Push) -> Push:
    """Stop a scheduled or running push before the students not reached yet."""
    from tenant_apps.messaging.services import message_cancel

    if push.message is None or not push.message.is_active:
        raise ApplicationError("该推送已结束，无法取消。", code=PushErrorCode.NOT_CANCELLABLE)
    message_cancel(actor=actor, message=push.message)
    audit_record(actor=actor, action="employment.push_cancel", target=push, after={"message_id": push.message_id})
    push.refresh_from_db()
    return push
