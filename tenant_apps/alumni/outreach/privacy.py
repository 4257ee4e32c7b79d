"""What alumni outreach holds about a person (rows of uploaded recipient lists, refusals of
mass mail / marketing SMS, e-mail opens), for personal-data requests (core.personal_data, P21,
docs/decisions/0139).

Order 15: it runs before messaging (20), whose erasure unlinks the deliveries that e-mail opens
are found through."""

from __future__ import annotations

from core.crypto import blind_index
from core.personal_data import (
    ERASE,
    PSEUDONYMISE,
    DataKind,
    ErasureStep,
    Section,
    Subject,
    model_rows,
    register_personal_data_provider,
)

OPT_OUT_REASON = ("《广告法》第四十三条、《通信短信息服务管理规定》第十八条：接收者拒绝后不得再向其发送；只保留地址的密钥哈希"
                  "（不可还原），删除它会让该地址重新收到群发")


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def _uploaded(subject: Subject) -> list:
    """Uploaded list rows with this person's phone or e-mail. The columns are encrypted without a
    look-up hash, so the rows are read and compared in clear (lists are small, per campaign)."""
    from tenant_apps.alumni.outreach.models import UploadedRecipient

    phone, email = _digits(subject.phone), subject.email.strip().lower()
    if not phone and not email:
        return []
    return [row for row in UploadedRecipient.objects.select_related("campaign").order_by("pk").iterator(chunk_size=2000)
            if (phone and _digits(row.phone or "") == phone) or (email and (row.email or "").strip().lower() == email)]


def _unsubscribes(subject: Subject):
    from tenant_apps.alumni.outreach.models import Unsubscribe

    hashes = [blind_index(value) for value in (subject.phone, subject.email) if value]
    return Unsubscribe.objects.filter(address_hash__in=hashes).order_by("created_at")


def _opens(subject: Subject):
    from tenant_apps.alumni.outreach.models import EmailOpen
    from tenant_apps.messaging.models import Delivery

    delivery_ids = Delivery.objects.filter(user_id=subject.user_id).values("pk")
    return EmailOpen.objects.filter(delivery_id__in=delivery_ids).select_related("campaign").order_by("opened_at")


def collect(subject: Subject) -> list[Section]:
    return [
        Section("alumni_outreach.uploaded_recipients", [{"群发": row.campaign.title, "行号": row.row_number, "姓名": row.name, "邮箱": row.email,
                                                          "手机号": row.phone} for row in _uploaded(subject)]),
        Section("alumni_outreach.unsubscribes", model_rows(_unsubscribes(subject), ["channel", "created_at"])),
        Section("alumni_outreach.email_opens", model_rows(_opens(subject), ["campaign", "opened_at", "open_count"])),
    ]


def erase(subject: Subject) -> list[ErasureStep]:
    from tenant_apps.alumni.outreach.models import EmailOpen, UploadedRecipient

    uploaded = [row.pk for row in _uploaded(subject)]
    UploadedRecipient.objects.filter(pk__in=uploaded).delete()
    opens = list(_opens(subject).values_list("pk", flat=True))
    EmailOpen.objects.filter(pk__in=opens).delete()
    kept = _unsubscribes(subject).count()
    return [
        ErasureStep("alumni_outreach.uploaded_recipients", len(uploaded)),
        ErasureStep("alumni_outreach.unsubscribes", kept, note="只保留地址的密钥哈希，今后不再向该地址群发"),
        ErasureStep("alumni_outreach.email_opens", len(opens)),
    ]


register_personal_data_provider(
    "alumni_outreach", label="校友群发", order=15,
    kinds=[
        DataKind("alumni_outreach.uploaded_recipients", "上传名单中的本人信息", ERASE),
        DataKind("alumni_outreach.unsubscribes", "退订记录", PSEUDONYMISE, legal_reason=OPT_OUT_REASON),
        DataKind("alumni_outreach.email_opens", "邮件打开记录", ERASE),
    ],
    collect=collect, erase=erase,
)
