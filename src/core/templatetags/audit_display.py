"""Display names for audit events and message channels in pages: `{{ e.action|action_label }}`,
`{{ e.object_type|object_type_label }}`, `{{ e|audit_object }}`, `{{ m.channels|channel_labels }}`."""

from django import template

from core.audit import action_label as _action_label
from core.audit import event_object_text
from core.audit import object_type_label as _object_type_label

register = template.Library()

CHANNEL_LABELS = {"letter": "站内信", "wechat": "微信", "sms": "短信", "email": "邮件", "voice": "语音电话", "mail": "邮件"}


@register.filter
def action_label(code: str) -> str:
    return _action_label(code or "")


@register.filter
def object_type_label(code: str) -> str:
    return _object_type_label(code or "")


@register.filter
def audit_object(event) -> str:
    return event_object_text(event)


@register.filter
def channel_labels(channels, separator: str = "、") -> str:
    if isinstance(channels, str):
        channels = [channels]
    return separator.join(CHANNEL_LABELS.get(c, c) for c in (channels or []))
