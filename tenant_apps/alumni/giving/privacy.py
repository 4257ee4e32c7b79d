"""What alumni giving holds about a person (donations with their certificates, donor form
answers and messages), for personal-data requests (core.personal_data, P21, docs/decisions/0139)."""

from __future__ import annotations

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

DONATION_REASON = ("《会计法》第二十三条、《会计档案管理办法》第十四条：捐赠收款记录与捐赠票据存根作为会计凭证保管三十年；"
                   "《慈善法》要求慈善组织如实记录捐赠并接受审计与监督检查（捐赠人改为化名，不再公开展示）")
DONATION_FIELDS = ["number", "project", "donor_name", "is_anonymous", "message", "amount_fen", "channel", "status", "order_no", "paid_at",
                   "chapter_name", "class_year", "receipt_number", "created_at"]
CERTIFICATE_FIELDS = ["number", "project", "certificate_number", "certificate_has_seal", "certificate_issued_at"]


def _donations(subject: Subject):
    from tenant_apps.alumni.giving.models import Donation

    return Donation.objects.filter(donor_id=subject.user_id).select_related("project").order_by("-created_at")


def collect(subject: Subject) -> list[Section]:
    donations = _donations(subject)
    return [
        Section("alumni_giving.donations", model_rows(donations, DONATION_FIELDS)),
        Section("alumni_giving.certificates", model_rows(donations.exclude(certificate_number=""), CERTIFICATE_FIELDS)),
        Section("alumni_giving.answers", [{"捐赠编号": d.number, "项目": str(d.project), "填写内容": d.answers}
                                          for d in donations if d.answers]),
    ]


def erase(subject: Subject) -> list[ErasureStep]:
    donations = _donations(subject)
    answers = donations.exclude(answers={}).count()
    certificates = donations.exclude(certificate_number="").count()
    # The row stays (amount, date, receipt number, certificate number: the accounting record);
    # the name shown on lists and certificates becomes the stand-in and the gift turns anonymous.
    count = donations.update(donor_name=subject.pseudonym[:50], is_anonymous=True, message="", answers={})
    return [
        ErasureStep("alumni_giving.donations", count, note="捐赠人姓名改为化名并设为匿名，留言已删除"),
        ErasureStep("alumni_giving.certificates", certificates, note="证书编号保留，证书上的姓名显示为化名"),
        ErasureStep("alumni_giving.answers", answers),
    ]


register_personal_data_provider(
    "alumni_giving", label="校友捐赠", order=51,
    kinds=[
        DataKind("alumni_giving.donations", "捐赠记录", PSEUDONYMISE, legal_reason=DONATION_REASON),
        DataKind("alumni_giving.certificates", "捐赠证书", PSEUDONYMISE, legal_reason=DONATION_REASON),
        DataKind("alumni_giving.answers", "捐赠表单填写内容与留言", ERASE),
    ],
    collect=collect, erase=erase,
)
