"""What the employment module holds about a person (graduate record, destination, resumes,
applications), for personal-data requests (core.personal_data, P21)."""

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

STATISTICS_REASON = ("《普通高等学校毕业生就业工作暂行规定》与毕业去向登记（教学厅〔2023〕5号）：毕业去向须上报教育部并留存备查，"
                     "去标识化后仅用于统计")
RECORD_FIELDS = ["graduation_year", "student_number", "name", "id_number", "gender", "education", "major_name", "origin_region",
                 "phone", "email", "org_unit", "verification_status"]
DESTINATION_FIELDS = ["category", "employer_name", "employer_region", "job_title", "contract_start", "monthly_pay", "admitting_school",
                      "country", "notes", "status", "submitted_at"]


def collect(subject: Subject) -> list[Section]:
    from tenant_apps.employment.applications.models import Application
    from tenant_apps.employment.destinations.models import Destination
    from tenant_apps.employment.resumes.models import Resume
    from tenant_apps.employment.students.models import GraduateRecord

    records = GraduateRecord.objects.filter(user_id=subject.user_id).select_related("org_unit")
    resumes = Resume.objects.filter(student_id=subject.user_id).select_related("current_version")
    resume_rows = model_rows(resumes, ["title", "status", "created_at", "updated_at"])
    for row, resume in zip(resume_rows, resumes, strict=True):
        row["内容"] = resume.current_version.sections if resume.current_version else None
        row["附件"] = "、".join(resume.attachments.values_list("name", flat=True))
    applications = Application.objects.filter(student_id=subject.user_id).select_related("job", "employer").order_by("-submitted_at")
    return [
        Section("employment.graduate_record", model_rows(records, RECORD_FIELDS)),
        Section("employment.destination", model_rows(Destination.objects.filter(record__user_id=subject.user_id), DESTINATION_FIELDS)),
        Section("employment.resumes", resume_rows),
        Section("employment.applications", model_rows(applications, ["job", "employer", "status", "cover_note", "interview_at", "submitted_at"])),
    ]


def erase(subject: Subject) -> list[ErasureStep]:
    from tenant_apps.employment.applications.models import Application
    from tenant_apps.employment.destinations.models import Destination
    from tenant_apps.employment.resumes.models import Resume, ResumeAttachment
    from tenant_apps.employment.students.models import GraduateRecord, RecordCorrection

    applications = Application.objects.filter(student_id=subject.user_id)
    application_count = applications.count()
    applications.delete()
    resume_ids = list(Resume.objects.filter(student_id=subject.user_id).values_list("pk", flat=True))
    for attachment in ResumeAttachment.objects.filter(resume_id__in=resume_ids):
        attachment.file.delete(save=False)
    Resume.objects.filter(pk__in=resume_ids).delete()
    record_ids = list(GraduateRecord.objects.filter(user_id=subject.user_id).values_list("pk", flat=True))
    for correction in RecordCorrection.objects.filter(record_id__in=record_ids):
        if correction.evidence:
            correction.evidence.delete(save=False)
        correction.delete()
    destinations = Destination.objects.filter(record_id__in=record_ids).update(notes="")
    for pk in record_ids:
        GraduateRecord.objects.filter(pk=pk).update(
            user=None, name=subject.pseudonym[:50], student_number=f"erased-{pk}", exam_number="", id_number="", id_number_hash="", phone="", email="")
    return [
        ErasureStep("employment.graduate_record", len(record_ids), note="姓名改为化名；学号、证件号、联系方式已删除"),
        ErasureStep("employment.destination", destinations),
        ErasureStep("employment.resumes", len(resume_ids)),
        ErasureStep("employment.applications", application_count),
    ]


register_personal_data_provider(
    "employment", label="就业", order=40,
    kinds=[
        DataKind("employment.graduate_record", "生源信息", PSEUDONYMISE, legal_reason=STATISTICS_REASON),
        DataKind("employment.destination", "毕业去向", PSEUDONYMISE, legal_reason=STATISTICS_REASON),
        DataKind("employment.resumes", "简历", ERASE),
        DataKind("employment.applications", "投递记录", ERASE),
    ],
    collect=collect, erase=erase,
)
