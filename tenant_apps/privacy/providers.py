"""What the platform itself holds about a person: the audit trail (core.audit) and the
person's own personal-data requests. Registered on import from PrivacyConfig.ready()."""

from __future__ import annotations

from django.db.models import Q

from core.models import AuditEvent
from core.personal_data import (
    PSEUDONYMISE,
    DataKind,
    ErasureStep,
    Section,
    Subject,
    model_rows,
    register_personal_data_provider,
)

AUDIT_REASON = ("《网络安全法》第二十一条：网络日志留存不少于六个月；《个人信息保护法》第四十七条第二款："
                "法律规定的保存期限未届满的，停止存储和安全保护之外的处理")
REQUEST_REASON = "《个人信息保护法》第五十条、第五十四条：受理和答复个人信息请求的记录是履行义务、接受合规审计的证明"


def _audit_events(subject: Subject):
    return AuditEvent.objects.filter(Q(actor_id=subject.user_id) | Q(object_type="accounts.user", object_id=str(subject.user_id)))


def collect(subject: Subject) -> list[Section]:
    from tenant_apps.privacy.models import PersonalDataRequest

    events = _audit_events(subject).order_by("-created_at")[:2000]
    requests = PersonalDataRequest.objects.filter(subject_id=subject.user_id).order_by("id")
    return [
        Section("platform.audit", model_rows(events, ["created_at", "actor_label", "action", "object_type", "object_label", "ip", "user_agent"])),
        Section("platform.privacy_requests", [
            {**row, "更正内容": req.correction_list}
            for req, row in zip(requests, model_rows(requests, ["kind", "status", "details", "resolution", "received_on", "due_on", "completed_at"]), strict=True)
        ]),
    ]


def erase(subject: Subject) -> list[ErasureStep]:
    from tenant_apps.privacy.models import PersonalDataRequest

    pseudonym = subject.pseudonym
    acted = AuditEvent.objects.filter(actor_id=subject.user_id).update(actor_label=pseudonym)
    about = AuditEvent.objects.filter(object_type="accounts.user", object_id=str(subject.user_id)).update(object_label=pseudonym)
    requests = list(PersonalDataRequest.objects.filter(subject_id=subject.user_id))
    for request in requests:
        # Earlier copies of the person's data go too: a kept export would undo the erasure.
        for field in (request.export_archive, request.export_pdf):
            if field:
                field.delete(save=False)
    PersonalDataRequest.objects.filter(subject_id=subject.user_id).update(details="", corrections="", export_archive="", export_pdf="")
    return [
        ErasureStep("platform.audit", acted + about, note="操作人和对象名称改为化名，IP 与时间保留"),
        ErasureStep("platform.privacy_requests", len(requests), note="请求说明、更正内容和导出副本已删除"),
    ]


register_personal_data_provider(
    "platform", label="平台（审计日志与个人信息请求）", order=900,
    kinds=[
        DataKind("platform.audit", "审计日志", PSEUDONYMISE, legal_reason=AUDIT_REASON),
        DataKind("platform.privacy_requests", "个人信息请求记录", PSEUDONYMISE, legal_reason=REQUEST_REASON),
    ],
    collect=collect, erase=erase,
)
