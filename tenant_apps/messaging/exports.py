"""The delivery log of one message as an export (core.importexport): it names people and their
addresses, so it needs a stated reason, carries the requester and time, and is audited; the
address is masked unless the exporter may see full personal data. Large logs run as a job."""

from __future__ import annotations

from django.utils import timezone

from core.importexport.spec import ExportField, ExportSpec, register_export
from core.masking import mask_default, mask_email, mask_phone
from tenant_apps.messaging.enums import Channel, DeliveryStatus
from tenant_apps.messaging.models import Delivery, Message
from tenant_apps.messaging.selectors import delivery_list

REVEAL_PERMISSION = "accounts.reveal_personal_data"


def _mask_address(value: str) -> str:
    if "@" in value:
        return mask_email(value)
    if value.isdigit() and len(value) >= 7:
        return mask_phone(value)
    return mask_default(value)


def _deliveries(params: dict):
    message = Message.objects.filter(pk=int(params["message"])).first() if str(params.get("message", "")).isdigit() else None
    if message is None:
        return Delivery.objects.none()
    status = params.get("status", "") if params.get("status", "") in DeliveryStatus.values else ""
    channel = params.get("channel", "") if params.get("channel", "") in Channel.values else ""
    return delivery_list(message=message, status=status, channel=channel)


DELIVERY_EXPORT = register_export(ExportSpec(
    name="messaging.deliveries",
    title="发送明细",
    file_title="发送明细",
    permission="messaging.view_message",
    rows=lambda *, actor, params: _deliveries(params).iterator(chunk_size=2000),
    count=lambda *, actor, params: _deliveries(params).count(),
    param_names=("message", "status", "channel"),
    personal_data=True,  # names and addresses of the recipients
    fields=[
        ExportField("recipient_name", "姓名", lambda d: d.recipient_name, personal=True),
        ExportField("channel", "渠道", lambda d: d.get_channel_display() if d.channel else ""),
        ExportField("address", "地址", lambda d: d.address or "", permission=REVEAL_PERMISSION, mask=_mask_address),
        ExportField("status", "状态", lambda d: d.get_status_display()),
        ExportField("provider", "服务商", lambda d: d.provider),
        ExportField("provider_message_id", "服务商消息 ID", lambda d: d.provider_message_id),
        ExportField("reason", "原因", lambda d: d.reason),
        ExportField("first_failure", "首选渠道未送达原因", lambda d: d.first_failure),
        ExportField("attempts", "尝试次数", lambda d: d.attempts),
        ExportField("sent_at", "发送时间", lambda d: timezone.localtime(d.sent_at).strftime("%Y-%m-%d %H:%M:%S") if d.sent_at else ""),
    ],
    audit_action="messaging.deliveries_export",
))
