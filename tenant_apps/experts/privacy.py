"""What the expert library holds about a person, for personal-data requests (core.personal_data, P21)."""

from __future__ import annotations

from django.utils import timezone

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

PROCUREMENT_REASON = "《政府采购法》第四十二条：采购文件（含评审专家名单、评审记录）自采购结束之日起至少保存十五年"
ACCOUNTING_REASON = "《会计法》第二十三条、《会计档案管理办法》第十四条：会计凭证（劳务费发放记录、确认函）保管三十年"
PROFILE_FIELDS = ["name", "gender", "birth_date", "id_number", "phone", "email", "employer", "position", "title", "education",
                  "specialty", "region", "address", "postal_code", "bank_name", "bank_account", "resume", "status", "domains"]


def _experts(subject: Subject):
    from tenant_apps.experts.models import Expert

    return Expert.objects.filter(user_id=subject.user_id)


def collect(subject: Subject) -> list[Section]:
    from tenant_apps.experts.fees.models import FeeLine
    from tenant_apps.experts.models import ExpertAttachment, Participation

    experts = list(_experts(subject))
    ids = [e.pk for e in experts]
    fee_lines = FeeLine.objects.filter(expert_id__in=ids).select_related("project").order_by("-created_at")
    fee_rows = model_rows(fee_lines, ["project", "workload_days", "review_fee", "travel_fee", "other_fee", "tax_withheld", "net_amount", "status", "paid_on"])
    return [
        Section("experts.profile", model_rows(experts, PROFILE_FIELDS)),
        Section("experts.attachments", model_rows(ExpertAttachment.objects.filter(expert_id__in=ids), ["kind", "original_name", "uploaded_at"])),
        Section("experts.participations", model_rows(Participation.objects.filter(expert_id__in=ids).order_by("-occurred_at"), ["kind", "project_title", "occurred_at"])),
        Section("experts.fee_lines", fee_rows),
    ]


def erase(subject: Subject) -> list[ErasureStep]:
    from tenant_apps.experts.fees.models import FeeLetter, FeeLine
    from tenant_apps.experts.models import Expert, ExpertAttachment, Participation, SavedSearch

    pseudonym = subject.pseudonym[:50]
    ids = list(_experts(subject).values_list("pk", flat=True))
    attachments = 0
    for attachment in ExpertAttachment.objects.filter(expert_id__in=ids):
        attachment.file.delete(save=False)
        attachment.delete()
        attachments += 1
    SavedSearch.objects.filter(user_id=subject.user_id).delete()
    letters = 0
    for letter in FeeLetter.objects.filter(line__expert_id__in=ids):
        expert = dict(letter.content.get("expert") or {})
        expert.update(name=pseudonym, bank_account="", bank_name="", id_number="", phone="")
        FeeLetter.objects.filter(pk=letter.pk).update(content={**letter.content, "expert": expert})
        letters += 1
    fee_lines = FeeLine.objects.filter(expert_id__in=ids).count()
    participations = Participation.objects.filter(expert_id__in=ids).count()
    # Kept rows point at a stub: no name, number, contact or bank detail is left on it.
    Expert.objects.filter(pk__in=ids).update(
        user=None, name=pseudonym, birth_date=None, id_number="", id_number_hash="", phone="", phone_hash="", email="", address="",
        postal_code="", bank_name="", bank_account="", resume="", search_text="", deleted_at=timezone.now(), delete_reason="个人信息删除请求",
    )
    return [
        ErasureStep("experts.profile", len(ids), note="姓名改为化名；证件号、联系方式、银行账户、简介已删除"),
        ErasureStep("experts.attachments", attachments),
        ErasureStep("experts.participations", participations),
        ErasureStep("experts.fee_lines", fee_lines, note=f"确认函 {letters} 份中的姓名、账户已改为化名"),
    ]


register_personal_data_provider(
    "experts", label="专家库", order=60,
    kinds=[
        DataKind("experts.profile", "专家信息", PSEUDONYMISE, legal_reason=PROCUREMENT_REASON),
        DataKind("experts.attachments", "专家附件（证书、证件扫描件）", ERASE),
        DataKind("experts.participations", "参评记录", PSEUDONYMISE, legal_reason=PROCUREMENT_REASON),
        DataKind("experts.fee_lines", "劳务费记录", PSEUDONYMISE, legal_reason=ACCOUNTING_REASON),
    ],
    collect=collect, erase=erase,
)
