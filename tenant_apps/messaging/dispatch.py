"""The sending engine: audience snapshot, batches, claims and crash recovery.

At most once per (message, recipient, channel):

* The audience is resolved into Delivery rows with a unique constraint, inserted with
  ON CONFLICT DO NOTHING, so resolving twice (a crashed start task) adds nobody twice.
* A batch claims rows `pending -> sending` before calling the provider and records the
  outcome right after (claims and outcomes are committed with synchronous_commit off: they
  survive any worker crash; a crash of the PostgreSQL server itself could lose the last
  fraction of a second of them, the one case where a row could be sent twice). Providers without an idempotency key (SMS, SMTP, voice) claim and send
  one row at a time, so a killed worker leaves at most one row in `sending`.
* A row left in `sending` longer than the claim lease is resolved when its batch runs again:
  for providers that honour our out_id as an idempotency key (outbox, in-app letters) it is
  re-sent with the same key; for the others the request may or may not have reached the
  provider, so it is marked `unknown` and never re-sent (a duplicate SMS costs money and
  trust; an unknown one is visible in the log and can be re-sent by hand).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, F
from django.utils import timezone

from core import hooks
from core.crypto import encrypt
from tenant_apps.messaging import throttle
from tenant_apps.messaging.audiences import audience_user_query, resolve_audience
from tenant_apps.messaging.enums import Channel, DeliveryStatus, MessageStatus, SkipReason
from tenant_apps.messaging.errors import ProviderError
from tenant_apps.messaging.models import ChannelOptOut, Delivery, Message, MessageTemplate
from tenant_apps.messaging.providers.base import OutgoingItem, Provider
from tenant_apps.messaging.providers.registry import provider_for
from tenant_apps.messaging.recipients import Recipient
from tenant_apps.messaging.rendering import render_text

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
RESOLVE_CHUNK = 2000
USER_CHUNK = 5000
MAX_ATTEMPTS = 5
COMMERCIAL_SMS_OPT_OUT = "拒收请回复R"


def claim_lease_seconds() -> int:
    """How long a claimed row may stay in `sending` before it is presumed abandoned.
    Longer than a provider call (timeouts are 5 s connect + 10 s read)."""
    value = getattr(settings, "MESSAGING_CLAIM_LEASE_SECONDS", None) or os.environ.get("MESSAGING_CLAIM_LEASE_SECONDS")
    return int(value or 120)


def enqueue(task_name: str, **kwargs) -> None:
    """Queue a task by name once the current transaction commits (in the current tenant)."""
    transaction.on_commit(lambda: current_app.send_task(task_name, kwargs=kwargs))


# --- audience snapshot ----------------------------------------------------------------------


def choose_channel(recipient: Recipient, channels: list[str]) -> tuple[str, str, str]:
    """(channel, address, skip reason) for the first channel in order the recipient can get."""
    if recipient.is_deceased:
        return "", "", SkipReason.DECEASED
    usable = [channel for channel in channels if channel not in recipient.opted_out]
    if not usable:
        return "", "", SkipReason.OPTED_OUT
    for channel in usable:
        address = recipient.address_for(channel)
        if address:
            return channel, address, ""
    return "", "", SkipReason.NO_CONTACT


MISSING_ADDRESS = {"wechat": "未绑定微信", "sms": "无手机号", "voice": "无手机号", "email": "无邮箱", "letter": "无平台账号"}


def first_choice_note(channels: list[str], chosen: str, refused) -> str:
    """Why a recipient gets `chosen` rather than the first channel of `channels` (the log of a
    message that falls back): "微信模板消息：未绑定微信" or "…：已退订该渠道"; "" for the first."""
    if not channels or not chosen or chosen == channels[0]:
        return ""
    first = channels[0]
    why = SkipReason.OPTED_OUT.label if first in (refused or ()) else MISSING_ADDRESS.get(first, SkipReason.NO_CONTACT.label)
    return f"{Channel(first).label}：{why}"[:300]


def recipients_to_json(recipients: list[Recipient]) -> str:
    return json.dumps(
        [{"user_id": r.user_id, "name": r.name, "phone": r.phone, "email": r.email, "openid": r.openid, "is_deceased": r.is_deceased, "opted_out": sorted(r.opted_out)} for r in recipients],
        ensure_ascii=False,
    )


def explicit_recipients(message: Message) -> Iterator[Recipient]:
    if message.explicit_recipients:
        for data in json.loads(message.explicit_recipients):
            data["opted_out"] = frozenset(data.get("opted_out") or ())
            yield Recipient(**data)


def message_recipients(message: Message) -> Iterator[Recipient]:
    yield from explicit_recipients(message)
    if message.audience:
        yield from resolve_audience(message.audience)


def _delivery_row(message: Message, recipient: Recipient) -> tuple:
    """(recipient_key, user_id, name, encrypted address, channel, status, reason, first-choice
    note) of one recipient."""
    channel, address, reason = choose_channel(recipient, message.channels)
    status = DeliveryStatus.SKIPPED if reason else DeliveryStatus.PENDING
    note = first_choice_note(message.channels, channel, recipient.opted_out) if message.fallback_on_failure else ""
    return (recipient.key[:200], recipient.user_id, recipient.name[:100], encrypt(address) if address else "", channel, status,
            SkipReason(reason).label if reason else "", note)


def _insert_deliveries(message_id: int, rows: list[tuple]) -> None:
    """One INSERT ... SELECT FROM unnest() per chunk of rows, in the given order (ON CONFLICT DO
    NOTHING keeps one delivery per recipient and channel when resolving runs twice). bulk_create
    cost four times as much: it prepares every value of every row through the field machinery."""
    if not rows:
        return
    keys, user_ids, names, addresses, channels, statuses, reasons, notes = (list(column) for column in zip(*rows, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Delivery._meta.db_table} "
            "(message_id, recipient_key, user_id, recipient_name, address, channel, status, reason, first_failure, provider, provider_message_id, attempts) "
            "SELECT %s, v.k, v.u, v.n, v.a, v.c, v.s, v.r, v.f, '', '', 0 "
            "FROM unnest(%s::text[], %s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[]) "
            "WITH ORDINALITY AS v(k, u, n, a, c, s, r, f, i) ORDER BY v.i ON CONFLICT DO NOTHING",
            [message_id, keys, user_ids, names, addresses, channels, statuses, reasons, notes],
        )


# Modules that know a person has died answer this with the user ids among `user_ids` (the alumni
# records do): whatever audience or explicit list a message came from, nobody deceased is sent
# anything. `user_ids` is a list, or for a set-based audience a queryset of ids: use it in an
# `__in` lookup (a semi-join) or iterate it, do not assume a list.
DECEASED_USERS_EVENT = "people.deceased_user_ids"


def _mark_deceased(recipients: list[Recipient]) -> list[Recipient]:
    user_ids = [r.user_id for r in recipients if r.user_id and not r.is_deceased]
    if not user_ids or not hooks.has_subscribers(DECEASED_USERS_EVENT):
        return recipients
    deceased: set[int] = set()
    for found in hooks.publish(DECEASED_USERS_EVENT, user_ids=user_ids):
        deceased.update(found or ())
    if not deceased:
        return recipients
    return [dataclasses.replace(r, is_deceased=True) if r.user_id in deceased else r for r in recipients]


def _resolve_recipients(message: Message, recipients: Iterator[Recipient]) -> None:
    chunk: list[Recipient] = []

    def flush() -> None:
        _insert_deliveries(message.pk, [_delivery_row(message, r) for r in _mark_deceased(chunk)])
        chunk.clear()

    for recipient in recipients:
        chunk.append(recipient)
        if len(chunk) >= RESOLVE_CHUNK:
            flush()
    if chunk:
        flush()


def _deceased_among(user_ids) -> set[int]:
    """Ids among `user_ids` (a list, or a queryset of ids) that a module knows to be deceased."""
    if not hooks.has_subscribers(DECEASED_USERS_EVENT):
        return set()
    deceased: set[int] = set()
    for found in hooks.publish(DECEASED_USERS_EVENT, user_ids=user_ids):
        deceased.update(found or ())
    return deceased


def _user_delivery_rows(chunk: list[tuple], channels: list[str], deceased: set[int], *, notes: bool = False) -> list[tuple]:
    """Delivery rows (as _delivery_row) for (id, display name, username, phone ciphertext, e-mail ciphertext,
    openid, refused channels) tuples: the rules of choose_channel, without a Recipient each.
    `notes`: say why a recipient does not get the first channel (messages that fall back)."""
    out: list[tuple] = []
    for pk, display_name, username, phone_token, email, openid, refused in chunk:
        key, name = f"u:{pk}", (display_name or username or "")[:100]
        if pk in deceased:
            out.append((key, pk, name, "", "", DeliveryStatus.SKIPPED, SkipReason.DECEASED.label, ""))
            continue
        usable = [channel for channel in channels if channel not in refused] if refused else channels
        if not usable:
            out.append((key, pk, name, "", "", DeliveryStatus.SKIPPED, SkipReason.OPTED_OUT.label, ""))
            continue
        for channel in usable:
            note = first_choice_note(channels, channel, refused) if notes else ""
            if channel in ("sms", "voice", "email"):
                # Already Fernet tokens with the same keys (phone, and e-mail since 0140): copied, not re-encrypted.
                token = email if channel == "email" else phone_token
                if token:
                    out.append((key, pk, name, token, channel, DeliveryStatus.PENDING, "", note))
                    break
                continue
            address = {"wechat": openid, "letter": str(pk)}.get(channel) or ""
            if address:
                out.append((key, pk, name, encrypt(address), channel, DeliveryStatus.PENDING, "", note))
                break
        else:
            out.append((key, pk, name, "", "", DeliveryStatus.SKIPPED, SkipReason.NO_CONTACT.label, ""))
    return out


def _resolve_users(message: Message, user_query) -> None:
    """Set-based snapshot of an audience of platform users (docs/decisions/0122): one streamed
    query gives each user's contacts and refused channels, the rows go in one INSERT per chunk.
    The opt-outs are aggregated once and hash-joined (a correlated subquery per user scanned the
    opt-out table once per person); phone::text is the ciphertext, never decrypted here."""
    from tenant_apps.accounts.models import User

    audience_sql, audience_params = user_query.query.sql_with_params()
    sql = (
        "SELECT u.id, u.display_name, u.username, u.phone::text, u.email, u.wechat_openid, o.refused "
        f"FROM {User._meta.db_table} AS u "
        f"LEFT JOIN (SELECT user_id, array_agg(channel::text) AS refused FROM {ChannelOptOut._meta.db_table} GROUP BY user_id) AS o ON o.user_id = u.id "
        f"WHERE u.id IN ({audience_sql}) ORDER BY u.id"
    )
    channels = list(message.channels)
    # One question for the whole audience: `user_ids` is a lazy queryset of ids here, which a
    # subscriber's `user_id__in=user_ids` turns into a semi-join (5,000-value IN lists per chunk
    # cost more to build than to run).
    deceased = _deceased_among(User.objects.filter(pk__in=user_query).values_list("pk", flat=True))
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, audience_params)
        while chunk := cursor.fetchmany(USER_CHUNK):
            _insert_deliveries(message.pk, _user_delivery_rows(chunk, channels, deceased, notes=message.fallback_on_failure))


def resolve_snapshot(message: Message) -> int:
    """Insert one Delivery per recipient (idempotent); returns the number of rows."""
    if message.explicit_recipients:
        _resolve_recipients(message, explicit_recipients(message))
    if message.audience:
        user_query = audience_user_query(message.audience)
        if user_query is not None:
            _resolve_users(message, user_query)
        else:
            _resolve_recipients(message, resolve_audience(message.audience))
    return Delivery.objects.filter(message_id=message.pk).count()


def batch_ranges(message_id: int, statuses: tuple[str, ...] = (DeliveryStatus.PENDING,)) -> list[tuple[int, int]]:
    """(first id, last id) per BATCH_SIZE rows in the given statuses (numbered in SQL, one query)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT min(id), max(id) FROM (SELECT id, (row_number() OVER (ORDER BY id) - 1) / %s AS batch "
            f"FROM {Delivery._meta.db_table} WHERE message_id = %s AND status = ANY(%s)) AS numbered GROUP BY batch ORDER BY batch",
            [BATCH_SIZE, message_id, [str(status) for status in statuses]],
        )
        return [(first, last) for first, last in cursor.fetchall()]


def message_start(message_id: int) -> list[tuple[int, int]]:
    """Resolve the audience and switch to sending; returns the batches to queue."""
    now = timezone.now()
    started = Message.objects.filter(pk=message_id, status=MessageStatus.QUEUED).update(status=MessageStatus.RESOLVING, started_at=now, last_progress_at=now)
    message = Message.objects.filter(pk=message_id).first()
    if message is None or (not started and message.status != MessageStatus.RESOLVING):
        return []
    total = resolve_snapshot(message)
    switched = Message.objects.filter(pk=message_id, status=MessageStatus.RESOLVING).update(status=MessageStatus.SENDING, total=total, last_progress_at=timezone.now())
    if not switched:  # cancelled while resolving
        Delivery.objects.filter(message_id=message_id, status=DeliveryStatus.PENDING).update(status=DeliveryStatus.CANCELLED, reason="已取消")
        refresh_progress(message_id)
        return []
    refresh_progress(message_id)
    return batch_ranges(message_id)


# --- progress -------------------------------------------------------------------------------


def refresh_progress(message_id: int) -> None:
    counts = dict(Delivery.objects.filter(message_id=message_id).values_list("status").annotate(n=Count("id")).order_by())
    succeeded = counts.get(DeliveryStatus.SUCCEEDED, 0)
    # Not sent (no channel configured) counts as failed: nobody received it.
    failed = counts.get(DeliveryStatus.FAILED, 0) + counts.get(DeliveryStatus.UNKNOWN, 0) + counts.get(DeliveryStatus.NOT_SENT, 0)
    skipped = counts.get(DeliveryStatus.SKIPPED, 0) + counts.get(DeliveryStatus.CANCELLED, 0)
    open_rows = counts.get(DeliveryStatus.PENDING, 0) + counts.get(DeliveryStatus.SENDING, 0)
    now = timezone.now()
    Message.objects.filter(pk=message_id).update(
        total=sum(counts.values()) - counts.get(DeliveryStatus.REROUTED, 0), sent=succeeded + failed, succeeded=succeeded, failed=failed, skipped=skipped, last_progress_at=now
    )
    if not open_rows:
        Message.objects.filter(pk=message_id, status=MessageStatus.SENDING).update(status=MessageStatus.COMPLETED, finished_at=now)


# --- batches --------------------------------------------------------------------------------


@dataclass
class BatchOutcome:
    sent: int = 0
    transient: int = 0  # rows put back to pending after a transient failure
    wait_seconds: float = 0.0  # rows still claimed by someone else: look again after this
    paused_seconds: int = 0  # a provider's quota is used up: run the batch again after this


# Apps that send rich, per-recipient content (a mass mail with its own unsubscribe link and open
# pixel) register a function for the messages whose `source` starts with their prefix; it gets the
# message, the delivery row and the item built here, and returns the item to send.
ItemPersonalizer = Callable[[Message, Delivery, OutgoingItem], OutgoingItem]
_personalizers: dict[str, ItemPersonalizer] = {}


def register_item_personalizer(source_prefix: str, func: ItemPersonalizer) -> None:
    _personalizers[source_prefix] = func


def _personalize(message: Message, row: Delivery, item: OutgoingItem) -> OutgoingItem:
    for prefix, func in _personalizers.items():
        if message.source.startswith(prefix):
            return func(message, row, item)
    return item


def _item(message: Message, template: MessageTemplate | None, row: Delivery) -> OutgoingItem:
    context = {**(message.context or {}), "name": row.recipient_name}
    body = render_text(message.body, context)
    if row.channel == "sms" and message.is_commercial and COMMERCIAL_SMS_OPT_OUT not in body:
        body = f"{body} {COMMERCIAL_SMS_OPT_OUT}"
    template_code = ""
    if template is not None:
        template_code = {"sms": template.sms_template_code, "wechat": template.wechat_template_id}.get(row.channel, "")
    params = {}
    if template_code:
        params = {k: str(v) for k, v in context.items() if not isinstance(v, dict | list)}
        if row.channel == "sms" and message.is_commercial:
            params["opt_out"] = COMMERCIAL_SMS_OPT_OUT
    item = OutgoingItem(
        channel=row.channel,
        to=row.address,
        subject=render_text(message.subject, context),
        body=body,
        out_id=row.out_id,
        recipient_name=row.recipient_name,
        link=message.link,
        template_code=template_code,
        template_params=params,
        message_id=message.pk,
        user_id=row.user_id,
    )
    return _personalize(message, row, item) if _personalizers else item


def _recover_stale(message_id: int, first_id: int, last_id: int, providers: dict[str, Provider]) -> None:
    cutoff = timezone.now() - timezone.timedelta(seconds=claim_lease_seconds())
    stale = Delivery.objects.filter(message_id=message_id, pk__range=(first_id, last_id), status=DeliveryStatus.SENDING, claimed_at__lt=cutoff)
    for channel in set(stale.values_list("channel", flat=True)):
        provider = providers.setdefault(channel, provider_for(channel))
        rows = stale.filter(channel=channel)
        if provider.supports_idempotency_key:
            rows.update(status=DeliveryStatus.PENDING)
        else:
            count = rows.update(status=DeliveryStatus.UNKNOWN, reason="发送中断（进程退出），无法确认是否送达，不再重发")
            logger.warning("messaging: %s deliveries of message %s marked unknown after an interrupted send", count, message_id)


def _update_without_fsync(queryset, **fields) -> int:
    """UPDATE committed without waiting for the WAL flush (synchronous_commit off): visible to
    every other session at once and kept if a worker dies; only a crash of the database
    server itself could lose the last fraction of a second. Halves the cost per SMS."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        return queryset.update(**fields)


def _finish(row_id: int, **fields) -> None:
    _update_without_fsync(Delivery.objects.filter(pk=row_id, status=DeliveryStatus.SENDING), **fields)


def _fail(row: Delivery, exc: ProviderError, outcome: BatchOutcome) -> None:
    reason = exc.message[:300]
    if exc.uncertain:
        _finish(row.pk, status=DeliveryStatus.UNKNOWN, reason=f"结果未知：{reason}")
    elif exc.transient and row.attempts + 1 < MAX_ATTEMPTS:
        _finish(row.pk, status=DeliveryStatus.PENDING, reason=f"第 {row.attempts + 1} 次失败，稍后重试：{reason}")
        outcome.transient += 1
    else:
        _finish(row.pk, status=DeliveryStatus.FAILED, reason=reason)


def _pause(row: Delivery, rest: list[Delivery], exc: ProviderError, outcome: BatchOutcome) -> None:
    """The provider's quota is used up (e.g. WeChat 45009): nothing was sent. The row goes back to
    pending without counting the attempt, and the rows not tried yet say why they wait."""
    reason = exc.message[:300]
    _finish(row.pk, status=DeliveryStatus.PENDING, reason=reason, attempts=F("attempts") - 1)
    Delivery.objects.filter(pk__in=[r.pk for r in rest], status=DeliveryStatus.PENDING).update(reason=reason)
    outcome.paused_seconds = max(outcome.paused_seconds, int(exc.retry_after))


def _outcome(provider: Provider) -> tuple[str, str]:
    """Status and reason of a row the provider accepted: the outbox never delivers, so a
    tenant without a provider sees "not sent", never "succeeded"."""
    if provider.delivers:
        return DeliveryStatus.SUCCEEDED, ""
    return DeliveryStatus.NOT_SENT, provider.not_sent_reason[:300]


def _send_each(message, template, provider: Provider, rows: list[Delivery], outcome: BatchOutcome) -> None:
    for index, row in enumerate(rows):
        # Wait for the rate limit before claiming, so a kill while waiting leaves the row pending.
        throttle.provider_acquire(provider.name, provider.rate_per_second)
        claimed = _update_without_fsync(
            Delivery.objects.filter(pk=row.pk, status=DeliveryStatus.PENDING),
            status=DeliveryStatus.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1, provider=provider.name,
        )
        if not claimed:
            continue
        try:
            result = provider.send(_item(message, template, row))
        except ProviderError as exc:
            if exc.retry_after:
                _pause(row, rows[index + 1 :], exc, outcome)
                return
            _fail(row, exc, outcome)
            continue
        except Exception as exc:  # noqa: BLE001 - a bug must not resend: record it as unknown
            logger.exception("messaging: provider %s crashed on delivery %s", provider.name, row.pk)
            _finish(row.pk, status=DeliveryStatus.UNKNOWN, reason=f"程序错误：{exc.__class__.__name__}")
            continue
        status, reason = _outcome(provider)
        _finish(row.pk, status=status, provider_message_id=result.provider_message_id[:128], sent_at=timezone.now(), reason=reason)
        outcome.sent += 1


def _send_bulk(message, template, provider: Provider, rows: list[Delivery], outcome: BatchOutcome) -> None:
    """Idempotent providers: claim the whole group, send, record (a crash re-sends with the same keys)."""
    with transaction.atomic():
        claimed = set(
            Delivery.objects.select_for_update(skip_locked=True).filter(pk__in=[r.pk for r in rows], status=DeliveryStatus.PENDING).values_list("pk", flat=True)
        )
        Delivery.objects.filter(pk__in=claimed).update(status=DeliveryStatus.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1, provider=provider.name)
    rows = [r for r in rows if r.pk in claimed]
    if not rows:
        return
    throttle.provider_acquire(provider.name, provider.rate_per_second, tokens=len(rows))
    try:
        results = provider.send_many([_item(message, template, row) for row in rows])
    except Exception:  # noqa: BLE001 - idempotent: safe to put back and retry
        logger.exception("messaging: bulk send through %s failed", provider.name)
        Delivery.objects.filter(pk__in=[r.pk for r in rows], status=DeliveryStatus.SENDING).update(status=DeliveryStatus.PENDING)
        outcome.transient += len(rows)
        return
    # One UPDATE ... FROM unnest() for the group (bulk_update's CASE per row is far slower).
    status, reason = _outcome(provider)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Delivery._meta.db_table} AS d SET status = %s, sent_at = %s, reason = %s, provider_message_id = v.provider_id "
            "FROM unnest(%s::bigint[], %s::text[]) AS v(id, provider_id) WHERE d.id = v.id AND d.status = %s",
            [status, timezone.now(), reason, [r.pk for r in rows], [results[r.out_id].provider_message_id[:128] for r in rows], DeliveryStatus.SENDING],
        )
    outcome.sent += len(rows)


# --- fallback to the next channel -------------------------------------------------------------

# A row in one of these states never reached the person: a message that falls back tries the next channel.
FALLBACK_FROM = (DeliveryStatus.FAILED, DeliveryStatus.NOT_SENT)


def _fallback_recipients(user_ids: list[int]) -> dict[int, Recipient]:
    from tenant_apps.messaging.audiences import audience_resolver

    resolver = audience_resolver("accounts.users")
    if resolver is None or not user_ids:
        return {}
    return {r.user_id: r for r in resolver.func({"user_ids": user_ids}) if r.user_id}


def reroute_failed(message: Message, row_ids: list[int]) -> list[int]:
    """For a message with `fallback_on_failure`: each of these rows that failed (or was not sent)
    gets a new pending row on the person's next channel after the failed one that they can receive
    and did not refuse; the failed row becomes `rerouted` (it keeps its reason). Idempotent: a row
    is rerouted once, and the unique (message, recipient, channel) row is inserted at most once, so
    a retried batch or a repeated receipt never sends twice. Returns the ids of the new rows."""
    if not message.fallback_on_failure or not row_ids:
        return []
    created: list[int] = []
    with transaction.atomic():
        failed = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(message_id=message.pk, pk__in=row_ids, status__in=FALLBACK_FROM, user_id__isnull=False)
            .order_by("pk")
        )
        if not failed:
            return []
        recipients = _fallback_recipients([row.user_id for row in failed])
        tried = defaultdict(set)
        for key, channel in Delivery.objects.filter(message_id=message.pk, recipient_key__in=[r.recipient_key for r in failed]).values_list("recipient_key", "channel"):
            tried[key].add(channel)
        for row in failed:
            recipient = recipients.get(row.user_id)
            later = message.channels[message.channels.index(row.channel) + 1:] if row.channel in message.channels else []
            later = [c for c in later if c not in tried[row.recipient_key]]
            channel, address, _skip = choose_channel(recipient, later) if recipient is not None and later else ("", "", "")
            if not channel:
                continue  # nothing left to try: the failure stands
            first = row.first_failure or f"{Channel(row.channel).label}：{row.reason or DeliveryStatus(row.status).label}"[:300]
            new = Delivery.objects.create(
                message_id=message.pk, recipient_key=row.recipient_key, user_id=row.user_id, recipient_name=row.recipient_name,
                address=address, channel=channel, status=DeliveryStatus.PENDING, fallback_of=row.pk, first_failure=first[:300],
            )
            Delivery.objects.filter(pk=row.pk).update(status=DeliveryStatus.REROUTED)
            tried[row.recipient_key].add(channel)
            created.append(new.pk)
    if created:
        logger.info("messaging: message %s: %s deliveries fall back to their next channel", message.pk, len(created))
    return created


def reroute_reported(delivery_id: int) -> list[int]:
    """A failure receipt came after the message finished: fall back, reopen the message and queue
    the new row (on commit)."""
    message = Message.objects.filter(deliveries__pk=delivery_id).first()
    if message is None or not message.fallback_on_failure or message.status == MessageStatus.CANCELLED:
        return []
    created = reroute_failed(message, [delivery_id])
    if created:
        Message.objects.filter(pk=message.pk, status=MessageStatus.COMPLETED).update(status=MessageStatus.SENDING, finished_at=None)
        refresh_progress(message.pk)
        enqueue("messaging.send_batch", message_id=message.pk, first_id=min(created), last_id=max(created))
    return created


def send_batch(message_id: int, first_id: int, last_id: int) -> BatchOutcome:
    """Send the pending deliveries of one id range. Safe to run twice, or concurrently."""
    outcome = BatchOutcome()
    message = Message.objects.filter(pk=message_id).first()
    if message is None or message.status != MessageStatus.SENDING:
        return outcome
    template = MessageTemplate.objects.filter(code=message.template_code).first() if message.template_code else None
    providers: dict[str, Provider] = {}
    _recover_stale(message_id, first_id, last_id, providers)
    rows = list(Delivery.objects.filter(message_id=message_id, pk__range=(first_id, last_id), status=DeliveryStatus.PENDING).order_by("pk"))
    if message.fallback_on_failure:
        # Rows that failed in a run that died before falling back (idempotent: rerouted rows stay).
        leftover = list(Delivery.objects.filter(message_id=message_id, pk__range=(first_id, last_id), status__in=FALLBACK_FROM).values_list("pk", flat=True))
        created = reroute_failed(message, leftover) if leftover else []
        rows += list(Delivery.objects.filter(pk__in=created, status=DeliveryStatus.PENDING).order_by("pk"))
    try:
        # Each round sends the rows, then (messages that fall back) the rows that failed get a row
        # on the next channel, sent in the next round; at most one round per channel.
        for _round in range(len(message.channels)):
            by_channel: dict[str, list[Delivery]] = defaultdict(list)
            for row in rows:
                by_channel[row.channel].append(row)
            for channel, channel_rows in by_channel.items():
                provider = providers.setdefault(channel, provider_for(channel))
                if provider.supports_idempotency_key and hasattr(provider, "send_many"):
                    _send_bulk(message, template, provider, channel_rows, outcome)
                else:
                    _send_each(message, template, provider, channel_rows, outcome)
            created = reroute_failed(message, [row.pk for row in rows]) if message.fallback_on_failure else []
            rows = list(Delivery.objects.filter(pk__in=created, status=DeliveryStatus.PENDING).order_by("pk"))
            if not rows:
                break
    finally:
        for provider in providers.values():
            provider.close()
    in_flight = Delivery.objects.filter(message_id=message_id, pk__range=(first_id, last_id), status=DeliveryStatus.SENDING).order_by("claimed_at").values_list("claimed_at", flat=True).first()
    if in_flight is not None:
        age = (timezone.now() - in_flight).total_seconds()
        outcome.wait_seconds = max(1.0, claim_lease_seconds() - age + 1)
    if outcome.paused_seconds:
        Message.objects.filter(pk=message_id).update(paused_until=timezone.now() + timezone.timedelta(seconds=outcome.paused_seconds))
    elif message.paused_until is not None:
        Message.objects.filter(pk=message_id).update(paused_until=None)
    refresh_progress(message_id)
    return outcome


def claim_paused_resume(message_id: int, first_id: int, seconds: int) -> bool:
    """True once per batch and pause: the caller schedules the batch to run again after the pause
    (a batch that runs again meanwhile, e.g. to retry another channel, does not schedule twice)."""
    return cache.add(f"messaging:paused:{connection.schema_name}:{message_id}:{first_id}", 1, timeout=max(1, seconds - min(60, seconds // 2)))


# --- schedules and recovery -----------------------------------------------------------------


def due_message_ids() -> list[int]:
    """Move due scheduled messages to the queue; returns their ids."""
    now = timezone.now()
    ids = list(Message.objects.filter(status=MessageStatus.SCHEDULED, send_at__lte=now).values_list("pk", flat=True))
    return [pk for pk in ids if Message.objects.filter(pk=pk, status=MessageStatus.SCHEDULED).update(status=MessageStatus.QUEUED)]


def stalled_messages(*, stale_seconds: int | None = None) -> list[Message]:
    """Queued, resolving or sending messages with no progress for `stale_seconds`."""
    cutoff = timezone.now() - timezone.timedelta(seconds=stale_seconds if stale_seconds is not None else claim_lease_seconds())
    queued = Message.objects.filter(status=MessageStatus.QUEUED, created_at__lt=cutoff, send_at__isnull=True) | Message.objects.filter(
        status=MessageStatus.QUEUED, send_at__lt=cutoff
    )
    # A message paused for a provider quota is not stalled: its batches are scheduled to resume.
    running = Message.objects.filter(status__in=[MessageStatus.RESOLVING, MessageStatus.SENDING], last_progress_at__lt=cutoff).exclude(
        paused_until__gt=timezone.now()
    )
    return list(queued) + list(running)
