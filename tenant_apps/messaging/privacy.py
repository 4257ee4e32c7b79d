"""What messaging holds about a person, for personal-data requests (core.personal_data, P21)."""

from __future__ import annotations

from core.personal_data import (
    ERASE,
    DataKind,
    ErasureStep,
    Section,
    Subject,
    model_rows,
    register_personal_data_provider,
)


def collect(subject: Subject) -> list[Section]:
    from tenant_apps.messaging.models import ChannelOptOut, Delivery, Letter

    deliveries = Delivery.objects.filter(user_id=subject.user_id).select_related("message").order_by("-id")[:2000]
    rows = model_rows(deliveries, ["recipient_name", "address", "channel", "status", "reason", "sent_at"])
    for row, delivery in zip(rows, deliveries, strict=True):
        row["消息"] = delivery.message.subject
    letters = Letter.objects.filter(user_id=subject.user_id).order_by("-created_at")[:2000]
    opt_outs = ChannelOptOut.objects.filter(user_id=subject.user_id)
    return [
        Section("messaging.deliveries", rows),
        Section("messaging.letters", model_rows(letters, ["title", "body", "is_read", "created_at"])),
        Section("messaging.opt_outs", model_rows(opt_outs, ["channel", "created_at"])),
    ]


def erase(subject: Subject) -> list[ErasureStep]:
    from tenant_apps.messaging.models import ChannelOptOut, Delivery, Letter

    # Rows stay for the message's totals, with nothing left that points at the person.
    deliveries = list(Delivery.objects.filter(user_id=subject.user_id).values_list("pk", flat=True))
    for pk in deliveries:
        Delivery.objects.filter(pk=pk).update(user=None, recipient_name="", address="", recipient_key=f"erased:{pk}")
    letters, _ = Letter.objects.filter(user_id=subject.user_id).delete()
    opt_outs, _ = ChannelOptOut.objects.filter(user_id=subject.user_id).delete()
    return [
        ErasureStep("messaging.deliveries", len(deliveries), note="收件人、地址已删除，发送统计保留"),
        ErasureStep("messaging.letters", letters),
        ErasureStep("messaging.opt_outs", opt_outs),
    ]


register_personal_data_provider(
    "messaging", label="消息", order=20,
    kinds=[
        DataKind("messaging.deliveries", "消息发送记录", ERASE),
        DataKind("messaging.letters", "站内信", ERASE),
        DataKind("messaging.opt_outs", "退订设置", ERASE),
    ],
    collect=collect, erase=erase,
)
