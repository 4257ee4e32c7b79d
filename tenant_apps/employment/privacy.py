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


# --- employment services: fairs, info sessions, chat, Q&A and advising, surveys, assessments,
# tri-party agreements, recommendations (docs/decisions/0139). Order 35: before the provider
# above, whose erasure unlinks the graduate record that agreements are found through. Push
# deliveries are messaging's (its own provider).

CONTRACT_REASON = ("《民法典》第一百八十八条（诉讼时效三年）及毕业去向登记核查（教学厅〔2023〕5号）：已签约的三方协议作为合同与去向证明留存；"
                   "学生姓名、学号、证件号改为化名或删除，签署的协议 PDF 删除，以内容哈希证明签署内容")


def _services_collect(subject: Subject) -> list[Section]:
    from tenant_apps.employment.agreements.models import Agreement
    from tenant_apps.employment.assessment.models import AssessmentResult
    from tenant_apps.employment.chat.models import ChatMessage, Conversation
    from tenant_apps.employment.fairs.models import FairFollow, FairTicket
    from tenant_apps.employment.qa.models import AdvisingBooking, Question, QuestionMessage
    from tenant_apps.employment.recommend.models import JobIntention, Recommendation
    from tenant_apps.employment.sessions.models import SessionSignup
    from tenant_apps.employment.surveys.models import SurveyResponse

    uid = subject.user_id
    tickets = FairTicket.objects.filter(student_id=uid).select_related("fair").order_by("-created_at")
    conversations = Conversation.objects.filter(student_id=uid).select_related("job", "employer").order_by("-created_at")
    chat_rows = []
    for conversation in conversations:
        messages = model_rows(ChatMessage.objects.filter(conversation=conversation).order_by("created_at"), ["side", "body", "created_at"])
        chat_rows.append({"职位": str(conversation.job), "用人单位": str(conversation.employer), "消息": messages})
    question_rows = []
    for question in Question.objects.filter(student_id=uid).select_related("employer").order_by("-created_at"):
        row = model_rows([question], ["category", "title", "employer", "status", "created_at"])[0]
        row["对话"] = model_rows(QuestionMessage.objects.filter(question=question).order_by("created_at"), ["side", "body", "created_at"])
        question_rows.append(row)
    agreements = Agreement.objects.filter(record__user_id=uid).select_related("employer").order_by("-created_at")
    return [
        Section("employment.fair_tickets", model_rows(tickets, ["fair", "serial", "is_revoked", "checked_in_at", "created_at"])),
        Section("employment.fair_follows", model_rows(FairFollow.objects.filter(student_id=uid).select_related("fair", "employer"),
                                                      ["fair", "employer", "created_at"])),
        Section("employment.session_signups", model_rows(SessionSignup.objects.filter(student_id=uid).select_related("session").order_by("-created_at"),
                                                         ["session", "resume", "created_at", "checked_in_at"])),
        Section("employment.chat", chat_rows),
        Section("employment.questions", question_rows),
        Section("employment.advising", model_rows(AdvisingBooking.objects.filter(student_id=uid).select_related("slot").order_by("-created_at"),
                                                  ["slot", "topic", "status", "private_note", "created_at", "cancelled_at"])),
        Section("employment.survey_responses", model_rows(SurveyResponse.objects.filter(student_id=uid).select_related("survey").order_by("-submitted_at"),
                                                          ["survey", "college_name", "answers", "submitted_at"])),
        Section("employment.assessments", model_rows(AssessmentResult.objects.filter(student_id=uid).order_by("-created_at"),
                                                     ["instrument", "answers", "scores", "code", "college_name", "major_name", "created_at"])),
        Section("employment.agreements", model_rows(agreements, ["number", "employer", "status", "job_title", "monthly_pay", "work_place", "probation_months",
                                                                 "service_years", "report_by", "signed_at", "terminated_at", "created_at"])),
        Section("employment.recommendations", model_rows(JobIntention.objects.filter(student_id=uid),
                                                         ["job_kinds", "job_types", "city_codes", "industries", "salary_floor", "is_personalised",
                                                          "wants_daily_push", "updated_at"])
                + model_rows(Recommendation.objects.filter(student_id=uid).select_related("job").order_by("-score"), ["job", "score", "reasons", "computed_at"])),
    ]


def _services_erase(subject: Subject) -> list[ErasureStep]:
    from django.db.models import F

    from tenant_apps.employment.agreements.models import Agreement
    from tenant_apps.employment.assessment.models import AssessmentResult
    from tenant_apps.employment.chat.models import Conversation
    from tenant_apps.employment.fairs.models import FairFollow, FairTicket
    from tenant_apps.employment.qa.enums import BookingStatus
    from tenant_apps.employment.qa.models import AdvisingBooking, AdvisingSlot, Question
    from tenant_apps.employment.recommend.models import JobIntention, Recommendation
    from tenant_apps.employment.sessions.models import SessionSignup
    from tenant_apps.employment.surveys.models import SurveyResponse

    uid = subject.user_id
    pseudonym = subject.pseudonym[:50]

    def gone(queryset) -> int:
        count = queryset.count()
        queryset.delete()
        return count

    tickets = gone(FairTicket.objects.filter(student_id=uid))
    follows = gone(FairFollow.objects.filter(student_id=uid))
    signups = 0
    for signup in SessionSignup.objects.filter(student_id=uid):
        if signup.resume:
            signup.resume.delete(save=False)
        signup.delete()
        signups += 1
    conversations = gone(Conversation.objects.filter(student_id=uid))  # messages and reports go with them
    questions = gone(Question.objects.filter(student_id=uid))  # and their messages; a published FAQ keeps only the staff answer
    bookings = AdvisingBooking.objects.filter(student_id=uid)
    for slot_id in bookings.filter(status=BookingStatus.BOOKED).values_list("slot_id", flat=True):
        AdvisingSlot.objects.filter(pk=slot_id, booked_count__gt=0).update(booked_count=F("booked_count") - 1)  # the place frees up
    bookings = gone(bookings)
    responses = gone(SurveyResponse.objects.filter(student_id=uid))
    results = gone(AssessmentResult.objects.filter(student_id=uid))
    recommendations = gone(JobIntention.objects.filter(student_id=uid)) + gone(Recommendation.objects.filter(student_id=uid))
    agreements = 0
    for agreement in Agreement.objects.filter(record__user_id=uid):
        content = dict(agreement.content or {})
        if content.get("student"):
            content["student"] = {**content["student"], "name": pseudonym, "student_number": "", "id_number": ""}
        for file_field in (agreement.document, agreement.termination_proof):
            if file_field:
                file_field.delete(save=False)
        Agreement.objects.filter(pk=agreement.pk).update(content=content, document="", termination_proof="")
        agreements += 1
    return [
        ErasureStep("employment.fair_tickets", tickets, note="含入场签到记录"),
        ErasureStep("employment.fair_follows", follows),
        ErasureStep("employment.session_signups", signups, note="含报名时上传的简历文件"),
        ErasureStep("employment.chat", conversations, note="会话中的全部消息与举报一并删除"),
        ErasureStep("employment.questions", questions),
        ErasureStep("employment.advising", bookings),
        ErasureStep("employment.survey_responses", responses),
        ErasureStep("employment.assessments", results),
        ErasureStep("employment.agreements", agreements, note="协议内容中的姓名改为化名，学号、证件号与协议 PDF 已删除"),
        ErasureStep("employment.recommendations", recommendations),
    ]


register_personal_data_provider(
    "employment_services", label="就业服务（双选会、宣讲会、沟通、咨询、问卷、测评、三方协议、推荐）", order=35,
    kinds=[
        DataKind("employment.fair_tickets", "双选会入场券与签到", ERASE),
        DataKind("employment.fair_follows", "双选会关注的单位", ERASE),
        DataKind("employment.session_signups", "宣讲会报名与签到", ERASE),
        DataKind("employment.chat", "与用人单位的沟通", ERASE),
        DataKind("employment.questions", "就业咨询提问", ERASE),
        DataKind("employment.advising", "就业指导预约", ERASE),
        DataKind("employment.survey_responses", "问卷答卷", ERASE),
        DataKind("employment.assessments", "职业测评结果", ERASE),
        DataKind("employment.agreements", "网签三方协议", PSEUDONYMISE, legal_reason=CONTRACT_REASON),
        DataKind("employment.recommendations", "求职意向与职位推荐", ERASE),
    ],
    collect=_services_collect, erase=_services_erase,
)
