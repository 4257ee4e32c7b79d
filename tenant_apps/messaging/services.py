"""Writes of the messaging gateway. Other apps call these (never the models directly):

    from tenant_apps.messaging.services import Recipient, message_send, letter_send, ...
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from core.audit import audit_record, snapshot
from core.context import current_request_info
from core.crypto import blind_index
from core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from tenant_apps.messaging import dispatch, netguard, throttle
from tenant_apps.messaging.audiences import audience_resolver, register_audience_resolver  # noqa: F401 - re-exported
from tenant_apps.messaging.dispatch import register_item_personalizer  # noqa: F401 - re-exported
from tenant_apps.messaging.enums import (
    Channel,
    CodePurpose,
    DeliveryStatus,
    MessageStatus,
    ProviderName,
    VoiceCallStatus,
)
from tenant_apps.messaging.errors import MessagingErrorCode, ProviderError
from tenant_apps.messaging.models import (
    ChannelOptOut,
    Delivery,
    Letter,
    Message,
    MessageTemplate,
    ProviderConfig,
    VerificationCode,
    VoiceCall,
)
from tenant_apps.messaging.providers.base import OutgoingItem, Provider, register_provider  # noqa: F401 - re-exported
from tenant_apps.messaging.providers.registry import active_config, provider_for
from tenant_apps.messaging.recipients import Recipient
from tenant_apps.messaging.rendering import render_text

__all__ = [
    "Recipient",
    "message_send",
    "message_cancel",
    "delivery_report",
    "letter_send",
    "verification_code_send",
    "verification_code_verify",
    "voice_call_start",
    "register_voice_answer_handler",
    "voice_call_simulate_answer",
    "register_audience_resolver",
    "register_provider",
    "register_item_personalizer",
]

CHANNELS = set(Channel.values)

logger = logging.getLogger(__name__)


# --- messages -------------------------------------------------------------------------------


def _clean_channels(channels: list[str]) -> list[str]:
    cleaned: list[str] = []
    for channel in channels or []:
        if channel not in CHANNELS:
            raise ApplicationError(f"不支持的发送渠道：{channel}", code=MessagingErrorCode.INVALID_CHANNEL, fields={"channels": ["渠道无效。"]})
        if channel not in cleaned:
            cleaned.append(channel)
    if not cleaned:
        raise ApplicationError("请至少选择一个发送渠道。", code=MessagingErrorCode.INVALID_CHANNEL, fields={"channels": ["请选择渠道。"]})
    return cleaned


def _check_link(link: str) -> None:
    if link and not (link.startswith("/") or link.startswith("https://") or link.startswith("http://")):
        raise ApplicationError("链接须以 / 或 http(s):// 开头。", fields={"link": ["链接无效。"]})


@transaction.atomic
def message_send(
    *,
    actor,
    subject: str,
    body: str,
    channels: list[str],
    recipients: list[Recipient] | None = None,
    audience: dict | None = None,
    send_at=None,
    purpose: str = "notice",
    is_commercial: bool = False,
    template_code: str | None = None,
    context: dict | None = None,
    source: str = "",
    link: str = "",
    fallback_on_failure: bool = False,
) -> Message:
    """Create a message and queue it (or schedule it for `send_at`).

    `channels` are in order of preference: each recipient gets the message on the first
    channel they can receive (has an openid / phone / e-mail, did not opt out). The audience
    is `recipients` and/or an audience spec {"resolver": name, "filters": {...}}, resolved
    into a snapshot when sending starts. With `fallback_on_failure`, a delivery that fails (or
    whose channel is not configured) is sent once more on the person's next channel.
    """
    channels = _clean_channels(channels)
    if template_code:
        template = MessageTemplate.objects.filter(code=template_code, is_active=True).first()
        if template is None:
            raise ApplicationError("消息模板不存在或已停用。", code=MessagingErrorCode.TEMPLATE_NOT_FOUND, fields={"template_code": ["模板不存在。"]})
        subject = subject or template.subject
        body = body or template.body
    if not recipients and not audience:
        raise ApplicationError("请选择发送对象。", code=MessagingErrorCode.NO_AUDIENCE, fields={"audience": ["请选择发送对象。"]})
    if audience and audience_resolver(audience.get("resolver", "")) is None:
        raise ApplicationError("发送对象类型无效。", code=MessagingErrorCode.UNKNOWN_AUDIENCE, fields={"audience": ["发送对象类型无效。"]})
    _check_link(link)
    scheduled = send_at is not None and send_at > timezone.now()
    message = Message(
        subject=subject,
        body=body,
        channels=channels,
        audience=audience or {},
        explicit_recipients=dispatch.recipients_to_json(recipients) if recipients else "",
        purpose=purpose,
        is_commercial=is_commercial,
        template_code=template_code or "",
        context=context or {},
        source=source,
        link=link,
        send_at=send_at,
        fallback_on_failure=fallback_on_failure,
        status=MessageStatus.SCHEDULED if scheduled else MessageStatus.QUEUED,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    message.full_clean(exclude=["created_by"])
    message.save()
    audit_record(
        actor=actor,
        action="messaging.message_send",
        target=message,
        after=snapshot(message, fields=["subject", "channels", "audience", "status", "send_at", "purpose", "is_commercial", "source"]) | {"recipients": len(recipients or [])},
    )
    if not scheduled:
        dispatch.enqueue("messaging.start_message", message_id=message.pk)
    return message


@transaction.atomic
def message_cancel(*, actor, message: Message) -> Message:
    """Cancel a message that has not finished: a scheduled one never starts; a running one
    stops before the recipients not yet reached."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status in (MessageStatus.COMPLETED, MessageStatus.CANCELLED):
        raise ApplicationError("该消息已结束，无法取消。", code=MessagingErrorCode.NOT_CANCELLABLE)
    before = snapshot(message, fields=["status"])
    message.status = MessageStatus.CANCELLED
    message.finished_at = timezone.now()
    message.save(update_fields=["status", "finished_at"])
    Delivery.objects.filter(message=message, status=DeliveryStatus.PENDING).update(status=DeliveryStatus.CANCELLED, reason="已取消")
    dispatch.refresh_progress(message.pk)
    audit_record(actor=actor, action="messaging.message_cancel", target=message, before=before, after=snapshot(message, fields=["status"]))
    return message


def message_start_sending(*, message_id: int) -> list[tuple[int, int]]:
    """Resolve the audience snapshot (task side); returns id ranges of batches to send."""
    return dispatch.message_start(message_id)


def delivery_batch_send(*, message_id: int, first_id: int, last_id: int) -> dispatch.BatchOutcome:
    return dispatch.send_batch(message_id, first_id, last_id)


def delivery_batch_claim_resume(*, message_id: int, first_id: int, seconds: int) -> bool:
    """After a quota pause: True once per batch and pause, for the caller to schedule the batch."""
    return dispatch.claim_paused_resume(message_id, first_id, seconds)


def messages_dispatch_due() -> int:
    """Queue the scheduled messages whose time has come."""
    ids = dispatch.due_message_ids()
    for pk in ids:
        dispatch.enqueue("messaging.start_message", message_id=pk)
    return len(ids)


def message_resume(*, message: Message) -> int:
    """Queue again whatever a dead worker left unfinished (idempotent); returns tasks queued."""
    message.refresh_from_db()
    if message.status in (MessageStatus.QUEUED, MessageStatus.RESOLVING):
        dispatch.enqueue("messaging.start_message", message_id=message.pk)
        return 1
    if message.status != MessageStatus.SENDING:
        return 0
    ranges = dispatch.batch_ranges(message.pk, (DeliveryStatus.PENDING, DeliveryStatus.SENDING))
    for first_id, last_id in ranges:
        dispatch.enqueue("messaging.send_batch", message_id=message.pk, first_id=first_id, last_id=last_id)
    if not ranges:
        dispatch.refresh_progress(message.pk)
    return len(ranges)


def messages_resume_stalled() -> int:
    return sum(message_resume(message=message) for message in dispatch.stalled_messages())


# Receipts may only settle rows that reached the provider (they carry its message id).
REPORTABLE_STATUSES = (DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED, DeliveryStatus.UNKNOWN)


def delivery_report(*, provider_message_id: str, status: str, reason: str = "") -> Delivery | None:
    """A provider's final word on a delivery it accepted (e.g. WeChat's TEMPLATESENDJOBFINISH):
    the row found by the provider's message id becomes succeeded or failed (with the reason), and
    the message counters follow. Idempotent: the same report twice changes nothing. Returns the
    delivery, or None when no delivery carries that id (yet).

    No audit event: this is the provider reporting, one row per recipient; the delivery log is
    itself the record."""
    if status not in (DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED):
        raise ApplicationError("回执状态无效。", fields={"status": ["须为 succeeded 或 failed。"]})
    provider_message_id = (provider_message_id or "").strip()
    if not provider_message_id:
        return None
    reason = "" if status == DeliveryStatus.SUCCEEDED else (reason or "服务商回执：发送失败")[:300]
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .filter(provider_message_id=provider_message_id[:128], status__in=REPORTABLE_STATUSES)
            .order_by("-pk")
            .first()
        )
        if delivery is None or (delivery.status == status and delivery.reason == reason):
            return delivery
        was_succeeded = delivery.status == DeliveryStatus.SUCCEEDED
        delivery.status, delivery.reason = status, reason
        delivery.save(update_fields=["status", "reason"])
        # Counters move by one (receipts arrive one per recipient: no recount of the whole message).
        # "sent" stays: the row was sent either way; unknown rows already count as failed.
        is_succeeded = status == DeliveryStatus.SUCCEEDED
        if was_succeeded != is_succeeded:
            # A batch still running recounts at its end anyway; never let a lagging counter go below 0.
            gain, loss = ("succeeded", "failed") if is_succeeded else ("failed", "succeeded")
            Message.objects.filter(pk=delivery.message_id).update(
                **{gain: F(gain) + 1, loss: Greatest(F(loss) - 1, 0)}, last_progress_at=timezone.now()
            )
        if status == DeliveryStatus.FAILED:
            # Messages that fall back (e.g. a targeted push) try the person's next channel once.
            dispatch.reroute_reported(delivery.pk)
    return delivery


# --- in-app letters -------------------------------------------------------------------------


@transaction.atomic
def letter_send(*, recipient_user_ids: list[int], title: str, body: str, link: str = "", actor=None) -> int:
    """Put a letter in each user's message centre now; returns how many were written."""
    from tenant_apps.accounts.models import User

    _check_link(link)
    user_ids = list(User.objects.filter(pk__in=set(recipient_user_ids), is_active=True).values_list("pk", flat=True))
    Letter.objects.bulk_create([Letter(user_id=pk, title=title[:200], body=body, link=link) for pk in user_ids], batch_size=1000)
    audit_record(actor=actor, action="messaging.letter_send", object_type="messaging.letter", object_label=title[:200], after={"recipients": len(user_ids)})
    return len(user_ids)


def letter_mark_read(*, user, letter_id: int) -> Letter:
    letter = Letter.objects.filter(pk=letter_id, user=user).first()
    if letter is None:
        raise NotFound("消息不存在。")
    if not letter.is_read:
        letter.is_read = True
        letter.read_at = timezone.now()
        letter.save(update_fields=["is_read", "read_at"])
    return letter


def letter_mark_all_read(*, user) -> int:
    return Letter.objects.filter(user=user, is_read=False).update(is_read=True, read_at=timezone.now())


@transaction.atomic
def channel_opt_out(*, user, channel: str) -> None:
    """Record that a user refuses a channel (e.g. replied R to a commercial SMS)."""
    ChannelOptOut.objects.get_or_create(user=user, channel=channel)
    audit_record(actor=user, action="messaging.channel_opt_out", target=user, after={"channel": channel})


# --- templates ------------------------------------------------------------------------------

TEMPLATE_FIELDS = ["code", "name", "subject", "body", "sms_template_code", "wechat_template_id", "is_active"]


@transaction.atomic
def template_save(*, actor, template: MessageTemplate | None = None, data: dict) -> MessageTemplate:
    creating = template is None
    template = template or MessageTemplate()
    before = None if creating else snapshot(template, fields=TEMPLATE_FIELDS)
    for field in TEMPLATE_FIELDS:
        if field in data:
            setattr(template, field, data[field])
    template.full_clean()
    template.save()
    audit_record(actor=actor, action="messaging.template_create" if creating else "messaging.template_update", target=template, before=before, after=snapshot(template, fields=TEMPLATE_FIELDS))
    return template


@transaction.atomic
def template_delete(*, actor, template: MessageTemplate) -> None:
    audit_record(actor=actor, action="messaging.template_delete", target=template, before=snapshot(template, fields=TEMPLATE_FIELDS))
    template.delete()


def template_preview(*, subject: str, body: str, context: dict | None = None, name: str = "") -> dict[str, str]:
    """Render a template with sample values (safe placeholders only)."""
    values = {"name": name or "张三", **(context or {})}
    return {"subject": render_text(subject, values), "body": render_text(body, values)}


def template_test_send(*, actor, template: MessageTemplate, channels: list[str], context: dict | None = None) -> Message:
    """Send the template to the acting user only, on the chosen channels."""
    recipient = Recipient(user_id=actor.pk, name=str(actor), phone=getattr(actor, "phone", "") or "", email=actor.email or "", openid=getattr(actor, "wechat_openid", "") or "")
    return message_send(
        actor=actor,
        subject=f"[测试] {template.subject}",
        body=template.body,
        channels=channels,
        recipients=[recipient],
        purpose="test",
        template_code=template.code,
        context=context or {},
        source="template_test",
    )


# --- provider settings ----------------------------------------------------------------------


@transaction.atomic
def provider_config_save(*, actor, config: ProviderConfig | None = None, channel: str, provider: str, options: dict, secrets_update: dict | None = None, is_active: bool = True) -> ProviderConfig:
    """Create or change a tenant's provider for a channel. Secrets given are merged in
    (an empty value keeps the stored one), so forms never show secrets back."""
    creating = config is None
    if provider not in ProviderName.values:
        raise ApplicationError("服务商无效。", fields={"provider": ["服务商无效。"]})
    netguard.check_options(provider, options)
    if is_active:
        ProviderConfig.objects.filter(channel=channel, is_active=True).exclude(pk=getattr(config, "pk", None)).update(is_active=False)
    config = config or ProviderConfig()
    before = None if creating else snapshot(config, fields=["channel", "provider", "options", "is_active"])
    stored = config.secret_values
    stored.update({k: v for k, v in (secrets_update or {}).items() if v})
    config.channel, config.provider, config.options, config.is_active = channel, provider, options, is_active
    config.secrets = json.dumps(stored) if stored else ""
    config.full_clean()
    config.save()
    audit_record(
        actor=actor,
        action="messaging.provider_create" if creating else "messaging.provider_update",
        target=config,
        before=before,
        after=snapshot(config, fields=["channel", "provider", "options", "is_active"]) | {"secret_keys": sorted(stored)},
    )
    return config


# --- verification codes ---------------------------------------------------------------------

CODE_LENGTH = 6
CODE_TTL_SECONDS = 5 * 60
CODE_MAX_ATTEMPTS = 5
# (window seconds, sends allowed) per target, then per IP.
TARGET_LIMITS = ((60, 1), (3600, 5), (86400, 10))
IP_LIMITS = ((3600, 30), (86400, 100))


def _code_hash(target_hash: str, purpose: str, code: str) -> str:
    key = f"{settings.FIELD_HASH_KEY}:code".encode()
    return hmac.new(key, f"{target_hash}:{purpose}:{code}".encode(), hashlib.sha256).hexdigest()


def _normalize_target(target: str, channel: str) -> str:
    target = target.strip()
    return target.lower() if channel == Channel.EMAIL else target.replace(" ", "").removeprefix("+86")


def verification_code_send(*, target: str, channel: str, purpose: str) -> None:
    """Send a 6-digit code by SMS or e-mail (valid 5 minutes). Raises ApplicationError
    with code "rate_limited" when the number, address or IP asked too often."""
    if channel not in (Channel.SMS, Channel.EMAIL):
        raise ApplicationError("验证码只能通过短信或邮件发送。", code=MessagingErrorCode.INVALID_CHANNEL)
    if purpose not in CodePurpose.values:
        raise ApplicationError("验证码用途无效。")
    target = _normalize_target(target, channel)
    if not target:
        raise ApplicationError("请填写手机号或邮箱。", fields={"target": ["必填。"]})
    target_hash = blind_index(target)
    ip = current_request_info().ip or ""
    for window, limit in TARGET_LIMITS:
        if not throttle.hit(f"code:target:{target_hash}:{window}", limit=limit, window_seconds=window):
            wait = "1 分钟" if window == 60 else ("1 小时" if window == 3600 else "明天")
            raise ApplicationError(f"验证码发送过于频繁，请{wait}后再试。", code=MessagingErrorCode.RATE_LIMITED, status=429)
    if ip:
        for window, limit in IP_LIMITS:
            if not throttle.hit(f"code:ip:{ip}:{window}", limit=limit, window_seconds=window):
                raise ApplicationError("当前网络请求验证码过于频繁，请稍后再试。", code=MessagingErrorCode.RATE_LIMITED, status=429)
    code = f"{secrets.randbelow(10**CODE_LENGTH):0{CODE_LENGTH}d}"
    record = VerificationCode.objects.create(
        target_hash=target_hash,
        purpose=purpose,
        channel=channel,
        code_hash=_code_hash(target_hash, purpose, code),
        expires_at=timezone.now() + timezone.timedelta(seconds=CODE_TTL_SECONDS),
        ip=ip or None,
    )
    provider = provider_for(channel)
    config = active_config(channel)
    options = dict(getattr(config, "options", None) or {})
    template_code = options.get("code_template_code") or options.get("code_template_id") or ""
    text = f"您的验证码为 {code}，5 分钟内有效。如非本人操作请忽略。"
    item = OutgoingItem(
        channel=channel,
        to=target,
        subject="验证码",
        body=text,
        out_id=f"c{record.pk}",
        template_code=template_code,
        template_params={"code": code} if template_code else {},
        is_secret=True,
    )
    if settings.DEBUG and not provider.delivers:  # development: the code is in the server log only
        logger.info("verification code for %s (%s): %s", purpose, channel, code)
    try:
        throttle.provider_acquire(provider.name, provider.rate_per_second)
        provider.send(item)
    except ProviderError as exc:
        raise ApplicationError("验证码发送失败，请稍后再试。", code="send_failed", status=502) from exc
    finally:
        provider.close()


def verification_code_verify(*, target: str, purpose: str, code: str) -> bool:
    """True when `code` is the latest unexpired code for the target; it is then used up.
    Each code allows 5 attempts."""
    channel = Channel.EMAIL if "@" in target else Channel.SMS
    target_hash = blind_index(_normalize_target(target, channel))
    with transaction.atomic():
        record = (
            VerificationCode.objects.select_for_update()
            .filter(target_hash=target_hash, purpose=purpose, consumed_at__isnull=True, expires_at__gt=timezone.now())
            .order_by("-created_at", "-pk")
            .first()
        )
        if record is None or record.attempts >= CODE_MAX_ATTEMPTS:
            return False
        record.attempts += 1
        matched = hmac.compare_digest(record.code_hash, _code_hash(target_hash, purpose, (code or "").strip()))
        if matched:
            record.consumed_at = timezone.now()
        record.save(update_fields=["attempts", "consumed_at"])
        return matched


# --- voice calls ----------------------------------------------------------------------------

VoiceAnswerHandler = Callable[[str, str], None]
_voice_handlers: dict[str, VoiceAnswerHandler] = {}

# Calls with an answer handler are interactive (IvrCall on Aliyun): 1 and 2 answer, 3 repeats the
# text inside the same call (the provider plays it again; nothing is handed to the handler).
VOICE_ANSWER_KEYS = ("1", "2")
VOICE_REPEAT_KEY = "3"
VOICE_KEYS = (*VOICE_ANSWER_KEYS, VOICE_REPEAT_KEY)


def register_voice_answer_handler(name: str, func: VoiceAnswerHandler) -> None:
    """`func(reference, digit)` is called once when the callee presses a key."""
    _voice_handlers[name] = func


@transaction.atomic
def voice_call_start(*, phone: str, text: str, reference: str, answer_handler: str) -> VoiceCall:
    """Place a voice notification; the key pressed goes to `answer_handler`."""
    if answer_handler not in _voice_handlers:
        raise ApplicationError("未注册的语音应答处理器。", code="unknown_answer_handler")
    call = VoiceCall(phone=phone, text=text, reference=reference, answer_handler=answer_handler)
    call.full_clean()
    call.save()
    audit_record(actor=None, action="messaging.voice_call_start", target=call, after={"reference": reference, "answer_handler": answer_handler})
    dispatch.enqueue("messaging.place_voice_call", call_id=call.pk)
    return call


def voice_call_place(*, call_id: int) -> VoiceCall:
    """Task side: ask the provider to call (once)."""
    claimed = VoiceCall.objects.filter(pk=call_id, status=VoiceCallStatus.QUEUED).update(status=VoiceCallStatus.PLACED)
    call = VoiceCall.objects.get(pk=call_id)
    if not claimed:
        return call
    provider = provider_for(Channel.VOICE)
    call.provider = provider.name
    try:
        throttle.provider_acquire(provider.name, provider.rate_per_second)
        result = provider.send(OutgoingItem(channel=Channel.VOICE, to=call.phone, subject="语音通知", body=call.text, out_id=call.out_id,
                                            template_params={"content": call.text}, voice_keys=VOICE_KEYS))
        call.call_id = result.provider_message_id
    except ProviderError as exc:
        call.status = VoiceCallStatus.FAILED
        call.reason = exc.message[:300]
    call.save(update_fields=["provider", "call_id", "status", "reason"])
    return call


def voice_call_answer(*, call: VoiceCall, digit: str) -> VoiceCall:
    """Record the key pressed and hand it to the registered handler, once."""
    with transaction.atomic():
        call = VoiceCall.objects.select_for_update().get(pk=call.pk)
        if call.digit:
            return call
        call.digit = digit[:8]
        call.status = VoiceCallStatus.ANSWERED
        call.answered_at = timezone.now()
        call.save(update_fields=["digit", "status", "answered_at"])
        audit_record(actor=None, action="messaging.voice_call_answer", target=call, after={"digit": call.digit})
        handler = _voice_handlers.get(call.answer_handler)
        if handler is not None:
            handler(call.reference, call.digit)
    return call


SIMULATED_DIGITS = ("1", "2", "3")


def voice_simulation_enabled() -> bool:
    """Key presses may be simulated in development and demo set-ups only: the setting
    MESSAGING_VOICE_SIMULATION (or the environment variable), by default DEBUG."""
    configured = getattr(settings, "MESSAGING_VOICE_SIMULATION", None)
    if configured is None:
        value = os.environ.get("MESSAGING_VOICE_SIMULATION", "")
        configured = value.lower() in ("1", "true", "yes", "on") if value else settings.DEBUG
    return bool(configured)


@transaction.atomic
def voice_call_simulate_answer(*, actor, call: VoiceCall, digit: str) -> VoiceCall:
    """Press a key for a voice call that went to the outbox (no voice provider configured), so a
    development or demo set-up can play the callee. The key goes through the same path as the
    provider's callback: recorded once, then handed to the call's answer handler."""
    if not voice_simulation_enabled():
        raise PermissionDenied("仅开发和演示环境可以模拟按键。", code=MessagingErrorCode.VOICE_SIMULATION_DISABLED)
    if call.provider != ProviderName.OUTBOX:
        raise ApplicationError("只能为发件箱中的语音通知模拟按键。", code=MessagingErrorCode.VOICE_SIMULATION_DISABLED)
    if digit not in SIMULATED_DIGITS:
        raise ApplicationError("按键无效。", fields={"digit": ["请选择 1、2 或 3。"]})
    if call.digit or call.status != VoiceCallStatus.PLACED:
        raise Conflict("该语音通知已应答或未呼出，不能再按键。", code=MessagingErrorCode.VOICE_ALREADY_ANSWERED)
    audit_record(actor=actor, action="messaging.voice_call_simulate_answer", target=call, after={"digit": digit, "reference": call.reference})
    return voice_call_answer(call=call, digit=digit)


def answer_digit(dtmf: str) -> str:
    """The answer in the keys an interactive call collected: the last answer key pressed ("31" is
    repeat, then accept: "1"); "" when only the repeat key or other keys were pressed."""
    for digit in reversed(str(dtmf or "")):
        if digit in VOICE_ANSWER_KEYS:
            return digit
    return ""


# VoiceCallReport status codes that end a call without an answer (Aliyun 呼叫状态码).
VOICE_STATUS_REASONS = {
    "200002": "被叫忙", "200003": "被叫无应答", "200004": "被叫关机", "200005": "被叫停机", "200006": "被叫号码不存在",
    "200007": "被叫拒接", "200010": "被叫未接听",
}


def voice_callback_receive(*, provider: str, token: str, events: list[dict]) -> int:
    """The voice provider's receipts (Aliyun VoiceCallReport: a JSON array of {call_id, out_id,
    status_code, dtmf, status_time}). The shared token must match the provider's configured
    `callback_token`; an event names its call by the provider's call id, and when it also carries
    our out id the two must agree (a receipt cannot answer someone else's call). The first answer
    key (1 or 2) is applied once; the repeat key (3) is played by the provider inside the call and
    only noted; a receipt without a key records why the call ended."""
    config = ProviderConfig.objects.filter(channel=Channel.VOICE, provider=provider, is_active=True).first()
    expected = (config.secret_values.get("callback_token", "") if config else "") or ""
    if not expected or not hmac.compare_digest(expected.encode(), (token or "").encode()):
        raise PermissionDenied("回调令牌无效。", code=MessagingErrorCode.CALLBACK_FORBIDDEN)
    handled = 0
    for event in events:
        call_id, out_id = str(event.get("call_id") or ""), str(event.get("out_id") or "")
        if call_id:
            call = VoiceCall.objects.filter(call_id=call_id, provider=provider).first()
        elif out_id.startswith("v") and out_id[1:].isdigit():  # only a call the provider gave no id
            call = VoiceCall.objects.filter(pk=int(out_id[1:]), provider=provider, call_id="").first()
        else:
            call = None
        if call is None or (out_id and out_id != call.out_id):
            logger.warning("messaging: voice receipt for an unknown call (call_id=%s, out_id=%s) ignored", call_id[:40], out_id[:40])
            continue
        dtmf = str(event.get("dtmf") or event.get("digit") or "")
        digit = answer_digit(dtmf)
        if digit:
            voice_call_answer(call=call, digit=digit)
        elif VOICE_REPEAT_KEY in dtmf:
            VoiceCall.objects.filter(pk=call.pk, digit="").update(reason="已按 3 重听，等待答复")
        elif event.get("status_code") and call.status == VoiceCallStatus.PLACED:
            code = str(event["status_code"])
            reason = VOICE_STATUS_REASONS.get(code) or str(event.get("status_msg") or f"呼叫状态 {code}")
            VoiceCall.objects.filter(pk=call.pk, digit="").update(reason=reason[:300])
        handled += 1
    return handled
